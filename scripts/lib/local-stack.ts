import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { EDITIONS_DIR, type EditionFile, loadEditionFiles } from '#editions/load.ts';
import { createApi } from '#functions/api.ts';
import { createDocumentClient } from '#functions/data/client.ts';
import { createEditionStore, type PublishResult } from '#functions/data/edition-store.ts';
import { createTable } from '#functions/data/table.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';

/**
 * The whole product on one machine: DynamoDB Local, the table, every edition file published into
 * it, and all Hono apps on one HTTP server. `npm start` and the HTTP tests both use it.
 */

export const LOCAL_TABLE_NAME = 'workshop-local';

export interface LocalStackOptions {
  port: number;
  hostname?: string;
  persistPath?: string;
  editionsDir?: string;
}

export interface LocalStack {
  url: string;
  dynamoDbEndpoint: string;
  /** The client every app uses: benchmarks attach middleware to it to count calls. */
  client: DynamoDBDocumentClient;
  editions: (EditionFile & { published: PublishResult })[];
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const editionFiles = loadEditionFiles(options.editionsDir ?? EDITIONS_DIR);
  const dynamoDb = await startDynamoDbLocal({ persistPath: options.persistPath });
  try {
    const rawClient = new DynamoDBClient(dynamoDb.clientConfig);
    await createTable(rawClient, LOCAL_TABLE_NAME);
    rawClient.destroy();
    const client = createDocumentClient(dynamoDb.clientConfig);
    const store = createEditionStore({ client, tableName: LOCAL_TABLE_NAME });
    const editions = [];
    for (const file of editionFiles) {
      editions.push({ ...file, published: await store.publish(publishEdition(file.edition)) });
    }
    const api = createApi({ store });
    const hostname = options.hostname ?? '127.0.0.1';
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
      (resolveServer, reject) => {
        const started = serve({ fetch: api.fetch, port: options.port, hostname }, (info) =>
          resolveServer({ server: started, port: info.port }),
        );
        started.once('error', reject);
      },
    );
    return {
      url: `http://${['0.0.0.0', '127.0.0.1', '::'].includes(hostname) ? 'localhost' : hostname}:${port}`,
      dynamoDbEndpoint: dynamoDb.endpoint,
      client,
      editions,
      async stop() {
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        await dynamoDb.stop();
      },
    };
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  }
}
