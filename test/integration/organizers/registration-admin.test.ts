import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { base, eventsOf, mailsOf, registerAll } from '../../support/registration-admin.ts';
import {
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * The organizers' registration routes on DynamoDB Local (issue 24), what the console's
 * Registrations view reads and does to one person: search, one person's record, cancel with a
 * reason, promote; each change by the rules of self-service (promotions, messages, webhook
 * events) and audited. Adding, capacity and the overview: registration-changes.test.ts.
 */

describe('searching registrations', () => {
  it('finds names, addresses and affiliations in any case, with the status filter and honest cursors', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 2 }));
    // Names no test gives a speaker: speakers are public and logged, registrants never.
    const [ada, grace, alan] = await registerAll(api, [
      person({ name: 'Ada Loveridge', affiliation: 'Analytical Engines' }),
      person({ name: 'Grace Hopwood', affiliation: 'Navy' }),
      person({ name: 'Alan Turnbull', affiliation: 'Bletchley ANALYTICS' }),
    ]);
    const search = async (query: string) =>
      api.organizer('GET', `${base(api)}/registrations?${query}`);

    expect((await search('q=LOVE')).body.items.map((item: { id: string }) => item.id)).toEqual([
      ada,
    ]);
    expect((await search('q=analyt')).body.items.map((item: { id: string }) => item.id)).toEqual([
      ada,
      alan,
    ]);
    expect(
      (await search('q=analyt&status=waitlisted')).body.items.map(
        (item: { id: string }) => item.id,
      ),
    ).toEqual([alan]);
    const byEmail = await search('q=EXAMPLE.ORG&limit=1');
    expect(byEmail.body.items).toHaveLength(1);
    expect(byEmail.body.items[0]).toMatchObject({ id: ada, name: 'Ada Loveridge' });

    // Page by page through the matches: each once, the cursor ends with the list.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`q=example.org&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ada, grace, alan]);

    // A cursor belongs to its search: another q or none is a 400 naming it.
    const first = await search('q=analyt&limit=1');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    for (const other of ['q=grace', 'status=confirmed', '']) {
      const refused = await search(`${other}&limit=1&cursor=${first.body.nextCursor}`);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].name).toBe('cursor');
    }
    expect((await search('q=nobody-here')).body).toEqual({
      items: [],
      nextCursor: null,
      limit: 50,
    });
  });

  it('refuses a long, empty or hostile q with a 400 naming it', async () => {
    const api = await registrationApi();
    for (const q of ['x'.repeat(101), '', '%20%20', 'a%00b', 'a%E2%80%AEb', 'y'.repeat(5000)]) {
      const answer = await api.organizer('GET', `${base(api)}/registrations?q=${q}`);
      expect(answer.status, q.slice(0, 20)).toBe(400);
      expect(answer.body.type).toBe('/problems/invalid-request');
      expect(answer.body.errors.map((error: { name: string }) => error.name)).toEqual(['q']);
    }
    const twice = await api.organizer('GET', `${base(api)}/registrations?q=a&q=b`);
    expect(twice.status).toBe(400);
    const malformed = await api.organizer('GET', `${base(api)}/registrations?q=%E0%A4%A`);
    expect(malformed.status).toBeLessThan(500);
  });
});

