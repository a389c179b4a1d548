import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { STATUS_INDEX } from '#functions/contract.ts';
import { AlreadyRegisteredError, InvalidRequestError, WaitlistFullError } from '#shared/errors.ts';
import { newEvent, type WebhookEvent } from '#shared/events.ts';
import type { RegistrationStatus, SeatCounts } from '#shared/registration/rules.ts';
import { ULID_PATTERN } from '#shared/ulid.ts';
import { DYNAMODB_LIMITS } from './client.ts';
import {
  emailClaimSk,
  IDEMPOTENCY_SK,
  idempotencyPk,
  REGISTRATION_SK_PREFIX,
  registrationIdOf,
  registrationSk,
  registrationsPk,
  SEAT_COUNTER_SK,
  statusIndexPk,
  WAITLIST_SK_PREFIX,
  waitlistSk,
} from './keys.ts';
import { type EventSink, eventPutItem, streamDelivered } from './outbox.ts';
import {
  backoffDelay,
  cancellationCodes,
  deadlineFrom,
  sleep,
  unavailable,
  withRetries,
} from './retry.ts';

/**
 * Registrations, in the same table as the editions but in partitions of their own, so that the
 * agenda Query never reads them. No key holds personal data: email claims are keyed by an HMAC.
 *
 * | entity             | pk                        | sk              | gsi1pk / gsi1sk            |
 * |--------------------|---------------------------|-----------------|----------------------------|
 * | seat counter       | REG#<year>                | COUNTER         |                            |
 * | registration       | REG#<year>                | REG#<id>        | REGSTATUS#<year>#<status> / <id> |
 * | email claim        | REG#<year>                | EMAIL#<hmac>    |                            |
 * | waiting-list entry | REG#<year>                | WAIT#<id>       |                            |
 * | idempotency record | IDEMPOTENCY#<year>#<hash> | IDEMPOTENCY     |                            |
 *
 * | access pattern                  | operation                                                  |
 * |---------------------------------|------------------------------------------------------------|
 * | seats left, waiting list length | GetItem COUNTER                                            |
 * | register (seat free)            | TransactWriteItems: put registration + email claim, counter confirmed+1 if < capacity and nobody waits |
 * | register (full)                 | TransactWriteItems: put registration + email claim + WAIT#<id>, counter waitlisted+1 if full |
 * | waiting-list position           | Query COUNT of WAIT# entries up to one's own               |
 * | read own registration           | GetItem REG#<id>                                           |
 * | cancel                          | TransactWriteItems: erase personal data, delete the email claim, and either counter waitlisted-1 (was waiting), confirmed-1 (nobody waits) or promote the oldest WAIT# entry in the same transaction |
 * | organizer list (all / status)   | Query REG#<year> begins_with REG#  /  Query gsi1 REGSTATUS#<year>#<status> |
 * | idempotency                     | conditional PutItem claim; completion inside the registration transaction |
 *
 * Every change of the counter is conditional, so no interleaving can confirm more than capacity,
 * leave a seat free while someone waits, or promote one person twice. Registration ids are
 * ULIDs, so WAIT#<id> entries sort in arrival order: the waiting list is first in, first out,
 * and a position is a rank (no gaps, no duplicates).
 */

export interface RegistrationRecord {
  id: string;
  year: number;
  status: RegistrationStatus;
  name?: string;
  email?: string;
  affiliation?: string;
  audience: string;
  tokenHash: string;
  /** HMAC of the normalised email, to free its claim on cancel; removed with the email. */
  emailKey?: string;
  createdAt: string;
  confirmedAt?: string;
  cancelledAt?: string;
  history: { status: RegistrationStatus; at: string }[];
  expiresAt: number;
}

export interface NewRegistration {
  year: number;
  id: string;
  name: string;
  email: string;
  affiliation?: string;
  audience: string;
  tokenHash: string;
  /** HMAC of the normalised email: the uniqueness key. */
  emailKey: string;
  expiresAt: number;
  now: Date;
  waitlistLimit?: number;
}

