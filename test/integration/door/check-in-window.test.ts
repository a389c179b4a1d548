import { beforeAll, describe, expect, it } from 'vitest';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * The door's window on DynamoDB Local, with the server's clock set: the test edition's day is
 * 2030-06-20, 09:30 to 10:00 in Berlin, so the door opens at 07:30 by default. A code scanned six
 * weeks early or after the day is a 409 naming the window, and nobody is checked in; inside it,
 * the answer says whom the door admitted, at what time in the edition's zone.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
interface Registered {
  id: string;
  manageToken: string;
  status: string;
}

async function registered(api: Api, count: number, name = 'Door Guest') {
  const people: Registered[] = [];
  for (let index = 0; index < count; index += 1) {
    people.push(
      (await (await api.register(person({ name: `${name} ${index}` }))).json()) as Registered,
    );
  }
  return people;
}

const own = async (api: Api, registration: Registered) =>
  (await (
    await api.app.request(`/editions/2030/registrations/${registration.id}`, {
      headers: { authorization: `Bearer ${registration.manageToken}` },
    })
  ).json()) as Record<string, unknown>;

const scan = async (api: Api, registration: Registered) =>
  api.organizer('POST', '/admin/editions/2030/check-ins', {
    code: (await own(api, registration)).checkInCode,
  });

describe('the door’s window', () => {
  let api: Api;
  let people: Registered[];

  beforeAll(async () => {
    api = await registrationApi(registrationEdition({ capacity: 3 }));
    people = await registered(api, 3);
  });

  it('refuses a check-in six weeks early with a 409 naming the window, and checks nobody in', async () => {
    const [first] = people;
    if (!first) throw new Error('the registrations are missing');
    api.setNow(new Date('2030-05-09T09:00:00+02:00'));
    const early = await scan(api, first);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      type: '/problems/check-in-closed',
      title: 'Check-in is not open now',
      status: 409,
      window: {
        date: '2030-06-20',
        opensAt: '2030-06-20T07:30:00+02:00',
        closesAt: '2030-06-20T10:00:00+02:00',
        timeZone: 'Europe/Berlin',
      },
    });
    expect(early.body.detail).toContain(
      'the next window is 2030-06-20 from 07:30 to 10:00 (Europe/Berlin)',
    );
    // The problem names the window, never the person.
    expect(early.text).not.toContain('Door Guest');
    expect(await own(api, first)).not.toHaveProperty('checkedInAt');
    // A minute before the door opens is still early.
    api.setNow(new Date('2030-06-20T07:29:00+02:00'));
    expect((await scan(api, first)).status).toBe(409);
  });

  it('checks in inside the window and says whom: name, confirmed, the time in the edition’s zone', async () => {
    const [first] = people;
    if (!first) throw new Error('the registrations are missing');
    api.setNow(new Date('2030-06-20T07:30:00+02:00'));
    const admitted = await scan(api, first);
    expect(admitted.status).toBe(201);
    expect(admitted.body).toEqual({
      registrationId: first.id,
      checkedInAt: '2030-06-20T05:30:00.000Z',
      repeat: false,
      name: 'Door Guest 0',
      status: 'confirmed',
      localTime: '07:30',
      timeZone: 'Europe/Berlin',
    });
    // Scanned again later: already checked in at 07:30, with the name.
    api.setNow(new Date('2030-06-20T09:12:00+02:00'));
    const again = await scan(api, first);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      repeat: true,
      name: 'Door Guest 0',
      status: 'confirmed',
      localTime: '07:30',
    });
    const [, second] = people;
    if (!second) throw new Error('the registrations are missing');
    expect((await scan(api, second)).body).toMatchObject({
      name: 'Door Guest 1',
      localTime: '09:12',
    });
  });

  it('refuses a check-in once the day has ended, saying check-in is over', async () => {
    const [, , third] = people;
    if (!third) throw new Error('the registrations are missing');
    api.setNow(new Date('2030-06-20T10:00:00+02:00'));
    const late = await scan(api, third);
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/check-in-closed');
    expect(late.body.detail).toContain(
      'Check-in is over: the last window was 2030-06-20 from 07:30 to 10:00 (Europe/Berlin)',
    );
    expect(await own(api, third)).not.toHaveProperty('checkedInAt');
    // The day is over: who did not come is a no-show now.
    const attendance = await api.organizer('GET', '/admin/editions/2030/attendance');
    expect(attendance.body).toMatchObject({
      confirmed: 3,
      checkedIn: 2,
      over: true,
      notYetArrived: 0,
      noShows: 1,
    });
  });
});

describe('checkIn.opensBefore in the edition file', () => {
  it('opens the door that long before the day’s first session, through publishing and the store', async () => {
    const api = await registrationApi({
      ...registrationEdition({ capacity: 2 }),
      checkIn: { opensBefore: 30 },
    });
    const [someone] = await registered(api, 1, 'Early Bird');
    if (!someone) throw new Error('the registration is missing');
    api.setNow(new Date('2030-06-20T08:45:00+02:00'));
    const early = await scan(api, someone);
    expect(early.status).toBe(409);
    expect(early.body.window.opensAt).toBe('2030-06-20T09:00:00+02:00');
    expect(early.body.detail).toContain('Check-in opens 30 min before');
    const before = await api.organizer('GET', '/admin/editions/2030/attendance');
    expect(before.body).toMatchObject({ over: false, notYetArrived: 1, noShows: 0 });
    api.setNow(new Date('2030-06-20T09:00:00+02:00'));
    expect((await scan(api, someone)).status).toBe(201);
  });
});
