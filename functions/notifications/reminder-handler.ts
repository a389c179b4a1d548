import { lambdaTable, requiredEnv } from '#functions/data/client.ts';
import { createEditionStore } from '#functions/data/edition-store.ts';
import { createMailOutbox, streamMailed } from '#functions/data/mail-outbox.ts';
import { streamDelivered } from '#functions/data/outbox.ts';
import { createRegistrationStore } from '#functions/data/registration-store.ts';
import { editionYear } from './mail-job.ts';
import { queueDueReminders } from './reminders.ts';

/**
 * Reminders, in AWS: a schedule runs this every 15 minutes; once the edition's reminder time has
 * come it queues one reminder per confirmed person, once (reminders.ts), and the table's stream
 * takes them to the mail queue like every other message.
 */

const table = lambdaTable();
const year = editionYear(requiredEnv('EDITION_YEAR'));
const dependencies = {
  editions: createEditionStore(table),
  // Read only here (the confirmed list): nothing is committed, so no event needs telling.
  registrations: createRegistrationStore({ ...table, events: streamDelivered }),
  outbox: createMailOutbox(table),
  mails: streamMailed,
};

/** How many reminders this run queued. */
export async function handler(): Promise<number> {
  return queueDueReminders(year, new Date(), dependencies);
}
