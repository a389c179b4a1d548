import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '#functions/contract.ts';
import {
  lambdaOriginCheck,
  readOriginSecret,
  readSecretString,
} from '#functions/edge/origin-secret.ts';
import { createRootApp } from '#functions/http/app.ts';
import { originCheck } from '#functions/http/origin-check.ts';
import { httpApiEvent } from '../../../support/lambda-event.ts';

/**
 * Behind CloudFront, a function serves only requests that carry the origin secret: the
 * execute-api URL, which bypasses the web ACL, gets a bare 403. Without a front door (the local
 * server, tests) there is no check.
 */

const CURRENT = 'current-origin-secret-value-0123456789abcdef';
const PREVIOUS = 'previous-origin-secret-value-0123456789abcdef';

function guarded(values: string[][], options: { now?: () => number; refreshMs?: number } = {}) {
  const reads: number[] = [];
  let version = 0;
  const check = originCheck(
    async () => {
      reads.push(version);
      return values[Math.min(version, values.length - 1)] ?? [];
    },
    { ...(options.now ? { clock: options.now } : {}), refreshMs: options.refreshMs ?? 60_000 },
  );
  const app = new Hono();
  app.get('/editions', (c) => c.json({ items: ['served'] }));
  const root = createRootApp([app], { originCheck: check });
  const get = (header?: string) =>
    root.request('/editions', header ? { headers: { [ORIGIN_VERIFY_HEADER]: header } } : {});
  return {
    get,
    reads,
    rotate: () => {
      version += 1;
    },
  };
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(403);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await response.json();
  expect(body).toMatchObject({ type: '/problems/forbidden', status: 403 });
  // Nothing of the secret, of what was expected, or of the route behind.
  const text = JSON.stringify(body);
  for (const leak of [CURRENT, PREVIOUS, ORIGIN_VERIFY_HEADER, 'served', 'secret'])
    expect(text).not.toContain(leak);
}

describe('the origin check', () => {
  it('refuses a request without the header, or with a wrong one, as problem+json', async () => {
    const api = guarded([[CURRENT]]);
    await expectRefused(await api.get());
    await expectRefused(await api.get('wrong'));
    await expectRefused(await api.get(`${CURRENT}x`));
    await expectRefused(await api.get(CURRENT.toUpperCase()));
  });

  it('serves a request with the current value, or the previous one while a rotation waits for its deploy', async () => {
    const api = guarded([[CURRENT, PREVIOUS]]);
    const current = await api.get(CURRENT);
    expect(current.status).toBe(200);
    expect(await current.json()).toEqual({ items: ['served'] });
    expect((await api.get(PREVIOUS)).status).toBe(200);
  });

  it('learns a rotation from an unknown header, at most once per refresh interval', async () => {
    let now = 0;
    const api = guarded([[CURRENT], ['rotated', CURRENT]], { now: () => now, refreshMs: 60_000 });
    expect((await api.get(CURRENT)).status).toBe(200);
    api.rotate();
    // Within the interval a flood of wrong headers reads nothing.
    for (let i = 0; i < 5; i++) await expectRefused(await api.get('rotated'));
    expect(api.reads).toHaveLength(1);
    now += 60_000;
    expect((await api.get('rotated')).status).toBe(200);
    expect((await api.get(CURRENT)).status).toBe(200);
    expect(api.reads).toHaveLength(2);
  });

  it('refuses everything while the secret cannot be read, and tries again soon', async () => {
    let now = 0;
    let failing = true;
    const check = originCheck(
      async () => {
        if (failing) throw Object.assign(new Error('down'), { name: 'InternalServiceError' });
        return [CURRENT];
      },
      { clock: () => now },
    );
    const root = createRootApp([new Hono().get('/x', (c) => c.text('served'))], {
      originCheck: check,
    });
    const get = () => root.request('/x', { headers: { [ORIGIN_VERIFY_HEADER]: CURRENT } });
    await expectRefused(await get());
    failing = false;
    now += 1_000;
    expect((await get()).status).toBe(200);
  });

  it('is absent without ORIGIN_SECRET_ARN: the local server and a stack without a front door serve as before', () => {
    expect(lambdaOriginCheck({})).toBeUndefined();
    expect(lambdaOriginCheck({ ORIGIN_SECRET_ARN: 'arn:aws:secretsmanager:x' })).toBeTypeOf(
      'function',
    );
  });
});

const dynamo = mockClient(DynamoDBDocumentClient);

const AWS_ENV = {
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'session-token',
};

/** Secrets Manager's JSON protocol, as far as GetSecretValue goes, recording what it was sent. */
function secretsManager(versions: Record<string, string>) {
  const calls: { url: string; headers: Record<string, string>; body: Record<string, string> }[] =
    [];
  const fetchSecret = async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Record<string, string>;
    calls.push({ url, headers: init.headers as Record<string, string>, body });
    const value = versions[body.VersionStage ?? ''];
    return value === undefined
      ? Response.json(
          { __type: 'ResourceNotFoundException', message: `no ${body.SecretId}` },
          { status: 400 },
        )
      : Response.json({ SecretString: value });
  };
  return { calls, fetchSecret };
}

