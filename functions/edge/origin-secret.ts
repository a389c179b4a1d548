import { getSecretValue, type SecretsFetch } from '#functions/data/table/secret.ts';
import { type OriginCheck, originCheck } from '#functions/http/origin-check.ts';

/**
 * The origin check of a function behind the front door: the stack names the origin secret in
 * ORIGIN_SECRET_ARN. Without it (no front door, the local server, tests) there is nothing to
 * check: undefined.
 *
 * Secrets Manager is called with one signed `fetch` (data/table/secret.ts).
 */

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
