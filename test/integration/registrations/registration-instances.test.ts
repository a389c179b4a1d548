import { describe, expect, it } from 'vitest';
import type { NewRegistration } from '#functions/data/registrations/registration-items.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { withRequestDeadline } from '#functions/data/table/retry.ts';
import { registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * Many functions at once, as in Lambda: each instance its own store (its own knowledge of the
 * counter, its own tickets) and one request at a time, all on one table of DynamoDB Local. What
 * one instance knows is wrong as soon as another commits; the counter's conditions correct it.
 */

const INSTANCES = 8;
const EACH = 8;
const CAPACITY = 10;

describe(`${INSTANCES} instances registering ${EACH} each, one at a time, on a capacity of ${CAPACITY}`, () => {
  it('confirms exactly the capacity and tells the waiting positions 1..n, each once, as the list stands', async () => {
    const api = await registrationApi(
      registrationEdition({ capacity: CAPACITY, waitlistLimit: 1_000 }),
    );
    const instances = Array.from({ length: INSTANCES }, () =>
      createRegistrationStore({ client: api.table.client, tableName: api.table.tableName }),
    );
    const input = (instance: number, index: number): NewRegistration => ({
      year: api.year,
      id: `01inst${instance}x${String(index).padStart(3, '0')}`,
      name: 'Someone',
      email: `instance-${instance}-${index}@example.org`,
      audience: 'developers',
      tokenHash: 'hash',
      emailKey: `key-${instance}-${index}`,
      expiresAt: 4_100_000_000,
      now: new Date(),
      waitlistLimit: 1_000,
    });
    const results = await Promise.all(
      instances.map(async (store, instance) => {
        const told: { id: string; status: string; position?: number }[] = [];
        for (let index = 0; index < EACH; index += 1) {
          const registration = input(instance, index);
          const result = await withRequestDeadline(20_000, () => store.register(registration));
          told.push({
            id: registration.id,
            status: result.kind,
            ...(result.kind === 'waitlisted' ? { position: result.waitlistPosition } : {}),
          });
        }
        return told;
      }),
    );

    const all = results.flat();
    const waiting = all.filter((result) => result.status === 'waitlisted');
    expect(all.filter((result) => result.status === 'confirmed')).toHaveLength(CAPACITY);
    expect(waiting).toHaveLength(INSTANCES * EACH - CAPACITY);
    expect(waiting.map((result) => result.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: waiting.length }, (_, index) => index + 1),
    );
    const positions = await api.stores.registrations.waitlistPositions(api.year);
    for (const result of waiting) expect(positions.get(result.id)).toBe(result.position);
    expect(await api.stores.registrations.getSeatCounts(api.year)).toEqual({
      capacity: CAPACITY,
      confirmed: CAPACITY,
      waitlisted: waiting.length,
    });
  }, 60_000);
});
