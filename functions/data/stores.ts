import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAgendaStore } from './agenda-store.ts';
import { createDocumentClient, requiredEnv } from './client.ts';
import { createEditionStore } from './edition-store.ts';
import { createRegistrationStore } from './registration-store.ts';

/** Every store over one table and one client. */
export function createStores(options: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    editions: createEditionStore(options),
    registrations: createRegistrationStore(options),
    agenda: createAgendaStore(options),
  };
}

/** The stores of a Lambda function: one client per process, the table from TABLE_NAME. */
export function lambdaStores() {
  // Our own bounded retries (retry.ts) sit on top; keep the SDK's few and its waits short, so
  // that a request ends well inside the function and API Gateway timeouts.
  const client = createDocumentClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  return createStores({ client, tableName: requiredEnv('TABLE_NAME') });
}
