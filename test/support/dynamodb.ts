import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { createTable } from '#functions/data/table/table.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/lib/dynamodb-local.ts';

/** A fresh table on the run's DynamoDB Local, so that test files never see each other's data. */
export async function freshTable() {
  const config = {
    endpoint: inject('dynamoDbEndpoint'),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  };
  const tableName = `test-${randomUUID()}`;
  const raw = new DynamoDBClient(config);
  await createTable(raw, tableName);
  return { raw, client: createDocumentClient(config), tableName };
}

/** Every item of one partition, consistently read, page after page. */
export async function partitionItems(
  { client, tableName }: Pick<Awaited<ReturnType<typeof freshTable>>, 'client' | 'tableName'>,
  pk: string,
) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
