import {
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Review, ReviewSummary } from '#shared/cfp/review.ts';
import type {
  StoredSpeaker,
  SubmissionDecision,
  SubmissionRecord,
  SubmissionStatus,
} from '#shared/cfp/submission.ts';
import type { WebhookEvent } from '#shared/events.ts';
import type { QueuedMail } from '#shared/mail/queued.ts';
import { type AuditEntry, auditItem } from '../editions/agenda-store.ts';
import { mailPutItem } from '../mail/mail-outbox.ts';
import type { TableAccess } from '../table/client.ts';
import { unlessConditionFails } from '../table/conditions.ts';
import {
  REVIEW_SK_PREFIX,
  reviewSk,
  SUBMISSION_SK_PREFIX,
  submissionSk,
  submissionsPk,
} from '../table/keys.ts';
import { type Page, startAfter } from '../table/page.ts';
import { cancellationCodes } from '../table/retry.ts';
import { eventPutItem } from '../webhooks/event-outbox.ts';
import { submissionIdOf, submissionOf } from './submission-items.ts';

/**
 * Reviews and decisions on the submissions of an edition (submission-items.ts has the items).
 * A review is written with an increment of its submission's `reviewWrites`, on the condition that
 * the submission still awaits its decision; a decision names the `version` and `reviewWrites` it
 * read, so that it is refused (and taken again) when a review landed after the reviews it counts.
 * Every review is either stored before the decision that counts it, or refused.
 *
 * | access pattern              | operation                                                      |
 * |-----------------------------|----------------------------------------------------------------|
 * | one submission              | GetItem (consistent)                                           |
 * | list, filtered              | Query SUB# in id order, status/kind/segment filtered           |
 * | reviews of a page           | Query REVIEW#<first id> … REVIEW#<last id>#~                   |
 * | review (put or replace)     | Transaction: Update submission (status submitted, ADD reviewWrites) + Put review |
 * | decision                    | Transaction: Update submission (version, reviewWrites) + mails + event + audit |
 * | confirm / decline           | Update submission (status accepted, version)                   |
 * | talk and person ids         | Update submission (version)                                    |
 */

/** A submission as this store reads it: the record, and what reviews and decisions keep on it. */
export interface StoredSubmission extends SubmissionRecord {
  /** How many review writes it has taken: a decision counts the reviews of one such number. */
  reviewWrites?: number;
  /** The reviews' summary the decision was taken with. */
  reviewsAtDecision?: ReviewSummary;
}

export interface StoredReview extends Review {
  reviewerKey: string;
}

export type ReviewStore = ReturnType<typeof createReviewStore>;

export interface DecisionWrite {
  year: number;
  id: string;
  /** What the decision read: it is refused if either changed since. */
  read: Pick<StoredSubmission, 'version' | 'reviewWrites' | 'status'>;
  decision: SubmissionDecision;
  reviews: ReviewSummary;
  /** Epoch seconds: a rejected submission expires; an accepted one does not. */
  expiresAt?: number;
  mails: QueuedMail[];
  event: WebhookEvent;
  audit: AuditEntry;
}

const REVIEW_END = '#~';

