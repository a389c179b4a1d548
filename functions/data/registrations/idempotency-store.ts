import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RegistrationOutcome } from '#shared/registration/outcome.ts';
import { DYNAMODB_LIMITS, type TableAccess } from '../table/client.ts';
import { IDEMPOTENCY_SK, idempotencyPk } from '../table/keys.ts';
import { deadlineFrom } from '../table/retry.ts';

/**
 * Idempotency-Key records of registration requests: a key is claimed before the request runs,
 * completed in the registration's own transaction (so that it completes once), and replayed after.
 *
 * | entity             | pk                        | sk          |
 * |--------------------|---------------------------|-------------|
 * | idempotency record | IDEMPOTENCY#<year>#<hash> | IDEMPOTENCY |   TTL 25 hours
 *
 * | access pattern           | operation                                                        |
 * |--------------------------|------------------------------------------------------------------|
 * | claim a key              | PutItem if free, expired, or abandoned in flight; else GetItem (consistent) |
 * | complete with the outcome | Update if still in flight, inside the registration transaction |
 * | refine or store a refusal | UpdateItem if the request hash matches                          |
 * | release after a failure  | UpdateItem lockedUntil = 0 if in flight and the hash matches     |
 *
 * A completed record keeps the request's domain outcome (shared/registration/outcome.ts: the
 * registration's id and place, or the refusal), never an answer: the route makes the answer from
 * it, the manage token derived again from the id. It holds no secret, so it is stored as it is.
 */

export interface IdempotencyRecord<Outcome = RegistrationOutcome> {
  state: 'in_flight' | 'done';
  requestHash: string;
  lockedUntil: number;
  expiresAt: number;
  outcome?: Outcome;
  /**
   * What a record completed before outcomes were stored holds instead: the answer's body, sealed
   * with the Idempotency-Key. Such records live 25 hours (IDEMPOTENCY_KEEP_SECONDS) after the
   * deploy that stopped writing them; they are read until then (registrations/stored-replies.ts).
   */
  storedReply?: { body: string };
}

export interface IdempotencyClaim {
  year: number;
  keyHash: string;
  requestHash: string;
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

const recordKey = (claim: IdempotencyClaim) => ({
  pk: idempotencyPk(claim.year, claim.keyHash),
  sk: IDEMPOTENCY_SK,
});

/**
 * Stores the outcome for replays. Inside the registration transaction it must still be in flight
 * (so that it completes once); afterwards only the owner of the request may refine it.
 */
export function idempotencyCompletion<Outcome = RegistrationOutcome>(
  tableName: string,
  claim: IdempotencyClaim,
  outcome: Outcome,
  inTransaction: boolean,
) {
  return {
    TableName: tableName,
    Key: recordKey(claim),
    UpdateExpression: 'SET #state = :done, outcome = :outcome',
    ConditionExpression: `${inTransaction ? '#state = :inFlight AND ' : ''}requestHash = :requestHash`,
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ':done': 'done',
      ':requestHash': claim.requestHash,
      ':outcome': outcome,
      ...(inTransaction ? { ':inFlight': 'in_flight' } : {}),
    },
  };
}

/**
 * Registrations keep a RegistrationOutcome; another use (submissions) names its own outcome, and
 * hashes its keys with a purpose of its own so that no key of one replays the other.
 */
export function createIdempotencyStore<Outcome = RegistrationOutcome>({
  client,
  tableName,
}: TableAccess) {
  /** Claims an idempotency key, or returns the record that holds it. */
  async function claimIdempotencyKey(
    claim: IdempotencyClaim,
    now: Date,
    owner?: string,
  ): Promise<{ claimed: true } | { claimed: false; record: IdempotencyRecord<Outcome> }> {
    const key = recordKey(claim);
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
            ...(owner ? { owner } : {}),
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
      if (!Item) return claimIdempotencyKey(claim, now, owner);
      // Our own earlier attempt, which timed out but was written (a database that froze).
      if (owner && Item.owner === owner && Item.state === 'in_flight') {
        return { claimed: true as const };
      }
      return { claimed: false as const, record: Item as unknown as IdempotencyRecord<Outcome> };
    }
  }

  /** Stores a refusal, or the outcome with its place after the transaction. */
  async function completeIdempotencyKey(claim: IdempotencyClaim, outcome: Outcome) {
    await client.send(new UpdateCommand(idempotencyCompletion(tableName, claim, outcome, false)));
  }

  /** Frees the key after a failure we did not answer, so that the client's retry can run. */
  async function releaseIdempotencyKey(claim: IdempotencyClaim) {
    await client
      .send(
        new UpdateCommand({
          TableName: tableName,
          Key: recordKey(claim),
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

  return { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey };
}
