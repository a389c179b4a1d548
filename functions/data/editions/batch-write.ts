import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, sleep } from '../table/retry.ts';

/** Puts and deletes in batches: publish (edition-store.ts) and a purge (seed/purge.ts). */

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: { pk: string; sk: string } } };

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

/** BatchWriteItem in chunks of 25, retrying unprocessed items with exponential backoff. */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: WriteRequest[],
): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_SIZE) {
    let pending = requests.slice(start, start + BATCH_SIZE);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(
          `DynamoDB left ${pending.length} writes unprocessed after ${MAX_ATTEMPTS} attempts`,
        );
      }
      if (attempt > 1) await sleep(backoffDelay(attempt, 25, 2_000));
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }
}
