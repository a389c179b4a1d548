import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { API_DESCRIPTIONS } from '#functions/descriptions.ts';
import { docsDescription } from '#functions/docs/app.ts';
import { openApiDocument } from '#functions/docs/document.ts';

/**
 * `npm run openapi`: writes the OpenAPI document the API serves at /openapi.json to
 * openapi/openapi.json (the linters and the client generator read it; a test keeps it in sync).
 */

export const OPENAPI_FILE = join(import.meta.dirname, '..', 'openapi', 'openapi.json');
/** The file serves every deployment: its server is a template, the local server by default. */
const ANY_SERVER = {
  url: '{origin}',
  description: 'The local server (npm start), or a deployed stack’s ApiUrl',
  variables: {
    origin: { default: 'http://localhost:3000', description: 'Scheme, host and port' },
  },
};

export function openApiText(): string {
  const document = openApiDocument(ANY_SERVER, [...API_DESCRIPTIONS, docsDescription]);
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (import.meta.main) {
  mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
  writeFileSync(OPENAPI_FILE, openApiText());
  console.log(`wrote ${OPENAPI_FILE}`);
}
