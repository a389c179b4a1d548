import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLiveStore } from '#functions/data/editions/live-store.ts';
import { withRequestDeadline } from '#functions/data/table/retry.ts';
import { InvalidRequestError, TemporarilyUnavailableError } from '#shared/errors.ts';
import { newEvent } from '#shared/events.ts';
import { stubbedDocumentClient } from '../../../support/faults.ts';

/** The live store's answers when DynamoDB refuses, keeps conflicting or loses an answer. */

const TABLE = 'workshop-test';
const { dynamo, client } = stubbedDocumentClient();
const SET_AT = '2030-06-20T09:00:00.000Z';
const delay = { from: 'a-talk', minutes: 10, setAt: SET_AT };
const records = {
  event: (version: number) =>
    newEvent(
      'agenda.delayed',
      2030,
      { from: 'a-talk', minutes: 10, until: null, version },
      new Date(SET_AT),
    ),
  audit: () => ({
    at: SET_AT,
    who: 'organizer',
    action: 'delay',
    target: 'slot a-talk',
    summary: '',
  }),
};
const layerItem = (version: number) => ({ version, delays: '[]' });

const cancelled = (codes: string[], items: Record<number, Record<string, unknown>> = {}) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code, index) => ({
      Code,
      ...(items[index] ? { Item: marshall(items[index]) } : {}),
    })),
  });

async function outcome(work: () => Promise<unknown>): Promise<unknown> {
  try {
    return await work();
  } catch (error) {
    return error;
  }
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({ Item: layerItem(4) });
});

describe('the live store', () => {
  it('answers 400 naming from, not 500, when DynamoDB refuses the item (too large)', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
        name: 'ValidationException',
      }),
    );
    const error = await outcome(() =>
      createLiveStore({ client, tableName: TABLE }).addDelay(2030, delay, records),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).errors).toEqual([
      expect.objectContaining({ name: 'from', in: 'body' }),
    ]);
  });

  it('answers 400 naming from when the transaction reports a validation error on the layer', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ValidationError', 'None', 'None', 'None']));
    const error = await outcome(() =>
      createLiveStore({ client, tableName: TABLE }).addDelay(2030, delay, records),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
  });

  it('retries a conflict with a fresh read, and applies the delay on the version it finds', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: layerItem(4) })
      .resolves({ Item: layerItem(5) });
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['ConditionalCheckFailed', 'None', 'None', 'None']))
      .resolves({});
    const set = await createLiveStore({ client, tableName: TABLE }).addDelay(2030, delay, records);
    expect(set).toMatchObject({ version: 6, delays: [delay] });
    const writes = dynamo.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(2);
    const [first, second] = writes.map((call) => call.args[0].input.TransactItems ?? []);
    // The same audit entry in both attempts: written once whichever lands.
    expect(second?.[3]?.Put?.Item?.sk).toBe(first?.[3]?.Put?.Item?.sk);
    expect(second?.[0]?.Put?.ExpressionAttributeValues).toEqual({ ':previous': 5 });
  });

  it('answers 503 with Retry-After, never 409, when conflicts outlast the deadline', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled(['ConditionalCheckFailed', 'None', 'None', 'None']));
    const error = await outcome(() =>
      withRequestDeadline(300, () =>
        createLiveStore({ client, tableName: TABLE }).addDelay(2030, delay, records),
      ),
    );
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect((error as TemporarilyUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    expect(dynamo.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1);
  });

  it('answers with the version of an attempt that timed out but landed, not applying it twice', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: layerItem(4) })
      .resolves({ Item: { version: 5, delays: JSON.stringify([delay]) } });
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))
      .rejects(
        cancelled(['ConditionalCheckFailed', 'None', 'None', 'ConditionalCheckFailed'], {
          3: { liveVersion: 5 },
        }),
      );
    const set = await createLiveStore({ client, tableName: TABLE }).addDelay(2030, delay, records);
    expect(set).toEqual({ version: 5, delays: [delay] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('merges delays that arrive during a write into the next one, each with its own version', async () => {
    const live = createLiveStore({ client, tableName: TABLE });
    // Before any delay, then after the first write.
    dynamo
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: layerItem(1) });
    dynamo.on(TransactWriteCommand).resolves({});
    const froms = ['a', 'b', 'c', 'd'];
    const sets = await Promise.all(
      froms.map((from) => live.addDelay(2030, { ...delay, from }, records)),
    );
    expect(sets.map((set) => set.version)).toEqual([1, 2, 3, 4]);
    // The first alone, the three that waited for it together: 2 + 2 × 3 actions.
    const writes = dynamo.commandCalls(TransactWriteCommand);
    expect(writes.map((call) => call.args[0].input.TransactItems?.length)).toEqual([4, 8]);
  });

  it('leaves a delay set since alone when a release clears the one it read (expected)', async () => {
    const since = { ...delay, minutes: 25, setAt: '2030-06-20T09:05:00.000Z' };
    dynamo.on(GetCommand).resolves({ Item: { version: 7, delays: JSON.stringify([since]) } });
    const clear = { from: 'a-talk', minutes: 0, setAt: '2030-06-20T09:06:00.000Z' };
    const set = await createLiveStore({ client, tableName: TABLE }).addDelay(2030, clear, {
      ...records,
      expected: delay,
    });
    expect(set).toEqual({ version: 7, delays: [since], skipped: true });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    // The delay it read still in force: cleared.
    dynamo.on(GetCommand).resolves({ Item: { version: 7, delays: JSON.stringify([delay]) } });
    dynamo.on(TransactWriteCommand).resolves({});
    const cleared = await createLiveStore({ client, tableName: TABLE }).addDelay(2030, clear, {
      ...records,
      expected: delay,
    });
    expect(cleared).toMatchObject({ version: 8, delays: [] });
    expect(cleared).not.toHaveProperty('skipped');
  });
});
