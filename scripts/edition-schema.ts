import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EDITIONS_DIR } from '#editions/load.ts';
import { editionJsonSchema } from '#shared/edition/schema.ts';

/** `npm run schema`: writes the JSON Schema editors use to complete edition files. */

export const SCHEMA_PATH = join(EDITIONS_DIR, 'edition.schema.json');

export function renderEditionSchema(): string {
  return `${JSON.stringify({ title: 'Workshop edition', ...editionJsonSchema() }, null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(SCHEMA_PATH, renderEditionSchema());
  console.log(`wrote ${relative(process.cwd(), SCHEMA_PATH)}`);
}
