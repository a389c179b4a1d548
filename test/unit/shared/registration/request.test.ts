import { describe, expect, it } from 'vitest';
import { NON_ASCII_LOCAL_PART, registrationRequestSchema } from '#shared/registration/request.ts';

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

  it.each([
    ['u@bücher.example', 'u@xn--bcher-kva.example'],
    ['u@BÜCHER.example', 'u@xn--bcher-kva.example'],
    ['u@bu\u0308cher.example', 'u@xn--bcher-kva.example'],
    ['ivan@пример.рф', 'ivan@xn--e1afmkfd.xn--p1ai'],
    ['u@xn--bcher-kva.example', 'u@xn--bcher-kva.example'],
    [' ada@example.org ', 'ada@example.org'],
  ])('accepts %s, an internationalised domain, as the punycode form %s', (email, ascii) => {
    expect(registrationRequestSchema.parse({ ...valid, email }).email).toBe(ascii);
  });

  it.each(['üser@example.org', 'jörg@bücher.example', '山田@example.jp'])(
    'refuses %s, a non-ASCII part before the @, saying it cannot be delivered',
    (email) => {
      const result = registrationRequestSchema.safeParse({ ...valid, email });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ['email'], message: NON_ASCII_LOCAL_PART }),
      ]);
      expect(NON_ASCII_LOCAL_PART).toMatch(/cannot be delivered.*SMTPUTF8/);
    },
  );

  it.each(['no-at.example', 'u@', 'u@-bad-.example', 'u@b\u00fccher', 'u@exa mple.org'])(
    'still refuses %s',
    (email) => {
      expect(fieldErrors({ ...valid, email })).toEqual(['email']);
    },
  );
});
