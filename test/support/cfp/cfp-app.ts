import { createApi } from '#functions/api.ts';
import { createStores } from '#functions/data/stores.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { inProcessSignIn } from '../auth/sign-in.ts';
import { freshTable } from '../dynamodb.ts';
import { seedEdition } from '../editions.ts';
import { inMemorySubmitPort } from './submit-port.ts';

/** Inside the 2020 call (2020-02-01 to 2020-04-15, Europe/Berlin). */
const CALL_OPEN_AT = new Date('2020-03-02T10:00:00+01:00');
export const CALL_CLOSED_AT = new Date('2020-04-16T00:00:00+02:00');
export const CALL_NOT_OPEN_AT = new Date('2020-01-31T23:59:00+01:00');

/**
 * The whole API over a fresh table on the run's DynamoDB Local, the shipped 2020 edition (with
 * its call) published, a settable clock, and the call's form wired to the in-memory test double
 * of the submissions service (submit-port.ts).
 */
export async function cfpFormApi({
  edition = seedEdition(),
  publicUrl = 'http://localhost',
  now: start = CALL_OPEN_AT,
  service = 'double',
}: {
  edition?: EditionSource;
  publicUrl?: string;
  now?: Date;
  /** `real`: the form posts through the submissions service itself, on the table. */
  service?: 'double' | 'real';
} = {}) {
  const table = await freshTable();
  const stores = createStores({ client: table.client, tableName: table.tableName });
  let now = start;
  const clock = () => now;
  await publishEditionFile(stores, edition, now);
  const port = inMemorySubmitPort({ editions: stores.editions, clock, publicUrl });
  const app = createApi({
    ...stores,
    clock,
    publicUrl,
    emailHashKey: 'test-email-key',
    authenticate: inProcessSignIn().authenticate,
    ...(service === 'double' ? { cfpSubmissions: port } : {}),
  });
  return {
    app,
    port,
    table,
    year: edition.year,
    setNow: (instant: Date) => {
      now = instant;
    },
  };
}
