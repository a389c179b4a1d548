import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/**
 * Standard SQS queues in memory: delays, visibility timeouts, long polling and redrive to a
 * dead-letter queue after `maxReceiveCount` receives (the RedrivePolicy attribute). No FIFO.
 */

export interface StoredMessage {
  id: string;
  body: string;
  md5: string;
  messageAttributes?: Record<string, unknown>;
  sentAt: number;
  senderId: string;
  firstReceivedAt?: number;
  receiveCount: number;
  visibleAt: number;
  /** The receipt handle of the last receive; only it deletes or hides the message. */
  receipt?: string;
  deadLetterSourceArn?: string;
}

export interface Queue {
  name: string;
  arn: string;
  url: string;
  createdAt: number;
  attributes: Record<string, string>;
  messages: StoredMessage[];
}

export class SqsError extends Error {
  readonly code: string;
  readonly queryCode: string;
  constructor(code: string, message: string, queryCode = code) {
    super(message);
    this.code = code;
    this.queryCode = queryCode;
  }
}

const DEFAULTS: Record<string, string> = {
  VisibilityTimeout: '30',
  DelaySeconds: '0',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
};

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const seconds = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
};

export interface Received {
  message: StoredMessage;
  receiptHandle: string;
}

export class Queues {
  private readonly byName = new Map<string, Queue>();
  private readonly arrivals = new EventEmitter();
  private closed = false;
  private readonly baseUrl: string;
  private readonly arnPrefix: string;
  private readonly account: string;

  constructor(baseUrl: string, region: string, account: string) {
    this.baseUrl = baseUrl;
    this.account = account;
    this.arnPrefix = `arn:aws:sqs:${region}:${account}:`;
    this.arrivals.setMaxListeners(0);
  }

  arnOfName(name: string): string {
    return `${this.arnPrefix}${name}`;
  }

  /** A queue URL's last path segment is its name, whatever host the caller was given. */
  nameOfUrl(url: string): string {
    return url.split('?')[0]?.split('/').filter(Boolean).pop() ?? '';
  }

  /** The queue's Policy attribute, parsed; undefined without one (or for an unknown queue). */
  policyOf(name: string): unknown {
    const policy = this.byName.get(name)?.attributes.Policy;
    if (!policy) return undefined;
    try {
      return JSON.parse(policy) as unknown;
    } catch {
      return undefined;
    }
  }

