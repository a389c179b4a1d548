import { createStores } from '#functions/data/stores.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { lambdaPublicCache } from '#functions/edge/cloudfront.ts';
import { log } from '#functions/log.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { editionSchema } from '#shared/edition/schema.ts';

/**
 * CloudFormation custom resource: publishes the edition file (passed as a property) on create and
 * update. Publishing writes only what changed, never touches registrations, and leaves an edition
 * alone once organizers have released it through the API. Delete leaves the data. When anything
 * public changed, the front door's cache of the edition is dropped.
 */

const stores = createStores(lambdaTable());
const publicCache = lambdaPublicCache();

interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: { Edition: string };
}

export async function handler(event: CustomResourceEvent) {
  const edition = editionSchema.parse(JSON.parse(event.ResourceProperties.Edition));
  const physicalResourceId = `edition-${edition.year}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId };
  // The front door's cache is told when anything public changed (releases/publish.ts).
  const { release, ...result } = await publishEditionFile(stores, edition, new Date(), publicCache);
  log.info('edition published', { year: edition.year, release, ...result });
  return {
    PhysicalResourceId: physicalResourceId,
    Data: { ...result, release: release ?? 'api-managed' },
  };
}
