import { handle } from 'hono/aws-lambda';
import { createDocumentClient, requiredEnv } from '#functions/data/client.ts';
import { createEditionStore } from '#functions/data/edition-store.ts';
import { createPublicApp } from './app.ts';

const store = createEditionStore({
  client: createDocumentClient(),
  tableName: requiredEnv('TABLE_NAME'),
});

export const handler = handle(createPublicApp({ store }));
