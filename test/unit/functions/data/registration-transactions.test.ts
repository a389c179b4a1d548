import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewRegistration } from '#functions/data/registrations/registration-items.ts';
import { waitTicketOf } from '#functions/data/registrations/registration-items.ts';
import { createRegistrationReads } from '#functions/data/registrations/registration-reads.ts';
import { createRegistrationTransactions } from '#functions/data/registrations/registration-transactions.ts';
import {
  createSeatCounter,
  seatCountsOf,
  seatsOf,
} from '#functions/data/registrations/seat-counter.ts';
import { waitTickets } from '#functions/data/registrations/wait-tickets.ts';
import { stubbedDocumentClient } from '../../../support/faults.ts';

/** Joining the waiting list with a ticket and a known position, against a mocked DynamoDB. */

const TABLE = 'workshop-test';
const { dynamo, client } = stubbedDocumentClient();
const NOW = 1_000;

function transactions() {
  const table = { client, tableName: TABLE };
  return createRegistrationTransactions({
    ...table,
    events: { committed: () => {} },
    mails: { committed: () => {} },
    counter: createSeatCounter(table),
    reads: createRegistrationReads(table),
    tickets: waitTickets(() => NOW),
  });
}

const input = (id: string): NewRegistration => ({
  year: 2030,
  id,
  name: 'Ada',
  email: 'ada@example.org',
  audience: 'developers',
  tokenHash: 'hash',
  emailKey: `key-${id}`,
  expiresAt: 1,
  now: new Date('2030-05-01T10:00:00Z'),
});

const full = { seatCapacity: 2, confirmed: 2, waitlisted: 3 };

/** A join cancelled on the counter's condition, which reports the counter as it found it. */
const joinRefused = (counter: Record<string, unknown>) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [
      { Code: 'None' },
      { Code: 'None' },
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Item: marshall(counter) },
      { Code: 'None' },
    ],
  });

const transactItems = (call: number) =>
  dynamo.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({ Item: full });
  dynamo.on(TransactWriteCommand).resolves({});
});

