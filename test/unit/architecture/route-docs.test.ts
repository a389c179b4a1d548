import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `WITH_ROUTE_DOCS` is a global that functions/http/route.ts sets when it is loaded (the Lambda
 * bundles replace it with false). A module that reads it must import route.ts, directly or through
 * a declaration helper, so that route.ts runs first: a module that does not works in the tests
 * (something else loaded route.ts before) and throws a ReferenceError when loaded first elsewhere.
 */

const FUNCTIONS = join(import.meta.dirname, '../../../functions');
const DECLARATION_HELPERS =
  /from '(#functions\/http\/route\.ts|\.\/openapi\/organizer-route\.ts|\.\/cached-read\.ts)'/;

function modulesReadingTheFlag(): string[] {
  return (readdirSync(FUNCTIONS, { recursive: true, encoding: 'utf8' }) as string[])
    .map((path) => path.split('\\').join('/'))
    .filter((path) => path.endsWith('.ts') && path !== 'http/route.ts')
    .filter((path) =>
      /^\s*(docs: )?WITH_ROUTE_DOCS &&/m.test(readFileSync(join(FUNCTIONS, path), 'utf8')),
    );
}

describe('route documentation flag', () => {
  it('is read only by modules that load route.ts first', () => {
    const readers = modulesReadingTheFlag();
    expect(readers.length).toBeGreaterThan(10);
    const unsafe = readers.filter(
      (path) => !DECLARATION_HELPERS.test(readFileSync(join(FUNCTIONS, path), 'utf8')),
    );
    expect(unsafe).toEqual([]);
  });

  it('is a global route.ts sets, true outside the bundles', async () => {
    await import('#functions/http/route.ts');
    expect(globalThis.WITH_ROUTE_DOCS).toBe(true);
  });
});
