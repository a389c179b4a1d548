import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import * as client from 'openid-client';

/**
 * `npm run login -- --url <api>`: signs an organizer in as the console does, from a terminal. The
 * API says where (`GET <api>/auth/config`: issuer, public client, scopes); the authorization code
 * flow with PKCE (S256) runs in the browser and comes back to a loopback redirect (RFC 8252),
 * `http://localhost:8765/callback`, the one the series' user pool client and the local provider
 * register. The tokens (refresh token included) are kept per API in `.data/login/<host>.json`,
 * mode 0600, and refreshed when the access token has expired; `npm run edition -- release`
 * sends the access token when it is given none.
 */

const LOOPBACK_PORT = 8765;
const LOOPBACK_REDIRECT = `http://localhost:${LOOPBACK_PORT}/callback`;
const LOGIN_DIR = join('.data', 'login');
/** A token this close to its `exp` is refreshed first: it could expire on the way. */
const EXPIRY_MARGIN_S = 60;

export class LoginError extends Error {
  override readonly name = 'LoginError';
}

interface SignInConfig {
  issuer: string;
  clientId: string;
  scopes: string[];
}

export interface StoredLogin {
  api: string;
  issuer: string;
  clientId: string;
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  /** Epoch seconds when the access token expires. */
  expiresAt: number;
}

/** The file of the API's login: `.data/login/<host>.json` (`localhost_3000.json` for a port). */
export function loginPath(apiUrl: string, dir = LOGIN_DIR): string {
  return join(dir, `${new URL(apiUrl).host.replace(/[^\w.-]/g, '_')}.json`);
}

async function signInConfig(apiUrl: string): Promise<SignInConfig> {
  const url = `${new URL(apiUrl).origin}/auth/config`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new LoginError(`Cannot reach ${url}: ${(error as Error).message}`);
  }
  if (response.status === 404)
    throw new LoginError(`${apiUrl} has no sign-in configured (GET /auth/config: 404).`);
  if (!response.ok) throw new LoginError(`GET ${url}: ${response.status}`);
  return (await response.json()) as SignInConfig;
}

/** The provider's discovery document; plain HTTP only for the local provider on this machine. */
function discover(issuer: string, clientId: string) {
  const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(issuer);
  return client.discovery(new URL(issuer), clientId, undefined, client.None(), {
    ...(local ? { execute: [client.allowInsecureRequests] } : {}),
  });
}

function store(path: string, login: StoredLogin) {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  // Written aside and renamed: a reader never sees half a file; 0600 before any token is in it.
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(draft, 0o600);
  renameSync(draft, path);
}

function toStored(
  api: string,
  sign: Pick<SignInConfig, 'issuer' | 'clientId'>,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  previous?: StoredLogin,
): StoredLogin {
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const idToken = tokens.id_token ?? previous?.idToken;
  return {
    api,
    issuer: sign.issuer,
    clientId: sign.clientId,
    accessToken: tokens.access_token,
    ...(idToken ? { idToken } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: Math.floor(Date.now() / 1000) + (tokens.expiresIn() ?? 3600),
  };
}

/** Listens on the loopback redirect (IPv4, and IPv6 where there is one): `localhost` is either. */
async function listenOnLoopback(handler: Parameters<typeof createServer>[1]): Promise<Server[]> {
  const listen = (host: string) =>
    new Promise<Server>((resolveListen, reject) => {
      const server = createServer(handler);
      server.once('error', reject);
      server.listen(LOOPBACK_PORT, host, () => resolveListen(server));
    });
  let ipv4: Server;
  try {
    ipv4 = await listen('127.0.0.1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new LoginError(
        `Port ${LOOPBACK_PORT} is in use, and the sign-in comes back to ${LOOPBACK_REDIRECT} (the redirect the sign-in client registers): stop what listens there, then run npm run login again.`,
      );
    }
    throw error;
  }
  const ipv6 = await listen('::1').catch(() => undefined);
  return ipv6 ? [ipv4, ipv6] : [ipv4];
}

/** Opens the URL in the desktop's browser, if there is one; the URL is printed anyway. */
export function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser here (a server, a container): the printed URL is the way.
  }
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

export interface LoginOptions {
  apiUrl: string;
  /** Told the authorization URL: prints it and opens a browser (the CLI), or a scripted browser. */
  open(url: string): void | Promise<void>;
  dir?: string;
  /** How long to wait for the browser to come back (5 minutes when absent). */
  timeoutMs?: number;
}

/** Signs in through the browser and keeps the tokens; answers where they are kept. */
export async function login(options: LoginOptions): Promise<{ path: string; login: StoredLogin }> {
  const api = new URL(options.apiUrl).origin;
  const sign = await signInConfig(api);
  const config = await discover(sign.issuer, sign.clientId);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizeUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: LOOPBACK_REDIRECT,
    scope: sign.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  let finish: (url: URL) => void = () => undefined;
  const returned = new Promise<URL>((resolveReturn) => {
    finish = resolveReturn;
  });
  const servers = await listenOnLoopback((request, response) => {
    const url = new URL(request.url ?? '/', LOOPBACK_REDIRECT);
    if (url.pathname !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    const failed = url.searchParams.get('error');
    response.writeHead(failed ? 400 : 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'",
    });
    response.end(
      failed
        ? page('Sign-in failed', 'The terminal says why. Run npm run login again.')
        : page('Signed in', 'You can close this tab and go back to the terminal.'),
    );
    finish(url);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await options.open(authorizeUrl.href);
    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    const callback = await Promise.race([
      returned,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LoginError(`No sign-in came back within ${timeoutMs / 1000} s.`)),
          timeoutMs,
        );
      }),
    ]);
    const error = callback.searchParams.get('error');
    if (error) {
      const description = callback.searchParams.get('error_description');
      throw new LoginError(
        `The sign-in was refused: ${error}${description ? ` (${description})` : ''}.`,
      );
    }
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
    } catch (grantError) {
      throw new LoginError(`The sign-in could not be completed: ${(grantError as Error).message}`);
    }
    const path = loginPath(api, options.dir);
    const stored = toStored(api, sign, tokens);
    store(path, stored);
    return { path, login: stored };
  } finally {
    clearTimeout(timer);
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  }
}

/**
 * The access token of the API's stored login, refreshed first when it has expired (or is about
 * to); undefined when there is no login, or it cannot be refreshed any more.
 */
export async function storedToken(apiUrl: string, dir?: string): Promise<string | undefined> {
  const path = loginPath(apiUrl, dir);
  if (!existsSync(path)) return undefined;
  const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredLogin;
  if (stored.expiresAt - EXPIRY_MARGIN_S > Date.now() / 1000) return stored.accessToken;
  if (!stored.refreshToken) return undefined;
  try {
    const config = await discover(stored.issuer, stored.clientId);
    const tokens = await client.refreshTokenGrant(config, stored.refreshToken);
    const refreshed = toStored(stored.api, stored, tokens, stored);
    store(path, refreshed);
    return refreshed.accessToken;
  } catch {
    return undefined;
  }
}