describe('joining the waiting list', () => {
  it('writes WAIT#<ticket> and the ticket, on the condition that it is above the counter’s and that exactly the people it read wait', async () => {
    const outcome = await transactions().register(input('01A'));

    expect(outcome).toEqual({ status: 'waitlisted', waitTicket: 1_000_000, waitlistPosition: 4 });
    const [registration, , entry, seatCounter] = transactItems(0);
    expect(registration?.Put?.Item).toMatchObject({ id: '01A', waitTicket: 1_000_000 });
    expect(entry?.Put?.Item).toMatchObject({ sk: 'WAIT#0000000001000000', registrationId: '01A' });
    expect(seatCounter?.Update).toMatchObject({
      UpdateExpression: 'SET waitlisted = waitlisted + :count, waitTicket = :ticket',
      ConditionExpression: expect.stringContaining(
        '(attribute_not_exists(waitTicket) OR waitTicket < :firstTicket)',
      ),
      ExpressionAttributeValues: expect.objectContaining({
        ':ticket': 1_000_000,
        ':firstTicket': 1_000_000,
        ':count': 1,
        ':waiting': 3,
      }),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(seatCounter?.Update?.ConditionExpression).toContain('waitlisted = :waiting');
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('joins the next registration behind the one it committed, without reading', async () => {
    const store = transactions();
    await store.register(input('01G'));
    const second = await store.register(input('01H'));

    expect(second).toMatchObject({ status: 'waitlisted', waitlistPosition: 5 });
    expect(transactItems(1)[3]?.Update?.ExpressionAttributeValues?.[':waiting']).toBe(4);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('when others joined or left meanwhile, tries again at once without counting on the number waiting', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(joinRefused({ ...full, waitlisted: 1, waitTicket: 900_000 }))
      .resolves({});

    const outcome = await transactions().register(input('01I'));

    // Its position is read after its commit (registration-store.ts), as the list then stands.
    expect(outcome).toEqual({ status: 'waitlisted', waitTicket: 1_000_001 });
    expect(transactItems(1)[3]?.Update?.ConditionExpression).not.toContain(':waiting');
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('when overtaken, tries again at once above the ticket the counter holds, without reading it', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(joinRefused({ ...full, waitTicket: 7_000_000 }))
      .resolves({});

    const outcome = await transactions().register(input('01B'));

    // Overtaken by another function's join: it no longer counts on the number waiting.
    expect(outcome).toEqual({ status: 'waitlisted', waitTicket: 7_000_001 });
    expect(transactItems(1)[3]?.Update?.ConditionExpression).not.toContain(':waiting');
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
    expect(transactItems(1)[2]?.Put?.Item?.sk).toBe('WAIT#0000000007000001');
  });

  it('takes a seat at once when the refusal shows one came free', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(joinRefused({ seatCapacity: 2, confirmed: 1, waitlisted: 0, waitTicket: 5 }))
      .resolves({});

    expect(await transactions().register(input('01C'))).toEqual({ status: 'confirmed' });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('refuses with the waiting list full when the refusal shows it full', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(joinRefused({ ...full, waitlisted: 4, waitTicket: 5 }))
      .resolves({});

    await expect(transactions().register({ ...input('01J'), waitlistLimit: 4 })).rejects.toThrow(
      'The waiting list is full.',
    );
  });

  it('reads the counter again when the refusal does not show it', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [
            { Code: 'None' },
            { Code: 'None' },
            { Code: 'None' },
            { Code: 'ConditionalCheckFailed' },
          ],
        }),
      )
      .resolves({});

    expect(await transactions().register(input('01F'))).toMatchObject({ status: 'waitlisted' });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('cancels a waiting registration by deleting the entry its ticket names', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const waiting = {
      id: '01D',
      year: 2030,
      status: 'waitlisted' as const,
      audience: 'developers',
      tokenHash: 'hash',
      waitTicket: 42,
      createdAt: '2030-05-01T10:00:00Z',
      history: [],
      expiresAt: 1,
    };

    await transactions().cancel(2030, '01D', new Date('2030-05-02T10:00:00Z'), waiting);

    expect(transactItems(0).map((item) => item.Delete?.Key?.sk)).toContain('WAIT#0000000000000042');
  });
});

describe('batches', () => {
  it('writes registrations that arrive together in one transaction, at consecutive positions', async () => {
    const store = transactions();
    const outcomes = await Promise.all(
      ['01K', '01L', '01M'].map((id) => store.register(input(id))),
    );

    expect(
      outcomes.map((outcome) => 'waitlistPosition' in outcome && outcome.waitlistPosition),
    ).toEqual([4, 5, 6]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const counter = transactItems(0)[3]?.Update;
    expect(counter?.ExpressionAttributeValues).toMatchObject({ ':count': 3, ':waiting': 3 });
    const entries = transactItems(0).flatMap((item) =>
      String(item.Put?.Item?.sk ?? '').startsWith('WAIT#') ? [item.Put?.Item?.registrationId] : [],
    );
    expect(entries).toEqual(['01K', '01L', '01M']);
  });

  it('refuses a duplicate address alone and writes the others again at once', async () => {
    const reasons = Array.from({ length: 16 }, () => ({ Code: 'None' }));
    // The second registration's claim: after the first's five actions and the counter.
    reasons[7] = { Code: 'ConditionalCheckFailed' };
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: reasons,
        }),
      )
      .resolves({});
    dynamo.on(GetCommand, { Key: { pk: 'REG#2030', sk: 'REG#01O' } }).resolves({});
    const store = transactions();
    const [first, duplicate, third] = await Promise.allSettled(
      ['01N', '01O', '01P'].map((id) => store.register(input(id))),
    );

    expect(duplicate).toMatchObject({
      status: 'rejected',
      reason: { name: 'AlreadyRegisteredError' },
    });
    expect(first).toMatchObject({ value: { waitlistPosition: 4 } });
    expect(third).toMatchObject({ value: { waitlistPosition: 5 } });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('answers 503, not a duplicate, when the address is taken by its own earlier attempt', async () => {
    const reasons = Array.from({ length: 6 }, () => ({ Code: 'None' }));
    // Its claim refused: an attempt that timed out had committed after all.
    reasons[1] = { Code: 'ConditionalCheckFailed' };
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: reasons,
      }),
    );
    dynamo
      .on(GetCommand, { Key: { pk: 'REG#2030', sk: 'REG#01Q' } })
      .resolves({ Item: { pk: 'REG#2030', sk: 'REG#01Q', id: '01Q', status: 'waitlisted' } });
    await expect(transactions().register(input('01Q'))).rejects.toMatchObject({
      name: 'TemporarilyUnavailableError',
    });
  });

  it('gives up alone when one of its own items is refused, and writes the others again', async () => {
    const reasons = Array.from({ length: 12 }, () => ({ Code: 'None' }));
    // The second registration's idempotency completion, after its registration, claim and entry.
    reasons[9] = { Code: 'ConditionalCheckFailed' };
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: reasons,
        }),
      )
      .resolves({});
    const store = transactions();
    const claim = { year: 2030, keyHash: 'k', requestHash: 'r' };
    const [first, stale] = await Promise.allSettled([
      store.register(input('01T')),
      store.register(input('01U'), claim),
    ]);

    expect(stale).toMatchObject({
      status: 'rejected',
      reason: { name: 'TemporarilyUnavailableError' },
    });
    expect(first).toMatchObject({ value: { waitlistPosition: 4 } });
  });

  it('takes as many free seats as it knows of, and sends the rest to the waiting list', async () => {
    dynamo.on(GetCommand).resolves({ Item: { seatCapacity: 2, confirmed: 1, waitlisted: 0 } });
    const store = transactions();
    const outcomes = await Promise.all(['01Q', '01R'].map((id) => store.register(input(id))));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['confirmed', 'waitlisted']);
    expect(transactItems(0)[2]?.Update).toMatchObject({
      ConditionExpression:
        'seatCapacity = :capacity AND confirmed <= :atMost AND waitlisted = :zero',
      ExpressionAttributeValues: { ':count': 1, ':capacity': 2, ':atMost': 1, ':zero': 0 },
    });
    expect(transactItems(1)[3]?.Update?.ExpressionAttributeValues).toMatchObject({ ':waiting': 0 });
  });
});

