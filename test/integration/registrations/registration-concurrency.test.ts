import { describe, expect, it } from 'vitest';
import { registrationsPk } from '#functions/data/table/keys.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/** The capacity guard under real concurrency, on DynamoDB Local. */

const CAPACITY = 50;
const REGISTRANTS = 300;

describe(`${REGISTRANTS} concurrent registrations on a capacity of ${CAPACITY}`, () => {
  it('confirms exactly the capacity, waitlists the rest in order, and promotes the oldest on cancel', async () => {
    const api = await registrationApi(registrationEdition({ capacity: CAPACITY }));
    const people = Array.from({ length: REGISTRANTS }, () => person());
    const responses = await Promise.all(
      people.map((someone, index) =>
        api.register(someone, { 'idempotency-key': `burst-${index}` }),
      ),
    );
    const created = await Promise.all(
      responses.map(async (response) => ({
        status: response.status,
        body: (await response.json()) as any,
      })),
    );
    expect(created.map((reply) => reply.status)).toEqual(Array(REGISTRANTS).fill(201));

    const confirmed = created.filter((reply) => reply.body.status === 'confirmed');
    const waitlisted = created.filter((reply) => reply.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(CAPACITY);
    expect(waitlisted).toHaveLength(REGISTRANTS - CAPACITY);
    expect(await api.stores.registrations.getSeatCounts(api.year)).toEqual({
      capacity: CAPACITY,
      confirmed: CAPACITY,
      waitlisted: REGISTRANTS - CAPACITY,
    });

    // The positions the 201s gave: exactly 1..250, each once, and still each one's position now.
    const positions = await api.stores.registrations.waitlistPositions(api.year);
    const byArrival = [...waitlisted]
      .sort((a, b) => a.body.waitlistPosition - b.body.waitlistPosition)
      .map((reply) => reply.body.id as string);
    expect(byArrival.map((id) => positions.get(id))).toEqual(
      Array.from({ length: REGISTRANTS - CAPACITY }, (_, index) => index + 1),
    );

    // Replays and duplicates write nothing.
    const itemsBefore = await partitionItems(api.table, registrationsPk(api.year));
    const replays = await Promise.all(
      people
        .slice(0, 20)
        .map((someone, index) => api.register(someone, { 'idempotency-key': `burst-${index}` })),
    );
    expect(replays.map((response) => response.status)).toEqual(Array(20).fill(201));
    const duplicates = await Promise.all(
      people.slice(20, 40).map((someone) => api.register(someone)),
    );
    expect(duplicates.map((response) => response.status)).toEqual(Array(20).fill(409));
    expect(await partitionItems(api.table, registrationsPk(api.year))).toEqual(itemsBefore);

    // Ten confirmed people cancel at once: the ten oldest waiting take their seats.
    await Promise.all(
      confirmed.slice(0, 10).map((reply) =>
        api.app.request(`/editions/${api.year}/registrations/${reply.body.id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${reply.body.manageToken}` },
        }),
      ),
    );
    expect(await api.stores.registrations.getSeatCounts(api.year)).toEqual({
      capacity: CAPACITY,
      confirmed: CAPACITY,
      waitlisted: REGISTRANTS - CAPACITY - 10,
    });
    const statuses = await Promise.all(
      byArrival.map(
        async (id) => (await api.stores.registrations.getRegistration(api.year, id))?.status,
      ),
    );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill('confirmed'));
    expect(statuses.slice(10)).toEqual(Array(REGISTRANTS - CAPACITY - 10).fill('waitlisted'));
    const after = await api.stores.registrations.waitlistPositions(api.year);
    expect(byArrival.slice(10).map((id) => after.get(id))).toEqual(
      Array.from({ length: REGISTRANTS - CAPACITY - 10 }, (_, index) => index + 1),
    );
  }, 120_000);
});
