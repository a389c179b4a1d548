import { CONSOLE_BASE, type ConsoleBuild, type ConsoleFile } from './build.ts';

/**
 * Serving the console's build (console/README.md): its files under /console/, and index.html for
 * every other path under /console (the router's paths), with the strict Content-Security-Policy
 * (scripts and styles only from this origin, no inline ones; fetches and form posts only to this
 * origin and the sign-in issuer). index.html is never cached (it names the current hashed files);
 * the hashed files are cached forever.
 */

/** The Content-Security-Policy of the console, for a sign-in at `issuer`. */
export function consoleCsp(issuer: string): string {
  return consoleCspFor([new URL(issuer).origin]);
}

/**
 * The same policy for the origins the sign-in talks to, as they are (the series stack's: the user
 * pool's issuer and its managed login domain, whose names CloudFormation knows).
 */
export function consoleCspFor(signInOrigins: readonly string[]): string {
  const provider = signInOrigins.join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${provider}`,
    "base-uri 'none'",
    `form-action 'self' ${provider}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers of one of the console's files. */
function consoleHeaders(file: ConsoleFile, issuer: string): Record<string, string> {
  return {
    'content-type': file.contentType,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    'content-security-policy': consoleCsp(issuer),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/**
 * A fetch handler for the console: a Response for GET/HEAD under /console, undefined for any
 * other path (the API answers those).
 */
export function consoleHandler(build: ConsoleBuild, options: { issuer: string }) {
  const byPath = new Map(build.files.map((file) => [`${CONSOLE_BASE}/${file.path}`, file]));
  const index = build.files.find((file) => file.path === 'index.html');
  if (!index) throw new Error('The console build has no index.html');
  return (request: Request): Response | undefined => {
    const { pathname } = new URL(request.url);
    if (pathname !== CONSOLE_BASE && !pathname.startsWith(`${CONSOLE_BASE}/`)) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const asset = byPath.get(pathname);
    // A missing hashed file is a 404 (an old index.html asking), not the page.
    if (!asset && pathname.startsWith(`${CONSOLE_BASE}/assets/`)) {
      return new Response('Not found', { status: 404, headers: { 'cache-control': 'no-store' } });
    }
    const file = asset ?? index;
    return new Response(request.method === 'HEAD' ? null : file.contents, {
      headers: consoleHeaders(file, options.issuer),
    });
  };
}
