import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { createWebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import { log } from '#functions/log.ts';
import type { WebhookEvent } from '#shared/events.ts';

/**
 * Fan-out, in AWS: the table's stream brings each new outbox event (filtered to EVENTS# inserts in
 * the stack); one queue message per subscription that wants it goes to the delivery queue.
 */

const webhooks = createWebhookStore(lambdaTable());
const sqs = new SQSClient({});
const queueUrl = requiredEnv('DELIVERY_QUEUE_URL');

export interface DeliveryJob {
  subscriptionId: string;
  event: WebhookEvent;
}

export async function handler(stream: DynamoDBStreamEvent) {
  for (const record of stream.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    // The stream's attribute values have the SDK's shape; only the type packages differ.
    const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
    const {
      pk: _pk,
      sk: _sk,
      entity: _entity,
      expiresAt: _expiresAt,
      ...event
    } = item as WebhookEvent & Record<string, unknown>;
    const subscriptions = (await webhooks.listSubscriptions(event.edition)).filter((subscription) =>
      subscription.events.includes(event.type),
    );
    for (let start = 0; start < subscriptions.length; start += 10) {
      const batch = subscriptions.slice(start, start + 10);
      const { Failed } = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((subscription, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({
              subscriptionId: subscription.id,
              event,
            } satisfies DeliveryJob),
          })),
        }),
      );
      // A failed enqueue fails the batch: the stream retries it (receivers dedupe on the event id).
      if (Failed?.length) throw new Error(`${Failed.length} delivery jobs were not queued`);
    }
    log.info('webhook event queued', {
      edition: event.edition,
      event: event.id,
      subscriptions: subscriptions.length,
    });
  }
}
