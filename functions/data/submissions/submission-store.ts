import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SubmissionRecord } from '#shared/cfp/submission.ts';
import { ConflictError } from '#shared/errors.ts';
import { newEvent } from '#shared/events.ts';
import { type QueuedMail, submissionMail } from '#shared/mail/queued.ts';
import { type MailSink, mailPutItem, streamMailed } from '../mail/mail-outbox.ts';
import {
  createIdempotencyStore,
  type IdempotencyClaim,
  idempotencyCompletion,
} from '../registrations/idempotency-store.ts';
import type { TableAccess } from '../table/client.ts';
import { submissionClaimSk, submissionSk, submissionsPk } from '../table/keys.ts';
import { cancellationCodes, unavailable } from '../table/retry.ts';
import { type EventSink, eventPutItem, streamDelivered } from '../webhooks/event-outbox.ts';
import { submissionItem, submissionOf } from './submission-items.ts';

/**
 * Submissions to an edition's call, as their speakers make and keep them (the items:
 * submission-items.ts).
 *
 * | access pattern            | operation                                                         |
 * |---------------------------|-------------------------------------------------------------------|
 * | submit                    | TransactWriteItems: the submission, its claim (title + first speaker), the Idempotency-Key's completion, the `submission.created` event, one receipt per speaker in the mail outbox |
 * | read one                  | GetItem SUBMISSIONS#<year> / SUB#<id>                             |
 * | edit, withdraw, erase     | Put on condition: the version and status it was read at; with a claim to move or free, in one transaction with the claims |
 * | Idempotency-Key           | idempotency-store.ts (registrations'), keys hashed for submissions |
 *
 * Every write names the version it read and adds one, so that concurrent edits never overwrite
 * each other: the second is refused, never lost.
 */

export type { IdempotencyClaim } from '../registrations/idempotency-store.ts';

/** What an Idempotency-Key of a submission keeps for replays: the submission made. */
export interface SubmissionOutcome {
  kind: 'submitted';
  submissionId: string;
}

/** A submission about to be made; `claimKey` stands for its title and first speaker. */
export interface NewSubmission {
  record: SubmissionRecord;
  claimKey: string;
  now: Date;
}

/** Which title claims a write moves: the one it frees and the one it takes (both optional). */
export interface ClaimChange {
  free?: string;
  take?: string;
}

export interface SubmissionStoreOptions extends TableAccess {
  /** Told about the webhook events each committed change wrote to the outbox. */
  events?: EventSink;
  /** Told about the messages each committed change queued. */
  mails?: MailSink;
}

export type SubmissionStore = ReturnType<typeof createSubmissionStore>;

