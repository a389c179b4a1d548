import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  createSeatCounter,
  legacySeatCounterKey,
} from '#functions/data/registrations/seat-counter.ts';
import { seatsPk } from '#functions/data/table/keys.ts';
import { freshTable } from '../../support/dynamodb.ts';

/**
 * The seat counter has a partition of its own (SEATS#<year>), so that the public function's role
 * can be kept out of every registrant partition. A counter stored before, in REG#<year>, moves at
 * the next publish with its counts: nobody's seat is forgotten.
 */

describe('moving the seat counter out of the registrants partition', () => {
  it('moves a legacy counter, counts and all, then applies the published settings', async () => {
    const table = await freshTable();
    const counter = createSeatCounter(table);
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...legacySeatCounterKey(2030),
          entity: 'edition-state',
          seatCapacity: 10,
          version: 'v1',
          confirmed: 10,
          waitlisted: 3,
          waitTicket: 42,
        },
      }),
    );
    await counter.ensureSeatCounter(2030, { capacity: 12 });

    const legacy = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: legacySeatCounterKey(2030) }),
    );
    expect(legacy.Item).toBeUndefined();
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: seatsPk(2030), sk: 'COUNTER' } }),
    );
    // The version it held before the edition head goes: the head holds it (editions/edition-head.ts).
    expect(Item?.version).toBeUndefined();
    expect(Item).toMatchObject({
      seatCapacity: 12,
      confirmed: 10,
      waitlisted: 3,
      waitTicket: 42,
    });
    expect(await counter.getSeatCounts(2030, true)).toMatchObject({
      capacity: 12,
      confirmed: 10,
      waitlisted: 3,
    });
  });

  it('creates a new counter in its own partition when there is none to move', async () => {
    const table = await freshTable();
    const counter = createSeatCounter(table);
    await counter.ensureSeatCounter(2031, { capacity: 5 });
    expect(await counter.getSeatCounts(2031, true)).toMatchObject({
      capacity: 5,
      confirmed: 0,
      waitlisted: 0,
    });
  });
});
