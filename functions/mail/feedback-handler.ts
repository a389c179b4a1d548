import type { SNSEvent } from 'aws-lambda';
import { createMailOutbox } from '#functions/data/mail/mail-outbox.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { recordSesFeedback } from './ses-feedback.ts';

/**
 * Bounces and complaints, in AWS: the configuration set's event destination publishes them to an
 * SNS topic, which invokes this. A failure throws, so that Lambda tries the event again and, at
 * the last, leaves it on the stack's failed-feedback queue. One function serves every year of the
 * series: the message's `edition` tag says whose outbox holds it.
 */

const dependencies = {
  outbox: createMailOutbox(lambdaTable()),
  clock: () => new Date(),
};

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) await recordSesFeedback(record.Sns.Message, dependencies);
}
