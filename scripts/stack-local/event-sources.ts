import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { passesFilters, sqsFilterView } from './event-filter.ts';
import type { LocalFunction } from './lambda-host.ts';
import { awsJsonCall, LOCAL_SECRET_ACCESS_KEY } from './resources.ts';

/**
 * Lambda's event source mappings, locally: pollers that read a DynamoDB stream or an SQS queue
 * through the local AWS endpoint WITH THE FUNCTION'S CREDENTIALS (in AWS the mapping uses the
 * function's role, so a missing stream or queue grant shows here too), apply the mapping's
 * FilterCriteria, and invoke the function with batches of its BatchSize.
 */

export interface MappingSettings {
  name: string;
  function: LocalFunction;
  /** The function role's access key id. */
  accessKeyId: string;
  endpoint: string;
  region: string;
  sourceArn: string;
  batchSize: number;
  batchingWindowSeconds: number;
  filters: string[];
  startingPosition: string;
  maximumRetryAttempts: number;
  bisectOnError: boolean;
  reportBatchItemFailures: boolean;
  maximumConcurrency: number;
  log(entry: Record<string, unknown>): void;
}

export interface Poller {
  stop(): Promise<void>;
}

const POLL_MS = 200;
const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Failed item ids of a `batchItemFailures` answer; undefined when the answer is malformed. */
function failedItems(result: unknown): string[] | undefined {
  if (result === null || typeof result !== 'object') return [];
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return undefined;
  const ids = failures.map((failure) => (failure as { itemIdentifier?: unknown })?.itemIdentifier);
  return ids.every((id) => typeof id === 'string' && id !== '') ? (ids as string[]) : undefined;
}

interface StreamRecord {
  dynamodb?: { SequenceNumber?: string };
  [key: string]: unknown;
}

/**
 * A DynamoDB stream into a function: retried on error (bisected when the mapping says so).
 * `streamApiArn` is the stream's ARN as DynamoDB Local's stream API takes it; records carry the
 * template's (`settings.sourceArn`), as Lambda's do.
 */
