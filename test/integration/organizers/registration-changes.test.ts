import { describe, expect, it } from 'vitest';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { base, eventsOf, mailsOf, registerAll } from '../../support/registration-admin.ts';
import {
  json,
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * The organizers' registration routes on DynamoDB Local (issue 24): adding a registration by
 * hand, changing the capacity and the overview of every edition, by the rules of self-service
 * (promotions, messages, webhook events) and audited.
 */

describe('adding a registration by hand', () => {
  it('validates and places it as self-service does, outside the window too, audited', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 1 }));
    api.setNow(new Date('2030-07-01T12:00:00+02:00'));
    const ada = person({ name: 'Ada Added', affiliation: 'Lab' });
    const { consent: _consent, ...fields } = ada;
    const added = await api.organizer('POST', `${base(api)}/registrations`, fields);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      status: 'confirmed',
      name: 'Ada Added',
      affiliation: 'Lab',
    });
    const id = added.body.id;
    const location = await api.app.request(`${base(api)}/registrations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.organizerToken()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(person()),
    });
    // Self-service's consent is not the organizer's to give: refused as an unknown field.
    expect(location.status).toBe(400);

    const again = await api.organizer('POST', `${base(api)}/registrations`, {
      ...fields,
      email: ada.email.toUpperCase(),
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/already-registered');

    const noSeat = await api.organizer('POST', `${base(api)}/registrations`, {
      ...fields,
      email: 'someone-else@example.org',
      status: 'confirmed',
    });
    expect(noSeat.status).toBe(409);
    expect(noSeat.body).toMatchObject({ type: '/problems/conflict', field: 'status' });
    const quiet = await api.organizer('POST', `${base(api)}/registrations`, {
      ...fields,
      email: 'quiet@example.org',
      status: 'waitlisted',
      notify: false,
    });
    expect(quiet.status).toBe(201);
    expect(quiet.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const mails = await mailsOf(api);
    expect(mails.filter((mail) => mail.registrationId === id).map((mail) => mail.kind)).toEqual([
      'confirmed',
    ]);
    expect(mails.filter((mail) => mail.registrationId === quiet.body.id)).toEqual([]);
    expect(await eventsOf(api)).toContainEqual({
      type: 'registration.confirmed',
      registrationId: id,
    });
    const record = await api.organizer('GET', `${base(api)}/registrations/${id}`);
    expect(record.body.audit).toEqual([
      expect.objectContaining({ action: 'registration.add', who: 'test' }),
    ]);
    expect(record.body.audit[0].summary).not.toContain('Ada');
  });

  it('refuses waitlisted while a seat is free, and honours Idempotency-Key', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 3 }));
    const { consent: _consent, ...fields } = person();
    const waitlisted = await api.organizer('POST', `${base(api)}/registrations`, {
      ...fields,
      status: 'waitlisted',
    });
    expect(waitlisted.status).toBe(409);
    expect(waitlisted.body.field).toBe('status');

    const headers = { 'idempotency-key': 'organizer-add-0001' };
    const first = await api.organizer('POST', `${base(api)}/registrations`, fields, headers);
    const replay = await api.organizer('POST', `${base(api)}/registrations`, fields, headers);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    const other = await api.organizer(
      'POST',
      `${base(api)}/registrations`,
      { ...fields, notify: false },
      headers,
    );
    expect(other.status).toBe(422);
    const audit = await api.organizer('GET', `${base(api)}/audit`);
    expect(
      audit.body.items.filter((entry: { action: string }) => entry.action === 'registration.add'),
    ).toHaveLength(1);
  });

  it('refuses what self-service refuses, naming the field', async () => {
    const api = await registrationApi();
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'a@example.org', audience: 'developers' }, 'name'],
      [{ name: 'A', email: 'not-an-address', audience: 'developers' }, 'email'],
      [{ name: 'A', email: 'a@example.org', audience: 'nobody' }, 'audience'],
      [
        { name: 'A', email: 'a@example.org', audience: 'developers', status: 'cancelled' },
        'status',
      ],
      [{ name: 'A', email: 'a@example.org', audience: 'developers', notify: 1 }, 'notify'],
      [{ name: 'x'.repeat(201), email: 'a@example.org', audience: 'developers' }, 'name'],
      [{ name: '\u202e', email: 'a@example.org', audience: 'developers' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const answer = await api.organizer('POST', `${base(api)}/registrations`, body);
      expect(answer.status, field).toBe(400);
      expect(answer.body.errors.map((error: { name: string }) => error.name)).toContain(field);
    }
    expect(await api.stores.registrations.getSeatCounts(api.year)).toMatchObject({ confirmed: 0 });
  });
});

describe('capacity', () => {
  it('raising it promotes the waiting list in order, lowering below confirmed is a 409, and a later publish keeps it', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 2 }));
    const ids = await registerAll(api, [person(), person(), person(), person(), person()]);
    const raised = await api.organizer('PUT', `${base(api)}/capacity`, { seats: 4 });
    expect(raised.status).toBe(200);
    expect(raised.body).toEqual({ capacity: 4, confirmed: 4, waitlisted: 1, promoted: 2 });
    const statuses = await Promise.all(
      ids.map(async (id) => (await api.stores.registrations.getRegistration(api.year, id))?.status),
    );
    expect(statuses).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'waitlisted']);
    const promotedMails = (await mailsOf(api)).filter((mail) => mail.kind === 'promoted');
    expect(promotedMails.map((mail) => mail.registrationId).sort()).toEqual(
      [ids[2], ids[3]].sort(),
    );

    const lower = await api.organizer('PUT', `${base(api)}/capacity`, { seats: 3 });
    expect(lower.status).toBe(409);
    expect(lower.body).toMatchObject({ type: '/problems/conflict', field: 'seats' });
    expect(lower.body.detail).toContain('4');

    const publicView = await json(await api.app.request(`/editions/${api.year}`));
    expect(publicView.body.registration).toMatchObject({
      capacity: 4,
      seatsLeft: 0,
      waitlistLength: 1,
    });

    // The edition file still says 2: published again, the organizer's 4 stays.
    await publishEditionFile(
      api.stores,
      registrationEdition({ capacity: 2 }),
      REGISTRATION_OPEN_AT,
    );
    expect(await api.stores.registrations.getSeatCounts(api.year)).toEqual({
      capacity: 4,
      confirmed: 4,
      waitlisted: 1,
    });
    const audit = await api.organizer('GET', `${base(api)}/audit`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'capacity.change',
      target: 'capacity',
      summary: 'Seats 2 → 4; 2 promoted from the waiting list',
    });
  });

  it('refuses seats that are not a whole number of at least 0, naming seats', async () => {
    const api = await registrationApi();
    for (const body of [{ seats: -1 }, { seats: 'ten' }, { seats: 2.5 }, {}, { seats: 1e9 }]) {
      const answer = await api.organizer('PUT', `${base(api)}/capacity`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errors.map((error: { name: string }) => error.name)).toEqual(['seats']);
    }
    const none = await api.organizer('PUT', '/admin/editions/1999/capacity', { seats: 3 });
    expect(none.status).toBe(404);
  });
});

describe('the overview', () => {
  it('counts seats, confirmed, waiting, checked in and mail problems per edition', async () => {
    const api = await registrationApi(registrationEdition({ capacity: 2 }));
    const [first, second] = await registerAll(api, [person(), person(), person()]);
    await api.stores.checkIns.checkIn(api.year, first as string, REGISTRATION_OPEN_AT, 'scan-0001');
    await api.stores.mailOutbox.markUndeliverable(
      api.year,
      second as string,
      'Bounce',
      REGISTRATION_OPEN_AT,
    );
    const overview = await api.organizer('GET', '/admin/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.items).toEqual([
      expect.objectContaining({
        year: api.year,
        registration: true,
        seats: 2,
        confirmed: 2,
        waitlisted: 1,
        checkedIn: 1,
        mail: { failed: 0, undeliverable: 1 },
      }),
    ]);
    const outsider = await api.app.request('/admin/overview', {
      headers: { authorization: `Bearer ${await api.organizerToken(['speakers'])}` },
    });
    expect(outsider.status).toBe(403);
  });
});
