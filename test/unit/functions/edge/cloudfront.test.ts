import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sha256 } from '#functions/data/table/sha256.ts';
import {
  type CloudFrontFetch,
  cloudFrontCache,
  lambdaPublicCache,
} from '#functions/edge/cloudfront.ts';
import { editionPaths, noPublicCache } from '#functions/edge/public-cache.ts';
import { log } from '#functions/log.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { createPublicApp } from '#functions/public/app.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** CloudFront's path patterns: `*` is any characters, `/` included; everything else is literal. */
function matches(pattern: string, path: string): boolean {
  const literal = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.*')}$`).test(path);
}

describe('the paths a release invalidates', () => {
  const unused = () => {
    throw new Error('not called');
  };
  const routes = [
    ...createPublicApp({
      store: { listEditions: unused, getPublishedEdition: unused } as never,
      seats: { getSeatCounter: unused },
      releases: { listReleases: unused, changes: unused },
      clock: () => new Date(),
      publicUrl: 'https://hpcw.example.org',
    }).routes,
    ...createPagesApp({ store: {} as never, seats: {} as never, clock: () => new Date() }).routes,
  ]
    .filter((route) => route.method === 'GET')
    .map((route) => route.path);

  it.each([...new Set(routes)])('cover the public route %s for the released edition', (route) => {
    // A parameter may carry a pattern with braces of its own: `:year{[0-9]{4}}`.
    const path = route.replace(/:(\w+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, (_all, name) =>
      name === 'year' ? '2020' : 'some-id',
    );
    expect(editionPaths(2020).some((pattern) => matches(pattern, path))).toBe(true);
  });

  it('leave other editions and the API description alone', () => {
    for (const path of ['/editions/2021/agenda', '/2021', '/openapi.json', '/docs']) {
      expect(editionPaths(2020).some((pattern) => matches(pattern, path))).toBe(false);
    }
  });
});

const DISTRIBUTION = 'E2QWRUHEXAMPLE';
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-example',
};
const ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
};
const SIGNING_DATE = new Date('2026-06-15T08:30:00Z');
const CREATED = `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-06-15T08:30:01Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>`;

interface Sent {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that keeps what it was sent and answers as told. */
function recordingFetch(answer: () => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const send: CloudFrontFetch = async (url, init) => {
    sent.push({
      url: new URL(url),
      method: String(init.method),
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: String(init.body),
    });
    return answer();
  };
  return { sent, send };
}

interface SdkRequest {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** The request the AWS SDK's own CloudFront client sends for the same invalidation. */
async function sdkRequest(callerReference: string, paths: string[]) {
  let captured: SdkRequest | undefined;
  const client = new CloudFrontClient({
    region: 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: SdkRequest) => {
        captured = request;
        return {
          response: {
            statusCode: 201,
            headers: { 'content-type': 'text/xml' },
            body: new TextEncoder().encode(CREATED),
          },
        };
      },
    },
  });
  await client.send(
    new CreateInvalidationCommand({
      DistributionId: DISTRIBUTION,
      InvalidationBatch: {
        CallerReference: callerReference,
        Paths: { Quantity: paths.length, Items: paths },
      },
    }),
  );
  if (!captured) throw new Error('The SDK sent nothing.');
  return captured;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'Path',
});

