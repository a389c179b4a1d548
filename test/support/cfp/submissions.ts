import { createHash, createHmac, randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { submissionItem } from '#functions/data/submissions/submission-items.ts';
import type { TableAccess } from '#functions/data/table/client.ts';
import type { StoredSpeaker, SubmissionRecord } from '#shared/cfp/submission.ts';
import { submissionToken } from '#shared/cfp/submission-link.ts';
import { normalizeEmail } from '#shared/registration/rules.ts';
import { monotonicUlid } from '#shared/ulid.ts';

/**
 * Submissions put straight into the table, as the submissions routes store them: the review,
 * decision and confirmation tests need them without the public POST.
 */

/** The key the test API (registrationApi) derives address HMACs and private links with. */
const TEST_SECRET = 'test-email-key';

/** Within the 2020 call (2020-02-01 to 2020-04-15, Europe/Berlin). */
export const IN_THE_2020_CALL = new Date('2020-03-02T10:00:00Z');

let counter = 0;

/** A speaker as stored, with an address of its own (never a registrant's name). */
export function testSpeaker(overrides: Partial<StoredSpeaker> = {}): StoredSpeaker {
  counter += 1;
  const email =
    overrides.email ?? `speaker-${counter}-${randomBytes(3).toString('hex')}@example.net`;
  return {
    name: `Grace Speaker ${counter}`,
    affiliation: `Compiler Lab ${counter}`,
    bio: 'Builds container runtimes.',
    ...overrides,
    email,
    emailKey: createHmac('sha256', TEST_SECRET).update(normalizeEmail(email)).digest('hex'),
  };
}

export interface TestSubmission {
  record: SubmissionRecord;
  /** The private link's token, as the submitter got it. */
  token: string;
}

export function testSubmission(
  year: number,
  overrides: Partial<SubmissionRecord> = {},
): TestSubmission {
  const id = overrides.id ?? monotonicUlid(new Date());
  const token = submissionToken(TEST_SECRET, year, id);
  const at = IN_THE_2020_CALL.toISOString();
  return {
    token,
    record: {
      id,
      year,
      status: 'submitted',
      title: `Rootless containers in practice ${randomBytes(2).toString('hex')}`,
      abstract: 'How rootless runtimes isolate HPC jobs without a daemon, measured on a cluster.',
      kind: 'lightning',
      segment: 'runtime',
      speakers: [testSpeaker()],
      submittedAt: at,
      updatedAt: at,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      version: 1,
      ...overrides,
    },
  };
}

/** Puts a submission into the table as the submissions store would. */
export async function putSubmission(
  table: TableAccess,
  submission: TestSubmission,
): Promise<TestSubmission> {
  await table.client.send(
    new PutCommand({ TableName: table.tableName, Item: submissionItem(submission.record) }),
  );
  return submission;
}
