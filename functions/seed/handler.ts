import { createDocumentClient, requiredEnv } from '#functions/data/client.ts';
import { createEditionStore } from '#functions/data/edition-store.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { editionSchema } from '#shared/edition/schema.ts';

/**
 * CloudFormation custom resource: publishes the edition file (passed as a property) into the
 * table on create and update. Publishing writes only what changed; delete leaves the data.
 */

const store = createEditionStore({
  client: createDocumentClient(),
  tableName: requiredEnv('TABLE_NAME'),
});

interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: { Edition: string };
}

export async function handler(event: CustomResourceEvent) {
  const edition = editionSchema.parse(JSON.parse(event.ResourceProperties.Edition));
  const physicalResourceId = `edition-${edition.year}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId };
  const result = await store.publish(publishEdition(edition));
  console.log(
    JSON.stringify({ level: 'info', message: 'edition published', year: edition.year, ...result }),
  );
  return { PhysicalResourceId: physicalResourceId, Data: result };
}