describe('the CloudFront public cache', () => {
  it('sends the invalidation the AWS SDK sends: the same method, URL and InvalidationBatch', async () => {
    vi.useFakeTimers({ now: SIGNING_DATE, toFake: ['Date'] });
    const { sent, send } = recordingFetch(() => new Response(CREATED, { status: 201 }));
    await cloudFrontCache({
      distributionId: DISTRIBUTION,
      environment: ENVIRONMENT,
      fetch: send,
    }).invalidateEdition(2020, 4);
    expect(sent).toHaveLength(1);
    const [ours] = sent as [Sent];
    const callerReference = xml.parse(ours.body).InvalidationBatch.CallerReference;
    expect(callerReference).toBe(`edition-2020-release-4-${SIGNING_DATE.getTime()}`);

    const theirs = await sdkRequest(callerReference, editionPaths(2020));
    expect(ours.method).toBe(theirs.method);
    expect(ours.url.hostname).toBe(theirs.hostname);
    expect(ours.url.pathname).toBe(theirs.path);
    expect(ours.url.search).toBe('');
    expect(xml.parse(ours.body)).toEqual(xml.parse(String(theirs.body)));
    expect(xml.parse(ours.body).InvalidationBatch.Paths.Items.Path).toEqual(editionPaths(2020));
    expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
    // Signed for the same service, region and day, with the same key and session.
    const scope = (authorization: string | undefined) =>
      /Credential=([^,]+)/.exec(authorization ?? '')?.[1];
    expect(scope(ours.headers.authorization)).toBe(scope(theirs.headers.authorization));
    expect(scope(ours.headers.authorization)).toBe(
      'AKIDEXAMPLE/20260615/us-east-1/cloudfront/aws4_request',
    );
    expect(ours.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(ours.headers['x-amz-date']).toBe(theirs.headers['x-amz-date']);
  });

  it('is signed as SigV4 signs the request that goes out, with its credentials and date', async () => {
    const { sent, send } = recordingFetch(() => new Response(CREATED, { status: 201 }));
    await cloudFrontCache({
      distributionId: DISTRIBUTION,
      environment: ENVIRONMENT,
      fetch: send,
      signingDate: () => SIGNING_DATE,
    }).invalidateEdition(2021, 7);
    const [ours] = sent as [Sent];
    // The request as it went out, signed again from scratch without its signature.
    const {
      authorization,
      'x-amz-date': _date,
      'x-amz-security-token': _token,
      'x-amz-content-sha256': _payload,
      ...unsigned
    } = ours.headers;
    const expected = await new SignatureV4({
      service: 'cloudfront',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: CREDENTIALS,
    }).sign(
      {
        method: ours.method,
        protocol: ours.url.protocol,
        hostname: ours.url.hostname,
        path: ours.url.pathname,
        headers: { ...unsigned, host: ours.url.host },
        query: {},
        body: ours.body,
      },
      { signingDate: SIGNING_DATE },
    );
    expect(authorization).toBe(expected.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260615\/us-east-1\/cloudfront\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    // A changed body no longer matches the signature.
    const tampered = await new SignatureV4({
      service: 'cloudfront',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: CREDENTIALS,
    }).sign(
      {
        method: ours.method,
        protocol: ours.url.protocol,
        hostname: ours.url.hostname,
        path: ours.url.pathname,
        headers: { ...unsigned, host: ours.url.host },
        query: {},
        body: ours.body.replace('/editions/2021', '/editions/2022'),
      },
      { signingDate: SIGNING_DATE },
    );
    expect(authorization).not.toBe(tampered.headers.authorization);
  });

  it('goes to the endpoint the SDK variables name (the local stack), signed for us-east-1', async () => {
    const { sent, send } = recordingFetch(() => new Response(CREATED, { status: 201 }));
    await cloudFrontCache({
      distributionId: DISTRIBUTION,
      environment: { ...ENVIRONMENT, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
      fetch: send,
    }).invalidateEdition(2020, 1);
    expect(sent[0]?.url.href).toBe(
      `http://127.0.0.1:4566/2020-05-31/distribution/${DISTRIBUTION}/invalidation`,
    );
    expect(sent[0]?.headers.authorization).toContain('/us-east-1/cloudfront/aws4_request');
  });

  it.each([
    [
      'throttled',
      () =>
        new Response(
          '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>',
          { status: 400 },
        ),
      '400 Throttling',
    ],
    [
      'too many invalidations',
      () =>
        new Response(
          '<ErrorResponse><Error><Code>TooManyInvalidationsInProgress</Code></Error></ErrorResponse>',
          { status: 400 },
        ),
      '400 TooManyInvalidationsInProgress',
    ],
    ['down (503, no body)', () => new Response('', { status: 503 }), '503'],
    [
      'refused',
      () =>
        new Response('<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>', {
          status: 403,
        }),
      '403 AccessDenied',
    ],
  ])(
    'never fails what it follows when CloudFront is %s: logged, the cache expires on its own',
    async (_name, answer, error) => {
      const warned = vi.spyOn(log, 'warn');
      const { send } = recordingFetch(answer);
      await expect(
        cloudFrontCache({
          distributionId: DISTRIBUTION,
          environment: ENVIRONMENT,
          fetch: send,
        }).invalidateEdition(2020, 5),
      ).resolves.toBeUndefined();
      expect(warned).toHaveBeenCalledWith('front door not invalidated', {
        year: 2020,
        release: 5,
        error,
      });
    },
  );

  it('never fails what it follows when CloudFront cannot be reached or is too slow', async () => {
    const warned = vi.spyOn(log, 'warn');
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    for (const failure of [new TypeError('fetch failed'), timeout]) {
      await expect(
        cloudFrontCache({
          distributionId: DISTRIBUTION,
          environment: ENVIRONMENT,
          fetch: async () => {
            throw failure;
          },
        }).invalidateEdition(2020, 6),
      ).resolves.toBeUndefined();
    }
    expect(warned.mock.calls.map(([, fields]) => fields?.error)).toEqual([
      'TypeError',
      'TimeoutError',
    ]);
  });

  it('sends nothing without credentials, and says so', async () => {
    const warned = vi.spyOn(log, 'warn');
    const { sent, send } = recordingFetch(() => new Response(CREATED, { status: 201 }));
    await cloudFrontCache({
      distributionId: DISTRIBUTION,
      environment: {},
      fetch: send,
    }).invalidateEdition(2020, 2);
    expect(sent).toEqual([]);
    expect(warned).toHaveBeenCalledWith('front door not invalidated', {
      year: 2020,
      release: 2,
      error: 'NoCredentials',
    });
  });

  it('is CloudFront in a function given the distribution, and nothing otherwise', async () => {
    expect(lambdaPublicCache({ ...ENVIRONMENT, DISTRIBUTION_ID: '' })).toBe(noPublicCache);
    expect(lambdaPublicCache(ENVIRONMENT)).toBe(noPublicCache);
    const fetched = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response(CREATED, { status: 201 }));
    await lambdaPublicCache({ ...ENVIRONMENT, DISTRIBUTION_ID: DISTRIBUTION }).invalidateEdition(
      2020,
      2,
    );
    expect(fetched).toHaveBeenCalledTimes(1);
    expect(String(fetched.mock.calls[0]?.[0])).toBe(
      `https://cloudfront.amazonaws.com/2020-05-31/distribution/${DISTRIBUTION}/invalidation`,
    );
  });
});
