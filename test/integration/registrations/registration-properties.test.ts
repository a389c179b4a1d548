import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * The registration state machine on random sequences of register, cancel and replay, checked
 * against a model after every step on DynamoDB Local: confirmed never above capacity, strict FIFO
 * promotion, no registrant lost, replays identical and without writes.
 */

type Operation =
  | { kind: 'register' }
  | { kind: 'cancel'; pick: number }
  | { kind: 'replay'; pick: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: 'register' as const }) },
  { weight: 3, arbitrary: fc.nat(50).map((pick) => ({ kind: 'cancel' as const, pick })) },
  { weight: 2, arbitrary: fc.nat(50).map((pick) => ({ kind: 'replay' as const, pick })) },
);

describe('registrations, for any sequence of register, cancel and replay', () => {
  it('match the model: capacity, FIFO promotion, nobody lost, replays without writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(operation, { minLength: 1, maxLength: 18 }),
        async (capacity, operations) => {
          const api = await registrationApi(registrationEdition({ capacity }));
          const confirmed: string[] = [];
          const waitlist: string[] = [];
          const made: {
            id: string;
            token: string;
            body: unknown;
            key: string;
            person: ReturnType<typeof person>;
          }[] = [];
          const cancelled = new Set<string>();

          for (const [step, op] of operations.entries()) {
            if (op.kind === 'register') {
              const someone = person();
              const key = `k-${step}`;
              const response = await api.register(someone, { 'idempotency-key': key });
              const body = (await response.json()) as any;
              expect(response.status).toBe(201);
              const expected =
                confirmed.length < capacity && waitlist.length === 0 ? 'confirmed' : 'waitlisted';
              expect(body.status).toBe(expected);
              (expected === 'confirmed' ? confirmed : waitlist).push(body.id);
              if (expected === 'waitlisted') expect(body.waitlistPosition).toBe(waitlist.length);
              made.push({ id: body.id, token: body.manageToken, body, key, person: someone });
            } else if (op.kind === 'cancel') {
              const active = made.filter((registration) => !cancelled.has(registration.id));
              const target = active[op.pick % Math.max(active.length, 1)];
              if (!target) continue;
              const response = await api.app.request(`/editions/2030/registrations/${target.id}`, {
                method: 'DELETE',
                headers: { authorization: `Bearer ${target.token}` },
              });
              expect(response.status).toBe(200);
              cancelled.add(target.id);
              const seat = confirmed.indexOf(target.id);
              if (seat >= 0) {
                confirmed.splice(seat, 1);
                const next = waitlist.shift();
                if (next) confirmed.push(next);
              } else {
                waitlist.splice(waitlist.indexOf(target.id), 1);
              }
            } else {
              const target = made[op.pick % Math.max(made.length, 1)];
              if (!target) continue;
              const counter = await api.stores.registrations.getSeatCounts(2030);
              const response = await api.register(target.person, { 'idempotency-key': target.key });
              expect(response.status).toBe(201);
              expect(await response.json()).toEqual(target.body);
              expect(await api.stores.registrations.getSeatCounts(2030)).toEqual(counter);
            }
          }

          const counter = await api.stores.registrations.getSeatCounts(2030);
          expect(counter).toEqual({
            capacity,
            confirmed: confirmed.length,
            waitlisted: waitlist.length,
          });
          expect(counter?.confirmed).toBeLessThanOrEqual(capacity);
          const positions = await api.stores.registrations.waitlistPositions(2030);
          for (const registration of made) {
            const stored = await api.stores.registrations.getRegistration(2030, registration.id);
            const expected = cancelled.has(registration.id)
              ? 'cancelled'
              : confirmed.includes(registration.id)
                ? 'confirmed'
                : 'waitlisted';
            expect(stored?.status, registration.id).toBe(expected);
            if (expected === 'waitlisted')
              expect(positions.get(registration.id)).toBe(waitlist.indexOf(registration.id) + 1);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
