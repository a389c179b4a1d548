import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '#functions/data/client.ts';
import { createTable } from '#functions/data/table.ts';
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
