import type { SNSEvent } from 'aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { createMailOutbox } from '#functions/data/mail/mail-outbox.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { editionYear } from './mail-job.ts';
import { recordSesFeedback } from './ses-feedback.ts';

/**
 * Bounces and complaints, in AWS: the configuration set's event destination publishes them to an
 * SNS topic, which invokes this. A failure throws, so that Lambda tries the event again and, at
 * the last, leaves it on the stack's failed-feedback queue.
 */

const dependencies = {
  outbox: createMailOutbox(lambdaTable()),
  edition: editionYear(requiredEnv('EDITION_YEAR')),
  clock: () => new Date(),
};

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) await recordSesFeedback(record.Sns.Message, dependencies);
}
