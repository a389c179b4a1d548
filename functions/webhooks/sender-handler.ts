import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { createWebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import { log } from '#functions/log.ts';
import { attemptDelivery, type DeliveryOptions, recordAttempt } from './delivery.ts';
import type { DeliveryJob } from './stream-handler.ts';

/**
 * Delivery, in AWS: one queue message per event and subscription. A failed attempt stays on the
 * queue, hidden for the backoff delay (ChangeMessageVisibility), and comes back as the next
 * attempt; after the last one the delivery is recorded as failed and the message is let go. A
 * target refused by the URL policy (e.g. a name resolving to a private address) is recorded as
 * failed at once, and its message let go too. Loopback is never allowed here.
 */

const webhooks = createWebhookStore(lambdaTable());
const sqs = new SQSClient({});
const queueUrl = requiredEnv('DELIVERY_QUEUE_URL');
const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

/** The handler, with the resolver and transport injectable for tests. */
export function createSenderHandler(options: Omit<DeliveryOptions, 'allowLoopback'> = {}) {
  const delivery: DeliveryOptions = { ...options, allowLoopback: false };
  return (batch: SQSEvent) => send(batch, delivery);
}

export const handler = createSenderHandler();

/**
 * The messages of a batch go out side by side, so that ten slow receivers take one delivery
 * timeout, not ten (the function has 30 s). A message whose handling fails (the table
 * unavailable, say) is reported alone and comes back; the others are not sent twice.
 */
async function send(batch: SQSEvent, delivery: DeliveryOptions): Promise<SQSBatchResponse> {
  const outcomes = await Promise.all(
    batch.Records.map((message) =>
      sendOne(message, delivery).catch((error: unknown) => {
        log.warn('webhook message failed', {
          messageId: message.messageId,
          errorName: error instanceof Error ? error.name : 'NonError',
        });
        return 'again' as const;
      }),
    ),
  );
  return {
    batchItemFailures: batch.Records.filter((_, index) => outcomes[index] === 'again').map(
      (message) => ({ itemIdentifier: message.messageId }),
    ),
  };
}

async function sendOne(message: SQSRecord, delivery: DeliveryOptions): Promise<'done' | 'again'> {
  const job = JSON.parse(message.body) as DeliveryJob;
  const attempt = Number(message.attributes.ApproximateReceiveCount) || 1;
  const subscription = await webhooks.getSubscription(job.event.edition, job.subscriptionId);
  if (!subscription) return 'done';
  const now = new Date();
  const result = await attemptDelivery(subscription, job.event, now, delivery);
  const delay = await recordAttempt(webhooks, subscription, job.event, attempt, result, now);
  if (delay === undefined) return 'done';
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: message.receiptHandle,
      VisibilityTimeout: Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(delay / 1000)),
    }),
  );
  return 'again';
}
