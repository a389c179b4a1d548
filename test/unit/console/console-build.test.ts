import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, type ConsoleBuild } from '../../../console/build.ts';
import { consoleCsp, consoleHandler } from '../../../console/serve.ts';

/**
 * The organizer console's build and how it is served: index.html loads hashed files by URL (no
 * inline script or style, which the CSP forbids), every path under /console answers it with the
 * strict Content-Security-Policy and no-store, hashed files are immutable, and the initial
 * JavaScript stays under the issue's 80 KB gzip.
 */

const ISSUER = 'http://localhost:4455';
const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' http://localhost:4455; base-uri 'none'; form-action 'self' http://localhost:4455; frame-ancestors 'none'";

describe('the console build', () => {
  let build: ConsoleBuild;
  let html: string;
  const serve = (path: string, method = 'GET') =>
    consoleHandler(build, { issuer: ISSUER })(
      new Request(`http://localhost:3000${path}`, { method }),
    );

  beforeAll(async () => {
    build = await buildConsole();
    html = new TextDecoder().decode(
      build.files.find((file) => file.path === 'index.html')?.contents,
    );
  }, 60_000);

  it('has no inline script, style or event handler in index.html', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/console\/assets\/main-[A-Z0-9]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toMatch(/<link rel="stylesheet" href="\/console\/assets\/main-[A-Z0-9]+\.css">/);
  });

  it('writes every file index.html names, content-hashed', () => {
    const named = [...html.matchAll(/(?:src|href)="\/console\/([^"]+)"/g)].map((match) => match[1]);
    const paths = build.files.map((file) => file.path);
    for (const path of named) expect(paths).toContain(path);
    for (const file of build.files.filter((candidate) => candidate.path !== 'index.html')) {
      expect(file.path).toMatch(/^assets\/[a-z-]+-[A-Z0-9]{8}\.(js|css)$/);
      expect(file.immutable).toBe(true);
    }
  });

  it('keeps the initial JavaScript under 80 KB gzip', () => {
    const gzip = build.initialScripts
      .map((path) => build.files.find((file) => file.path === path)?.contents ?? new Uint8Array())
      .reduce((sum, contents) => sum + gzipSync(contents).length, 0);
    expect(gzip).toBeGreaterThan(1_000);
    expect(gzip).toBeLessThan(80 * 1024);
  });

  it('answers index.html with the strict CSP and no-store on every page path under /console', async () => {
    for (const path of [
      '/console',
      '/console/',
      '/console/editions/2020/registrations',
      '/console/callback',
    ]) {
      const response = serve(path);
      expect(response?.status).toBe(200);
      expect(response?.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
      expect(response?.headers.get('cache-control')).toBe('no-store');
      expect(response?.headers.get('content-type')).toBe('text/html; charset=utf-8');
      await expect(response?.text()).resolves.toBe(html);
    }
    expect(consoleCsp(`${ISSUER}/some/path`)).toBe(EXPECTED_CSP);
  });

  it('serves the hashed files as immutable, a missing one as 404, and leaves other paths to the API', () => {
    const script = build.initialScripts[0];
    const response = serve(`/console/${script}`);
    expect(response?.status).toBe(200);
    expect(response?.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response?.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response?.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(serve('/console/assets/main-OLDHASH1.js')?.status).toBe(404);
    expect(serve('/console/', 'POST')?.status).toBe(405);
    expect(serve('/consoles')).toBeUndefined();
    expect(serve('/editions/2020')).toBeUndefined();
  });
});
