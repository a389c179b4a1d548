import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Use cases speak the domain, routes speak HTTP (issue 22): the stores (functions/data/) and the
 * services (every functions/**\/service.ts and *-service.ts) return domain outcomes and throw the
 * domain errors of shared/errors.ts; only the routes turn them into status codes, headers and
 * problem bodies (functions/http/problem.ts). The import rules cannot see a status code written as
 * a number, so this scan does.
 */

const ROOT = join(import.meta.dirname, '../../..');

/** What speaks HTTP, each with what it looks like in source. */
const HTTP_MARKS: [string, RegExp][] = [
  ['a statusCode', /\bstatusCode\b/],
  ['an HTTP status number', /\bstatus(Code)?\s*[:=]\s*[1-5]\d\d\b/],
  ['a reply built with c.json, c.body or c.html', /\bc\.(json|body|html|header)\(/],
  ['an HTTPException', /\bHTTPException\b/],
  ['an import of Hono', /\bfrom\s+['"]hono(\/[^'"]*)?['"]|import\(\s*['"]hono/],
  ['an import of the HTTP layer', /['"]#functions\/http\//],
  ['a problem body', /\bproblem(For|Response)\b|application\/problem\+json/],
];

/** The files below the routes: the stores, and every use case (service). */
function filesBelowRoutes(root: string): string[] {
  const functions = join(root, 'functions');
  return (readdirSync(functions, { recursive: true, encoding: 'utf8' }) as string[])
    .map((path) => path.split('\\').join('/'))
    .filter((path) => path.endsWith('.ts'))
    .filter(
      (path) =>
        path.startsWith('data/') || /(^|\/)service\.ts$/.test(path) || /-service\.ts$/.test(path),
    )
    .map((path) => relative(root, join(functions, path)).split('\\').join('/'))
    .sort();
}

/** Every line below the routes that speaks HTTP, as `file:line: what`. */
function httpBelowRoutes(root: string): string[] {
  const found: string[] = [];
  for (const file of filesBelowRoutes(root)) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      for (const [what, mark] of HTTP_MARKS) {
        if (mark.test(line)) found.push(`${file}:${index + 1}: ${what}`);
      }
    });
  }
  return found;
}

describe('below the routes (stores and services)', () => {
  it('scans the stores and every service', () => {
    const files = filesBelowRoutes(ROOT);
    expect(files).toEqual(
      expect.arrayContaining([
        'functions/data/registrations/idempotency-store.ts',
        'functions/data/mail/announcement-store.ts',
        'functions/data/registrations/register-items.ts',
        'functions/registrations/service.ts',
        'functions/organizers/announcement-service.ts',
      ]),
    );
    expect(files.some((file) => file.endsWith('routes.ts') || file.endsWith('/app.ts'))).toBe(
      false,
    );
  });

  it('has no status code, HTTP reply, Hono or problem body: the routes alone map outcomes', () => {
    expect(httpBelowRoutes(ROOT)).toEqual([]);
  });

  it('finds each kind of HTTP in a file that has it', () => {
    const speaking = [
      'return { statusCode: 201, body };',
      "throw new HTTPException(404, { message: 'gone' });",
      'const reply = { status: 409, detail };',
      'return c.json(body, 201);',
      "import type { Context } from 'hono';",
      "import { problemFor } from '#functions/http/problem.ts';",
    ];
    for (const line of speaking) {
      expect(
        HTTP_MARKS.some(([, mark]) => mark.test(line)),
        line,
      ).toBe(true);
    }
    // A registration's status and the SDK's transport status are not ours to map.
    for (const line of [
      "status: 'confirmed',",
      'if (($metadata?.httpStatusCode ?? 0) >= 500) return true;',
    ]) {
      expect(
        HTTP_MARKS.some(([, mark]) => mark.test(line)),
        line,
      ).toBe(false);
    }
  });
});