export interface RegistrationOutcome {
  status: 'confirmed' | 'waitlisted';
}

export interface StoredResponse {
  statusCode: number;
  /** Encrypted by the caller: it may hold a manage token. */
  body: string;
}

export interface IdempotencyRecord {
  state: 'in_flight' | 'done';
  requestHash: string;
  lockedUntil: number;
  expiresAt: number;
  storedReply?: StoredResponse;
}

export interface IdempotencyClaim {
  year: number;
  keyHash: string;
  requestHash: string;
}

export interface SeatCounterSettings {
  version: string;
  /** 0 for an edition without registration. */
  capacity: number;
  opensAt?: string;
  closesAt?: string;
}

export interface SeatCounter extends SeatCounts, Omit<SeatCounterSettings, 'capacity'> {}

export interface RegistrationPage {
  items: RegistrationRecord[];
  /** The id of the page's last registration when more may follow: the next page starts after it. */
  last: string | null;
}

/**
 * A register or cancel round reads the state and tries one conditional transaction; one that lost
 * a race waits a jittered backoff before it reads again, so that a storm of cancellations competing
 * for the head of the waiting list spreads out instead of colliding again at once.
 */
async function waitBeforeNextRound(round: number, deadline: number): Promise<void> {
  const delay = backoffDelay(round, 10, 250);
  if (Date.now() + delay >= deadline) throw unavailable();
  await sleep(delay);
}

/**
 * How long a claimed Idempotency-Key stays locked: as long as the request holding it may still
 * write (its deadline, one attempt's timeout, and a margin for a write DynamoDB applies late).
 * After that a retry with the key takes over; a request that committed has completed the key in
 * its own transaction, so the retry replays instead.
 */
function idempotencyLeaseMs(): number {
  return deadlineFrom() - Date.now() + DYNAMODB_LIMITS.requestTimeoutMs + 2_000;
}
const IDEMPOTENCY_KEEP_SECONDS = 25 * 60 * 60;

export interface RegistrationStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Told about the webhook events each committed change wrote to the outbox. */
  events?: EventSink;
}

export type RegistrationStore = ReturnType<typeof createRegistrationStore>;

