import { beforeAll, describe, expect, it } from 'vitest';
import { checkInCode } from '#shared/registration/check-in-code.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * Check-in at the door on DynamoDB Local: 20 confirmed people at once count exactly 20, repeats
 * answer 200 with the first time, a waiting person is a 409, a cancelled or made-up code a 404.
 * People register weeks before; the scans happen on the day, inside the door's window (the
 * edition's day is 2030-06-20, 09:30 to 10:00 in Berlin: the door opens at 07:30).
 */

/** On the day, the door open. */
const AT_THE_DOOR = new Date('2030-06-20T09:00:00+02:00');
/** The day is over. */
const AFTER_THE_DAY = new Date('2030-06-20T10:00:00+02:00');

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
const registered: { id: string; manageToken: string; status: string }[] = [];

beforeAll(async () => {
  api = await registrationApi(registrationEdition({ capacity: 21 }));
  for (let index = 0; index < 22; index += 1) {
    registered.push((await (await api.register(person())).json()) as (typeof registered)[number]);
  }
  api.setNow(AT_THE_DOOR);
});

const own = async (registration: (typeof registered)[number]) =>
  (await (
    await api.app.request(`/editions/2030/registrations/${registration.id}`, {
      headers: { authorization: `Bearer ${registration.manageToken}` },
    })
  ).json()) as Record<string, unknown>;

const checkIn = (code: unknown) =>
  api.organizer('POST', '/admin/editions/2030/check-ins', { code });

