import { SignatureV4 } from '@smithy/signature-v4';
import { type OriginCheck, originCheck } from '#functions/http/origin-check.ts';
import { Sha256 } from './sha256.ts';

/**
 * The origin check of a function behind the front door: the stack names the origin secret in
 * ORIGIN_SECRET_ARN. Without it (no front door, the local server, tests) there is nothing to
 * check: undefined.
 *
 * Secrets Manager is called with one signed `fetch` (GetSecretValue, its JSON protocol) rather
 * than its SDK client: the public function's bundle stays as small as its cold start needs
 * (the signer is the one the DynamoDB client carries anyway).
 */

export type SecretsFetch = (url: string, init: RequestInit) => Promise<Response>;

export function lambdaOriginCheck(
  environment: Record<string, string | undefined> = process.env,
  fetchSecret: SecretsFetch = fetch,
): OriginCheck | undefined {
  const secretId = environment.ORIGIN_SECRET_ARN;
  if (!secretId) return undefined;
  return originCheck(() => readOriginSecret(secretId, environment, fetchSecret));
}

/** The current value, and the previous one while a rotation waits for its deploy. */
export async function readOriginSecret(
  secretId: string,
  environment: Record<string, string | undefined>,
  fetchSecret: SecretsFetch,
): Promise<string[]> {
  const [current, previous] = await Promise.allSettled([
    getSecretValue(secretId, 'AWSCURRENT', environment, fetchSecret),
    getSecretValue(secretId, 'AWSPREVIOUS', environment, fetchSecret),
  ]);
  if (current.status === 'rejected') throw current.reason;
  // A secret never rotated has no AWSPREVIOUS: Secrets Manager answers ResourceNotFound.
  const values = [current.value, previous.status === 'fulfilled' ? previous.value : undefined];
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * A secret's current string value with the same signed `fetch`, read once at a function's start
 * (the organizers function's email key): no Secrets Manager client in the bundle for one call.
 */
export async function readSecretString(
  secretId: string,
  environment: Record<string, string | undefined> = process.env,
  fetchSecret: SecretsFetch = fetch,
): Promise<string> {
  const value = await getSecretValue(secretId, 'AWSCURRENT', environment, fetchSecret);
  if (!value) throw new SecretReadError('GetSecretValue AWSCURRENT: no string value');
  return value;
}

class SecretReadError extends Error {
  override readonly name = 'SecretReadError';
}

async function getSecretValue(
  secretId: string,
  versionStage: string,
  environment: Record<string, string | undefined>,
  fetchSecret: SecretsFetch,
): Promise<string | undefined> {
  const region = environment.AWS_REGION ?? 'us-east-1';
  // The SDK's service endpoint variables, as its clients read them (npm run stack:local sets one).
  const endpoint = new URL(
    environment.AWS_ENDPOINT_URL_SECRETS_MANAGER ??
      environment.AWS_ENDPOINT_URL ??
      `https://secretsmanager.${region}.amazonaws.com`,
  );
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = environment;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) {
    throw new SecretReadError('No AWS credentials in the environment.');
  }
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
    },
  });
  const body = JSON.stringify({ SecretId: secretId, VersionStage: versionStage });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: endpoint.pathname,
    query: {},
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
  });
  // fetch sets Host itself, to the same name that was signed.
  const { host: _host, ...headers } = signed.headers;
  const response = await fetchSecret(endpoint.href, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(2_000),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    SecretString?: string;
    __type?: string;
  };
  if (!response.ok) {
    // The error's type only ("…#ResourceNotFoundException"), never its message.
    throw new SecretReadError(
      `GetSecretValue ${versionStage}: ${response.status} ${answer.__type ?? ''}`,
    );
  }
  return answer.SecretString;
}
