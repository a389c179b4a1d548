import { generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { sign } from 'hono/jwt';
import Provider, { type Configuration, type JWK, type KoaContextWithOIDC } from 'oidc-provider';
import { ORGANIZERS_GROUP, REVIEWERS_GROUP } from '#functions/contract.ts';
import type { OpenIdTrust } from '#functions/http/auth.ts';
import { freePort } from './dynamodb-local.ts';
import { localSignInPasswords } from './local-secrets.ts';

/**
 * The local OpenID Connect provider that stands for the series user pool's managed login: an
 * `oidc-provider` on its own port, with the app client `workshop-console` (public, PKCE S256) and
 * two accounts (organizer, reviewer) whose ID and access tokens carry `cognito:groups` as
 * Cognito's ID tokens do. Its RS256 key is made once and kept in .data/ (local-oidc-key.json).
 */

export const CONSOLE_CLIENT_ID = 'workshop-console';

/** What the console and `npm run login` ask for (offline_access: a refresh token, as Cognito gives). */
export const LOCAL_SIGN_IN_SCOPES = ['openid', 'offline_access', 'email', 'profile'] as const;
/** The loopback redirect of `npm run login` (RFC 8252), the same as the user pool client's. */
export const LOOPBACK_REDIRECT = 'http://localhost:8765/callback';

/**
 * The port of the provider of `npm start` and `npm run stack:local`, fixed so that its issuer is
 * known without it running: `npm run -s token` signs for `http://localhost:<port>`. SIGN_IN_PORT
 * moves it (give the same to the server and to `npm run -s token`).
 */
const DEFAULT_SIGN_IN_PORT = 8764;

/**
 * SIGN_IN_PORT, else 8764; 0 is a free port (the tests that start npm start: no token signs for
 * it); undefined when SIGN_IN_PORT is not a port number.
 */
export function localSignInPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const port = Number(env.SIGN_IN_PORT || DEFAULT_SIGN_IN_PORT);
  return Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : undefined;
}

/** The issuer of the provider on `port`, running or not (what `npm run -s token` signs for). */
export const localIssuer = (port: number) => `http://localhost:${port}`;

const KEY_PATH = join('.data', 'local-oidc-key.json');

interface LocalAccount {
  username: string;
  password: string;
  groups: string[];
  /** As Cognito's `email` claim: a reviewer never reviews a submission they speak on. */
  email: string;
}

/** What signs as the provider: its issuer, its client (the audience) and its private key. */
export interface TokenSigner {
  issuer: string;
  audience: string;
  signingKey: JWK;
}

export interface LocalOidc extends OpenIdTrust, TokenSigner {
  accounts: { organizer: LocalAccount; reviewer: LocalAccount };
  stop(): Promise<void>;
}

export interface LocalOidcOptions {
  /** The local API's origin: `<origin>/console/callback` is a redirect URI of the client. */
  apiOrigin: string;
  /** A free port when absent or 0 (tests); npm start and stack:local give localSignInPort(). */
  port?: number;
  keyPath?: string;
  secretsPath?: string;
}

/** A new RS256 signing key (a private JWK with a key id). */
export function newSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomUUID(),
    alg: 'RS256',
    use: 'sig',
  } as JWK;
}

/**
 * The provider's RS256 signing key, made once per checkout. Made in a file of its own and linked
 * into place, so that processes starting at once (test workers) all end up with the same key.
 */
