import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The local server's secrets, made once per checkout and kept out of git: the key of the email
 * HMAC and the local sign-in accounts' passwords (the provider's signing key is in
 * local-oidc-key.json). In AWS, the stack's secret and Cognito take their place.
 */

export interface LocalSecrets {
  emailHashKey: string;
}

const LOCAL_SECRETS_PATH = join('.data', 'local-secrets.json');

export function localSecrets(path = LOCAL_SECRETS_PATH): LocalSecrets {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = { emailHashKey: randomBytes(32).toString('base64url') };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** The local sign-in accounts' passwords (organizer, reviewer), added to the secrets file once. */
export function localSignInPasswords(path = LOCAL_SECRETS_PATH): {
  organizer: string;
  reviewer: string;
} {
  const secrets = localSecrets(path) as LocalSecrets & {
    signIn?: { organizer: string; reviewer: string };
  };
  if (secrets.signIn) return secrets.signIn;
  const signIn = {
    organizer: randomBytes(12).toString('base64url'),
    reviewer: randomBytes(12).toString('base64url'),
  };
  writeFileSync(path, `${JSON.stringify({ ...secrets, signIn }, null, 2)}\n`, { mode: 0o600 });
  return signIn;
}