describe('cancelling a confirmed registration', () => {
  it('frees the seat without looking for a waiting head when its last registration found seats free', async () => {
    dynamo.on(GetCommand).resolves({ Item: { seatCapacity: 5, confirmed: 1, waitlisted: 0 } });
    const store = transactions();
    await store.register(input('01S'));
    const confirmed = {
      id: '01S',
      year: 2030,
      status: 'confirmed' as const,
      audience: 'developers',
      tokenHash: 'hash',
      createdAt: '2030-05-01T10:00:00Z',
      history: [],
      expiresAt: 1,
    };

    await store.cancel(2030, '01S', new Date('2030-05-02T10:00:00Z'), confirmed);

    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
    const counter = transactItems(1).find((item) => item.Update?.Key?.sk === 'COUNTER');
    expect(counter?.Update).toMatchObject({
      UpdateExpression: 'SET confirmed = confirmed - :freed, waitlisted = waitlisted - :left',
      ConditionExpression: 'waitlisted = :left AND confirmed >= :freed',
      ExpressionAttributeValues: { ':freed': 1, ':left': 0 },
    });
  });
});

describe('seatsOf', () => {
  it.each([
    [
      { kind: 'free', capacity: 2, confirmed: 1 },
      { seatCapacity: 2, confirmed: 1, waitlisted: 0 },
      undefined,
    ],
    [{ kind: 'waiting', waitlisted: 0 }, { seatCapacity: 2, confirmed: 2, waitlisted: 0 }, 4],
    [{ kind: 'waiting', waitlisted: 3 }, { ...full, waitTicket: 9 }, undefined],
    [{ kind: 'waiting', waitlisted: 3 }, { ...full, waitTicket: 9 }, 4],
    [{ kind: 'list-full' }, { ...full, waitTicket: 9 }, 3],
  ])('is %o for a counter %o and a limit of %s', (expected, counter, limit) => {
    expect(seatsOf(seatCountsOf(counter), limit)).toEqual(expected);
  });
});

describe('waitTicketOf', () => {
  it('refuses a waiting registration without a ticket (stored before tickets existed)', () => {
    expect(() =>
      waitTicketOf({
        id: '01E',
        year: 2030,
        status: 'waitlisted',
        audience: 'developers',
        tokenHash: 'hash',
        createdAt: '2030-05-01T10:00:00Z',
        history: [],
        expiresAt: 1,
      }),
    ).toThrow('without a ticket');
  });
});