export function localSigningKey(path = KEY_PATH): JWK {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const draft = `${path}.${process.pid}.${randomUUID()}`;
    writeFileSync(draft, `${JSON.stringify(newSigningKey(), null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(draft, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  return JSON.parse(readFileSync(path, 'utf8')) as JWK;
}

export interface TokenOptions {
  subject?: string;
  /** `cognito:groups`; organizers when absent. */
  groups?: string[];
  /** Another `aud` than the provider's client (to see it refused). */
  audience?: string;
  /** Seconds from now to `exp` (negative: already expired); an hour when absent, as Cognito's. */
  expiresIn?: number;
  /** The `email` claim (Cognito's ID tokens carry it); none when absent. */
  email?: string;
}

/**
 * A token as the provider's access tokens are (RS256 under its key id, its issuer, its client as
 * audience, `cognito:groups`), without a sign-in: `npm run -s token` and the tests.
 */
export function signLocalToken(signer: TokenSigner, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? 3600;
  return sign(
    {
      sub: options.subject ?? 'local-organizer',
      'cognito:groups': options.groups ?? [ORGANIZERS_GROUP],
      ...(options.email ? { email: options.email } : {}),
      iss: signer.issuer,
      aud: options.audience ?? signer.audience,
      iat: Math.min(now, now + expiresIn - 60),
      exp: now + expiresIn,
    },
    signer.signingKey as Parameters<typeof sign>[1],
    'RS256',
  );
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sign-in page: a plain form (no script), labelled fields, the error announced. */
function loginPage(uid: string, error?: string, username = ''): string {
  const alert = error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : '';
  const described = error ? ' aria-describedby="error" aria-invalid="true"' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in: workshop (local)</title></head>
<body><main><h1>Sign in to the workshop console</h1>${alert}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}"${described}></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required${described}></p>
<p><button type="submit">Sign in</button></p>
</form></main></body></html>`;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

export async function startLocalOidc(options: LocalOidcOptions): Promise<LocalOidc> {
  const port = options.port || (await freePort());
  const issuer = localIssuer(port);
  const passwords = localSignInPasswords(options.secretsPath);
  const signingKey = localSigningKey(options.keyPath);
  const accounts = {
    organizer: {
      username: 'organizer',
      password: passwords.organizer,
      groups: [ORGANIZERS_GROUP],
      email: 'organizer@workshop.invalid',
    },
    reviewer: {
      username: 'reviewer',
      password: passwords.reviewer,
      groups: [REVIEWERS_GROUP],
      email: 'reviewer@workshop.invalid',
    },
  };
  const byName = new Map(Object.values(accounts).map((account) => [account.username, account]));
  const groupsOf = (accountId: string) => byName.get(accountId)?.groups ?? [];
  const emailOf = (accountId: string) => byName.get(accountId)?.email;
  const accountClaims = (accountId: string) => {
    const email = emailOf(accountId);
    return { 'cognito:groups': groupsOf(accountId), ...(email ? { email } : {}) };
  };
  const configuration: Configuration = {
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${options.apiOrigin}/console/callback`, LOOPBACK_REDIRECT],
        // The console's sign-out comes back to it (as the user pool client's logout URL).
        post_logout_redirect_uris: [`${options.apiOrigin}/console/`],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    // Cognito's defaults: an hour for ID and access tokens, a month for the refresh token.
    ttl: {
      AccessToken: 3600,
      IdToken: 3600,
      RefreshToken: 30 * 24 * 3600,
      AuthorizationCode: 300,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 30 * 24 * 3600,
    },
    // As Cognito: every code grant brings a refresh token (no offline_access + prompt=consent dance).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    claims: { openid: ['sub', 'cognito:groups', 'cognito:username', 'email'] },
    scopes: [...LOCAL_SIGN_IN_SCOPES],
    findAccount: (_ctx, sub) =>
      byName.has(sub)
        ? {
            accountId: sub,
            claims: () => ({ sub, ...accountClaims(sub), 'cognito:username': sub }),
          }
        : undefined,
    // The console is the provider's own client: no consent screen, as with the managed login.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope('openid offline_access email profile');
      grant.addOIDCClaims(['cognito:groups', 'cognito:username', 'email']);
      grant.addResourceScope(options.apiOrigin, 'openid');
      await grant.save();
      return grant;
    },
    extraTokenClaims: (_ctx, token) =>
      'accountId' in token && typeof token.accountId === 'string'
        ? accountClaims(token.accountId)
        : undefined,
    features: {
      devInteractions: { enabled: false },
      // Access tokens are JWTs for the local API, their audience the client id (as the ID token).
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.apiOrigin,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'openid',
          audience: CONSOLE_CLIENT_ID,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  };
  const formTargets = [
    ...new Set(
      [`${options.apiOrigin}/console/callback`, LOOPBACK_REDIRECT].map(
        (uri) => new URL(uri).origin,
      ),
    ),
  ].join(' ');
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const interaction = async (request: IncomingMessage, response: ServerResponse) => {
    const details = await provider.interactionDetails(request, response);
    const send = (status: number, html: string) => {
      response.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // The form's POST ends in a redirect to the client (Chromium holds redirects to
        // form-action too): its redirect URIs' origins are allowed, nothing else.
        'content-security-policy': `default-src 'none'; form-action 'self' ${formTargets}`,
      });
      response.end(html);
    };
    if (request.method === 'GET') return send(200, loginPage(details.uid));
    const form = await formBody(request);
    const username = form.get('username') ?? '';
    const account = byName.get(username);
    if (!account || !sameSecret(form.get('password') ?? '', account.password)) {
      return send(401, loginPage(details.uid, 'Wrong username or password.', username));
    }
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: account.username } },
      { mergeWithLastSubmission: false },
    );
  };

  const server = createServer((request, response) => {
    if (request.url?.startsWith('/interaction/')) {
      interaction(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(400, { 'content-type': 'text/plain' });
        response.end('This sign-in has expired or is unknown: start it again from the console.');
      });
      return;
    }
    callback(request, response);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    audience: CONSOLE_CLIENT_ID,
    signingKey,
    accounts,
    stop: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
