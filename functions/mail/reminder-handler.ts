import { SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '#functions/contract.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createMailOutbox, streamMailed } from '#functions/data/mail/mail-outbox.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { streamDelivered } from '#functions/data/webhooks/event-outbox.ts';
import { log } from '#functions/log.ts';
import { editionYear } from './mail-job.ts';
import { enqueueMailJobs, stuckMails } from './mail-queue.ts';
import { queueDueReminders } from './reminders.ts';

/**
 * Reminders, in AWS: each edition stack's schedule runs this every 15 minutes with its year (the
 * event is `{ "year": 2021 }`: one function serves every year of the series); once the edition's
 * reminder time has come it queues one reminder per confirmed person, once (reminders.ts), and
 * the table's stream takes them to the mail queue like every other message. The same run queues again the messages
 * nobody is working on any more (mail-queue.ts): what a restart's recovery does locally.
 */

const table = lambdaTable();
const sqs = new SQSClient({});
const queueUrl = requiredEnv('MAIL_QUEUE_URL');
const dependencies = {
  editions: createEditionStore(table),
  // Read only here (the confirmed list): nothing is committed, so no event needs telling.
  registrations: createRegistrationStore({ ...table, events: streamDelivered }),
  outbox: createMailOutbox(table),
  mails: streamMailed,
};

/** How many reminders this run queued, and how many stuck messages it queued again. */
export async function handler(event: {
  year?: unknown;
}): Promise<{ reminders: number; requeued: number }> {
  const year = editionYear(event.year);
  const now = new Date();
  const reminders = await queueDueReminders(year, now, dependencies);
  const stuck = stuckMails(await dependencies.outbox.listUnsent(year), now);
  await enqueueMailJobs(sqs, queueUrl, stuck);
  if (stuck.length > 0) log.warn('stuck mail requeued', { edition: year, mails: stuck.length });
  return { reminders, requeued: stuck.length };
}
