import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MailRecord } from '#functions/data/mail/mail-outbox.ts';
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

/** A message the stream or the queue should long have brought to the sender, if it is still pending. */
const STUCK_AFTER_MS = 10 * 60_000;

/**
 * Unsent messages nobody is working on: pending for `graceMs` past the time they were queued or
 * due again after a passing failure (the stream or the queue lost them, or nobody was told), or
 * claimed by a sender whose lease ran out. Queued again, they are sent once like any other. The
 * AWS schedule gives the stream and the queue STUCK_AFTER_MS; the local scan gives nothing.
 */
export function dueMails(unsent: readonly MailRecord[], now: Date, graceMs: number): MailJob[] {
  return unsent
    .filter((mail) =>
      mail.state === 'sending'
        ? mail.leaseUntil !== undefined && Date.parse(mail.leaseUntil) < now.getTime()
        : Date.parse(mail.nextAttemptAt ?? mail.queuedAt) <= now.getTime() - graceMs,
    )
    .map((mail) => ({ year: mail.year, mailId: mail.id }));
}

/** What the AWS schedule queues again. */
export const stuckMails = (unsent: readonly MailRecord[], now: Date): MailJob[] =>
  dueMails(unsent, now, STUCK_AFTER_MS);
