import type { Check } from './authorize.ts';
import { type Queue, type Queues, SqsError, type StoredMessage } from './sqs-queues.ts';

/**
 * SQS over its JSON protocol (AmazonSQS.*, what SDK v3 speaks): what IAM authorizes for each
 * operation, and the operation served by the in-memory queues.
 */

type Json = Record<string, unknown>;

/** Batch operations are authorized as their single form: there is no sqs:SendMessageBatch. */
const IAM_ACTION: Record<string, string> = {
  SendMessageBatch: 'sqs:SendMessage',
  DeleteMessageBatch: 'sqs:DeleteMessage',
  ChangeMessageVisibilityBatch: 'sqs:ChangeMessageVisibility',
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const entriesOf = (body: Json): Json[] =>
  Array.isArray(body.Entries) ? (body.Entries as unknown[]).filter(isJson) : [];
const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function sqsChecks(operation: string, body: Json, queues: Queues): Check[] {
  const action = IAM_ACTION[operation] ?? `sqs:${operation}`;
  if (operation === 'ListQueues') return [{ action, resource: '*' }];
  const name = text(body.QueueName) ?? queues.nameOfUrl(text(body.QueueUrl) ?? '');
  // The queue policy (the template's AWS::SQS::QueuePolicy, set as the Policy attribute).
  const policy = queues.policyOf(name);
  return [
    { action, resource: queues.arnOfName(name), ...(policy ? { resourcePolicy: policy } : {}) },
  ];
}

const integer = (value: unknown, name: string, min: number, max: number) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SqsError(
      'InvalidParameterValue',
      `Value for parameter ${name} is invalid. Reason: must be between ${min} and ${max}.`,
    );
  }
  return value;
};

const required = (body: Json, field: string) => {
  const value = text(body[field]);
  if (!value)
    throw new SqsError('MissingParameter', `The request must contain the parameter ${field}.`);
  return value;
};

function messageAttributes(message: StoredMessage, requested: string[]) {
  const all: Record<string, string> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    ...(message.deadLetterSourceArn
      ? { DeadLetterQueueSourceArn: message.deadLetterSourceArn }
      : {}),
  };
  const wanted = requested.includes('All') ? Object.keys(all) : requested;
  const picked = Object.fromEntries(Object.entries(all).filter(([key]) => wanted.includes(key)));
  return Object.keys(picked).length ? picked : undefined;
}

function queueAttributes(queue: Queue, requested: string[]) {
  const now = Date.now();
  const all: Record<string, string> = {
    ...queue.attributes,
    QueueArn: queue.arn,
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
    ApproximateNumberOfMessagesNotVisible: String(
      queue.messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).length,
    ),
    ApproximateNumberOfMessagesDelayed: String(
      queue.messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length,
    ),
  };
  const wanted = requested.includes('All') ? Object.keys(all) : requested;
  return Object.fromEntries(Object.entries(all).filter(([key]) => wanted.includes(key)));
}

const stringRecord = (value: unknown): Record<string, string> =>
  isJson(value)
    ? Object.fromEntries(
        Object.entries(value).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      )
    : {};

