import { describe, expect, it } from 'vitest';
import { person, registrationApi, registrationEdition } from '../support/registration-app.ts';

/**
 * A storm of cancellations on DynamoDB Local: 100 confirmed and 100 waitlisted people cancel at
 * once, 50 of them twice, while 30 newcomers register. Every cancellation completes (no 500, no
 * 503), the counter matches the records, and the seats went to the oldest waiting people.
 */

const CAPACITY = 100;

interface Created {
  id: string;
  status: 'confirmed' | 'waitlisted';
  manageToken: string;
}

describe('200 concurrent cancellations with repeats and new registrations', () => {
  it('all complete, the counts hold, and the waiting list stays first in, first out', async () => {
    const api = await registrationApi(
      registrationEdition({ capacity: CAPACITY, waitlistLimit: 1_000 }),
    );
    const created: Created[] = [];
    // In order, so that arrival order is the order of this list.
    for (let index = 0; index < 300; index += 1) {
      const response = await api.register(person());
      expect(response.status).toBe(201);
      created.push((await response.json()) as Created);
    }
    const confirmed = created.filter((someone) => someone.status === 'confirmed');
    const waitlisted = created.filter((someone) => someone.status === 'waitlisted');
    expect(confirmed).toHaveLength(CAPACITY);
    expect(waitlisted).toHaveLength(200);

    // Every other waiting person leaves: the seats must go to the ones who stay, oldest first.
    const leaving = [...confirmed, ...waitlisted.filter((_, index) => index % 2 === 1)];
    const staying = waitlisted.filter((_, index) => index % 2 === 0);
    const cancel = (someone: Created) =>
      api.app.request(`/editions/${api.year}/registrations/${someone.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${someone.manageToken}` },
      });
    const storm = [...leaving, ...leaving.slice(0, 50)].sort(() => Math.random() - 0.5);
    const [cancellations, newcomers] = await Promise.all([
      Promise.all(storm.map(cancel)),
      Promise.all(Array.from({ length: 30 }, () => api.register(person()))),
    ]);

    expect(cancellations.map((response) => response.status)).toEqual(storm.map(() => 200));
    for (const response of cancellations) {
      expect(((await response.json()) as { status: string }).status).toBe('cancelled');
    }
    expect(newcomers.map((response) => response.status)).toEqual(newcomers.map(() => 201));
    const newcomerIds = await Promise.all(
      newcomers.map(async (response) => ((await response.json()) as Created).id),
    );

    // All 100 who stayed are confirmed now, and the newcomers wait behind them.
    const counter = await api.stores.registrations.getSeatCounts(api.year);
    expect(counter).toEqual({ capacity: CAPACITY, confirmed: CAPACITY, waitlisted: 30 });
    const statuses = await Promise.all(
      staying.map(
        async (someone) =>
          (await api.stores.registrations.getRegistration(api.year, someone.id))?.status,
      ),
    );
    expect(statuses).toEqual(staying.map(() => 'confirmed'));
    // In the order they joined the waiting list: by ticket, which is commit order.
    const tickets = new Map<string, number>();
    for (const id of newcomerIds) {
      const record = await api.stores.registrations.getRegistration(api.year, id);
      tickets.set(id, record?.waitTicket ?? Number.NaN);
    }
    const byTicket = [...newcomerIds].sort((a, b) => (tickets.get(a) ?? 0) - (tickets.get(b) ?? 0));
    const positions = await api.stores.registrations.waitlistPositions(api.year);
    expect(byTicket.map((id) => positions.get(id))).toEqual(
      Array.from({ length: 30 }, (_, index) => index + 1),
    );
    const records = await api.stores.registrations.allRegistrations(api.year);
    const count = (status: string) => records.filter((record) => record.status === status).length;
    expect([count('confirmed'), count('waitlisted'), count('cancelled')]).toEqual([
      CAPACITY,
      30,
      leaving.length,
    ]);
    for (const record of records.filter((each) => each.status === 'cancelled')) {
      expect(record.name ?? record.email ?? record.affiliation).toBeUndefined();
    }
  }, 120_000);
});
