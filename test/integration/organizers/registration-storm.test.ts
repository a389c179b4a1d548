import { describe, expect, it } from 'vitest';
import type { NewRegistration } from '#functions/data/registrations/registration-items.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { withRequestDeadline } from '#functions/data/table/retry.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { base, registerAll } from '../../support/registration-admin.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * A storm on DynamoDB Local (issue 24): organizers cancel (each person twice), promote and change
 * the capacity up and down while people register, through the app (one process, group commits)
 * and through a second store (another function instance, its own knowledge of the counter). No
 * answer is a 5xx, nobody is confirmed beyond the capacity, no seat stays free while someone
 * waits, the counter matches the records, and every promotion is mailed and announced once.
 */

const CAPACITY = 10;
const DEADLINE_MS = 120_000;

describe('cancels, promotes and capacity changes racing registrations', () => {
  it('never oversells and keeps the counter, the waiting list and the messages true', async () => {
    // A generous deadline per request: the machine is shared, and a 503 here must mean a race
    // lost for good, not a slow minute.
    const api = await registrationApi(
      registrationEdition({ capacity: CAPACITY, waitlistLimit: 1_000 }),
      {},
      { requestBudgetMs: DEADLINE_MS },
    );
    const ids = await registerAll(
      api,
      Array.from({ length: 40 }, () => person()),
    );
    const confirmed = ids.slice(0, CAPACITY);
    const waiting = ids.slice(CAPACITY);
    const instance = createRegistrationStore({
      client: api.table.client,
      tableName: api.table.tableName,
    });
    const input = (index: number): NewRegistration => ({
      year: api.year,
      id: `01storm${String(index).padStart(19, '0')}`,
      name: 'Someone',
      email: `storm-${index}@example.org`,
      audience: 'developers',
      tokenHash: 'hash',
      emailKey: `storm-key-${index}`,
      expiresAt: 4_100_000_000,
      now: new Date(),
      waitlistLimit: 1_000,
    });

    const cancelled = [...confirmed.slice(0, 6), ...waiting.slice(0, 6)];
    const promoted = waiting.slice(6, 16);
    const promotedElsewhere = waiting.slice(16, 21);
    const organizer = (method: string, path: string, body?: unknown) =>
      api.organizer(method, `${base(api)}${path}`, body);
    const [cancels, promotes, capacities, newcomers, elsewhere] = await Promise.all([
      Promise.all(
        [...cancelled, ...cancelled].map((id) =>
          organizer('POST', `/registrations/${id}/cancel`, { reason: 'duplicate' }),
        ),
      ),
      Promise.all(promoted.map((id) => organizer('POST', `/registrations/${id}/promote`))),
      Promise.all([14, 12, 20, 11, 16].map((seats) => organizer('PUT', '/capacity', { seats }))),
      Promise.all(Array.from({ length: 40 }, () => api.register(person()))),
      Promise.all([
        ...Array.from({ length: 20 }, (_, index) =>
          withRequestDeadline(DEADLINE_MS, () => instance.register(input(index))).then(
            () => 201,
            (error: Error) => error.name,
          ),
        ),
        ...promotedElsewhere.map((id) =>
          withRequestDeadline(DEADLINE_MS, () => instance.promote(api.year, id, new Date())).then(
            (outcome) => outcome.result,
            (error: Error) => error.name,
          ),
        ),
      ]),
    ]);

    // No 5xx, and each answer one the route documents.
    const statuses = [...cancels, ...promotes, ...capacities].map((answer) => answer.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(newcomers.map((answer) => answer.status)).toEqual(newcomers.map(() => 201));
    expect(elsewhere.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(
      elsewhere
        .slice(20)
        .filter((result) => !['promoted', 'no-seat', 'not-waiting'].includes(String(result))),
    ).toEqual([]);
    // Each person cancelled once: one 200, the repeat a 409 naming status.
    for (const id of cancelled) {
      const answers = cancels.filter((_, index) => [...cancelled, ...cancelled][index] === id);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      expect(answers.find((answer) => answer.status === 409)?.body.field).toBe('status');
    }
    for (const answer of promotes) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(['capacity', 'status']).toContain(answer.body.field);
    }
    for (const answer of capacities) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(answer.body.field).toBe('seats');
    }

    // The counter is the records, within its capacity; nobody waits beside a free seat.
    const counter = await api.stores.registrations.getSeatCounts(api.year);
    const records = await api.stores.registrations.allRegistrations(api.year);
    const count = (status: string) => records.filter((record) => record.status === status).length;
    expect(counter).toEqual({
      capacity: counter?.capacity,
      confirmed: count('confirmed'),
      waitlisted: count('waitlisted'),
    });
    expect(count('confirmed')).toBeLessThanOrEqual(counter?.capacity ?? 0);
    expect(count('waitlisted') === 0 || count('confirmed') === counter?.capacity).toBe(true);
    expect(count('cancelled')).toBe(cancelled.length);
    const positions = await api.stores.registrations.waitlistPositions(api.year);
    expect([...positions.keys()].sort()).toEqual(
      records
        .filter((record) => record.status === 'waitlisted')
        .map((record) => record.id)
        .sort(),
    );

    // Every promotion (waiting, then confirmed) mailed and announced once.
    const wasPromoted = records
      .filter((record) =>
        record.history.some(
          (step, index) =>
            step.status === 'confirmed' && record.history[index - 1]?.status === 'waitlisted',
        ),
      )
      .map((record) => record.id)
      .sort();
    expect(wasPromoted.length).toBeGreaterThan(0);
    const mails = await partitionItems(api.table, `MAIL#${api.year}`);
    const promotionMails = mails
      .filter((mail) => mail.kind === 'promoted')
      .map((mail) => String(mail.registrationId))
      .sort();
    expect(promotionMails).toEqual(wasPromoted);
    const events = await partitionItems(api.table, `EVENTS#${api.year}`);
    expect(
      events
        .filter((event) => event.type === 'registration.promoted')
        .map((event) => String((event.data as { registrationId: string }).registrationId))
        .sort(),
    ).toEqual(wasPromoted);
    // The audit trail holds each change that was made, and only those.
    const audit = await partitionItems(api.table, `AUDIT#${api.year}`);
    const actions = (action: string) => audit.filter((entry) => entry.action === action).length;
    expect(actions('registration.cancel')).toBe(cancelled.length);
    expect(actions('registration.promote')).toBe(promotes.filter((a) => a.status === 200).length);
    expect(actions('capacity.change')).toBe(capacities.filter((a) => a.status === 200).length);
  }, 600_000);
});
