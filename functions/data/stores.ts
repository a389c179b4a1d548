import { createDocumentClient, requiredEnv } from './client.ts';
import { createEditionStore } from './edition-store.ts';
import { createRegistrationStore } from './registration-store.ts';

/** The stores of a Lambda function: one client per process, the table from TABLE_NAME. */
export function lambdaStores() {
  const client = createDocumentClient();
  const tableName = requiredEnv('TABLE_NAME');
  return {
    editions: createEditionStore({ client, tableName }),
    registrations: createRegistrationStore({ client, tableName }),
  };
}
