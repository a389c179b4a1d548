import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { log } from '#functions/log.ts';
import type { MailJob } from './mail-job.ts';
import { enqueueMailJobs } from './mail-queue.ts';

/**
 * Attendee mail, in AWS: the table's stream brings each new outbox message (the stack filters
 * the stream to MAIL# inserts) and this queues one job per message for the mail sender. Only the
 * year and the id are read from the image: a cancellation's message carries its address.
 */

const sqs = new SQSClient({});
const queueUrl = requiredEnv('MAIL_QUEUE_URL');

export async function handler(stream: DynamoDBStreamEvent): Promise<void> {
  const jobs: MailJob[] = [];
  for (const record of stream.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const year = Number(image.year?.N);
    const mailId = image.id?.S;
    if (Number.isInteger(year) && mailId) jobs.push({ year, mailId });
  }
  // A failed enqueue fails the batch: the stream brings it again.
  await enqueueMailJobs(sqs, queueUrl, jobs);
  for (const job of jobs) log.info('mail queued', { edition: job.year, mail: job.mailId });
}
