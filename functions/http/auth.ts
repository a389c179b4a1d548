import type { JsonWebKey } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { verifyWithJwks } from 'hono/jwt';
import { ForbiddenError, UnauthorizedError } from '#shared/errors.ts';
import { bearerToken } from './plain-request.ts';

/**
 * Organizer authentication. The app asks an Authenticator for verified JWT claims and never
 * knows where they come from: in Lambda, API Gateway's JWT authorizer (Cognito) has verified the
 * token and passes its claims; the local server verifies the local provider's tokens as it does.
 */

export type Claims = Record<string, unknown>;

declare module 'hono' {
  interface ContextVariableMap {
    /** The organizer's id (the token's `sub`), for the audit trail. */
    organizerId: string;
    /** The token's groups, as `requireGroup` found them (organizers, reviewers). */
    callerGroups: string[];
    /** The token's `email` claim, when it has one (a reviewer's own submissions). */
    callerEmail: string | undefined;
  }
}

/** Verified claims of the request's bearer token, or undefined when it has none or a bad one. */
export type Authenticator = (context: Context) => Promise<Claims | undefined>;

interface LambdaEnvironment {
  event?: { requestContext?: { authorizer?: { jwt?: { claims?: Claims } } } };
}

/** Claims that API Gateway's JWT authorizer verified (requestContext.authorizer.jwt.claims). */
export const apiGatewayClaims: Authenticator = async (context) =>
  (context.env as LambdaEnvironment | undefined)?.event?.requestContext?.authorizer?.jwt?.claims;

export { bearerToken };

type PublicJwk = JsonWebKey & { kid?: string };

export interface OpenIdTrust {
  /** The provider's issuer (`iss`), e.g. http://localhost:PORT for the local provider. */
  issuer: string;
  /** Where its public keys are published (the discovery document's `jwks_uri`). */
  jwksUri: string;
  /** The app client's id: the `aud` its ID and access tokens carry. */
  audience: string;
  /** The JWKS is fetched again for an unknown key id at most this often (10 s when absent). */
  refetchAfterMs?: number;
}

/**
 * Verifies an RS256 token of an OpenID Connect provider as API Gateway's JWT authorizer does:
 * signature by a key of its JWKS (fetched once, again when a token names an unknown key, at most
 * every `refetchAfterMs`, so that made-up key ids cannot turn requests into fetches), issuer,
 * audience, expiry; and a `sub`, for the audit trail, as Cognito's tokens always have. The local
 * server (the local provider) and `npm run stack:local` (its JWT authorizer) verify with it.
 */
export function openIdVerifier(trust: OpenIdTrust): (token: string) => Promise<Claims | undefined> {
  let keys: Promise<PublicJwk[]> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  const fetchKeys = async () => {
    fetchedAt = Date.now();
    const response = await fetch(trust.jwksUri);
    if (!response.ok) throw new Error(`JWKS ${trust.jwksUri}: ${response.status}`);
    return ((await response.json()) as { keys: PublicJwk[] }).keys;
  };
  // An ID token has no `typ` (or JWT); an access token of the provider is `at+jwt` (RFC 9068).
  const check = async (token: string, known: PublicJwk[], typ: string | undefined) =>
    verifyWithJwks(token, {
      keys: known,
      allowedAlgorithms: ['RS256'],
      verification: { iss: trust.issuer, aud: trust.audience, ...(typ ? { typ } : {}) },
    });
  return async (token) => {
    try {
      keys ??= fetchKeys();
      let known = await keys.catch(() => []);
      const { kid, typ } = headerOf(token);
      if (typ !== undefined && typ !== 'JWT' && typ !== 'at+jwt') return undefined;
      const stale = Date.now() - fetchedAt >= (trust.refetchAfterMs ?? 10_000);
      if (!known.some((key) => key.kid === kid) && stale) {
        keys = fetchKeys();
        known = await keys;
      }
      const claims = await check(token, known, typ);
      if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') return undefined;
      return claims;
    } catch {
      return undefined;
    }
  };
}

/** The request's bearer token, verified by openIdVerifier: the local server's authenticator. */
export function openIdAuthenticator(trust: OpenIdTrust): Authenticator {
  const verify = openIdVerifier(trust);
  return async (context) => {
    const token = bearerToken(context);
    return token ? verify(token) : undefined;
  };
}

function headerOf(token: string): { kid?: string; typ?: string } {
  const [header = ''] = token.split('.');
  try {
    return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
      kid?: string;
      typ?: string;
    };
  } catch {
    return {};
  }
}

/**
 * `cognito:groups` as a list. API Gateway hands array claims over flattened, as "[a b]"; a
 * token the local server verified has a real array.
 */
export function groupsOf(claims: Claims): string[] {
  const groups = claims['cognito:groups'];
  if (Array.isArray(groups)) return groups.map(String);
  if (typeof groups !== 'string') return [];
  return groups
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((group) => group !== '');
}

/**
 * Lets a request through when its token is verified (401 with `WWW-Authenticate: Bearer`
 * otherwise) and its `cognito:groups` has one of `groups` (403 otherwise, naming the groups it
 * lacks): organizers for everything under /admin; issue 25's reviewer routes add `reviewers`.
 */
export function requireGroup(
  authenticate: Authenticator,
  ...groups: [string, ...string[]]
): MiddlewareHandler {
  const named = groups.map((group) => `"${group}"`);
  const needed =
    named.length === 1 ? `the ${named[0]} group` : `one of the groups ${named.join(', ')}`;
  return async (context, next) => {
    const claims = await authenticate(context);
    if (!claims) throw new UnauthorizedError('Send a token: Authorization: Bearer <JWT>.');
    const held = groupsOf(claims);
    if (!groups.some((group) => held.includes(group))) {
      throw new ForbiddenError(`This needs membership in ${needed}.`);
    }
    context.set('organizerId', typeof claims.sub === 'string' ? claims.sub : 'unknown-organizer');
    context.set('callerGroups', held);
    context.set('callerEmail', typeof claims.email === 'string' ? claims.email : undefined);
    await next();
  };
}