describe('the origin secret in Secrets Manager', () => {
  it('reads the current and the previous version with a signed GetSecretValue', async () => {
    const { calls, fetchSecret } = secretsManager({ AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS });
    expect(await readOriginSecret('arn:origin', AWS_ENV, fetchSecret)).toEqual([CURRENT, PREVIOUS]);
    expect(calls.map((call) => call.body)).toEqual([
      { SecretId: 'arn:origin', VersionStage: 'AWSCURRENT' },
      { SecretId: 'arn:origin', VersionStage: 'AWSPREVIOUS' },
    ]);
    for (const { url, headers } of calls) {
      expect(url).toBe('https://secretsmanager.eu-central-1.amazonaws.com/');
      expect(headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
      expect(headers['x-amz-security-token']).toBe('session-token');
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
    }
  });

  it('asks the endpoint the SDK variables name, as the SDK clients do (npm run stack:local)', async () => {
    const { calls, fetchSecret } = secretsManager({ AWSCURRENT: CURRENT });
    const local = { ...AWS_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' };
    expect(await readOriginSecret('arn:origin', local, fetchSecret)).toEqual([CURRENT]);
    expect(calls[0]?.url).toBe('http://127.0.0.1:4566/');
    const specific = { ...local, AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://localhost:4510' };
    await readOriginSecret('arn:origin', specific, fetchSecret);
    expect(calls.at(-1)?.url).toBe('http://localhost:4510/');
  });

  it('takes a secret never rotated (no AWSPREVIOUS) as its current value alone', async () => {
    const { fetchSecret } = secretsManager({ AWSCURRENT: CURRENT });
    expect(await readOriginSecret('arn:origin', AWS_ENV, fetchSecret)).toEqual([CURRENT]);
  });

  it('fails without a current value, naming the error type only', async () => {
    const { fetchSecret } = secretsManager({});
    await expect(readOriginSecret('arn:origin', AWS_ENV, fetchSecret)).rejects.toThrow(
      /^GetSecretValue AWSCURRENT: 400 ResourceNotFoundException$/,
    );
  });
});

describe('a secret read at a function start (the organizers function’s email key)', () => {
  it('is the current version, read with one signed GetSecretValue', async () => {
    const { calls, fetchSecret } = secretsManager({ AWSCURRENT: 'email-key', AWSPREVIOUS: 'old' });
    expect(await readSecretString('arn:email-key', AWS_ENV, fetchSecret)).toBe('email-key');
    expect(calls.map((call) => call.body)).toEqual([
      { SecretId: 'arn:email-key', VersionStage: 'AWSCURRENT' },
    ]);
    expect(calls[0]?.headers.authorization).toMatch(
      /\/eu-central-1\/secretsmanager\/aws4_request, /,
    );
  });

  it('fails the start without it, naming the error type only', async () => {
    await expect(
      readSecretString('arn:email-key', AWS_ENV, secretsManager({}).fetchSecret),
    ).rejects.toThrow(/^GetSecretValue AWSCURRENT: 400 ResourceNotFoundException$/);
    await expect(
      readSecretString('arn:email-key', AWS_ENV, secretsManager({ AWSCURRENT: '' }).fetchSecret),
    ).rejects.toThrow(/no string value/);
  });
});

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;
type Result = { statusCode: number; headers: Record<string, string>; body: string };

describe('the Lambda handlers behind the front door', () => {
  let handlers: Record<'public' | 'docs', Handler>;

  beforeAll(async () => {
    process.env.TABLE_NAME = 'workshop-2030';
    process.env.PUBLIC_URL = 'https://hpcw.example.org';
    process.env.ORIGIN_SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:1:secret:origin';
    Object.assign(process.env, AWS_ENV);
    // The handlers read the secret with the global fetch: Secrets Manager stands in for it.
    const { fetchSecret } = secretsManager({ AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS });
    vi.stubGlobal('fetch', fetchSecret);
    const load = async (path: string) => ((await import(path)) as { handler: Handler }).handler;
    handlers = {
      public: await load('#functions/public/handler.ts'),
      docs: await load('#functions/docs/handler.ts'),
    };
  });

  beforeEach(() => {
    dynamo.reset();
  });

  afterAll(() => {
    vi.unstubAllGlobals();
  });

  const invoke = async (name: 'public' | 'docs', path: string, header?: string) => {
    const event = httpApiEvent('GET', path);
    if (header) event.headers[ORIGIN_VERIFY_HEADER] = header;
    return (await handlers[name](event, {} as Context)) as Result;
  };

  it.each([
    ['public', '/editions/2030/agenda'],
    ['docs', '/openapi.json'],
  ] as const)(
    'the %s function refuses %s straight from execute-api, reading no data',
    async (name, path) => {
      for (const header of [undefined, 'forged']) {
        const result = await invoke(name, path, header);
        expect(result.statusCode).toBe(403);
        expect(result.headers['content-type']).toBe('application/problem+json');
        expect(result.body).not.toContain(CURRENT);
      }
      expect(dynamo.calls()).toHaveLength(0);
    },
  );

  it('the docs function serves what CloudFront forwards', async () => {
    const result = await invoke('docs', '/openapi.json', CURRENT);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).openapi).toMatch(/^3\./);
  });
});
