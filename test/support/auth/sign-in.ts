import { createPublicKey } from 'node:crypto';
import { type Authenticator, type OpenIdTrust, openIdAuthenticator } from '#functions/http/auth.ts';
import {
  CONSOLE_CLIENT_ID,
  newSigningKey,
  signLocalToken,
  type TokenOptions,
  type TokenSigner,
} from '../../../scripts/lib/local-oidc.ts';

/**
 * Tokens for the tests, signed as the local sign-in provider signs them (RS256, its key, issuer
 * and client): the API trusts nothing else, as API Gateway trusts only the user pool. A stack of
 * startLocalStack signs with its provider (`stack.oidc`); an app built in the test process with
 * inProcessSignIn() trusts a key of its own.
 */

/** A token of `signer` (a stack with its provider, or a signer): organizers unless `groups`. */
export function organizerToken(
  signer: TokenSigner | { oidc?: TokenSigner | undefined },
  options: TokenOptions = {},
): Promise<string> {
  const by = 'signingKey' in signer ? signer : signer.oidc;
  if (!by) throw new Error('This stack runs without its sign-in provider (oidc: false).');
  return signLocalToken(by, { subject: 'test-organizer', expiresIn: 600, ...options });
}

interface InProcessSignIn {
  signer: TokenSigner;
  /** Its issuer, client and JWKS, for an openIdVerifier of the test's own. */
  trust: OpenIdTrust;
  authenticate: Authenticator;
}

let shared: InProcessSignIn | undefined;

/**
 * A provider for apps built in the test process (createApi): a key made once per process, and
 * the authenticator the local server uses, reading the JWKS from a data: URL (no server).
 */
export function inProcessSignIn(): InProcessSignIn {
  if (shared) return shared;
  const signingKey = newSigningKey();
  const publicKey = createPublicKey({ key: signingKey as never, format: 'jwk' });
  const jwks = {
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid: signingKey.kid, alg: 'RS256' }],
  };
  const signer = { issuer: 'http://sign-in.test', audience: CONSOLE_CLIENT_ID, signingKey };
  const trust = {
    issuer: signer.issuer,
    audience: signer.audience,
    jwksUri: `data:application/json,${encodeURIComponent(JSON.stringify(jwks))}`,
  };
  shared = { signer, trust, authenticate: openIdAuthenticator(trust) };
  return shared;
}
