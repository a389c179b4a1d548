import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderEditionSchema, SCHEMA_PATH } from '../../../../scripts/edition-schema.ts';

describe('editions/edition.schema.json', () => {
  it('is the schema generated from the zod schema (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(renderEditionSchema());
  });

  it('describes the agenda entries editors can write', () => {
    const schema = JSON.parse(renderEditionSchema());
    const entryKinds = schema.properties.agenda.items.oneOf.map(
      (entry: { properties: { kind: { const: string } } }) => entry.properties.kind.const,
    );
    expect(entryKinds).toEqual(['session', 'break', 'end']);
    expect(schema.required).toEqual(
      expect.arrayContaining(['year', 'title', 'timezone', 'agenda']),
    );
    // One day ("date") or several ("days"): the schema's rules say which, the editor offers both.
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['date', 'days']));
    expect(schema.properties.days.items.required).toEqual(['date']);
  });
});
