import { describe, expect, it } from 'vitest';
import { registrationRequestSchema } from '#shared/registration/request.ts';

const valid = {
  name: 'Ada Lovelace',
  email: 'ada@example.org',
  audience: 'software-developers',
  consent: true,
};

const fieldErrors = (body: Record<string, unknown>) => {
  const result = registrationRequestSchema.safeParse(body);
  return result.success
    ? []
    : [...new Set(result.error.issues.map((issue) => issue.path.join('.')))];
};

describe('the registration request', () => {
  it.each([
    ['only zero-width characters', '\u200b\u200c\u200d\u2060'],
    ['only blanks and a byte-order mark', ' \ufeff\u00a0 '],
    ['only punctuation', '...'],
    ['a control character', 'Ada\u0000Lovelace'],
    ['a right-to-left override', 'Ada \u202egnp.exe'],
  ])('refuses a name of %s', (_, name) => {
    expect(fieldErrors({ ...valid, name })).toEqual(['name']);
  });

  it.each([
    ['accents', 'José Ñúñez'],
    ['non-Latin script', '山田太郎'],
    ['a zero-width joiner inside', 'Ada\u200dLovelace'],
  ])('accepts a name with %s', (_, name) => {
    expect(fieldErrors({ ...valid, name })).toEqual([]);
  });

  it('stores names in one Unicode form (NFC), however they were typed', () => {
    const decomposed = registrationRequestSchema.parse({ ...valid, name: 'Jose\u0301' });
    expect(decomposed.name).toBe('Jos\u00e9');
  });

  it('takes an empty affiliation as none, and refuses an invisible one', () => {
    expect(fieldErrors({ ...valid, affiliation: '  ' })).toEqual([]);
    expect(fieldErrors({ ...valid, affiliation: '\u200b' })).toEqual(['affiliation']);
  });
});
