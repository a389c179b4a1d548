import {
  ConditionalCheckFailedException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAgendaStore } from '#functions/data/editions/agenda-store.ts';
import { withoutRetries, withRequestDeadline } from '#functions/data/table/retry.ts';
import { TemporarilyUnavailableError } from '#shared/errors.ts';
import { draft } from '../../../support/drafts/draft-fixtures.ts';
import { stubbedDocumentClient } from '../../../support/faults.ts';

/**
 * The client's retry middleware (client.ts, retry.ts): every call of the client is retried the
 * same way, without a wrapper at the call site, and the few writes that must not be are not.
 */

const TABLE = 'workshop-test';
const { dynamo, client } = stubbedDocumentClient();
const get = () => client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'a', sk: 'b' } }));
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
const timeout = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const transaction = () =>
  client.send(
    new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: TABLE, Item: { pk: 'a', sk: 'b' } } }],
    }),
  );

beforeEach(() => {
  dynamo.reset();
});

describe('the client retries every call', () => {
  it('retries a throttled call of a store that calls client.send as it is', async () => {
    dynamo.on(GetCommand).rejectsOnce(throttled()).rejectsOnce(timeout()).resolves({ Item: {} });
    await expect(get()).resolves.toMatchObject({ Item: {} });
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 3);
  });

  it('gives up at the request deadline with a 503 that keeps the cause', async () => {
    dynamo.on(GetCommand).rejects(timeout());
    const error = await withRequestDeadline(150, get).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' });
    const attempts = dynamo.commandCalls(GetCommand).length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(5);
  });

  it('stops after five attempts', async () => {
    dynamo.on(GetCommand).rejects(throttled());
    await expect(withRequestDeadline(60_000, get)).rejects.toBeInstanceOf(
      TemporarilyUnavailableError,
    );
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 5);
  });

  it('throws a refused condition at once', async () => {
    dynamo.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
    );
    await expect(
      client.send(new PutCommand({ TableName: TABLE, Item: { pk: 'a', sk: 'b' } })),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('retries a transaction cancelled by a conflict, not one cancelled by its condition', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict')).resolves({});
    await transaction();
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 2);

    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));
    await expect(transaction()).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

describe('calls that must not be retried', () => {
  it('are attempted once inside withoutRetries, a passing failure a 503', async () => {
    dynamo.on(GetCommand).rejectsOnce(throttled()).resolves({ Item: {} });
    await expect(withoutRetries(get)).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
  });

  it('a release whose answer was lost is not written again under the next number', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    // The first attempt landed, its answer was lost: a second would find the number taken.
    dynamo
      .on(PutCommand)
      .rejectsOnce(timeout())
      .rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    const agenda = createAgendaStore({ client, tableName: TABLE });
    const release = {
      name: 'First',
      comment: '',
      releasedAt: '2030-01-01T00:00:00.000Z',
      releasedBy: 'organizer',
      origin: 'api' as const,
      forced: false,
      source: draft(),
    };
    await expect(agenda.createRelease(2030, release)).rejects.toBeInstanceOf(
      TemporarilyUnavailableError,
    );
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
  });
});
