import { describe, expect, it } from 'vitest';
import { cancelGroupItems } from '#functions/data/registrations/cancel-items.ts';
import { registerBatchItems } from '#functions/data/registrations/register-items.ts';
import type { RegistrationRecord } from '#functions/data/registrations/registration-items.ts';
import { problemFor } from '#functions/http/problem.ts';
import {
  addBody,
  cancelBody,
  capacityBody,
  registrationPath,
  registrationSearchQuery,
} from '#functions/organizers/registrations/schemas.ts';
import { matchesSearch, searchText } from '#functions/organizers/registrations/views.ts';
import { ConflictError } from '#shared/errors.ts';

/** The rules of the organizers' registration routes that need no database. */

const AT = new Date('2030-05-02T10:00:00Z');

const record = (overrides: Partial<RegistrationRecord> = {}): RegistrationRecord => ({
  id: '01hzzzzzzzzzzzzzzzzzzzzzz1',
  year: 2030,
  status: 'confirmed',
  name: 'Ada Lovelace',
  email: 'ada@example.org',
  affiliation: 'Analytical Engines',
  emailKey: 'key',
  audience: 'developers',
  tokenHash: 'hash',
  createdAt: '2030-05-01T10:00:00.000Z',
  history: [{ status: 'confirmed', at: '2030-05-01T10:00:00.000Z' }],
  expiresAt: 1,
  ...overrides,
});

const putsOf = (items: unknown[], pk: string) =>
  items.filter((item) => (item as { Put?: { Item: { pk: string } } }).Put?.Item.pk === pk);

describe('search', () => {
  it('matches name, email or affiliation in any case and composition', () => {
    const ada = record({ name: 'Zoë Ångström' });
    expect(matchesSearch(ada, searchText('ZOË'))).toBe(true);
    // "ë" typed as e + combining diaeresis is the same letter.
    expect(matchesSearch(ada, searchText('zoe\u0308'))).toBe(true);
    expect(matchesSearch(ada, searchText('EXAMPLE.ORG'))).toBe(true);
    expect(matchesSearch(ada, searchText('engines'))).toBe(true);
    expect(matchesSearch(ada, searchText('turing'))).toBe(false);
    // A cancelled registration keeps none of them: nothing to find.
    const cancelled = record({ status: 'cancelled' });
    delete cancelled.name;
    delete cancelled.email;
    delete cancelled.affiliation;
    expect(matchesSearch(cancelled, searchText('a'))).toBe(false);
  });

  it('takes 1 to 100 readable characters', () => {
    const parse = (q: string) => registrationSearchQuery.safeParse({ q });
    expect(parse('  ada ').data?.q).toBe('ada');
    expect(parse('a'.repeat(100)).success).toBe(true);
    for (const bad of ['', '   ', 'a'.repeat(101), 'a\u0000b', 'a\u202eb', 'a\nb'])
      expect(parse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});

describe('request shapes', () => {
  it('takes registration ids as the list gives them only', () => {
    const parse = (registrationId: string) =>
      registrationPath.safeParse({ year: '2030', registrationId }).success;
    expect(parse('01hzzzzzzzzzzzzzzzzzzzzzz1')).toBe(true);
    for (const bad of ['01HZZZZZZZZZZZZZZZZZZZZZZ1', 'x'.repeat(5000), 'REG#1', '', '../x'])
      expect(parse(bad), bad.slice(0, 10)).toBe(false);
  });

  it('takes a cancellation reason from the list, a short note and a notify flag', () => {
    expect(cancelBody.safeParse({ reason: 'spam', note: ' bot ', notify: false }).data).toEqual({
      reason: 'spam',
      note: 'bot',
      notify: false,
    });
    for (const bad of [
      {},
      { reason: 'bored' },
      { reason: 'spam', notify: 'no' },
      { reason: 'spam', x: 1 },
    ])
      expect(cancelBody.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('adds by hand with self-service fields but no consent, a status and notify', () => {
    const fields = { name: 'Ada', email: 'Ada@Example.org ', audience: 'developers' };
    expect(addBody.safeParse({ ...fields, status: 'waitlisted', notify: false }).success).toBe(
      true,
    );
    expect(addBody.safeParse({ ...fields, consent: true }).success).toBe(false);
    expect(addBody.safeParse({ ...fields, status: 'cancelled' }).success).toBe(false);
  });

  it('takes a whole number of seats from 0 to 100000', () => {
    for (const seats of [0, 1, 100_000])
      expect(capacityBody.safeParse({ seats }).success).toBe(true);
    for (const seats of [-1, 1.5, '3', null, 100_001])
      expect(capacityBody.safeParse({ seats }).success, String(seats)).toBe(false);
  });
});

describe('quiet changes', () => {
  it('a quiet cancellation queues no message to the person, the promotion it causes still does', () => {
    const built = cancelGroupItems(
      'table',
      2030,
      [{ current: record(), now: AT, quiet: true }],
      [{ sk: 'WAIT#0000000000000001', registrationId: '01hzzzzzzzzzzzzzzzzzzzzzz2' }],
    );
    expect(built.mails.map((mail) => [mail.kind, mail.registrationId])).toEqual([
      ['promoted', '01hzzzzzzzzzzzzzzzzzzzzzz2'],
    ]);
    expect(putsOf(built.items, 'MAIL#2030')).toHaveLength(1);
    expect(built.events.map((event) => event.type)).toEqual([
      'registration.cancelled',
      'registration.promoted',
    ]);
    const told = cancelGroupItems('table', 2030, [{ current: record(), now: AT }], []);
    expect(told.mails.map((mail) => mail.kind)).toEqual(['cancelled']);
  });

  it('a registration added quietly writes its event and no message', () => {
    const registration = {
      year: 2030,
      id: '01hzzzzzzzzzzzzzzzzzzzzzz3',
      name: 'Ada',
      email: 'ada@example.org',
      audience: 'developers',
      tokenHash: 'hash',
      emailKey: 'key',
      expiresAt: 1,
      now: AT,
    };
    const free = { kind: 'free', capacity: 2, confirmed: 0 } as const;
    const quiet = registerBatchItems(
      'table',
      2030,
      [{ registration: { ...registration, quiet: true }, contended: false }],
      free,
      [],
      false,
    );
    expect(quiet.members[0]?.mail).toBeUndefined();
    expect(putsOf(quiet.items, 'MAIL#2030')).toEqual([]);
    expect(putsOf(quiet.items, 'EVENTS#2030')).toHaveLength(1);
    const told = registerBatchItems(
      'table',
      2030,
      [{ registration, contended: false }],
      free,
      [],
      false,
    );
    expect(putsOf(told.items, 'MAIL#2030')).toHaveLength(1);
  });
});

describe('conflict problems', () => {
  it('name the field or setting they are about, when one is', () => {
    expect(problemFor(new ConflictError('No seat is free.', 'capacity'), '/x')).toMatchObject({
      type: '/problems/conflict',
      status: 409,
      field: 'capacity',
    });
    expect(problemFor(new ConflictError('Taken.'), '/x')).not.toHaveProperty('field');
  });
});
