import { createStores } from '#functions/data/stores.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { lambdaPublicCache } from '#functions/edge/cloudfront.ts';
import { log } from '#functions/log.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { editionSchema } from '#shared/edition/schema.ts';
import { purgeEdition } from './purge.ts';

/**
 * CloudFormation custom resource, one per edition stack of the series: publishes the edition file
 * (passed as a property) on create and update. Publishing writes only what changed, never touches
 * registrations, and leaves an edition alone once organizers have released it through the API.
 * Delete leaves the data (the archive), unless the stack was deployed with `-c purge=true`
 * (`Purge: 'true'`): then every item of the year goes (purge.ts). When anything public changed,
 * the front door's cache of the edition is dropped.
 */

const table = lambdaTable();
const stores = createStores(table);
const publicCache = lambdaPublicCache();

interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: { Edition: string; Purge?: string };
}

export async function handler(event: CustomResourceEvent) {
  const edition = editionSchema.parse(JSON.parse(event.ResourceProperties.Edition));
  const physicalResourceId = `edition-${edition.year}`;
  if (event.RequestType === 'Delete') {
    if (event.ResourceProperties.Purge === 'true') {
      const deleted = await purgeEdition(table, edition.year);
      await publicCache.invalidateEdition(edition.year, 0);
      log.warn('edition purged', { year: edition.year, deleted });
    }
    return { PhysicalResourceId: physicalResourceId };
  }
  // The front door's cache is told when anything public changed (releases/publish.ts).
  const { release, ...result } = await publishEditionFile(stores, edition, new Date(), publicCache);
  log.info('edition published', { year: edition.year, release, ...result });
  return {
    PhysicalResourceId: physicalResourceId,
    Data: { ...result, release: release ?? 'api-managed' },
  };
}
