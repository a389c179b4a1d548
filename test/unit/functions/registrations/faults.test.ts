import { ThrottlingException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createOnlineAccessStore } from '#functions/data/editions/online-access.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { withRequestDeadline } from '#functions/data/table/retry.ts';
import { createRegistrationApp } from '#functions/registrations/app.ts';
import { createRegistrationService } from '#functions/registrations/service.ts';
import { TemporarilyUnavailableError } from '#shared/errors.ts';
import { stubbedDocumentClient } from '../../../support/faults.ts';
import { storedItems } from '../../../support/published.ts';
import {
  person,
  REGISTRATION_OPEN_AT,
  registrationEdition,
} from '../../../support/registration-app.ts';

/**
 * What DynamoDB Local never does: conflicting transactions, throttling, timeouts. The SDK is
 * mocked; the store retries a bounded number of times, then the API answers 503 + Retry-After.
 */

const TABLE = 'workshop-test';
const { dynamo, client } = stubbedDocumentClient();
let app: ReturnType<typeof createRegistrationApp>;

/** A fresh app per test: the store's seat hint and the service's settings cache start empty. */
function freshApp() {
  const editions = createEditionStore({ client, tableName: TABLE });
  const registrations = createRegistrationStore({ client, tableName: TABLE });
  return createRegistrationApp({
    service: createRegistrationService({
      editions,
      registrations,
      onlineAccess: createOnlineAccessStore({ client, tableName: TABLE }),
      clock: () => REGISTRATION_OPEN_AT,
      publicUrl: 'http://localhost',
      emailHashKey: 'k',
    }),
  });
}
const meta = storedItems(registrationEdition()).item('META');

const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }],
  });

beforeEach(() => {
  app = freshApp();
  dynamo.reset();
  dynamo.on(GetCommand, { Key: { pk: 'EDITION#2030', sk: 'META' } }).resolves({ Item: meta });
  dynamo
    .on(GetCommand, { Key: { pk: 'SEATS#2030', sk: 'COUNTER' } })
    .resolves({ Item: { seatCapacity: 2, confirmed: 0, waitlisted: 0 } });
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(QueryCommand).resolves({ Count: 0 });
});

const register = (headers: Record<string, string> = {}) =>
  app.request('/editions/2030/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(person()),
  });

describe('transient DynamoDB failures', () => {
  it('retries a conflicting transaction and succeeds', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});
    const response = await register();
    expect(response.status).toBe(201);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('answers 503 with Retry-After after bounded retries, and writes nothing outside the transaction', async () => {
    dynamo.on(TransactWriteCommand).rejects(conflict());
    const response = await register();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as any).type).toBe('/problems/temporarily-unavailable');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 5);
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
    expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('answers 503 when reads stay throttled', async () => {
    dynamo
      .on(GetCommand, { Key: { pk: 'SEATS#2030', sk: 'COUNTER' } })
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const response = await register();
    expect(response.status).toBe(503);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it.each([
    ['a refused connection', { code: 'ECONNREFUSED' }],
    ['a reset connection', { code: 'ECONNRESET' }],
    ['a timeout', { name: 'TimeoutError' }],
  ])(
    'answers 503 with Retry-After when reads keep failing with %s, never 500',
    async (_, fields) => {
      dynamo.reset();
      dynamo.on(GetCommand).rejects(Object.assign(new Error('connect failed'), fields));
      const response = await withRequestDeadline(300, async () => register());
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(JSON.stringify(await response.json())).not.toMatch(/ECONN|connect failed/);
    },
  );

  it('answers 503, not 500, when a cancellation keeps losing the race for the waiting-list head', async () => {
    const registrations = createRegistrationStore({ client, tableName: TABLE });
    dynamo
      .on(GetCommand, { Key: { pk: 'REG#2030', sk: 'REG#someone' } })
      .resolves({ Item: { id: 'someone', year: 2030, status: 'confirmed', history: [] } });
    dynamo.on(QueryCommand).resolves({ Items: [{ sk: 'WAIT#first', registrationId: 'first' }] });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const started = Date.now();
    await expect(
      withRequestDeadline(500, () => registrations.cancel(2030, 'someone', REGISTRATION_OPEN_AT)),
    ).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
    // It backed off between rounds instead of spinning: a handful of rounds in half a second.
    const rounds = dynamo.commandCalls(TransactWriteCommand).length;
    expect(rounds).toBeGreaterThan(1);
    expect(rounds).toBeLessThan(40);
  });

  it('recovers from a timeout', async () => {
    const timeout = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    dynamo.on(TransactWriteCommand).rejectsOnce(timeout).resolves({});
    expect((await register()).status).toBe(201);
  });

  it('frees the idempotency key when it gives up, so that the client can retry', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(conflict());
    expect((await register({ 'idempotency-key': 'k-503' })).status).toBe(503);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'SET lockedUntil = :zero',
    });
  });

  it('does not retry what is not transient: a failed condition on the email claim is a duplicate', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed' },
          { Code: 'None' },
        ],
      }),
    );
    const response = await register();
    expect(response.status).toBe(409);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('sends the registration and its message as one transaction with conditional writes', async () => {
    await register();
    const input = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    expect(input?.TransactItems?.map((item) => Object.keys(item)[0])).toEqual([
      'Put',
      'Put',
      'Update',
      'Put',
      'Put',
    ]);
    expect(input?.TransactItems?.[3]?.Put?.Item).toMatchObject({
      pk: 'EVENTS#2030',
      type: 'registration.confirmed',
    });
    // The attendee's message, in the same transaction: no registration without its message.
    expect(input?.TransactItems?.[4]?.Put).toMatchObject({
      Item: { pk: 'MAIL#2030', kind: 'confirmed', state: 'pending' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(input?.TransactItems?.[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.TransactItems?.[1]?.Put?.Item?.sk).toMatch(/^EMAIL#[0-9a-f]{64}$/);
    expect(input?.TransactItems?.[2]?.Update?.ConditionExpression).toBe(
      'seatCapacity = :capacity AND confirmed <= :atMost AND waitlisted = :zero',
    );
  });
});