/** Serves one operation; the caller has authorized it. `senderId` is the caller's session. */
export async function serveSqs(
  operation: string,
  body: Json,
  queues: Queues,
  senderId: string,
): Promise<Json> {
  switch (operation) {
    case 'CreateQueue':
      return {
        QueueUrl: queues.create(required(body, 'QueueName'), stringRecord(body.Attributes)).url,
      };
    case 'GetQueueUrl':
      return { QueueUrl: queues.byQueueName(required(body, 'QueueName')).url };
    case 'ListQueues': {
      const urls = queues.list(text(body.QueueNamePrefix)).map((queue) => queue.url);
      return urls.length ? { QueueUrls: urls } : {};
    }
    case 'DeleteQueue':
      queues.delete(required(body, 'QueueUrl'));
      return {};
    case 'PurgeQueue':
      queues.purge(queues.get(required(body, 'QueueUrl')));
      return {};
    case 'GetQueueAttributes': {
      const queue = queues.get(required(body, 'QueueUrl'));
      const names = Array.isArray(body.AttributeNames)
        ? body.AttributeNames.filter((n) => typeof n === 'string')
        : [];
      return { Attributes: queueAttributes(queue, names) };
    }
    case 'SetQueueAttributes': {
      const queue = queues.get(required(body, 'QueueUrl'));
      Object.assign(queue.attributes, stringRecord(body.Attributes));
      return {};
    }
    case 'SendMessage': {
      const queue = queues.get(required(body, 'QueueUrl'));
      const attributes = isJson(body.MessageAttributes) ? body.MessageAttributes : undefined;
      const message = queues.send(
        queue,
        required(body, 'MessageBody'),
        senderId,
        integer(body.DelaySeconds, 'DelaySeconds', 0, 900),
        attributes,
      );
      return { MessageId: message.id, MD5OfMessageBody: message.md5 };
    }
    case 'SendMessageBatch': {
      const queue = queues.get(required(body, 'QueueUrl'));
      const entries = batch(body);
      const successful: Json[] = [];
      const failed: Json[] = [];
      for (const entry of entries) {
        const id = text(entry.Id) ?? '';
        try {
          const message = queues.send(
            queue,
            text(entry.MessageBody) ?? '',
            senderId,
            integer(entry.DelaySeconds, 'DelaySeconds', 0, 900),
          );
          successful.push({ Id: id, MessageId: message.id, MD5OfMessageBody: message.md5 });
        } catch (error) {
          failed.push(failure(id, error));
        }
      }
      return { Successful: successful, Failed: failed };
    }
    case 'ReceiveMessage': {
      const queue = queues.get(required(body, 'QueueUrl'));
      const max = integer(body.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10) ?? 1;
      const wait =
        integer(body.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20) ??
        Number(queue.attributes.ReceiveMessageWaitTimeSeconds ?? 0);
      const visibility = integer(body.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200);
      const requested = [body.AttributeNames, body.MessageSystemAttributeNames]
        .flatMap((names) => (Array.isArray(names) ? names : []))
        .filter((name): name is string => typeof name === 'string');
      const received = await queues.receive(queue, max, visibility, wait);
      if (!received.length) return {};
      return {
        Messages: received.map(({ message, receiptHandle }) => ({
          MessageId: message.id,
          ReceiptHandle: receiptHandle,
          MD5OfBody: message.md5,
          Body: message.body,
          ...(message.messageAttributes ? { MessageAttributes: message.messageAttributes } : {}),
          ...withAttributes(messageAttributes(message, requested)),
        })),
      };
    }
    case 'DeleteMessage':
      queues.deleteMessage(queues.get(required(body, 'QueueUrl')), required(body, 'ReceiptHandle'));
      return {};
    case 'ChangeMessageVisibility': {
      const queue = queues.get(required(body, 'QueueUrl'));
      const timeout = integer(body.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200);
      if (timeout === undefined)
        throw new SqsError(
          'MissingParameter',
          'The request must contain the parameter VisibilityTimeout.',
        );
      queues.changeVisibility(queue, required(body, 'ReceiptHandle'), timeout);
      return {};
    }
    case 'DeleteMessageBatch':
    case 'ChangeMessageVisibilityBatch': {
      const queue = queues.get(required(body, 'QueueUrl'));
      const successful: Json[] = [];
      const failed: Json[] = [];
      for (const entry of batch(body)) {
        const id = text(entry.Id) ?? '';
        try {
          const handle = text(entry.ReceiptHandle) ?? '';
          if (operation === 'DeleteMessageBatch') queues.deleteMessage(queue, handle);
          else queues.changeVisibility(queue, handle, Number(entry.VisibilityTimeout));
          successful.push({ Id: id });
        } catch (error) {
          failed.push(failure(id, error));
        }
      }
      return { Successful: successful, Failed: failed };
    }
    default:
      throw new SqsError(
        'InvalidAction',
        `The action ${operation.slice(0, 100)} is not valid for this endpoint.`,
      );
  }
}

const withAttributes = (attributes: Record<string, string> | undefined) =>
  attributes ? { Attributes: attributes } : {};

function batch(body: Json): Json[] {
  const entries = entriesOf(body);
  if (!entries.length)
    throw new SqsError(
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
      'AWS.SimpleQueueService.EmptyBatchRequest',
    );
  if (entries.length > 10)
    throw new SqsError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    );
  const ids = entries.map((entry) => entry.Id);
  if (new Set(ids).size !== ids.length) {
    throw new SqsError(
      'BatchEntryIdsNotDistinct',
      'Two or more batch entries in the request have the same Id.',
      'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    );
  }
  return entries;
}

function failure(id: string, error: unknown): Json {
  if (!(error instanceof SqsError)) throw error;
  return { Id: id, SenderFault: true, Code: error.code, Message: error.message };
}
