import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../scripts/lib/dynamodb-local.ts';

/** One DynamoDB Local (in memory, on a free port) for the whole integration run. */

let dynamoDb: DynamoDbLocal | undefined;

export async function setup(project: TestProject) {
  dynamoDb = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
}

export async function teardown() {
  await dynamoDb?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}