describe('check-in at the door', () => {
  it('gives confirmed people a code in their own record, and waiting people none', async () => {
    const [first] = registered;
    const waiting = registered.find((registration) => registration.status === 'waitlisted');
    if (!first || !waiting) throw new Error('the registrations are missing');
    expect((await own(first)).checkInCode).toBe(checkInCode('test-email-key', first.id));
    expect(await own(waiting)).not.toHaveProperty('checkInCode');
  });

  it('draws the code as a QR code for its owner only', async () => {
    const [first] = registered;
    const waiting = registered.find((registration) => registration.status === 'waitlisted');
    if (!first || !waiting) throw new Error('the registrations are missing');
    const svg = (registration: (typeof registered)[number], token = registration.manageToken) =>
      api.app.request(`/editions/2030/registrations/${registration.id}/check-in.svg`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const drawn = await svg(first);
    expect(drawn.status).toBe(200);
    expect(drawn.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(drawn.headers.get('cache-control')).toBe('no-store');
    expect(await drawn.text()).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<path/s,
    );
    expect((await svg(first, waiting.manageToken)).status).toBe(404);
    expect((await svg(waiting)).status).toBe(404);
  });

  it('checks 20 people in at once, exactly once each; repeats answer 200 with the first time', async () => {
    const confirmed = registered.filter((registration) => registration.status === 'confirmed');
    const twenty = confirmed.slice(0, 20);
    const codes = await Promise.all(twenty.map(async (each) => (await own(each)).checkInCode));
    const first = await Promise.all(codes.map(checkIn));
    expect(first.map((answer) => answer.status)).toEqual(twenty.map(() => 201));
    const repeats = await Promise.all(codes.map(checkIn));
    expect(repeats.map((answer) => answer.status)).toEqual(twenty.map(() => 200));
    expect(repeats.map((answer) => answer.body.checkedInAt)).toEqual(
      first.map((answer) => answer.body.checkedInAt),
    );
    expect(repeats.every((answer) => answer.body.repeat === true)).toBe(true);

    const attendance = await api.organizer('GET', '/admin/editions/2030/attendance');
    // The day still runs: the one not checked in may yet come.
    expect(attendance.body).toMatchObject({
      confirmed: 21,
      checkedIn: 20,
      over: false,
      notYetArrived: 1,
      noShows: 0,
    });
    expect(
      attendance.body.arrivals.reduce(
        (sum: number, quarter: { count: number }) => sum + quarter.count,
        0,
      ),
    ).toBe(20);
    api.setNow(AFTER_THE_DAY);
    const after = await api.organizer('GET', '/admin/editions/2030/attendance');
    expect(after.body).toMatchObject({ checkedIn: 20, over: true, notYetArrived: 0, noShows: 1 });
    api.setNow(AT_THE_DOOR);
    const csv = await api.organizer('GET', '/admin/editions/2030/registrations.csv');
    expect(csv.text.split('\r\n')[0]).toMatch(/,checkedInAt$/);
  });

  it('answers 409 for a waiting person, 404 for a cancelled or made-up code, 400 for junk', async () => {
    const waiting = registered.find((registration) => registration.status === 'waitlisted');
    const leaving = registered.filter((registration) => registration.status === 'confirmed')[20];
    if (!waiting || !leaving) throw new Error('the registrations are missing');
    const waitingAnswer = await checkIn(checkInCode('test-email-key', waiting.id));
    expect(waitingAnswer.status).toBe(409);

    const code = (await own(leaving)).checkInCode;
    const cancelled = await api.app.request(`/editions/2030/registrations/${leaving.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${leaving.manageToken}` },
    });
    expect(cancelled.status).toBe(200);
    expect((await checkIn(code)).status).toBe(404);
    // The waiting person took the seat and has a code now.
    expect((await checkIn(checkInCode('test-email-key', waiting.id))).status).toBe(201);

    const madeUp = await checkIn('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG');
    expect(madeUp.status).toBe(404);
    expect(madeUp.body.type).toBe('/problems/not-found');
    const junk = await checkIn('x'.repeat(65));
    expect(junk.status).toBe(400);
    expect(junk.body.errors[0]).toMatchObject({ name: 'code', in: 'body' });
    expect((await checkIn(42)).status).toBe(400);
  });

  it('slows down guessing: past the burst, 429 with Retry-After', async () => {
    const fresh = await registrationApi(registrationEdition());
    fresh.setNow(AT_THE_DOOR);
    const guesses = await Promise.all(
      Array.from({ length: 130 }, () =>
        fresh.organizer('POST', '/admin/editions/2030/check-ins', {
          code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG',
        }),
      ),
    );
    const statuses = guesses.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 404).length).toBeGreaterThanOrEqual(120);
    expect(statuses).toContain(429);
    const limited = guesses.find((answer) => answer.status === 429);
    expect(limited?.body.type).toBe('/problems/too-many-requests');
  });

  it('answers a retry of a scan whose write landed though its answer was lost as the first: 201, the same time', async () => {
    const faulty = await registrationApi(
      registrationEdition({ capacity: 3 }),
      {},
      {
        requestBudgetMs: 1_500,
      },
    );
    const people = [];
    for (let index = 0; index < 3; index += 1) {
      people.push((await (await faulty.register(person())).json()) as (typeof registered)[number]);
    }
    faulty.setNow(AT_THE_DOOR);
    // The check-in's UpdateItem reaches DynamoDB and is done there; its answer is lost `lose` times.
    let lose = 0;
    faulty.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'UpdateItemCommand' && lose > 0) {
          lose -= 1;
          throw Object.assign(new Error('The answer timed out.'), { name: 'TimeoutError' });
        }
        return result;
      },
      { step: 'initialize', name: 'loseCheckInAnswers' },
    );
    const scan = (code: string, scanId?: string) =>
      faulty.organizer('POST', '/admin/editions/2030/check-ins', {
        code,
        ...(scanId ? { scanId } : {}),
      });
    const [first, second, third] = people.map((one) => checkInCode('test-email-key', one.id));
    if (!first || !second || !third) throw new Error('the registrations are missing');

    // Lost once: the request's own retry of the write is the same scan, not a repeat.
    lose = 1;
    const retriedInside = await scan(first);
    expect(retriedInside.status).toBe(201);
    expect(retriedInside.body.repeat).toBe(false);

    // Lost until the request gives up (503); the door page's retry sends the same scanId.
    lose = 1_000;
    const unanswered = await scan(second, 'scan-second-0001');
    expect(unanswered.status).toBe(503);
    lose = 0;
    const retried = await scan(second, 'scan-second-0001');
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ repeat: false });
    const again = await scan(second, 'scan-second-0001');
    expect(again.status).toBe(201);
    expect(again.body.checkedInAt).toBe(retried.body.checkedInAt);
    // Another scan of the same person is a repeat, with the first time.
    const rescanned = await scan(second, 'scan-second-0002');
    expect(rescanned.status).toBe(200);
    expect(rescanned.body).toMatchObject({ repeat: true, checkedInAt: retried.body.checkedInAt });
    // A scanId is an id, not free text.
    const junk = await scan(third, 'no spaces, please');
    expect(junk.status).toBe(400);
    expect(junk.body.errors[0]).toMatchObject({ name: 'scanId', in: 'body' });

    const attendance = await faulty.organizer('GET', '/admin/editions/2030/attendance');
    expect(attendance.body).toMatchObject({ confirmed: 3, checkedIn: 2 });
  });
});