export function pollStream(settings: MappingSettings, streamApiArn: string): Poller {
  let stopped = false;
  const call = (target: string, input: unknown) =>
    awsJsonCall({
      endpoint: settings.endpoint,
      region: settings.region,
      service: 'dynamodb',
      target: `DynamoDBStreams_20120810.${target}`,
      accessKeyId: settings.accessKeyId,
      input,
    });

  /** Invokes with `records`, retrying as the mapping says; true when they are done with. */
  const deliver = async (records: StreamRecord[], attempt = 0): Promise<void> => {
    if (records.length === 0 || stopped) return;
    const outcome = await settings.function.invoke({ Records: records });
    let failed: StreamRecord[] = [];
    if (!outcome.ok) failed = records;
    else if (settings.reportBatchItemFailures) {
      const ids = failedItems(outcome.result);
      const first =
        ids === undefined
          ? 0
          : records.findIndex((record) => ids.includes(record.dynamodb?.SequenceNumber ?? ''));
      failed = first < 0 ? [] : records.slice(first);
    }
    if (failed.length === 0) return;
    const limit = settings.maximumRetryAttempts < 0 ? 10_000 : settings.maximumRetryAttempts;
    if (attempt >= limit) {
      settings.log({
        message: 'stream records given up',
        mapping: settings.name,
        records: failed.length,
        attempts: attempt + 1,
      });
      return;
    }
    await sleep(Math.min(1000 * 2 ** attempt, 10_000));
    if (settings.bisectOnError && failed.length > 1) {
      const half = Math.ceil(failed.length / 2);
      await deliver(failed.slice(0, half), attempt + 1);
      await deliver(failed.slice(half), attempt + 1);
    } else {
      await deliver(failed, attempt + 1);
    }
  };

  const run = async () => {
    const iterators = new Map<string, string>();
    const finished = new Set<string>();
    let firstDescribe = true;
    let describedAt = 0;
    while (!stopped) {
      try {
        if (Date.now() - describedAt > 5_000) {
          const described = await call('DescribeStream', { StreamArn: streamApiArn });
          const shards =
            (described.StreamDescription as { Shards?: { ShardId: string }[] })?.Shards ?? [];
          for (const { ShardId } of shards) {
            if (iterators.has(ShardId) || finished.has(ShardId)) continue;
            // Shards found later started after the mapping: read from their beginning.
            const type = firstDescribe ? settings.startingPosition : 'TRIM_HORIZON';
            const answer = await call('GetShardIterator', {
              StreamArn: streamApiArn,
              ShardId,
              ShardIteratorType: type,
            });
            iterators.set(ShardId, String(answer.ShardIterator));
          }
          firstDescribe = false;
          describedAt = Date.now();
        }
        let batch: StreamRecord[] = [];
        const windowEnds = Date.now() + settings.batchingWindowSeconds * 1000;
        do {
          for (const [shard, iterator] of iterators) {
            const answer = await call('GetRecords', {
              ShardIterator: iterator,
              Limit: settings.batchSize,
            });
            const next = answer.NextShardIterator;
            if (typeof next === 'string') iterators.set(shard, next);
            else {
              iterators.delete(shard);
              finished.add(shard);
            }
            const records = ((answer.Records ?? []) as StreamRecord[]).map((record) => ({
              ...record,
              awsRegion: settings.region,
              eventSourceARN: settings.sourceArn,
            }));
            // Lambda drops what the filters do not pass: the function never sees it.
            batch.push(...records.filter((record) => passesFilters(settings.filters, record)));
          }
          while (batch.length >= settings.batchSize) {
            await deliver(batch.slice(0, settings.batchSize));
            batch = batch.slice(settings.batchSize);
          }
          if (Date.now() < windowEnds) await sleep(POLL_MS);
        } while (!stopped && Date.now() < windowEnds);
        await deliver(batch);
      } catch (error) {
        settings.log({
          message: 'stream poll failed',
          mapping: settings.name,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        await sleep(2_000);
      }
      await sleep(POLL_MS);
    }
  };
  const running = run();
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** An SQS queue into a function: what it fails (all, or the items it reports) is received again. */
export function pollQueue(settings: MappingSettings, queueUrl: string): Poller {
  let stopped = false;
  const client = new SQSClient({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
  const toRecord = (message: Message) => ({
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: message.Attributes ?? {},
    messageAttributes: message.MessageAttributes ?? {},
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: settings.sourceArn,
    awsRegion: settings.region,
  });
  const remove = async (messages: Message[]) => {
    for (let start = 0; start < messages.length; start += 10) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.slice(start, start + 10).map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
  };
  const loop = async () => {
    while (!stopped) {
      try {
        const messages: Message[] = [];
        const windowEnds = Date.now() + settings.batchingWindowSeconds * 1000;
        do {
          const { Messages } = await client.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: Math.min(10, settings.batchSize - messages.length),
              WaitTimeSeconds: 1,
              MessageSystemAttributeNames: ['All'],
            }),
          );
          messages.push(...(Messages ?? []));
        } while (!stopped && messages.length < settings.batchSize && Date.now() < windowEnds);
        if (messages.length === 0) continue;
        const passing = messages.filter((message) =>
          passesFilters(settings.filters, sqsFilterView(toRecord(message))),
        );
        // Lambda deletes the messages its filters drop.
        await remove(messages.filter((message) => !passing.includes(message)));
        if (passing.length === 0) continue;
        const outcome = await settings.function.invoke({ Records: passing.map(toRecord) });
        if (!outcome.ok) continue;
        const failed = settings.reportBatchItemFailures ? failedItems(outcome.result) : [];
        // A malformed answer fails the whole batch, as Lambda treats it.
        if (failed === undefined) continue;
        await remove(passing.filter((message) => !failed.includes(message.MessageId ?? '')));
      } catch (error) {
        settings.log({
          message: 'queue poll failed',
          mapping: settings.name,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        await sleep(2_000);
      }
    }
  };
  const loops = Array.from({ length: Math.max(1, settings.maximumConcurrency) }, () => loop());
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      client.destroy();
    },
  };
}
