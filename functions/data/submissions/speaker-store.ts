import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredSpeaker, SubmissionRecord } from '#shared/cfp/submission.ts';
import type { TableAccess } from '../table/client.ts';
import { submissionSk, submissionsPk } from '../table/keys.ts';
import { submissionOf } from './submission-items.ts';

/**
 * What the speakers of a confirmed submission read and change of it (functions/cfp/speakers):
 * the record, and its speakers as they edit their names, affiliations and bios.
 *
 * | access pattern              | operation                                                      |
 * |-----------------------------|----------------------------------------------------------------|
 * | one submission              | GetItem SUBMISSIONS#<year> / SUB#<id>, consistent              |
 * | its speakers changed        | UpdateItem if the version is the one read (version + 1)        |
 */

/** The record changed since it was read: read it again and reapply. */
export class SubmissionChangedError extends Error {}

export type SpeakerStore = ReturnType<typeof createSpeakerStore>;

export function createSpeakerStore({ client, tableName }: TableAccess) {
  const key = (year: number, id: string) => ({ pk: submissionsPk(year), sk: submissionSk(id) });

  async function getSubmission(year: number, id: string): Promise<SubmissionRecord | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: key(year, id), ConsistentRead: true }),
    );
    return Item && submissionOf(Item);
  }

  /** Replaces the speakers of the record as read (its version), or throws SubmissionChangedError. */
  async function putSpeakers(
    record: SubmissionRecord,
    speakers: StoredSpeaker[],
    now: Date,
  ): Promise<SubmissionRecord> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(record.year, record.id),
          UpdateExpression: 'SET speakers = :speakers, updatedAt = :now, version = :next',
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: {
            ':speakers': speakers,
            ':now': now.toISOString(),
            ':next': record.version + 1,
            ':read': record.version,
          },
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new SubmissionChangedError('The submission changed since it was read.');
      }
      throw error;
    }
    return { ...record, speakers, updatedAt: now.toISOString(), version: record.version + 1 };
  }

  return { getSubmission, putSpeakers };
}
