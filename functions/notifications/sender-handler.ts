import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createAnnouncementStore } from '#functions/data/announcement-store.ts';
import { lambdaTable, requiredEnv } from '#functions/data/client.ts';
import { createEditionStore } from '#functions/data/edition-store.ts';
import { createMailOutbox, streamMailed } from '#functions/data/mail-outbox.ts';
import { createOnlineAccessStore } from '#functions/data/online-access.ts';
import { streamDelivered } from '#functions/data/outbox.ts';
import { createRegistrationStore } from '#functions/data/registration-store.ts';
import { readSecret } from '#functions/data/secret.ts';
import { log } from '#functions/log.ts';
import { createSesSender } from '#functions/mail/ses-sender.ts';
import { isAnnouncementFanOut } from '#shared/mail/queued.ts';
import { expandAnnouncement } from './announcement-fanout.ts';
import { type DeliveryResult, deliverMail } from './delivery.ts';
import { editionYear, parseMailJob } from './mail-job.ts';

/**
 * The mail sender, in AWS: one queue message per outbox message, sent through SES by the same
 * delivery as the local dispatcher's. A message to be retried (throttling, SES paused, the table
 * unavailable) is reported as a batch item failure and comes back after the queue's visibility
 * timeout; the outbox counts its attempts and gives it up as failed after the last one, and a
 * job that keeps failing before that ends in the dead-letter queue.
 */

const table = lambdaTable();
const ses = new SESv2Client({});
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
  sender: createSesSender({
    client: ses,
    from: { name: requiredEnv('MAIL_FROM_NAME'), address: requiredEnv('MAIL_FROM') },
    configurationSetName: requiredEnv('SES_CONFIGURATION_SET'),
    // The feedback function finds the message's outbox partition by it.
    tags: { edition: String(editionYear(requiredEnv('EDITION_YEAR'))) },
  }),
  publicUrl: requiredEnv('PUBLIC_URL'),
  manageKey,
  clock: () => new Date(),
};
// An announcement's fan-out item comes this way too: its copies, once queued, come by the stream.
const announcementFanOut = { ...dependencies, mails: streamMailed };

/**
 * One message after the other, not side by side: SES limits the sending rate per second, and
 * a batch of ten takes a few seconds this way. Sent, failed, skipped or not ours (sent already,
 * or being sent by another) lets the queue message go; only a retry brings it back.
 */
export async function handler(batch: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const message of batch.Records) {
    let result: DeliveryResult;
    try {
      const job = parseMailJob(message.body);
      result = isAnnouncementFanOut(job.mailId)
        ? await expandAnnouncement(job.year, job.mailId, announcementFanOut)
        : await deliverMail(job.year, job.mailId, dependencies);
    } catch (error) {
      log.warn('mail job failed', {
        messageId: message.messageId,
        errorName: error instanceof Error ? error.name : 'NonError',
      });
      result = 'retry';
    }
    if (result === 'retry') batchItemFailures.push({ itemIdentifier: message.messageId });
  }
  return { batchItemFailures };
}