describe("one person's record", () => {
  it('shows the organizer view, the history, the mail state and the audit entries', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 1 }));
    const [first, second] = await registerAll(api, [person(), person({ name: 'Waiting One' })]);
    await api.stores.mailOutbox.markUndeliverable(
      api.year,
      second as string,
      'SMTP 550',
      REGISTRATION_OPEN_AT,
    );
    const waiting = await api.organizer('GET', `${base(api)}/registrations/${second}`);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({
      id: second,
      status: 'waitlisted',
      waitlistPosition: 1,
      name: 'Waiting One',
      mailUndeliverable: 'SMTP 550',
      history: [{ status: 'waitlisted', at: REGISTRATION_OPEN_AT.toISOString() }],
      mail: {
        undeliverable: { reason: 'SMTP 550', at: REGISTRATION_OPEN_AT.toISOString() },
        messages: [
          {
            id: expect.stringMatching(/^mail_/),
            kind: 'waitlisted',
            state: 'pending',
            attempts: 0,
            queuedAt: REGISTRATION_OPEN_AT.toISOString(),
            sentAt: null,
            reason: null,
          },
        ],
      },
      audit: [],
    });
    expect(waiting.text).not.toContain('tokenHash');
    expect(waiting.text).not.toContain('emailKey');

    await api.organizer('POST', `${base(api)}/registrations/${first}/cancel`, {
      reason: 'duplicate',
    });
    const promoted = await api.organizer('GET', `${base(api)}/registrations/${second}`);
    expect(promoted.body.status).toBe('confirmed');
    expect(promoted.body.mail.messages.map((message: { kind: string }) => message.kind)).toEqual([
      'waitlisted',
      'promoted',
    ]);
    const cancelled = await api.organizer('GET', `${base(api)}/registrations/${first}`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', name: null, email: null });
    // Its cancellation message still carries the address to the sender: not to this answer.
    expect(cancelled.body.mail.messages.map((message: { kind: string }) => message.kind)).toEqual([
      'confirmed',
      'cancelled',
    ]);
    expect(cancelled.text).not.toContain('@');
    expect(cancelled.body.audit).toEqual([
      expect.objectContaining({ action: 'registration.cancel', target: `registration ${first}` }),
    ]);
  });

  it('answers 404 for an unknown id and 400 for hostile ones, never 500', async () => {
    const api = await registrationApi();
    const unknown = await api.organizer(
      'GET',
      `${base(api)}/registrations/01hzzzzzzzzzzzzzzzzzzzzzzz`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/problems/not-found');
    const hostile = [
      'x'.repeat(5000),
      '..%2F..%2Fetc',
      'REG%23x',
      '%00',
      "1'%20OR%20'1'='1",
      '01HZZZZZZZZZZZZZZZZZZZZZZZ',
      '%F0%9F%92%A9'.repeat(30),
      '%E0%A4%A',
    ];
    for (const id of hostile) {
      for (const [method, suffix] of [
        ['GET', ''],
        ['POST', '/cancel'],
        ['POST', '/promote'],
      ] as const) {
        const answer = await api.organizer(
          method,
          `${base(api)}/registrations/${id}${suffix}`,
          method === 'POST' && suffix === '/cancel' ? { reason: 'spam' } : undefined,
        );
        expect([400, 404], `${method} ${id.slice(0, 20)}${suffix}`).toContain(answer.status);
        expect(answer.text).not.toContain('stack');
      }
    }
    const edition = await api.organizer(
      'GET',
      '/admin/editions/1999/registrations/01hzzzzzzzzzzzzzzzzzzzzzzz',
    );
    expect(edition.status).toBe(404);
  });
});

