import { describe, expect, it } from 'vitest';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * The positions a 201 gives, under concurrency on DynamoDB Local: exact, each once, and never
 * better than the truth, also when waiting people leave during the burst.
 */

const CAPACITY = 20;

interface Created {
  id: string;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition?: number;
  manageToken: string;
}

type Api = Awaited<ReturnType<typeof registrationApi>>;

async function register(api: Api): Promise<Created> {
  const response = await api.register(person());
  expect(response.status).toBe(201);
  return (await response.json()) as Created;
}

function request(api: Api, someone: Created, method: 'GET' | 'DELETE') {
  return api.app.request(`/editions/${api.year}/registrations/${someone.id}`, {
    method,
    headers: { authorization: `Bearer ${someone.manageToken}` },
  });
}

async function currentPosition(api: Api, someone: Created): Promise<number | undefined> {
  const response = await request(api, someone, 'GET');
  return ((await response.json()) as Created).waitlistPosition;
}

const oneTo = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

describe('waiting-list positions given at registration', () => {
  it(`gives a burst of ${CAPACITY} + 40 the positions 1..40, each once, and as a later GET does`, async () => {
    const api = await registrationApi(registrationEdition({ capacity: CAPACITY }));
    const created = await Promise.all(Array.from({ length: CAPACITY + 40 }, () => register(api)));

    const waiting = created.filter((someone) => someone.status === 'waitlisted');
    expect(waiting).toHaveLength(40);
    const told = waiting.map((someone) => someone.waitlistPosition ?? 0);
    expect([...told].sort((a, b) => a - b)).toEqual(oneTo(40));
    for (const someone of waiting) {
      expect(await currentPosition(api, someone)).toBe(someone.waitlistPosition);
    }
  }, 60_000);

  it('never tells anyone a better position than they have while waiting people leave', async () => {
    const api = await registrationApi(
      registrationEdition({ capacity: CAPACITY, waitlistLimit: 1_000 }),
    );
    const early: Created[] = [];
    for (let index = 0; index < CAPACITY + 20; index += 1) early.push(await register(api));
    const earlyWaiting = early.filter((someone) => someone.status === 'waitlisted');
    expect(earlyWaiting.map((someone) => someone.waitlistPosition)).toEqual(oneTo(20));

    // Every other early waiting person leaves while 40 newcomers register.
    const leaving = earlyWaiting.filter((_, index) => index % 2 === 0);
    const [newcomers, cancellations] = await Promise.all([
      Promise.all(Array.from({ length: 40 }, () => register(api))),
      Promise.all(leaving.map((someone) => request(api, someone, 'DELETE'))),
    ]);
    expect(cancellations.map((response) => response.status)).toEqual(leaving.map(() => 200));
    expect(newcomers.every((someone) => someone.status === 'waitlisted')).toBe(true);

    const ticketOf = async (someone: Created) =>
      (await api.stores.registrations.getRegistration(api.year, someone.id))?.waitTicket ?? 0;
    const tickets = new Map<string, number>();
    for (const someone of [...earlyWaiting, ...newcomers]) {
      tickets.set(someone.id, await ticketOf(someone));
    }
    const staying = [...earlyWaiting.filter((_, index) => index % 2 === 1), ...newcomers];
    const ahead = (someone: Created, among: Created[]) =>
      among.filter((other) => (tickets.get(other.id) ?? 0) < (tickets.get(someone.id) ?? 0)).length;

    // Now the list is 1..50 in ticket order, with no gaps.
    const now = new Map<string, number | undefined>();
    for (const someone of staying) now.set(someone.id, await currentPosition(api, someone));
    const byTicket = [...staying].sort((a, b) => ahead(a, staying) - ahead(b, staying));
    expect(byTicket.map((someone) => now.get(someone.id))).toEqual(oneTo(50));

    for (const someone of newcomers) {
      const told = someone.waitlistPosition ?? 0;
      // Never better than the truth: nobody can get ahead of someone after their commit.
      expect(now.get(someone.id)).toBeLessThanOrEqual(told);
      // Never worse than the rank at commit: only those ahead by ticket, left or not, count.
      expect(told).toBeLessThanOrEqual(1 + ahead(someone, [...earlyWaiting, ...newcomers]));
    }
  }, 60_000);
});
