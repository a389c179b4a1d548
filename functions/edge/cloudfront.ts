import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '#functions/data/table/sha256.ts';
import { log } from '#functions/log.ts';
import { editionPaths, noPublicCache, type PublicCache } from './public-cache.ts';

/** How long a release waits for CloudFront to take the invalidation, at most. */
const INVALIDATION_TIMEOUT_MS = 3_000;

/** CloudFront's API version in its paths and its XML namespace. */
const API_VERSION = '2020-05-31';

export type CloudFrontFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Where the invalidation goes and who signs it: the function's environment as the SDK reads it. */
export interface CloudFrontAccess {
  distributionId: string;
  environment?: Record<string, string | undefined>;
  fetch?: CloudFrontFetch;
  /** The signing time; the clock's by default (tests fix it). */
  signingDate?: () => Date;
}

/**
 * The public cache in AWS: a CloudFront invalidation of the edition's public paths. A failure
 * (throttled, refused, CloudFront down, too slow) is logged, never thrown: the release or the
 * delay is already committed, and the cached answers then expire by their own `Cache-Control`.
 *
 * CreateInvalidation is one signed `fetch` (its REST XML protocol, SigV4 for `cloudfront` in
 * us-east-1, CloudFront being global) rather than the SDK's client: the organizers function posts
 * delays on the workshop day, and its cold start would carry 200 KB of client for one request
 * (the signer is the one the DynamoDB client carries anyway).
 */
export function cloudFrontCache({
  distributionId,
  environment = process.env,
  fetch: send = fetch,
  signingDate = () => new Date(),
}: CloudFrontAccess): PublicCache {
  return {
    async invalidateEdition(year, release) {
      try {
        const answer = await createInvalidation(
          distributionId,
          // Unique per call: CloudFront takes a repeated reference as the same request.
          invalidationBatchXml(
            `edition-${year}-release-${release}-${Date.now()}`,
            editionPaths(year),
          ),
          environment,
          send,
          signingDate(),
        );
        if (answer.ok) {
          log.info('front door invalidated', { year, release, invalidation: answer.id });
        } else {
          log.warn('front door not invalidated', { year, release, error: answer.error });
        }
      } catch (error) {
        log.warn('front door not invalidated', {
          year,
          release,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    },
  };
}

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** The request's body: an InvalidationBatch, as CloudFront's API reference gives it. */
function invalidationBatchXml(callerReference: string, paths: readonly string[]): string {
  const items = paths.map((path) => `<Path>${escapeXml(path)}</Path>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/${API_VERSION}/">` +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${escapeXml(callerReference)}</CallerReference>` +
    '</InvalidationBatch>'
  );
}

type InvalidationAnswer = { ok: true; id: string | undefined } | { ok: false; error: string };

async function createInvalidation(
  distributionId: string,
  body: string,
  environment: Record<string, string | undefined>,
  send: CloudFrontFetch,
  signingDate: Date,
): Promise<InvalidationAnswer> {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = environment;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) {
    return { ok: false, error: 'NoCredentials' };
  }
  // The SDK's service endpoint variables, as its clients read them (the local stack sets one).
  const base = new URL(
    environment.AWS_ENDPOINT_URL_CLOUDFRONT ??
      environment.AWS_ENDPOINT_URL ??
      'https://cloudfront.amazonaws.com',
  );
  const path = `${base.pathname.replace(/\/$/, '')}/${API_VERSION}/distribution/${encodeURIComponent(distributionId)}/invalidation`;
  const signer = new SignatureV4({
    service: 'cloudfront',
    region: 'us-east-1',
    sha256: Sha256,
    credentials: {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
    },
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: base.protocol,
      hostname: base.hostname,
      ...(base.port ? { port: Number(base.port) } : {}),
      path,
      query: {},
      headers: { host: base.host, 'content-type': 'application/xml' },
      body,
    },
    { signingDate },
  );
  // fetch sets Host itself, to the same name that was signed.
  const { host: _host, ...headers } = signed.headers;
  const response = await send(`${base.protocol}//${base.host}${path}`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(INVALIDATION_TIMEOUT_MS),
  });
  const answer = await response.text().catch(() => '');
  if (!response.ok) {
    // The error's code only ("Throttling", "AccessDenied"), never its message.
    const code = /<Code>([^<]{1,100})<\/Code>/.exec(answer)?.[1];
    return { ok: false, error: `${response.status}${code ? ` ${code}` : ''}` };
  }
  return { ok: true, id: /<Id>([^<]{1,100})<\/Id>/.exec(answer)?.[1] };
}

/**
 * The public cache of a Lambda function: CloudFront when the stack gave it the distribution
 * (DISTRIBUTION_ID, with the permission to invalidate it), none otherwise.
 */
export function lambdaPublicCache(
  environment: Record<string, string | undefined> = process.env,
): PublicCache {
  const distributionId = environment.DISTRIBUTION_ID;
  return distributionId ? cloudFrontCache({ distributionId, environment }) : noPublicCache;
}