describe('cancelling as an organizer', () => {
  it('cancels with a reason, promotes the oldest waiting (mailed, events), audits, and refuses a second time', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 1 }));
    const [spammer, head, next] = await registerAll(api, [person(), person(), person()]);
    const answer = await api.organizer('POST', `${base(api)}/registrations/${spammer}/cancel`, {
      reason: 'spam',
      note: 'bot sign-up',
      notify: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: spammer,
      status: 'cancelled',
      name: null,
      email: null,
    });
    expect((await api.stores.registrations.getRegistration(api.year, head as string))?.status).toBe(
      'confirmed',
    );
    expect(await api.stores.registrations.getSeatCounts(api.year)).toEqual({
      capacity: 1,
      confirmed: 1,
      waitlisted: 1,
    });
    const mails = await mailsOf(api);
    // Not told (notify: false); the promoted person is.
    expect(
      mails.filter((mail) => mail.registrationId === spammer).map((mail) => mail.kind),
    ).toEqual(['confirmed']);
    expect(mails.filter((mail) => mail.registrationId === head).map((mail) => mail.kind)).toEqual([
      'waitlisted',
      'promoted',
    ]);
    const events = await eventsOf(api);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'registration.cancelled', registrationId: spammer },
        { type: 'registration.promoted', registrationId: head },
      ]),
    );
    const audit = await api.organizer('GET', `${base(api)}/audit`);
    expect(audit.body.items[0]).toMatchObject({
      who: 'test',
      action: 'registration.cancel',
      target: `registration ${spammer}`,
      summary: expect.stringContaining('spam'),
    });
    expect(audit.body.items[0].summary).toContain('bot sign-up');

    const again = await api.organizer('POST', `${base(api)}/registrations/${spammer}/cancel`, {
      reason: 'spam',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/conflict', field: 'status' });

    // Told by default.
    await api.organizer('POST', `${base(api)}/registrations/${next}/cancel`, {
      reason: 'requested',
    });
    expect(
      (await mailsOf(api)).filter((mail) => mail.registrationId === next).map((mail) => mail.kind),
    ).toEqual(['waitlisted', 'cancelled']);
  });

  it('refuses bodies that are not a reason with a 400 naming the field', async () => {
    const api = await registrationApi();
    const [id] = await registerAll(api, [person()]);
    const path = `${base(api)}/registrations/${id}/cancel`;
    const cases: [unknown, string][] = [
      [{}, 'reason'],
      [{ reason: 'bored' }, 'reason'],
      [{ reason: 5 }, 'reason'],
      [{ reason: 'spam', notify: 'yes' }, 'notify'],
      [{ reason: 'spam', note: 'n'.repeat(501) }, 'note'],
      [{ reason: 'spam', note: 'a\u0007b' }, 'note'],
      [{ reason: 'spam', extra: true }, 'extra'],
      [['spam'], ''],
    ];
    for (const [body, field] of cases) {
      const answer = await api.organizer('POST', path, body);
      expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      if (field)
        expect(answer.body.errors.map((error: { name: string }) => error.name)).toContain(field);
    }
    const text = await api.app.request(path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.organizerToken()}`,
        'content-type': 'application/json',
      },
      body: '{"reason": "spam"',
    });
    expect(text.status).toBe(400);
    expect((await api.stores.registrations.getRegistration(api.year, id as string))?.status).toBe(
      'confirmed',
    );
  });
});

describe('promoting as an organizer', () => {
  it('takes a free seat only: 409 naming capacity while none is free, then out of order when one is', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 1 }));
    const [confirmed, oldest, chosen] = await registerAll(api, [person(), person(), person()]);
    const full = await api.organizer('POST', `${base(api)}/registrations/${chosen}/promote`);
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ type: '/problems/conflict', field: 'capacity' });
    const notWaiting = await api.organizer(
      'POST',
      `${base(api)}/registrations/${confirmed}/promote`,
    );
    expect(notWaiting.status).toBe(409);
    expect(notWaiting.body.field).toBe('status');
    const unknown = await api.organizer(
      'POST',
      `${base(api)}/registrations/01hzzzzzzzzzzzzzzzzzzzzzzz/promote`,
    );
    expect(unknown.status).toBe(404);

    // A seat freed by a deploy whose follow-up (filling it) has not run yet.
    await api.table.client.send(
      new UpdateCommand({
        TableName: api.table.tableName,
        Key: { pk: `SEATS#${api.year}`, sk: 'COUNTER' },
        UpdateExpression: 'SET seatCapacity = :two',
        ExpressionAttributeValues: { ':two': 2 },
      }),
    );
    const promoted = await api.organizer('POST', `${base(api)}/registrations/${chosen}/promote`);
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({
      id: chosen,
      status: 'confirmed',
      waitlistPosition: null,
    });
    expect(await api.stores.registrations.getSeatCounts(api.year)).toEqual({
      capacity: 2,
      confirmed: 2,
      waitlisted: 1,
    });
    const positions = await api.stores.registrations.waitlistPositions(api.year);
    expect([...positions]).toEqual([[oldest, 1]]);
    expect(
      (await mailsOf(api))
        .filter((mail) => mail.registrationId === chosen)
        .map((mail) => mail.kind),
    ).toEqual(['waitlisted', 'promoted']);
    expect(await eventsOf(api)).toContainEqual({
      type: 'registration.promoted',
      registrationId: chosen,
    });
    const record = await api.organizer('GET', `${base(api)}/registrations/${chosen}`);
    expect(record.body.audit.map((entry: { action: string }) => entry.action)).toEqual([
      'registration.promote',
    ]);
  });
});
