import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RegistrationRecord } from '#functions/data/registrations/registration-items.ts';
import { createRegistrationReads } from '#functions/data/registrations/registration-reads.ts';
import { createRegistrationTransactions } from '#functions/data/registrations/registration-transactions.ts';
import { createSeatCounter } from '#functions/data/registrations/seat-counter.ts';
import type { QueuedMail } from '#shared/mail/queued.ts';
import { stubbedDocumentClient } from '../../../support/faults.ts';

/** Concurrent cancellations in one process commit together, against a mocked DynamoDB. */

const TABLE = 'workshop-test';
const { dynamo, client } = stubbedDocumentClient();
const AT = new Date('2030-05-02T10:00:00Z');

function transactions(mails: QueuedMail[] = []) {
  const table = { client, tableName: TABLE };
  return createRegistrationTransactions({
    ...table,
    events: { committed: () => {} },
    // The transactions hand over whole messages; the sink's type promises only year and id.
    mails: { committed: (queued) => mails.push(...(queued as QueuedMail[])) },
    counter: createSeatCounter(table),
    reads: createRegistrationReads(table),
  });
}

const record = (
  id: string,
  status: RegistrationRecord['status'],
  waitTicket?: number,
): RegistrationRecord => ({
  id,
  year: 2030,
  status,
  name: 'Ada',
  email: 'ada@example.org',
  emailKey: `key-${id}`,
  audience: 'developers',
  tokenHash: 'hash',
  ...(waitTicket === undefined ? {} : { waitTicket }),
  createdAt: '2030-05-01T10:00:00Z',
  history: [{ status, at: '2030-05-01T10:00:00Z' }],
  expiresAt: 1,
});

const entry = (ticket: number, registrationId: string) => ({
  sk: `WAIT#${String(ticket).padStart(16, '0')}`,
  registrationId,
});

const calls = () => dynamo.commandCalls(TransactWriteCommand);
const itemsOf = (call: number) => calls()[call]?.args[0].input.TransactItems ?? [];
const counterOf = (call: number) =>
  itemsOf(call).filter((item) => item.Update?.Key?.sk === 'COUNTER');
const promotedIn = (call: number) =>
  itemsOf(call)
    .filter((item) => item.Update?.ExpressionAttributeValues?.[':status'] === 'confirmed')
    .map((item) => item.Update?.Key?.sk);

beforeEach(() => {
  dynamo.reset();
  dynamo.on(TransactWriteCommand).resolves({});
});

describe('concurrent cancellations', () => {
  it('commit together: the counter moved once, the heads of the waiting list promoted in ticket order', async () => {
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [entry(1, 'H1'), entry(2, 'W2'), entry(3, 'H2'), entry(4, 'H3')] });
    const mails: QueuedMail[] = [];
    const store = transactions(mails);
    const answers = await Promise.all([
      store.cancel(2030, 'A', AT, record('A', 'confirmed')),
      store.cancel(2030, 'B', AT, record('B', 'confirmed')),
      store.cancel(2030, 'C', AT, record('C', 'confirmed')),
      store.cancel(2030, 'W2', AT, record('W2', 'waitlisted', 2)),
    ]);

    expect(answers.map((answer) => answer?.status)).toEqual(answers.map(() => 'cancelled'));
    expect(calls()).toHaveLength(1);
    // A, B and C give their seats to H1, H2 and H3; W2, who cancels in the same group, is passed
    // over. The query asked for as many heads as seats, and one more for each waiting canceller.
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(4);
    expect(promotedIn(0)).toEqual(['REG#H1', 'REG#H2', 'REG#H3']);
    expect(counterOf(0)).toHaveLength(1);
    expect(counterOf(0)[0]?.Update).toMatchObject({
      UpdateExpression: 'SET waitlisted = waitlisted - :left',
      ConditionExpression: 'waitlisted >= :left',
      ExpressionAttributeValues: { ':left': 4 },
    });
    // One item per key: DynamoDB refuses a transaction that names an item twice.
    const keys = itemsOf(0).map((item) => {
      const key = item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key;
      return `${key?.pk} ${key?.sk}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      mails.filter((mail) => mail.kind === 'promoted').map((mail) => mail.registrationId),
    ).toEqual(['H1', 'H2', 'H3']);
  });

  it('frees the seats no head takes, on the condition that nobody waits then', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [entry(6, 'A'), entry(7, 'W7')] });
    const store = transactions();
    await Promise.all([
      store.cancel(2030, 'A', AT, record('A', 'waitlisted', 6)),
      store.cancel(2030, 'B', AT, record('B', 'confirmed')),
      store.cancel(2030, 'C', AT, record('C', 'confirmed')),
    ]);

    expect(calls()).toHaveLength(1);
    expect(promotedIn(0)).toEqual(['REG#W7']);
    expect(counterOf(0)[0]?.Update).toMatchObject({
      ConditionExpression: 'waitlisted = :left AND confirmed >= :freed',
      ExpressionAttributeValues: { ':freed': 1, ':left': 2 },
    });
  });

  it('answer a repeat like the first cancel, with one transaction', async () => {
    const store = transactions();
    const confirmedA = record('A', 'confirmed');
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const [first, repeat] = await Promise.all([
      store.cancel(2030, 'A', AT, confirmedA),
      store.cancel(2030, 'A', AT, confirmedA),
    ]);
    // A repeat that read the registration before the commit answers the same, without writing.
    const late = await store.cancel(2030, 'A', AT, confirmedA);

    expect(calls()).toHaveLength(1);
    expect(first).toMatchObject({ id: 'A', status: 'cancelled', cancelledAt: AT.toISOString() });
    expect(first).not.toHaveProperty('email');
    expect(repeat).toEqual(first);
    expect(late).toEqual(first);
  });

  it('read a registration refused in the group again, and write the others again', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [entry(1, 'H1'), entry(2, 'H2')] });
    // B's status changed meanwhile (cancelled elsewhere): the group's first try is refused there.
    const cancelledB = { ...record('B', 'cancelled'), cancelledAt: '2030-05-02T09:00:00.000Z' };
    delete cancelledB.email;
    dynamo.on(GetCommand).resolves({ Item: { pk: 'REG#2030', sk: 'REG#B', ...cancelledB } });
    const store = transactions();
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
        }),
      )
      .resolves({});
    const [b, c] = await Promise.all([
      store.cancel(2030, 'B', AT, record('B', 'confirmed')),
      store.cancel(2030, 'C', AT, record('C', 'confirmed')),
    ]);

    expect(b).toMatchObject({
      id: 'B',
      status: 'cancelled',
      cancelledAt: '2030-05-02T09:00:00.000Z',
    });
    expect(c).toMatchObject({ id: 'C', status: 'cancelled', cancelledAt: AT.toISOString() });
    expect(calls()).toHaveLength(2);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { sk: 'REG#B' },
      ConsistentRead: true,
    });
    // C alone now: one seat, one head.
    expect(promotedIn(1)).toEqual(['REG#H1']);
  });
});
