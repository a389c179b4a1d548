import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { requiredEnv } from '#functions/data/client.ts';
import { log } from '#functions/log.ts';
import type { MailJob } from './mail-job.ts';

/**
 * Attendee mail, in AWS: the table's stream brings each new outbox message (the stack filters
 * the stream to MAIL# inserts) and this queues one job per message for the mail sender. Only the
 * year and the id are read from the image: a cancellation's message carries its address.
 */

const sqs = new SQSClient({});
const queueUrl = requiredEnv('MAIL_QUEUE_URL');
/** SendMessageBatch takes at most ten entries. */
const SQS_BATCH = 10;

export async function handler(stream: DynamoDBStreamEvent): Promise<void> {
  const jobs: MailJob[] = [];
  for (const record of stream.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const year = Number(image.year?.N);
    const mailId = image.id?.S;
    if (Number.isInteger(year) && mailId) jobs.push({ year, mailId });
  }
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
    // A failed enqueue fails the batch: the stream brings it again, and a message queued twice is
    // still sent once (the sender claims it in the outbox first).
    if (Failed?.length) throw new Error(`${Failed.length} mail jobs were not queued`);
  }
  for (const job of jobs) log.info('mail queued', { edition: job.year, mail: job.mailId });
}
