import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * `npm run client`: generates client/schema.ts, the API's types, from openapi/openapi.json with
 * openapi-typescript. It runs from its own workspace (tools/openapi-client) because it needs the
 * TypeScript 5 compiler API, which the TypeScript 7 of this repository does not ship. A test
 * generates again and compares, so the committed types never drift from the document.
 */

const ROOT = join(import.meta.dirname, '..');
export const SCHEMA_FILE = join(ROOT, 'client', 'schema.ts');

/** The generated types, as text. */
export function generateClientTypes(): string {
  const require = createRequire(join(ROOT, 'tools', 'openapi-client', 'package.json'));
  const cli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
  const result = spawnSync(
    process.execPath,
    [cli, join(ROOT, 'openapi', 'openapi.json'), '--root-types', '--alphabetize'],
    { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`openapi-typescript failed (exit ${result.status}): ${result.stderr}`);
  }
  return result.stdout;
}

if (import.meta.main) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(SCHEMA_FILE, generateClientTypes());
  console.log(`wrote ${SCHEMA_FILE}`);
}
