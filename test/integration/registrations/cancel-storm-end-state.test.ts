import { describe, expect, it } from 'vitest';
import { stormFaults } from '../../../bench/lib/storm-end-state.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * The storm of bench/cancel-storm.ts, small, on DynamoDB Local: a full house of 15 and 30 waiting;
 * the 15 confirmed and every other waiting person cancel at once (30), 20 of them send the same
 * DELETE twice, concurrently, while 10 newcomers register. No 5xx, every repeat answers what the
 * first did, and the end state is exact by the bench's own check (bench/lib/storm-end-state.ts),
 * which a counter off by one fails.
 */

const CAPACITY = 15;

interface Created {
  id: string;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition?: number;
  manageToken: string;
}

describe('a small cancellation storm: 30 cancellations, 20 repeats, 10 registrations', () => {
  it('answers no 5xx, repeats answer like the first, and the end state is exact', async () => {
    const api = await registrationApi(registrationEdition({ capacity: CAPACITY }));
    const created = await Promise.all(
      Array.from(
        { length: 45 },
        async () => (await api.register(person())).json() as Promise<Created>,
      ),
    );
    const confirmed = created.filter((someone) => someone.status === 'confirmed');
    const waiting = created
      .filter((someone) => someone.status === 'waitlisted')
      .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
    expect([confirmed.length, waiting.length]).toEqual([CAPACITY, 30]);

    const leavingWaiting = waiting.filter((_, index) => index % 2 === 1);
    const stayingWaiting = waiting.filter((_, index) => index % 2 === 0);
    const leaving = [...confirmed, ...leavingWaiting];
    const repeated = leaving.filter((_, index) => index % 3 !== 2).slice(0, 20);
    const storm = [...leaving, ...repeated].sort(() => Math.random() - 0.5);
    const cancel = (someone: Created) =>
      api.app.request(`/editions/${api.year}/registrations/${someone.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${someone.manageToken}` },
      });
    const [cancellations, newcomers] = await Promise.all([
      Promise.all(storm.map(cancel)),
      Promise.all(Array.from({ length: 10 }, () => api.register(person()))),
    ]);

    expect(storm).toHaveLength(50);
    expect(cancellations.map((response) => response.status)).toEqual(storm.map(() => 200));
    expect(newcomers.map((response) => response.status)).toEqual(newcomers.map(() => 201));
    const answers = new Map<string, unknown[]>();
    for (const [index, response] of cancellations.entries()) {
      const body = (await response.json()) as { id: string; status: string };
      expect(body).toMatchObject({ id: storm[index]?.id, status: 'cancelled' });
      answers.set(body.id, [...(answers.get(body.id) ?? []), body]);
    }
    expect(answers.size).toBe(30);
    for (const bodies of answers.values())
      for (const body of bodies) expect(body).toEqual(bodies[0]);

    const records = await api.stores.registrations.allRegistrations(api.year);
    const counter = await api.stores.registrations.getSeatCounts(api.year);
    // The 15 who stayed waiting took the 15 seats; the 10 newcomers wait behind nobody else.
    expect(counter).toEqual({ capacity: CAPACITY, confirmed: CAPACITY, waitlisted: 10 });
    const mails = (await partitionItems(api.table, `MAIL#${api.year}`)).map((mail) => ({
      kind: String(mail.kind),
      registrationId: String(mail.registrationId),
    }));
    expect(mails.filter((mail) => mail.kind === 'cancelled')).toHaveLength(30);
    const endState = { records, counter, mails, capacity: CAPACITY, leaving, stayingWaiting };
    expect(stormFaults(endState)).toEqual([]);
    // The check sees a counter that lost a seat.
    const offByOne = { ...endState, counter: { confirmed: CAPACITY - 1, waitlisted: 10 } };
    expect(stormFaults(offByOne)).toHaveLength(1);
  }, 60_000);

  it('shares one eventually consistent read of a registration among requests at the same time', async () => {
    const api = await registrationApi(registrationEdition({ capacity: CAPACITY }));
    const { id } = (await (await api.register(person())).json()) as Created;
    const reads: boolean[] = [];
    api.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand')
          reads.push(Boolean((args.input as { ConsistentRead?: boolean }).ConsistentRead));
        return next(args);
      },
      { step: 'initialize', name: 'countReads' },
    );
    const { registrations } = api.stores;
    const together = await Promise.all(
      [1, 2, 3].map(() => registrations.getRegistration(api.year, id)),
    );
    expect(together.map((record) => record?.id)).toEqual([id, id, id]);
    expect(reads).toEqual([false]);
    // Nothing is kept once the read is done, and a consistent read is never shared.
    await registrations.getRegistration(api.year, id);
    await Promise.all([1, 2].map(() => registrations.getRegistration(api.year, id, true)));
    expect(reads).toEqual([false, false, true, true]);
  });
});