export function createRegistrationStore({
  client,
  tableName,
  events = streamDelivered,
}: RegistrationStoreOptions) {
  const outbox = (event: WebhookEvent) => eventPutItem(tableName, event);
  const counterKey = (year: number) => ({ pk: registrationsPk(year), sk: SEAT_COUNTER_SK });
  /**
   * What the last registration found per edition: seats free, or full. It only saves a read:
   * the conditions in the transaction decide, and a failed one clears it.
   */
  const lastSeen = new Map<number, 'free' | 'full'>();
  const registrationKey = (year: number, id: string) => ({
    pk: registrationsPk(year),
    sk: registrationSk(id),
  });

  async function getSeatCounts(year: number, consistent = false): Promise<SeatCounts | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: counterKey(year), ConsistentRead: consistent }),
    );
    return (
      Item && {
        capacity: Item.seatCapacity,
        confirmed: Item.confirmed,
        waitlisted: Item.waitlisted,
      }
    );
  }

  /**
   * The whole seat counter: seat counts and capacity, and what the public pages' ETags hang on
   * (the published version and the registration window), so that a revalidation (304) costs one
   * small read. Publishing sets capacity, version and window and keeps the counts; the same file
   * published again writes nothing.
   */
  async function getSeatCounter(year: number): Promise<SeatCounter | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: counterKey(year) }),
    );
    if (!Item) return undefined;
    return {
      version: String(Item.version ?? ''),
      capacity: Item.seatCapacity,
      confirmed: Item.confirmed,
      waitlisted: Item.waitlisted,
      ...(Item.opensAt ? { opensAt: Item.opensAt, closesAt: Item.closesAt } : {}),
    };
  }

  async function ensureSeatCounter(year: number, settings: SeatCounterSettings): Promise<void> {
    const window =
      settings.opensAt && settings.closesAt
        ? { ':opensAt': settings.opensAt, ':closesAt': settings.closesAt }
        : undefined;
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: counterKey(year),
          UpdateExpression:
            'SET entity = :entity, seatCapacity = :capacity, version = :version, ' +
            'confirmed = if_not_exists(confirmed, :zero), waitlisted = if_not_exists(waitlisted, :zero)' +
            (window ? ', opensAt = :opensAt, closesAt = :closesAt' : ' REMOVE opensAt, closesAt'),
          ConditionExpression:
            'attribute_not_exists(pk) OR seatCapacity <> :capacity OR version <> :version',
          ExpressionAttributeValues: {
            ':entity': 'edition-state',
            ':capacity': settings.capacity,
            ':version': settings.version,
            ':zero': 0,
            ...window,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException')
        throw error;
    }
  }

  function registrationItem(input: NewRegistration, outcome: RegistrationOutcome) {
    const at = input.now.toISOString();
    const record: RegistrationRecord = {
      id: input.id,
      year: input.year,
      status: outcome.status,
      name: input.name,
      email: input.email,
      ...(input.affiliation === undefined ? {} : { affiliation: input.affiliation }),
      audience: input.audience,
      tokenHash: input.tokenHash,
      emailKey: input.emailKey,
      createdAt: at,
      ...(outcome.status === 'confirmed' ? { confirmedAt: at } : {}),
      history: [{ status: outcome.status, at }],
      expiresAt: input.expiresAt,
    };
    return {
      ...registrationKey(input.year, input.id),
      entity: 'registration',
      [STATUS_INDEX.partitionKey]: statusIndexPk(input.year, outcome.status),
      [STATUS_INDEX.sortKey]: input.id,
      ...record,
    };
  }

  /**
   * Stores the reply for replays. Inside the registration transaction it must still be in flight
   * (so that it completes once); afterwards only the owner of the request may refine it.
   */
  function idempotencyCompletion(
    claim: IdempotencyClaim,
    response: StoredResponse,
    inTransaction: boolean,
  ) {
    return {
      TableName: tableName,
      Key: { pk: idempotencyPk(claim.year, claim.keyHash), sk: IDEMPOTENCY_SK },
      UpdateExpression: 'SET #state = :done, storedReply = :response',
      ConditionExpression: `${inTransaction ? '#state = :inFlight AND ' : ''}requestHash = :requestHash`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':requestHash': claim.requestHash,
        ':response': response,
        ...(inTransaction ? { ':inFlight': 'in_flight' } : {}),
      },
    };
  }

  /**
   * Confirms when a seat is free and nobody waits, otherwise joins the waiting list. The optional
   * idempotency completion commits in the same transaction as the registration.
   */
  async function register(
    input: NewRegistration,
    completion?: {
      claim: IdempotencyClaim;
      response: (outcome: RegistrationOutcome) => StoredResponse;
    },
  ): Promise<RegistrationOutcome> {
    const pk = registrationsPk(input.year);
    const emailClaim = {
      Put: {
        TableName: tableName,
        Item: {
          pk,
          sk: emailClaimSk(input.emailKey),
          entity: 'email-claim',
          registrationId: input.id,
          expiresAt: input.expiresAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const extra = (outcome: RegistrationOutcome) =>
      completion
        ? [{ Update: idempotencyCompletion(completion.claim, completion.response(outcome), true) }]
        : [];

    const deadline = deadlineFrom();
    for (let round = 1; ; round += 1) {
      let seats = lastSeen.get(input.year);
      if (seats === undefined) {
        const counter = await withRetries(() => getSeatCounts(input.year, true));
        if (!counter) {
          throw new Error(`No seat counter for edition ${input.year}: publish the edition first.`);
        }
        seats = counter.confirmed < counter.capacity && counter.waitlisted === 0 ? 'free' : 'full';
        if (
          seats === 'full' &&
          input.waitlistLimit !== undefined &&
          counter.waitlisted >= input.waitlistLimit
        ) {
          throw new WaitlistFullError('The waiting list is full.');
        }
      }
      const outcome: RegistrationOutcome = {
        status: seats === 'free' ? 'confirmed' : 'waitlisted',
      };
      const event = newEvent(
        `registration.${outcome.status}`,
        input.year,
        { registrationId: input.id, status: outcome.status },
        input.now,
      );
      const transaction = [
        {
          Put: {
            TableName: tableName,
            Item: registrationItem(input, outcome),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        emailClaim,
        ...(seats === 'free' ? confirmItems(input) : waitlistItems(input)),
        ...extra(outcome),
        outbox(event),
      ];
      // The same token on every retry of this transaction: one that timed out after committing
      // succeeds again instead of failing its own conditions.
      const token = randomUUID();
      try {
        await withRetries(
          () =>
            client.send(
              new TransactWriteCommand({ TransactItems: transaction, ClientRequestToken: token }),
            ),
          { deadline },
        );
        lastSeen.set(input.year, seats);
        events.committed([event]);
        return outcome;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes.length === 0) throw error;
        if (codes[1] === 'ConditionalCheckFailed') {
          throw new AlreadyRegisteredError(
            'This email address is already registered for this edition.',
          );
        }
        // A failed confirm means the seats are gone (or people wait): join the list next. A
        // failed join means a seat came free or the list filled up: read the counter again.
        if (seats === 'free') lastSeen.set(input.year, 'full');
        else lastSeen.delete(input.year);
      }
      await waitBeforeNextRound(round, deadline);
    }
  }

  /** The counter takes a seat only while one is free and nobody waits. */
  function confirmItems(input: NewRegistration) {
    return [
      {
        Update: {
          TableName: tableName,
          Key: counterKey(input.year),
          UpdateExpression: 'SET confirmed = confirmed + :one',
          ConditionExpression: 'confirmed < seatCapacity AND waitlisted = :zero',
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        },
      },
    ];
  }

  /** A waiting-list entry, accepted only while no seat is free and the list has room. */
  function waitlistItems(input: NewRegistration) {
    const limit = input.waitlistLimit === undefined ? '' : ' AND waitlisted < :limit';
    return [
      {
        Put: {
          TableName: tableName,
          Item: {
            pk: registrationsPk(input.year),
            sk: waitlistSk(input.id),
            entity: 'waitlist-entry',
            registrationId: input.id,
            expiresAt: input.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: counterKey(input.year),
          UpdateExpression: 'SET waitlisted = waitlisted + :one',
          ConditionExpression: `(confirmed >= seatCapacity OR waitlisted > :zero)${limit}`,
          ExpressionAttributeValues: {
            ':one': 1,
            ':zero': 0,
            ...(input.waitlistLimit === undefined ? {} : { ':limit': input.waitlistLimit }),
          },
        },
      },
    ];
  }

  async function waitlistPosition(year: number, id: string): Promise<number> {
    let position = 0;
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: {
        ':pk': registrationsPk(year),
        ':first': WAITLIST_SK_PREFIX,
        ':last': waitlistSk(id),
      },
      Select: 'COUNT',
      ConsistentRead: true,
    };
    for await (const page of paginateQuery({ client }, input)) position += page.Count ?? 0;
    return position;
  }

  /** Registration id -> position, for the whole waiting list (organizer views). */
  async function waitlistPositions(year: number): Promise<Map<string, number>> {
    const positions = new Map<string, number>();
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': registrationsPk(year), ':prefix': WAITLIST_SK_PREFIX },
      ConsistentRead: true,
    };
    for await (const page of paginateQuery({ client }, input)) {
      for (const item of page.Items ?? []) positions.set(item.registrationId, positions.size + 1);
    }
    return positions;
  }

  async function getRegistration(year: number, id: string, consistent = false) {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: registrationKey(year, id),
        ConsistentRead: consistent,
      }),
    );
    return Item && toRecord(Item);
  }

  /** A history entry and status change, as the Update expression parts every transition shares. */
  function transition(status: RegistrationStatus, year: number, at: string) {
    return {
      set: '#status = :status, gsi1pk = :statusPk, history = list_append(history, :entry)',
      values: {
        ':status': status,
        ':statusPk': statusIndexPk(year, status),
        ':entry': [{ status, at }],
      },
    };
  }

  function promotion(year: number, head: { sk: string; registrationId: string }, at: string) {
    const promoted = transition('confirmed', year, at);
    return [
      {
        Delete: {
          TableName: tableName,
          Key: { pk: registrationsPk(year), sk: head.sk },
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: registrationKey(year, head.registrationId),
          UpdateExpression: `SET ${promoted.set}, confirmedAt = :at`,
          ConditionExpression: '#status = :waitlisted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...promoted.values, ':at': at, ':waitlisted': 'waitlisted' },
        },
      },
    ];
  }

  async function waitlistHead(year: number) {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registrationsPk(year), ':prefix': WAITLIST_SK_PREFIX },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const head = Items?.[0];
    return head && { sk: String(head.sk), registrationId: String(head.registrationId) };
  }

  /**
   * Cancels and erases name, email and affiliation. A confirmed seat goes to the oldest waiting
   * registration in the same transaction. Cancelling twice is a no-op.
   */
  async function cancel(year: number, id: string, now: Date, known?: RegistrationRecord) {
    const at = now.toISOString();
    const deadline = deadlineFrom();
    for (let round = 1; ; round += 1) {
      // A record the caller just read saves a read: if it is stale, the transaction's condition on
      // the status fails and the next round reads consistently.
      const current =
        round === 1 && known
          ? known
          : await withRetries(() => getRegistration(year, id, true), { deadline });
      if (!current || current.status === 'cancelled') return current;
      const cancelled = transition('cancelled', year, at);
      const announced = [
        newEvent(
          'registration.cancelled',
          year,
          { registrationId: id, previousStatus: current.status },
          now,
        ),
      ];
      const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
        {
          Update: {
            TableName: tableName,
            Key: registrationKey(year, id),
            UpdateExpression: `SET ${cancelled.set}, cancelledAt = :at REMOVE #name, email, affiliation, emailKey`,
            ConditionExpression: '#status = :was',
            ExpressionAttributeNames: { '#status': 'status', '#name': 'name' },
            ExpressionAttributeValues: { ...cancelled.values, ':at': at, ':was': current.status },
          },
        },
      ];
      if (current.emailKey) {
        items.push({
          Delete: {
            TableName: tableName,
            Key: { pk: registrationsPk(year), sk: emailClaimSk(current.emailKey) },
          },
        });
      }
      if (current.status === 'waitlisted') {
        items.push(
          {
            Delete: {
              TableName: tableName,
              Key: { pk: registrationsPk(year), sk: waitlistSk(id) },
            },
          },
          counterUpdate(year, 'SET waitlisted = waitlisted - :one', 'waitlisted > :zero'),
        );
      } else {
        const head = await withRetries(() => waitlistHead(year), { deadline });
        if (head) {
          announced.push(
            newEvent(
              'registration.promoted',
              year,
              { registrationId: head.registrationId, status: 'confirmed' },
              now,
            ),
          );
        }
        items.push(
          ...(head
            ? [
                ...promotion(year, head, at),
                counterUpdate(year, 'SET waitlisted = waitlisted - :one', 'waitlisted > :zero'),
              ]
            : [
                counterUpdate(
                  year,
                  'SET confirmed = confirmed - :one',
                  'waitlisted = :zero AND confirmed > :zero',
                ),
              ]),
        );
      }
      items.push(...announced.map(outbox));
      const token = randomUUID();
      try {
        await withRetries(
          () =>
            client.send(
              new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }),
            ),
          { deadline },
        );
        lastSeen.delete(year);
        events.committed(announced);
        // What the transaction wrote: the personal data gone, the status and its history updated.
        const {
          name: _name,
          email: _email,
          affiliation: _affiliation,
          emailKey: _emailKey,
          ...kept
        } = current;
        return {
          ...kept,
          status: 'cancelled' as const,
          cancelledAt: at,
          history: [...current.history, { status: 'cancelled' as const, at }],
        };
      } catch (error) {
        if (cancellationCodes(error).length === 0) throw error;
        // Someone else changed the registration, the head of the list or the counter: retry.
      }
      await waitBeforeNextRound(round, deadline);
    }
  }

  function counterUpdate(year: number, update: string, condition: string) {
    return {
      Update: {
        TableName: tableName,
        Key: counterKey(year),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      },
    };
  }

  /** Gives free seats (after a capacity increase) to the waiting list, oldest first. */
  async function fillFreeSeats(year: number, now: Date): Promise<number> {
    let promoted = 0;
    for (;;) {
      const counter = await withRetries(() => getSeatCounts(year, true));
      if (!counter || counter.confirmed >= counter.capacity || counter.waitlisted === 0)
        return promoted;
      const head = await withRetries(() => waitlistHead(year));
      if (!head) return promoted;
      const event = newEvent(
        'registration.promoted',
        year,
        { registrationId: head.registrationId, status: 'confirmed' },
        now,
      );
      const token = randomUUID();
      try {
        await withRetries(() =>
          client.send(
            new TransactWriteCommand({
              ClientRequestToken: token,
              TransactItems: [
                ...promotion(year, head, now.toISOString()),
                counterUpdate(
                  year,
                  'SET confirmed = confirmed + :one, waitlisted = waitlisted - :one',
                  'confirmed < seatCapacity AND waitlisted > :zero',
                ),
                outbox(event),
              ],
            }),
          ),
        );
        promoted += 1;
        events.committed([event]);
      } catch (error) {
        if (cancellationCodes(error).length === 0) throw error;
      }
    }
  }

  /**
   * A page of registrations in creation order, all or by status, after the registration `after`
   * (the `last` of the previous page). The start key is built here from the id, never taken from
   * the client: a key outside the listed range would be a DynamoDB error.
   */
  async function listRegistrations(
    year: number,
    options: { status?: RegistrationStatus; limit: number; after?: string },
  ): Promise<RegistrationPage> {
    const { after, status } = options;
    if (after !== undefined && !ULID_PATTERN.test(after)) {
      throw new InvalidRequestError([
        { name: 'cursor', in: 'query', detail: 'expected a nextCursor from a previous page' },
      ]);
    }
    const input: QueryCommandInput = status
      ? {
          TableName: tableName,
          IndexName: STATUS_INDEX.name,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': statusIndexPk(year, status) },
        }
      : {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': registrationsPk(year),
            ':prefix': REGISTRATION_SK_PREFIX,
          },
        };
    const start =
      after === undefined
        ? undefined
        : {
            pk: registrationsPk(year),
            sk: registrationSk(after),
            ...(status
              ? {
                  [STATUS_INDEX.partitionKey]: statusIndexPk(year, status),
                  [STATUS_INDEX.sortKey]: after,
                }
              : {}),
          };
    const { Items, LastEvaluatedKey } = await withRetries(() =>
      client.send(
        new QueryCommand({
          ...input,
          Limit: options.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    return {
      items: (Items ?? []).map(toRecord),
      last: LastEvaluatedKey ? registrationIdOf(String(LastEvaluatedKey.sk)) : null,
    };
  }

  async function allRegistrations(year: number): Promise<RegistrationRecord[]> {
    const records: RegistrationRecord[] = [];
    const input: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': registrationsPk(year),
        ':prefix': REGISTRATION_SK_PREFIX,
      },
    };
    for await (const page of paginateQuery({ client }, input))
      records.push(...(page.Items ?? []).map(toRecord));
    return records;
  }

  /** Claims an idempotency key, or returns the record that holds it. */
  async function claimIdempotencyKey(claim: IdempotencyClaim, now: Date) {
    const key = { pk: idempotencyPk(claim.year, claim.keyHash), sk: IDEMPOTENCY_SK };
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...key,
            entity: 'idempotency',
            state: 'in_flight',
            requestHash: claim.requestHash,
            lockedUntil: now.getTime() + idempotencyLeaseMs(),
            expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_KEEP_SECONDS,
          },
          // Free, expired, or abandoned by a request that died holding it.
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (#state = :inFlight AND lockedUntil < :nowMs AND requestHash = :requestHash)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':nowSeconds': Math.floor(now.getTime() / 1000),
            ':nowMs': now.getTime(),
            ':inFlight': 'in_flight',
            ':requestHash': claim.requestHash,
          },
        }),
      );
      return { claimed: true as const };
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException')
        throw error;
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      if (!Item) return claimIdempotencyKey(claim, now);
      return { claimed: false as const, record: Item as unknown as IdempotencyRecord };
    }
  }

  /** Stores an error reply, or the full reply after the transaction. */
  async function completeIdempotencyKey(claim: IdempotencyClaim, response: StoredResponse) {
    await client.send(new UpdateCommand(idempotencyCompletion(claim, response, false)));
  }

  /** Frees the key after a failure we did not answer, so that the client's retry can run. */
  async function releaseIdempotencyKey(claim: IdempotencyClaim) {
    await client
      .send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: idempotencyPk(claim.year, claim.keyHash), sk: IDEMPOTENCY_SK },
          UpdateExpression: 'SET lockedUntil = :zero',
          ConditionExpression: '#state = :inFlight AND requestHash = :requestHash',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':zero': 0,
            ':inFlight': 'in_flight',
            ':requestHash': claim.requestHash,
          },
        }),
      )
      .catch(() => undefined);
  }

  return {
    getSeatCounts: (year: number) => withRetries(() => getSeatCounts(year)),
    getSeatCounter: (year: number) => withRetries(() => getSeatCounter(year)),
    ensureSeatCounter: (year: number, settings: SeatCounterSettings) =>
      withRetries(() => ensureSeatCounter(year, settings)),
    register,
    waitlistPosition: (year: number, id: string) => withRetries(() => waitlistPosition(year, id)),
    waitlistPositions: (year: number) => withRetries(() => waitlistPositions(year)),
    getRegistration: (year: number, id: string) => withRetries(() => getRegistration(year, id)),
    cancel,
    fillFreeSeats,
    listRegistrations,
    allRegistrations: (year: number) => withRetries(() => allRegistrations(year)),
    claimIdempotencyKey: (claim: IdempotencyClaim, now: Date) =>
      withRetries(() => claimIdempotencyKey(claim, now)),
    completeIdempotencyKey: (claim: IdempotencyClaim, response: StoredResponse) =>
      withRetries(() => completeIdempotencyKey(claim, response)),
    releaseIdempotencyKey,
  };
}

const RECORD_FIELDS = [
  'id',
  'year',
  'status',
  'name',
  'email',
  'affiliation',
  'audience',
  'tokenHash',
  'emailKey',
  'createdAt',
  'confirmedAt',
  'cancelledAt',
  'history',
  'expiresAt',
] as const satisfies readonly (keyof RegistrationRecord)[];

function toRecord(item: Record<string, unknown>): RegistrationRecord {
  return Object.fromEntries(
    RECORD_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as RegistrationRecord;
}