const DUPLICATE =
  'A submission with this title from this first speaker exists already: edit it with its private link.';

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export function createSubmissionStore({
  client,
  tableName,
  events = streamDelivered,
  mails = streamMailed,
}: SubmissionStoreOptions) {
  const idempotency = createIdempotencyStore<SubmissionOutcome>({ client, tableName });
  const claimItem = (year: number, claimKey: string, submissionId: string) => ({
    pk: submissionsPk(year),
    sk: submissionClaimSk(claimKey),
    entity: 'submission-claim',
    submissionId,
  });

  async function get(
    year: number,
    id: string,
    consistent = false,
  ): Promise<SubmissionRecord | undefined> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: submissionsPk(year), sk: submissionSk(id) },
        ConsistentRead: consistent,
      }),
    );
    return Item ? submissionOf(Item) : undefined;
  }

  /** The claim actions of a write: free one (if still this submission's), take another. */
  function claimActions(year: number, id: string, claims: ClaimChange) {
    if (claims.free === claims.take) return [];
    return [
      ...(claims.free
        ? [
            {
              Delete: {
                TableName: tableName,
                Key: { pk: submissionsPk(year), sk: submissionClaimSk(claims.free) },
                ConditionExpression: 'attribute_not_exists(pk) OR submissionId = :id',
                ExpressionAttributeValues: { ':id': id },
              },
            },
          ]
        : []),
      ...(claims.take
        ? [
            {
              Put: {
                TableName: tableName,
                Item: claimItem(year, claims.take, id),
                ConditionExpression: 'attribute_not_exists(pk) OR submissionId = :id',
                ExpressionAttributeValues: { ':id': id },
              },
            },
          ]
        : []),
    ];
  }

  /** Why a conditional write of `read` was refused: it changed, or its title is taken. */
  async function refusal(read: SubmissionRecord): Promise<ConflictError> {
    const current = await get(read.year, read.id, true);
    if (current && current.version === read.version && current.status === read.status) {
      return new ConflictError(DUPLICATE, 'title');
    }
    if (current && current.status !== read.status) {
      return new ConflictError(`The submission is ${current.status} now: read it again.`, 'status');
    }
    return new ConflictError(
      'The submission changed since it was read (another edit): read it again and retry.',
      'version',
    );
  }

  return {
    get,

    /**
     * Submits: the submission, its claim, its event and one receipt per speaker in one
     * transaction; with an Idempotency-Key claim, its record keeps the outcome in the same one.
     * The same title from the same first speaker again is a 409 naming `title`.
     */
    async create({ record, claimKey, now }: NewSubmission, claim?: IdempotencyClaim) {
      const event = newEvent(
        'submission.created',
        record.year,
        { submissionId: record.id, kind: record.kind, segment: record.segment },
        now,
      );
      const receipts: QueuedMail[] = record.speakers.map((_, index) =>
        submissionMail('submission-received', record.year, record.id, index, now),
      );
      const absent = 'attribute_not_exists(pk)';
      const outcome: SubmissionOutcome = { kind: 'submitted', submissionId: record.id };
      try {
        await client.send(
          new TransactWriteCommand({
            // A retry of an attempt that committed unseen is the same transaction, not a duplicate.
            ClientRequestToken: record.id,
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: submissionItem(record),
                  ConditionExpression: absent,
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: claimItem(record.year, claimKey, record.id),
                  ConditionExpression: absent,
                },
              },
              ...(claim
                ? [{ Update: idempotencyCompletion(tableName, claim, outcome, true) }]
                : []),
              eventPutItem(tableName, event),
              ...receipts.map((mail) => mailPutItem(tableName, mail)),
            ],
          }),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes[1] === 'ConditionalCheckFailed') throw new ConflictError(DUPLICATE, 'title');
        // The Idempotency-Key's record no longer in flight: its request gives up, as on a
        // registration; the client's retry with the key gets what is kept.
        if (codes.includes('ConditionalCheckFailed')) throw unavailable(error);
        throw error;
      }
      events.committed([event]);
      mails.committed(receipts);
      return outcome;
    },

    /**
     * Replaces a submission read at `read.version` (and `read.status`) with `next`, one version
     * later; a change of title or first speaker moves its claim in the same transaction.
     * Refused with a 409 naming `version`, `status` or `title`.
     */
    async replace(
      read: SubmissionRecord,
      next: SubmissionRecord,
      claims: ClaimChange = {},
    ): Promise<SubmissionRecord> {
      const written = { ...next, version: read.version + 1 };
      const put = {
        TableName: tableName,
        Item: submissionItem(written),
        ConditionExpression: '#version = :version AND #status = :status',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': read.version, ':status': read.status },
      };
      const moves = claimActions(read.year, read.id, claims);
      try {
        if (moves.length === 0) await client.send(new PutCommand(put));
        else
          await client.send(
            new TransactWriteCommand({
              ClientRequestToken: randomUUID(),
              TransactItems: [{ Put: put }, ...moves],
            }),
          );
      } catch (error) {
        if (
          isConditionFailure(error) ||
          cancellationCodes(error).includes('ConditionalCheckFailed')
        )
          throw await refusal(read);
        throw error;
      }
      return written;
    },

    claimIdempotencyKey: (claim: IdempotencyClaim, now: Date) =>
      // One owner for every attempt: an attempt that timed out and wrote after all is ours.
      idempotency.claimIdempotencyKey(claim, now, randomUUID()),
    releaseIdempotencyKey: idempotency.releaseIdempotencyKey,
  };
}
