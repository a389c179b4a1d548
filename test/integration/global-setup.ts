import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../scripts/lib/dynamodb-local.ts';
import { localSigningKey } from '../../scripts/lib/local-oidc.ts';
import { localSignInPasswords } from '../../scripts/lib/local-secrets.ts';

/** One DynamoDB Local (in memory, on a free port) for the whole integration run. */

let dynamoDb: DynamoDbLocal | undefined;

export async function setup(project: TestProject) {
  // The files run in parallel workers, and each local stack reads .data/'s secrets and signing key
  // (made on first use): made here once, no two workers write them at the same time.
  localSignInPasswords();
  localSigningKey();
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
