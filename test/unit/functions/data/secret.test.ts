import { describe, expect, it } from 'vitest';
import { readSecret } from '#functions/data/table/secret.ts';

/**
 * The email HMAC key is read at a function's start with one signed GetSecretValue (no SDK client):
 * its current value, what is passing tried again a few times, a refusal at once.
 */

const AWS_ENV = {
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'session-token',
};
const KEY = 'email-hash-key-value-0123456789';

/** Secrets Manager answering each call with the next of `answers`, recording what it was sent. */
function secretsManager(answers: (() => Response)[]) {
  const calls: { url: string; headers: Record<string, string>; body: unknown }[] = [];
  const fetchSecret = async (url: string, init: RequestInit) => {
    calls.push({
      url,
      headers: init.headers as Record<string, string>,
      body: JSON.parse(String(init.body)),
    });
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    if (!answer) throw new Error('no answer');
    return answer();
  };
  return { calls, fetchSecret };
}

const value = () => Response.json({ SecretString: KEY });
const error = (status: number, type: string) => () =>
  Response.json({ __type: type, message: `about ${KEY}` }, { status });

describe('readSecret', () => {
  it('reads the current value with a signed GetSecretValue', async () => {
    const { calls, fetchSecret } = secretsManager([value]);
    expect(await readSecret('arn:key', AWS_ENV, fetchSecret)).toBe(KEY);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://secretsmanager.eu-central-1.amazonaws.com/');
    expect(calls[0]?.body).toEqual({ SecretId: 'arn:key', VersionStage: 'AWSCURRENT' });
    expect(calls[0]?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(calls[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(calls[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('tries again when throttled, on a 5xx or without an answer, then reads', async () => {
    const noAnswer = () => {
      throw new TypeError('fetch failed');
    };
    const { calls, fetchSecret } = secretsManager([
      error(400, 'ThrottlingException'),
      noAnswer,
      value,
    ]);
    expect(await readSecret('arn:key', AWS_ENV, fetchSecret)).toBe(KEY);
    expect(calls).toHaveLength(3);
  });

  it('gives up after three attempts at what stays unavailable', async () => {
    const { calls, fetchSecret } = secretsManager([error(500, 'InternalServiceError')]);
    await expect(readSecret('arn:key', AWS_ENV, fetchSecret)).rejects.toThrow(
      /^GetSecretValue AWSCURRENT: 500 InternalServiceError$/,
    );
    expect(calls).toHaveLength(3);
  });

  it('fails at once on a refusal, naming the error type only', async () => {
    const { calls, fetchSecret } = secretsManager([error(400, 'AccessDeniedException')]);
    await expect(readSecret('arn:key', AWS_ENV, fetchSecret)).rejects.toThrow(
      /^GetSecretValue AWSCURRENT: 400 AccessDeniedException$/,
    );
    expect(calls).toHaveLength(1);
  });

  it('fails without credentials or without a string value', async () => {
    const { fetchSecret } = secretsManager([() => Response.json({ SecretBinary: 'AAEC' })]);
    await expect(
      readSecret('arn:key', { AWS_REGION: 'eu-central-1' }, fetchSecret),
    ).rejects.toThrow('No AWS credentials in the environment.');
    await expect(readSecret('arn:key', AWS_ENV, fetchSecret)).rejects.toThrow(
      'Secret arn:key has no string value.',
    );
  });
});