  create(name: string, attributes: Record<string, string>): Queue {
    if (!/^[\w-]{1,80}$/.test(name)) {
      throw new SqsError(
        'InvalidParameterValue',
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    const existing = this.byName.get(name);
    if (existing) {
      const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
      if (differs) {
        throw new SqsError(
          'QueueNameExists',
          'A queue already exists with the same name and a different value for attribute',
          'QueueAlreadyExists',
        );
      }
      return existing;
    }
    const queue: Queue = {
      name,
      arn: this.arnOfName(name),
      url: `${this.baseUrl}/${this.account}/${name}`,
      createdAt: Date.now(),
      attributes: { ...DEFAULTS, ...attributes },
      messages: [],
    };
    this.byName.set(name, queue);
    return queue;
  }

  get(url: string): Queue {
    const queue = this.byName.get(this.nameOfUrl(url));
    if (!queue) {
      throw new SqsError(
        'QueueDoesNotExist',
        'The specified queue does not exist.',
        'AWS.SimpleQueueService.NonExistentQueue',
      );
    }
    return queue;
  }

  byQueueName(name: string): Queue {
    return this.get(name);
  }

  list(prefix = ''): Queue[] {
    return [...this.byName.values()].filter((queue) => queue.name.startsWith(prefix));
  }

  delete(url: string): void {
    this.byName.delete(this.get(url).name);
  }

  send(
    queue: Queue,
    body: string,
    senderId: string,
    delaySeconds?: number,
    messageAttributes?: Record<string, unknown>,
  ): StoredMessage {
    const limit = seconds(queue.attributes.MaximumMessageSize, 262_144);
    if (body.length === 0 || Buffer.byteLength(body) > limit) {
      throw new SqsError(
        'InvalidParameterValue',
        `The message body must be between 1 and ${limit} bytes long.`,
      );
    }
    const delay = delaySeconds ?? seconds(queue.attributes.DelaySeconds, 0);
    const now = Date.now();
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      md5: md5(body),
      ...(messageAttributes ? { messageAttributes } : {}),
      sentAt: now,
      senderId,
      receiveCount: 0,
      visibleAt: now + delay * 1000,
    };
    queue.messages.push(message);
    this.arrivals.emit('message');
    if (delay > 0) setTimeout(() => this.arrivals.emit('message'), delay * 1000).unref();
    return message;
  }

  /**
   * Up to `max` visible messages, hidden for the visibility timeout; waits up to `waitSeconds`
   * for one to arrive or reappear (long polling). A message received `maxReceiveCount` times
   * already moves to the dead-letter queue instead of being delivered again.
   */
  async receive(
    queue: Queue,
    max: number,
    visibilitySeconds: number | undefined,
    waitSeconds: number,
  ): Promise<Received[]> {
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      const received = this.take(queue, max, visibilitySeconds);
      const remaining = deadline - Date.now();
      if (received.length || remaining <= 0 || this.closed) return received;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.arrivals.off('message', wake);
          resolve();
        };
        // Also wakes to see messages whose visibility timeout ran out.
        const timer = setTimeout(wake, Math.min(remaining, 250));
        this.arrivals.on('message', wake);
      });
    }
  }

  private take(queue: Queue, max: number, visibilitySeconds: number | undefined): Received[] {
    const now = Date.now();
    const visibility = visibilitySeconds ?? seconds(queue.attributes.VisibilityTimeout, 30);
    const redrive = this.redrivePolicy(queue);
    // Past the retention period a message is gone, received or not.
    const retention = seconds(queue.attributes.MessageRetentionPeriod, 345_600) * 1000;
    queue.messages = queue.messages.filter((message) => now - message.sentAt < retention);
    const received: Received[] = [];
    for (const message of [...queue.messages]) {
      if (received.length >= max) break;
      if (message.visibleAt > now || !this.byName.has(queue.name)) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        this.moveToDeadLetters(queue, message, redrive.target);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibility * 1000;
      message.receipt = Buffer.from(`${queue.name}/${message.id}/${randomUUID()}`).toString(
        'base64url',
      );
      received.push({ message, receiptHandle: message.receipt });
    }
    return received;
  }

  private redrivePolicy(queue: Queue): { target: Queue; maxReceiveCount: number } | undefined {
    if (!queue.attributes.RedrivePolicy) return undefined;
    try {
      const policy = JSON.parse(queue.attributes.RedrivePolicy) as {
        deadLetterTargetArn?: string;
        maxReceiveCount?: number | string;
      };
      const name = policy.deadLetterTargetArn?.split(':').pop();
      const target = name ? this.byName.get(name) : undefined;
      const maxReceiveCount = Number(policy.maxReceiveCount);
      return target && maxReceiveCount > 0 ? { target, maxReceiveCount } : undefined;
    } catch {
      return undefined;
    }
  }

  private moveToDeadLetters(queue: Queue, message: StoredMessage, target: Queue) {
    queue.messages.splice(queue.messages.indexOf(message), 1);
    const { receipt: _receipt, ...kept } = message;
    target.messages.push({ ...kept, visibleAt: Date.now(), deadLetterSourceArn: queue.arn });
    this.arrivals.emit('message');
  }

  private byReceipt(queue: Queue, receiptHandle: string): StoredMessage {
    const message = queue.messages.find((candidate) => candidate.receipt === receiptHandle);
    if (message) return message;
    const decoded = Buffer.from(receiptHandle, 'base64url').toString();
    if (!decoded.startsWith(`${queue.name}/`)) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${receiptHandle.slice(0, 100)}" is not a valid receipt handle.`,
      );
    }
    throw new SqsError(
      'MessageNotInflight',
      'Message does not exist or is not available for visibility timeout change.',
      'AWS.SimpleQueueService.MessageNotInflight',
    );
  }

  /** Deleting a message already gone succeeds, as in SQS. */
  deleteMessage(queue: Queue, receiptHandle: string): void {
    const message = queue.messages.find((candidate) => candidate.receipt === receiptHandle);
    if (message) {
      queue.messages.splice(queue.messages.indexOf(message), 1);
      return;
    }
    const decoded = Buffer.from(receiptHandle, 'base64url').toString();
    if (!decoded.startsWith(`${queue.name}/`)) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${receiptHandle.slice(0, 100)}" is not a valid receipt handle.`,
      );
    }
  }

  changeVisibility(queue: Queue, receiptHandle: string, visibilitySeconds: number): void {
    if (!(visibilitySeconds >= 0 && visibilitySeconds <= 43_200)) {
      throw new SqsError(
        'InvalidParameterValue',
        'Value for parameter VisibilityTimeout is invalid. Reason: must be between 0 and 43200.',
      );
    }
    const message = this.byReceipt(queue, receiptHandle);
    message.visibleAt = Date.now() + visibilitySeconds * 1000;
    if (visibilitySeconds === 0) this.arrivals.emit('message');
  }

  purge(queue: Queue): void {
    queue.messages.length = 0;
  }

  /** Ends every long poll waiting now; later receives answer at once. */
  close(): void {
    this.closed = true;
    this.arrivals.emit('message');
  }
}
