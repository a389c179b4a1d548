import { describe, expect, it } from 'vitest';
import { partitionItems } from '../../support/dynamodb.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * The cancellation storm on DynamoDB Local (issue 20): 100 confirmed and 100 waitlisted people
 * cancel at once, 150 of them twice, while 80 newcomers register: 430 requests against one app.
 * None answers 5xx (before, 1 to 174 of them were 503: cancellations in one process took turns,
 * one transaction each). Every repeat answers like the first cancel, the counter matches the
 * records, the seats went to the oldest waiting people in ticket order, and each promoted person's
 * message was queued once.
 */

const CAPACITY = 100;

interface Created {
  id: string;
  status: 'confirmed' | 'waitlisted';
  manageToken: string;
}

describe('200 concurrent cancellations, 150 repeats and 80 new registrations', () => {
  it('all complete without a 5xx, the counts hold, and the waiting list stays first in, first out', async () => {
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
    expect(leaving).toHaveLength(200);
    const cancel = (someone: Created) =>
      api.app.request(`/editions/${api.year}/registrations/${someone.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${someone.manageToken}` },
      });
    const repeated = [...leaving].sort(() => Math.random() - 0.5).slice(0, 150);
    const storm = [...leaving, ...repeated].sort(() => Math.random() - 0.5);
    const [cancellations, newcomers] = await Promise.all([
      Promise.all(storm.map(cancel)),
      Promise.all(Array.from({ length: 80 }, () => api.register(person()))),
    ]);

    const statuses = [...cancellations, ...newcomers].map((response) => response.status);
    expect(statuses).toHaveLength(430);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(cancellations.map((response) => response.status)).toEqual(storm.map(() => 200));
    expect(newcomers.map((response) => response.status)).toEqual(newcomers.map(() => 201));

    // A repeat answers like the first cancel: the same cancelled registration, no personal data.
    const answers = new Map<string, unknown[]>();
    for (const [index, response] of cancellations.entries()) {
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ id: storm[index]?.id, status: 'cancelled' });
      expect(body).not.toHaveProperty('name');
      expect(body).not.toHaveProperty('email');
      answers.set(String(body.id), [...(answers.get(String(body.id)) ?? []), body]);
    }
    expect(answers.size).toBe(200);
    for (const [, bodies] of answers) for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect([...answers.values()].filter((bodies) => bodies.length === 2)).toHaveLength(150);

    const newcomerBodies = await Promise.all(
      newcomers.map(async (response) => (await response.json()) as Created),
    );
    // Nobody who waited left with a seat free: every newcomer waits.
    expect(newcomerBodies.map((body) => body.status)).toEqual(newcomers.map(() => 'waitlisted'));
    const newcomerIds = newcomerBodies.map((body) => body.id);

    // All 100 who stayed are confirmed now, and the newcomers wait behind them.
    const counter = await api.stores.registrations.getSeatCounts(api.year);
    expect(counter).toEqual({ capacity: CAPACITY, confirmed: CAPACITY, waitlisted: 80 });
    const records = await api.stores.registrations.allRegistrations(api.year);
    const byId = new Map(records.map((record) => [record.id, record]));
    expect(staying.map((someone) => byId.get(someone.id)?.status)).toEqual(
      staying.map(() => 'confirmed'),
    );
    // The newcomers in the order they joined the waiting list: by ticket, which is commit order.
    const ticket = (id: string) => byId.get(id)?.waitTicket ?? Number.NaN;
    const byTicket = [...newcomerIds].sort((a, b) => ticket(a) - ticket(b));
    const positions = await api.stores.registrations.waitlistPositions(api.year);
    expect(byTicket.map((id) => positions.get(id))).toEqual(
      Array.from({ length: 80 }, (_, index) => index + 1),
    );
    const count = (status: string) => records.filter((record) => record.status === status).length;
    expect([count('confirmed'), count('waitlisted'), count('cancelled')]).toEqual([
      CAPACITY,
      80,
      leaving.length,
    ]);
    for (const record of records.filter((each) => each.status === 'cancelled')) {
      expect(record.name ?? record.email ?? record.affiliation).toBeUndefined();
    }

    // The promotion messages, in the order they were queued: one per promoted person, the heads
    // of the waiting list in ticket order, every one who stayed among them.
    const mails = await partitionItems(api.table, `MAIL#${api.year}`);
    const promoted = mails
      .filter((mail) => mail.kind === 'promoted')
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .map((mail) => String(mail.registrationId));
    expect(new Set(promoted).size).toBe(promoted.length);
    const promotedTickets = promoted.map(ticket);
    expect(promotedTickets).toEqual([...promotedTickets].sort((a, b) => a - b));
    expect(staying.filter((someone) => !promoted.includes(someone.id))).toEqual([]);
    // Only waiting people were promoted, and none of the newcomers, who joined behind them.
    expect(promoted.filter((id) => !waitlisted.some((someone) => someone.id === id))).toEqual([]);
    // One cancellation message per person who left, not one per request.
    const cancelledMails = mails.filter((mail) => mail.kind === 'cancelled');
    expect(cancelledMails).toHaveLength(leaving.length);
  }, 180_000);
});