export function createReviewStore({ client, tableName }: TableAccess) {
  const key = (year: number, id: string) => ({ pk: submissionsPk(year), sk: submissionSk(id) });

  async function getSubmission(year: number, id: string): Promise<StoredSubmission | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: key(year, id), ConsistentRead: true }),
    );
    return Item ? (submissionOf(Item) as StoredSubmission) : undefined;
  }

  /** A page of submissions in id order (submission order), filtered as they are read. */
  async function listSubmissions(
    year: number,
    filters: { status?: SubmissionStatus; kind?: string; segment?: string },
    { limit, after }: { limit: number; after?: string },
  ): Promise<Page<StoredSubmission>> {
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':pk': submissionsPk(year),
      ':prefix': SUBMISSION_SK_PREFIX,
    };
    for (const [field, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      conditions.push(`#${field} = :${field}`);
      names[`#${field}`] = field;
      values[`:${field}`] = value;
    }
    const items: StoredSubmission[] = [];
    let start = startAfter(after, (id) => key(year, id));
    for (;;) {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ...(conditions.length
            ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names }
            : {}),
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          Limit: limit - items.length,
          ...start,
        }),
      );
      items.push(...Items.map((item) => submissionOf(item) as StoredSubmission));
      if (!LastEvaluatedKey) return { items, last: null };
      if (items.length === limit) {
        return { items, last: submissionIdOf(String(LastEvaluatedKey.sk)) };
      }
      start = { ExclusiveStartKey: LastEvaluatedKey as Record<string, string> };
    }
  }

  /** Every review of the submissions from `firstId` to `lastId` (ids in order), by submission. */
  async function reviewsBetween(
    year: number,
    firstId: string,
    lastId: string,
  ): Promise<Map<string, StoredReview[]>> {
    const bySubmission = new Map<string, StoredReview[]>();
    const pages = paginateQuery(
      { client },
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': submissionsPk(year),
          ':from': `${REVIEW_SK_PREFIX}${firstId}#`,
          ':to': `${REVIEW_SK_PREFIX}${lastId}${REVIEW_END}`,
        },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, entity: _entity, ...review } = item;
        const stored = review as StoredReview;
        bySubmission.set(stored.submissionId, [
          ...(bySubmission.get(stored.submissionId) ?? []),
          stored,
        ]);
      }
    }
    return bySubmission;
  }

  /**
   * Stores (or replaces) a reviewer's review while the submission awaits its decision. Answers
   * 'stored', 'decided' (its status is past submitted) or 'missing'.
   */
  async function putReview(
    year: number,
    review: StoredReview,
  ): Promise<'stored' | 'decided' | 'missing'> {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: key(year, review.submissionId),
                UpdateExpression: 'ADD reviewWrites :one',
                ConditionExpression: 'attribute_exists(pk) AND #status = :submitted',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':one': 1, ':submitted': 'submitted' },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  pk: submissionsPk(year),
                  sk: reviewSk(review.submissionId, review.reviewerKey),
                  entity: 'review',
                  ...review,
                },
              },
            },
          ],
        }),
      );
      return 'stored';
    } catch (error) {
      if (cancellationCodes(error)[0] !== 'ConditionalCheckFailed') throw error;
      return (await getSubmission(year, review.submissionId)) ? 'decided' : 'missing';
    }
  }

  /**
   * Writes a decision with its speakers' messages, its event and its audit entry, if the
   * submission is as it was read; false when it changed since (read again and decide again).
   */
  async function decide(write: DecisionWrite): Promise<boolean> {
    const accepted = write.decision.decision === 'accepted';
    const values: Record<string, unknown> = {
      ':version': write.read.version,
      ':next': write.read.version + 1,
      ':status': write.read.status,
      ':decided': write.decision.decision,
      ':decision': write.decision,
      ':reviews': write.reviews,
      ':now': write.decision.decidedAt,
      ...(write.read.reviewWrites === undefined ? {} : { ':writes': write.read.reviewWrites }),
      ...(write.expiresAt === undefined ? {} : { ':expiresAt': write.expiresAt }),
    };
    const sets = [
      '#status = :decided',
      'decision = :decision',
      'reviewsAtDecision = :reviews',
      'updatedAt = :now',
      'version = :next',
      ...(write.expiresAt === undefined ? [] : ['expiresAt = :expiresAt']),
    ];
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: key(write.year, write.id),
                UpdateExpression: `SET ${sets.join(', ')}${accepted ? ' REMOVE expiresAt' : ''}`,
                ConditionExpression: `version = :version AND #status = :status AND ${
                  write.read.reviewWrites === undefined
                    ? 'attribute_not_exists(reviewWrites)'
                    : 'reviewWrites = :writes'
                }`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: values,
              },
            },
            ...write.mails.map((mail) => mailPutItem(tableName, mail)),
            eventPutItem(tableName, write.event),
            { Put: { TableName: tableName, Item: auditItem(write.year, write.audit) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)[0] !== 'ConditionalCheckFailed') throw error;
      return false;
    }
  }

  /**
   * The speakers' answer to an acceptance: confirmed or declined, if the submission is still
   * accepted at the version read. False when it is not (answered already, or the decision changed).
   */
  async function answer(
    year: number,
    id: string,
    read: Pick<SubmissionRecord, 'version'>,
    status: 'confirmed' | 'declined',
    now: Date,
    expiresAt?: number,
  ): Promise<boolean> {
    const updated = await unlessConditionFails(
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(year, id),
          UpdateExpression: `SET #status = :answer, answeredAt = :now, updatedAt = :now, version = :next${
            expiresAt === undefined ? '' : ', expiresAt = :expiresAt'
          }`,
          ConditionExpression: 'version = :version AND #status = :accepted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':answer': status,
            ':now': now.toISOString(),
            ':version': read.version,
            ':next': read.version + 1,
            ':accepted': 'accepted',
            ...(expiresAt === undefined ? {} : { ':expiresAt': expiresAt }),
          },
        }),
      ),
      false as const,
    );
    return updated !== false;
  }

  /** A confirmation undone (the draft refused the talk): accepted again, as before it. */
  async function unconfirm(year: number, id: string, confirmedVersion: number): Promise<void> {
    await unlessConditionFails(
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(year, id),
          UpdateExpression: 'SET #status = :accepted, version = :next REMOVE answeredAt',
          ConditionExpression: 'version = :version AND #status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':accepted': 'accepted',
            ':confirmed': 'confirmed',
            ':version': confirmedVersion,
            ':next': confirmedVersion + 1,
          },
        }),
      ),
    );
  }

  /** The talk a confirmed submission became, and its speakers with their person ids. */
  async function recordTalk(
    year: number,
    id: string,
    confirmedVersion: number,
    talkId: string,
    speakers: StoredSpeaker[],
  ): Promise<boolean> {
    const updated = await unlessConditionFails(
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(year, id),
          UpdateExpression: 'SET talkId = :talkId, speakers = :speakers, version = :next',
          ConditionExpression: 'version = :version AND #status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':talkId': talkId,
            ':speakers': speakers,
            ':confirmed': 'confirmed',
            ':version': confirmedVersion,
            ':next': confirmedVersion + 1,
          },
        }),
      ),
      false as const,
    );
    return updated !== false;
  }

  return {
    getSubmission,
    listSubmissions,
    reviewsBetween,
    putReview,
    decide,
    answer,
    unconfirm,
    recordTalk,
  };
}
