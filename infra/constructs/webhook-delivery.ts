import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENTS_PREFIX } from '../../functions/contract.ts';
import { FUNCTION_ENTRIES } from '../bundling.ts';
import { readOutboxStream } from './outbox-stream.ts';
import { WorkshopFunction } from './workshop-function.ts';

/**
 * Webhook delivery in AWS: the table's stream brings new outbox events (EVENTS# inserts only) to a
 * fan-out function, which queues one message per subscription; the sender function delivers each,
 * and a failed attempt waits on the queue for its backoff. Messages that still fail end in a
 * dead-letter queue.
 */

export interface WebhookDeliveryProps {
  table: Table;
  label: string;
}

export class WebhookDelivery extends Construct {
  readonly fanOut: WorkshopFunction;
  readonly sender: WorkshopFunction;
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    super(scope, id);
    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Deliveries', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(60),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 12 },
    });

    this.fanOut = new WorkshopFunction(this, 'FanOut', {
      entry: FUNCTION_ENTRIES.webhookFanOut,
      description: `${props.label}: queues webhook deliveries for new events`,
      table: props.table,
      tableActions: ['dynamodb:Query'],
      environment: { DELIVERY_QUEUE_URL: this.queue.queueUrl },
    });
    this.queue.grantSendMessages(this.fanOut.function);
    readOutboxStream(this.fanOut, props.table, EVENTS_PREFIX);

    this.sender = new WorkshopFunction(this, 'Sender', {
      entry: FUNCTION_ENTRIES.webhookSender,
      description: `${props.label}: delivers webhook events, with backoff`,
      table: props.table,
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      environment: { DELIVERY_QUEUE_URL: this.queue.queueUrl },
      timeout: Duration.seconds(30),
    });
    this.queue.grant(this.sender.function, 'sqs:ChangeMessageVisibility');
    this.sender.function.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
  }

  get functions(): Record<string, IFunction> {
    return { WebhookFanOut: this.fanOut.function, WebhookSender: this.sender.function };
  }
}
