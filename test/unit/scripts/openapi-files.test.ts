import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClientTypes, SCHEMA_FILE } from '../../../scripts/client.ts';
import { OPENAPI_FILE, openApiText } from '../../../scripts/openapi.ts';

/** The committed API document and client types are what the code makes now (`npm run openapi`). */

describe('the committed OpenAPI document and client', () => {
  it('openapi/openapi.json is the document the API serves (run `npm run openapi` after a change)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiText());
  });

  it('client/schema.ts is what openapi-typescript makes of it (run `npm run openapi`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateClientTypes());
  }, 30_000);
});
