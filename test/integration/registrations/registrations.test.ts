import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { registrationsPk } from '#functions/data/table/keys.ts';
import {
  json,
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
} from '../../support/registration-app.ts';

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi();
});

/** Every item of the edition's registration partition, for "nothing written" checks. */
async function registrationItems(target: Api = api) {
  const { Items } = await target.table.client.send(
    new QueryCommand({
      TableName: target.table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': registrationsPk(target.year) },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

describe('registering, looking, cancelling', () => {
  it('confirms while seats are left, then waitlists, with a manage token shown once', async () => {
    const first = await json(await api.register(person({ affiliation: 'HLRS' })));
    expect(first.status).toBe(201);
    expect(first.cache).toBe('no-store');
    expect(first.body).toEqual({
      id: expect.stringMatching(/^[0-9a-z]{26}$/),
      status: 'confirmed',
      manageToken: expect.stringMatching(/^[\w-]{43}$/),
      manageUrl: `http://localhost/2030/manage#id=${first.body.id}&token=${first.body.manageToken}`,
    });
    expect((await json(await api.register(person()))).body.status).toBe('confirmed');
    const third = await json(await api.register(person()));
    expect(third.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const fourth = await json(await api.register(person()));
    expect(fourth.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });

    const stored = (await registrationItems()).find((item) => item.id === first.body.id);
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await registrationItems())).not.toContain(first.body.manageToken);
  });

  it('shows the registrant their own record with the token, and 404 otherwise', async () => {
    const someone = person({ affiliation: 'CSCS' });
    const created = (await json(await api.register(someone))).body;
    const path = `/editions/2030/registrations/${created.id}`;
    const own = await json(
      await api.app.request(path, { headers: { authorization: `Bearer ${created.manageToken}` } }),
    );
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      id: created.id,
      status: 'waitlisted',
      waitlistPosition: 3,
      name: someone.name,
      email: someone.email,
      affiliation: 'CSCS',
      audience: 'developers',
    });
    for (const internal of ['tokenHash', 'emailKey', 'expiresAt', 'manageToken']) {
      expect(own.body).not.toHaveProperty(internal);
    }
    const details = new Set<string>();
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token' },
      { authorization: created.manageToken },
    ]) {
      const denied = await json(await api.app.request(path, { headers }));
      expect(denied.status).toBe(404);
      expect(denied.body.type).toBe('/problems/not-found');
      expect(JSON.stringify(denied.body)).not.toContain(someone.email);
      details.add(denied.body.detail);
    }
    const unknownId = await json(
      await api.app.request('/editions/2030/registrations/01hzzzzzzzzzzzzzzzzzzzzzzz', {
        headers: { authorization: `Bearer ${created.manageToken}` },
      }),
    );
    expect(unknownId.status).toBe(404);
    // No oracle: an unknown id and a wrong token get the very same answer.
    details.add(unknownId.body.detail);
    expect(details.size).toBe(1);
  });

  it('cancels a confirmed seat, erases the personal data and promotes the oldest waiting', async () => {
    const fresh = await registrationApi();
    const confirmed = (await json(await fresh.register(person({ affiliation: 'ETH' })))).body;
    await fresh.register(person());
    const waiting = (await json(await fresh.register(person()))).body;
    const later = (await json(await fresh.register(person()))).body;

    const cancel = await json(
      await fresh.app.request(`/editions/2030/registrations/${confirmed.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${confirmed.manageToken}` },
      }),
    );
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ id: confirmed.id, status: 'cancelled' });
    expect(cancel.body).not.toHaveProperty('name');
    expect(cancel.body).not.toHaveProperty('email');
    expect(cancel.body.history.map((entry: { status: string }) => entry.status)).toEqual([
      'confirmed',
      'cancelled',
    ]);

    const items = await registrationItems(fresh);
    const erased = items.find((item) => item.id === confirmed.id);
    expect(erased).not.toHaveProperty('name');
    expect(erased).not.toHaveProperty('email');
    expect(erased).not.toHaveProperty('affiliation');
    expect(erased).not.toHaveProperty('emailKey');
    expect(items.filter((item) => String(item.sk).startsWith('EMAIL#'))).toHaveLength(3);

    const promoted = await json(
      await fresh.app.request(`/editions/2030/registrations/${waiting.id}`, {
        headers: { authorization: `Bearer ${waiting.manageToken}` },
      }),
    );
    expect(promoted.body).toMatchObject({ status: 'confirmed' });
    expect(promoted.body).not.toHaveProperty('waitlistPosition');
    const next = await json(
      await fresh.app.request(`/editions/2030/registrations/${later.id}`, {
        headers: { authorization: `Bearer ${later.manageToken}` },
      }),
    );
    expect(next.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const again = await fresh.app.request(`/editions/2030/registrations/${confirmed.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${confirmed.manageToken}` },
    });
    expect(again.status).toBe(200);
    expect(await fresh.stores.registrations.getSeatCounts(2030)).toEqual({
      capacity: 2,
      confirmed: 2,
      waitlisted: 1,
    });
  });

  it('lets a cancelled address register again', async () => {
    const fresh = await registrationApi();
    const someone = person();
    const first = (await json(await fresh.register(someone))).body;
    await fresh.app.request(`/editions/2030/registrations/${first.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${first.manageToken}` },
    });
    expect((await fresh.register(someone)).status).toBe(201);
  });

  it('shows seats left and the waiting list on the edition', async () => {
    const fresh = await registrationApi();
    for (let i = 0; i < 3; i += 1) await fresh.register(person());
    const edition = await json(await fresh.app.request('/editions/2030'));
    expect(edition.body.registration).toMatchObject({
      open: true,
      capacity: 2,
      seatsLeft: 0,
      waitlistLength: 1,
    });
  });
});

