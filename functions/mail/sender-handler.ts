import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createOnlineAccessStore } from '#functions/data/editions/online-access.ts';
import { createAnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import { createMailOutbox, streamMailed } from '#functions/data/mail/mail-outbox.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { createReviewStore } from '#functions/data/submissions/review-store.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { readSecret } from '#functions/data/table/secret.ts';
import { streamDelivered } from '#functions/data/webhooks/event-outbox.ts';
import { log } from '#functions/log.ts';
import { createSesSender } from '#functions/mail/transport/ses-sender.ts';
import { isAnnouncementFanOut } from '#shared/mail/queued.ts';
import { expandAnnouncement } from './announcement-fanout.ts';
import { type Delivery, deliverMail } from './delivery.ts';
import { parseMailJob } from './mail-job.ts';

/**
 * The mail sender, in AWS: one queue message per outbox message, sent through SES by the same
 * delivery as the local dispatcher's. A message to be retried (throttling, quotas, SES paused) is
 * hidden for its backoff (ChangeMessageVisibility: doubling from a second up to an hour) and
 * reported as a batch item failure, so it comes back when it is due; it is given up only once it
 * is no use any more (delivery.ts). An attempt cut short by an error (the table unavailable) comes
 * back after the queue's visibility timeout. A job SQS lost or dead-lettered is queued again by the
 * schedule, which reads the outbox (reminder-handler.ts).
 */

const table = lambdaTable();
const ses = new SESv2Client({});
const sqs = new SQSClient({});
const queueUrl = requiredEnv('MAIL_QUEUE_URL');
/** SQS hides a message for at most 12 hours. */
const MAX_VISIBILITY_S = 12 * 60 * 60;
// Manage links are derived from the stack's email HMAC secret (read once per process), as the
// registrations function derives them; EMAIL_HASH_KEY serves tests.
const manageKey =
  process.env.EMAIL_HASH_KEY ?? (await readSecret(requiredEnv('EMAIL_HASH_KEY_SECRET_ARN')));

const dependencies = {
  outbox: createMailOutbox(table),
  // Read only here: nothing is committed, so no event needs telling.
  registrations: createRegistrationStore({ ...table, events: streamDelivered }),
  editions: createEditionStore(table),
  onlineAccess: createOnlineAccessStore(table),
  announcements: createAnnouncementStore(table),
  submissions: createReviewStore(table),
  publicUrl: requiredEnv('PUBLIC_URL'),
  manageKey,
  clock: () => new Date(),
};
// An announcement's fan-out item comes this way too: its copies, once queued, come by the stream.
const announcementFanOut = { ...dependencies, mails: streamMailed };
const from = { name: requiredEnv('MAIL_FROM_NAME'), address: requiredEnv('MAIL_FROM') };
const configurationSetName = requiredEnv('SES_CONFIGURATION_SET');
/**
 * One sender per year: each message is tagged with the job's year, by which the feedback
 * function finds the message's outbox partition (one configuration set serves the series).
 */
const senders = new Map<number, ReturnType<typeof createSesSender>>();
const senderFor = (year: number) => {
  let sender = senders.get(year);
  if (!sender) {
    sender = createSesSender({
      client: ses,
      from,
      configurationSetName,
      tags: { edition: String(year) },
    });
    senders.set(year, sender);
  }
  return sender;
};

/**
 * One message after the other, not side by side: SES limits the sending rate per second, and
 * a batch of ten takes a few seconds this way. Sent, failed, skipped or not ours (sent already,
 * or being sent by another) lets the queue message go; only a retry brings it back.
 */
export async function handler(batch: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const message of batch.Records) {
    let job: ReturnType<typeof parseMailJob>;
    try {
      job = parseMailJob(message.body);
    } catch {
      // Never readable: dropped. The outbox still holds the message, and the schedule finds it.
      log.error('mail job unreadable', { messageId: message.messageId });
      continue;
    }
    let delivery: Delivery;
    try {
      delivery = isAnnouncementFanOut(job.mailId)
        ? { result: await expandAnnouncement(job.year, job.mailId, announcementFanOut) }
        : await deliverMail(job.year, job.mailId, { ...dependencies, sender: senderFor(job.year) });
    } catch (error) {
      log.warn('mail job failed', {
        messageId: message.messageId,
        errorName: error instanceof Error ? error.name : 'NonError',
      });
      delivery = { result: 'retry' };
    }
    if (delivery.result !== 'retry') continue;
    if (delivery.retryAfterMs !== undefined)
      await hideFor(message.receiptHandle, delivery.retryAfterMs);
    batchItemFailures.push({ itemIdentifier: message.messageId });
  }
  return { batchItemFailures };
}

/** Brings the job back when the message is due; if SQS says no, the queue's timeout does. */
async function hideFor(receiptHandle: string, delayMs: number): Promise<void> {
  try {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(MAX_VISIBILITY_S, Math.max(1, Math.ceil(delayMs / 1_000))),
      }),
    );
  } catch (error) {
    log.warn('mail retry delay not set', {
      errorName: error instanceof Error ? error.name : 'NonError',
    });
  }
}
