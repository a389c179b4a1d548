import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MailRecord } from '#functions/data/mail-outbox.ts';
import type { MailJob } from './mail-job.ts';

/** SendMessageBatch takes at most ten entries. */
const SQS_BATCH = 10;

/**
 * Puts jobs on the mail queue, failing if any was not taken: the caller's trigger then brings
 * them again, and a message queued twice is still sent once (the sender claims it first).
 */
export async function enqueueMailJobs(
  sqs: SQSClient,
  queueUrl: string,
  jobs: readonly MailJob[],
): Promise<void> {
  for (let start = 0; start < jobs.length; start += SQS_BATCH) {
    const batch = jobs.slice(start, start + SQS_BATCH);
    const { Failed } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((job, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(job),
        })),
      }),
    );
    if (Failed?.length) throw new Error(`${Failed.length} mail jobs were not queued`);
  }
}

/** A message the stream should long have brought to the queue, if it is still pending. */
export const STUCK_AFTER_MS = 10 * 60_000;

/**
 * Unsent messages nobody is working on: pending for longer than the stream and the queue's
 * retries take (the stream gave up, or a job went to the dead letters), or claimed by a sender
 * whose lease ran out. Queued again, they are sent once like any other.
 */
export function stuckMails(unsent: readonly MailRecord[], now: Date): MailJob[] {
  return unsent
    .filter((mail) =>
      mail.state === 'sending'
        ? mail.leaseUntil !== undefined && Date.parse(mail.leaseUntil) < now.getTime()
        : Date.parse(mail.queuedAt) < now.getTime() - STUCK_AFTER_MS,
    )
    .map((mail) => ({ year: mail.year, mailId: mail.id }));
}