describe('refusals that write nothing', () => {
  it('refuses the same address twice, however it is typed, without revealing it', async () => {
    const someone = person();
    expect((await api.register(someone)).status).toBe(201);
    const before = await registrationItems();
    const duplicate = await json(
      await api.register({
        ...someone,
        email: `  ${someone.email.toUpperCase()} `,
        name: 'Other Name',
      }),
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.type).toBe('/problems/already-registered');
    expect(JSON.stringify(duplicate.body)).not.toMatch(new RegExp(someone.email, 'i'));
    expect(await registrationItems()).toEqual(before);
  });

  it('takes an internationalised domain in punycode, and refuses a non-ASCII local part as undeliverable', async () => {
    const local = `idn-${Date.now()}`;
    const registered = await json(await api.register(person({ email: `${local}@bücher.example` })));
    expect(registered.status).toBe(201);
    const listed = await api.organizer('GET', '/admin/editions/2030/registrations?limit=100');
    const emails = listed.body.items.map((item: { email: string }) => item.email);
    expect(emails).toContain(`${local}@xn--bcher-kva.example`);
    expect(emails.join()).not.toContain('bücher');
    // The same address, however it is written, is the same person.
    const again = await json(
      await api.register(person({ email: `${local}@xn--bcher-kva.example` })),
    );
    expect(again.status).toBe(409);

    const before = await registrationItems();
    const refused = await json(await api.register(person({ email: 'üser@example.org' })));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ name: 'email', in: 'body' })]);
    expect(refused.body.errors[0].detail).toMatch(/cannot be delivered.*SMTPUTF8/);
    expect(JSON.stringify(refused.body)).not.toContain('üser');
    expect(await registrationItems()).toEqual(before);
  });

  it.each([
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['missing consent', { consent: undefined }, 'consent'],
    ['consent false', { consent: false }, 'consent'],
    ['an unknown audience', { audience: 'managers' }, 'audience'],
    ['an unknown field', { role: 'admin' }, 'role'],
    ['an empty name', { name: '   ' }, 'name'],
  ])('answers %s with 400 naming the field', async (_case, change, field) => {
    const before = await registrationItems();
    const response = await json(await api.register(person(change)));
    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.errors.map((error: { name: string }) => error.name)).toContain(field);
    expect(await registrationItems()).toEqual(before);
  });

  it('answers a wrong content type with 415, a body over 16 KB with 413, broken JSON with 400', async () => {
    const before = await registrationItems();
    const path = '/editions/2030/registrations';
    const wrongType = await api.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    const large = await api.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person({ affiliation: 'x'.repeat(17 * 1024) })),
    });
    expect(large.status).toBe(413);
    expect(((await large.json()) as any).type).toBe('/problems/payload-too-large');
    const broken = await api.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(broken.status).toBe(400);
    expect(await registrationItems()).toEqual(before);
  });

  it('refuses outside the window, with its own problem types', async () => {
    const fresh = await registrationApi();
    fresh.setNow(new Date('2030-03-01T00:00:00Z'));
    expect((await json(await fresh.register(person()))).body.type).toBe(
      '/problems/registration-not-open',
    );
    fresh.setNow(new Date('2030-06-02T00:00:00Z'));
    const closed = await json(await fresh.register(person()));
    expect(closed.status).toBe(403);
    expect(closed.body.type).toBe('/problems/registration-closed');
    // Nothing at all in the registrants' partition (the seat counter has its own, SEATS#).
    expect(await registrationItems(fresh)).toEqual([]);
  });

  it('refuses when the waiting list is full', async () => {
    const { registrationEdition } = await import('../../support/registration-app.ts');
    const fresh = await registrationApi(registrationEdition({ capacity: 1, waitlistLimit: 1 }));
    await fresh.register(person());
    await fresh.register(person());
    const full = await json(await fresh.register(person()));
    expect(full.status).toBe(409);
    expect(full.body.type).toBe('/problems/waitlist-full');
  });

  it('answers 404 for an unknown edition and for an edition without registration', async () => {
    expect(
      (
        await json(
          await api.app.request('/editions/1999/registrations', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(person()),
          }),
        )
      ).status,
    ).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('replays the same answer for the same key and body, without a second registration', async () => {
    const fresh = await registrationApi();
    const someone = person();
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await json(await fresh.register(someone, headers));
    const itemsAfterFirst = await registrationItems(fresh);
    const replay = await json(await fresh.register(someone, headers));
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await registrationItems(fresh)).toEqual(itemsAfterFirst);
  });

  it('replays a waitlisted answer with its position', async () => {
    const fresh = await registrationApi();
    await fresh.register(person());
    await fresh.register(person());
    const someone = person();
    const first = await json(await fresh.register(someone, { 'idempotency-key': 'wait-1' }));
    expect(first.body.waitlistPosition).toBe(1);
    expect(
      (await json(await fresh.register(someone, { 'idempotency-key': 'wait-1' }))).body,
    ).toEqual(first.body);
  });

  it('answers 422 when the key comes back with another body', async () => {
    const fresh = await registrationApi();
    await fresh.register(person(), { 'idempotency-key': 'reused' });
    const other = await json(await fresh.register(person(), { 'idempotency-key': 'reused' }));
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
  });

  it('replays a refusal too: a duplicate stays a duplicate', async () => {
    const fresh = await registrationApi();
    const someone = person();
    await fresh.register(someone);
    const first = await json(await fresh.register(someone, { 'idempotency-key': 'dup' }));
    const second = await json(await fresh.register(someone, { 'idempotency-key': 'dup' }));
    expect(first.status).toBe(409);
    expect(second).toEqual(first);
  });

  it('answers 409 while the first request with the key is still in flight', async () => {
    const fresh = await registrationApi();
    const someone = person();
    const { idempotencyKeyHash, requestFingerprint } = await import(
      '#functions/registrations/secrets.ts'
    );
    const body = {
      name: someone.name,
      email: someone.email,
      audience: someone.audience,
      consent: true,
    };
    await fresh.stores.registrations.claimIdempotencyKey(
      {
        year: 2030,
        keyHash: idempotencyKeyHash('busy'),
        requestHash: requestFingerprint('busy', body),
      },
      REGISTRATION_OPEN_AT,
    );
    const busy = await json(await fresh.register(someone, { 'idempotency-key': 'busy' }));
    expect(busy.status).toBe(409);
    expect(busy.body.type).toBe('/problems/idempotency-key-in-flight');
  });
});
