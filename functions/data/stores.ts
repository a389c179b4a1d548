import { createDocumentClient, requiredEnv } from './client.ts';
import { createEditionStore } from './edition-store.ts';
import { createRegistrationStore } from './registration-store.ts';

/** The stores of a Lambda function: one client per process, the table from TABLE_NAME. */
export function lambdaStores() {
  // Our own bounded retries (retry.ts) sit on top; keep the SDK's few and its waits short, so
  // that a request ends well inside the function and API Gateway timeouts.
  const client = createDocumentClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  const tableName = requiredEnv('TABLE_NAME');
  return {
    editions: createEditionStore({ client, tableName }),
    registrations: createRegistrationStore({ client, tableName }),
  };
}
