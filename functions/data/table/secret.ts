import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './sha256.ts';

/**
 * Secrets Manager's GetSecretValue as one signed `fetch` (its JSON protocol) rather than its SDK
 * client: the functions' bundles stay as small as their cold starts need (the signer is the one
 * the DynamoDB client carries anyway). The credentials are the function's, from its environment.
 */

export type SecretsFetch = (url: string, init: RequestInit) => Promise<Response>;

class SecretReadError extends Error {
  override readonly name = 'SecretReadError';
  /** Worth another attempt: throttled, Secrets Manager's own error, or no answer. */
  readonly passing: boolean;
  constructor(message: string, passing = false, options?: ErrorOptions) {
    super(message, options);
    this.passing = passing;
  }
}

/** One version of a secret (AWSCURRENT, AWSPREVIOUS), undefined if it holds no string. */
export async function getSecretValue(
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
  }).catch((error: unknown) => {
    throw new SecretReadError(`GetSecretValue ${versionStage}: no answer`, true, {
      cause: error,
    });
  });
  const answer = (await response.json().catch(() => ({}))) as {
    SecretString?: string;
    __type?: string;
  };
  if (!response.ok) {
    // The error's type only ("…#ResourceNotFoundException"), never its message.
    const type = answer.__type ?? '';
    throw new SecretReadError(
      `GetSecretValue ${versionStage}: ${response.status} ${type}`,
      response.status >= 500 || /Throttling/.test(type),
    );
  }
  return answer.SecretString;
}

/** Attempts at a function's start, as the SDK client made: what is passing is tried again. */
const ATTEMPTS = 3;

/** A secret's current string value, read once at a function's start. */
export async function readSecret(
  secretId: string,
  environment: Record<string, string | undefined> = process.env,
  fetchSecret: SecretsFetch = fetch,
): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const value = await getSecretValue(secretId, 'AWSCURRENT', environment, fetchSecret);
      if (!value) throw new SecretReadError(`Secret ${secretId} has no string value.`);
      return value;
    } catch (error) {
      if (!(error instanceof SecretReadError && error.passing) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * Math.random()));
    }
  }
}
