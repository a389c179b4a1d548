import { beforeAll, describe, expect, it } from 'vitest';
import { createIdempotencyStore } from '#functions/data/registrations/idempotency-store.ts';
import { freshTable } from '../../support/dynamodb.ts';

/**
 * Claiming an Idempotency-Key on DynamoDB Local when an attempt's answer was lost: the retry of
 * the same claim (same owner) holds the key; another request with the key finds it in flight.
 */

let store: ReturnType<typeof createIdempotencyStore>;
const NOW = new Date('2030-05-01T12:00:00Z');
const claim = { year: 2030, keyHash: 'a'.repeat(64), requestHash: 'b'.repeat(64) };

beforeAll(async () => {
  const table = await freshTable();
  store = createIdempotencyStore({ client: table.client, tableName: table.tableName });
});

describe('an Idempotency-Key claim', () => {
  it('is held by its own retry after a write whose answer was lost, and by nobody else', async () => {
    expect(await store.claimIdempotencyKey(claim, NOW, 'owner-1')).toEqual({ claimed: true });
    // The same claim tried again (its first answer lost): still ours.
    expect(await store.claimIdempotencyKey(claim, NOW, 'owner-1')).toEqual({ claimed: true });
    // Another request with the same key finds it in flight.
    const other = await store.claimIdempotencyKey(claim, NOW, 'owner-2');
    expect(other).toMatchObject({ claimed: false, record: { state: 'in_flight' } });
  });
});
