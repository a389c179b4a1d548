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
  const source: unknown = JSON.parse(event.ResourceProperties.Edition);
  if (event.RequestType === 'Delete') {
    // The year alone: a file that a later schema refuses must not keep its stack from going.
    const year = editionSchema.shape.year.parse((source as { year?: unknown }).year);
    if (event.ResourceProperties.Purge === 'true') {
      const deleted = await purgeEdition(table, year);
      await publicCache.invalidateEdition(year, 0);
      log.warn('edition purged', { year, deleted });
    }
    return { PhysicalResourceId: `edition-${year}` };
  }
  const edition = editionSchema.parse(source);
  // The front door's cache is told when anything public changed (releases/publish.ts).
  const { release, ...result } = await publishEditionFile(stores, edition, new Date(), publicCache);
  log.info('edition published', { year: edition.year, release, ...result });
  return {
    PhysicalResourceId: `edition-${edition.year}`,
    Data: { ...result, release: release ?? 'api-managed' },
  };
}
