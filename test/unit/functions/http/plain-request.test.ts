import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bearerToken, PLAIN_YEAR } from '#functions/http/plain-request.ts';
import { editionPath } from '#functions/http/validate.ts';
import { registrationPath } from '#functions/registrations/schemas.ts';
import { REGISTRATION_ID_PATTERN } from '#functions/registrations/secrets.ts';

/** What the fronts read of a request without the route schemas: never more than those take. */

describe('what a front takes plainly', () => {
  it('takes only years the whole app would take (PLAIN_YEAR within editionPath)', () => {
    const candidates = ['0000', '0999', '1000', '2020', '9999', '10000', '202', ' 2020', '2020\n'];
    for (const year of candidates) {
      if (PLAIN_YEAR.test(year)) expect(editionPath.safeParse({ year }).success).toBe(true);
    }
    expect(candidates.filter((year) => PLAIN_YEAR.test(year))).toEqual(['1000', '2020', '9999']);
  });

  it('takes only registration ids the whole app would take', () => {
    const candidates = [
      '01j0000000000000000000000a',
      '01J0000000000000000000000A',
      '01j0000000000000000000000',
      '01j0000000000000000000000ab',
      '01j000000000000000000000ua',
      `${'a'.repeat(10_000)}`,
      '',
    ];
    for (const id of candidates) {
      if (REGISTRATION_ID_PATTERN.test(id))
        expect(registrationPath.safeParse({ year: '2020', id }).success).toBe(true);
    }
    expect(candidates.filter((id) => REGISTRATION_ID_PATTERN.test(id))).toEqual([
      '01j0000000000000000000000a',
    ]);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['Basic YWRhOmFkYQ==', undefined],
    ['', undefined],
    [`Bearer ${'x'.repeat(100_000)}`, 'x'.repeat(100_000)],
  ])('reads the bearer token of "%s"', async (header, token) => {
    const app = new Hono();
    app.get('/', (c) => c.json({ token: bearerToken(c) ?? null }));
    const answer = await app.request('/', header ? { headers: { authorization: header } } : {});
    expect(await answer.json()).toEqual({ token: token ?? null });
  });
});
