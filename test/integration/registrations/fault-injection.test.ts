import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { registrationsPk } from '#functions/data/table/keys.ts';
import { createWebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import { freshTable, partitionItems } from '../../support/dynamodb.ts';
import { faultInjector, throttled } from '../../support/faults.ts';
import { person, registrationApi, registrationEdition } from '../../support/registration-app.ts';

/**
 * Faults injected between the steps of a registration, on the real DynamoDB Local: the client gets
 * a 503 with Retry-After, and afterwards the invariants hold and a retry with the same
 * Idempotency-Key finishes the job without a second registration.
 */

async function apiWithFaults() {
  const api = await registrationApi(registrationEdition({ capacity: 1 }));
  const faults = faultInjector(api.table.client);
  const items = () => partitionItems(api.table, registrationsPk(2030));
  return { api, items, ...faults };
}

describe('faults between the steps of a registration', () => {
  it('after the transaction, before the answer: 503, then the retry replays without a second write', async () => {
    const { api, items, loseAnswers } = await apiWithFaults();
    await api.register(person());
    const someone = person();
    // The transaction commits; its answer, and the answers of its retries, never arrive.
    loseAnswers((command) =>
      command === 'TransactWriteItemsCommand'
        ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
        : undefined,
    );
    const failed = await api.register(someone, { 'idempotency-key': 'between-steps' });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    loseAnswers(() => undefined);

    const before = await items();
    const retried = await api.register(someone, { 'idempotency-key': 'between-steps' });
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as any).status).toBe('waitlisted');
    expect(await items()).toEqual(before);
    expect(await api.stores.registrations.getSeatCounts(2030)).toEqual({
      capacity: 1,
      confirmed: 1,
      waitlisted: 1,
    });
    expect(before.filter((item) => String(item.sk).startsWith('REG#'))).toHaveLength(2);
  });

  it('conflicting transactions until the retries run out: 503, nothing written, then it succeeds', async () => {
    const { api, items, inject } = await apiWithFaults();
    const before = await items();
    inject((command) =>
      command === 'TransactWriteItemsCommand'
        ? new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict' }],
          })
        : undefined,
    );
    const someone = person();
    const failed = await api.register(someone);
    expect(failed.status).toBe(503);
    expect(await items()).toEqual(before);
    inject(() => undefined);
    expect((await api.register(someone)).status).toBe(201);
    expect(await api.stores.registrations.getSeatCounts(2030)).toEqual({
      capacity: 1,
      confirmed: 1,
      waitlisted: 0,
    });
  });

  it('a cancellation that fails before its transaction leaves the seat taken and can be retried', async () => {
    const { api, inject } = await apiWithFaults();
    const first = (await (await api.register(person())).json()) as any;
    await api.register(person());
    inject((command) => (command === 'QueryCommand' ? throttled() : undefined));
    const path = `/editions/2030/registrations/${first.id}`;
    const headers = { authorization: `Bearer ${first.manageToken}` };
    expect((await api.app.request(path, { method: 'DELETE', headers })).status).toBe(503);
    inject(() => undefined);
    expect(await api.stores.registrations.getSeatCounts(2030)).toEqual({
      capacity: 1,
      confirmed: 1,
      waitlisted: 1,
    });
    expect((await api.app.request(path, { method: 'DELETE', headers })).status).toBe(200);
    expect(await api.stores.registrations.getSeatCounts(2030)).toEqual({
      capacity: 1,
      confirmed: 1,
      waitlisted: 0,
    });
  });
});

describe('a webhook secret rotation whose answer is lost', () => {
  it('keeps the old secret as the previous one when the retry finds the rotation landed', async () => {
    const table = await freshTable();
    const webhooks = createWebhookStore(table);
    const now = new Date('2030-06-01T10:00:00Z');
    const { id } = await webhooks.createSubscription(
      2030,
      { url: 'https://hooks.example/in', events: ['release.published'], secret: 'whsec_old' },
      'organizer',
      now,
    );
    const faults = faultInjector(table.client);
    // The first attempt is done in DynamoDB; its answer never arrives, so the client retries.
    let lost = 0;
    faults.loseAnswers((command) =>
      command === 'UpdateItemCommand' && lost++ === 0
        ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
        : undefined,
    );
    const until = new Date('2030-06-02T10:00:00Z');
    const rotated = await webhooks.rotateSecret(2030, id, 'whsec_new', now, until);
    expect(lost).toBeGreaterThan(0);
    expect(rotated).toMatchObject({ secret: 'whsec_new', previousSecret: 'whsec_old' });
    expect(await webhooks.getSubscription(2030, id)).toMatchObject({
      secret: 'whsec_new',
      previousSecret: 'whsec_old',
      previousSecretExpiresAt: until.toISOString(),
    });
  });
});
