import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { belongsToEdition, purgeEdition } from '#functions/seed/purge.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import { person, registrationApi } from '../../support/registration-app.ts';

/**
 * Destroying an edition stack deployed with `-c purge=true`: the seeder's Delete removes every
 * item of that year from the series' table (functions/seed/purge.ts) and nothing of another
 * year. On DynamoDB Local, with a registration, its idempotency record, outbox event and mail.
 */

const ONLINE_2020 = parseEditionFile(
  'editions/history/hpcw-2020-online.yaml',
  readFileSync(join(process.cwd(), 'editions/history/hpcw-2020-online.yaml'), 'utf8'),
);

type Table = Awaited<ReturnType<typeof registrationApi>>['table'];

async function keysOf({ client, tableName }: Table): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateScan(
    { client },
    { TableName: tableName, ProjectionExpression: 'pk, sk', ConsistentRead: true },
  )) {
    for (const item of page.Items ?? []) keys.push(`${item.pk} ${item.sk}`);
  }
  return keys.sort();
}

/** Read independently of belongsToEdition: the year in the partition, or an entry named by it. */
const ofYear = (key: string, year: number) =>
  key.split(' ')[0]?.split('#')[1] === String(year) || key.endsWith(` EDITION#${year}`);

describe('purging one year of a series', () => {
  it('deletes every item of the year, its catalog entry and appearances, and leaves the other year whole', async () => {
    const api = await registrationApi();
    const { year } = api;
    const registered = await api.register(person(), { 'idempotency-key': 'purge-1' });
    expect(registered.status).toBe(201);
    await publishEditionFile(api.stores, ONLINE_2020, new Date('2020-06-01T10:00:00Z'));

    const before = await keysOf(api.table);
    const partitions = new Set(
      before.filter((key) => ofYear(key, year)).map((key) => key.split('#')[0]),
    );
    // The year has more than its published edition: registrations, seats, idempotency, outbox.
    expect([...partitions]).toEqual(
      expect.arrayContaining(['CATALOG EDITION', 'EDITION', 'REG', 'SEATS', 'IDEMPOTENCY']),
    );
    const others = before.filter((key) => !ofYear(key, year));
    expect(others.filter((key) => ofYear(key, 2020)).length).toBeGreaterThan(5);

    const deleted = await purgeEdition(api.table, year);
    const after = await keysOf(api.table);
    expect(after).toEqual(others);
    expect(deleted).toBe(before.length - others.length);
    expect(await purgeEdition(api.table, 1999)).toBe(0);
  });

  it('tells a year’s keys from a key that only contains its digits', () => {
    expect(belongsToEdition({ pk: 'DELIVERIES#2021#wh_1', sk: 'd1' }, 2021)).toBe(true);
    expect(belongsToEdition({ pk: 'PERSON#ada-2021', sk: 'EDITION#2020' }, 2021)).toBe(false);
    expect(belongsToEdition({ pk: 'PERSON#ada-2021', sk: 'EDITION#2021' }, 2021)).toBe(true);
    expect(belongsToEdition({ pk: 'CATALOG', sk: 'EDITION#2021' }, 2021)).toBe(true);
    expect(belongsToEdition({ pk: 'REG#20210', sk: 'COUNTER' }, 2021)).toBe(false);
    expect(belongsToEdition({ pk: 'EDITION#2020', sk: 'SPEAKER#2021' }, 2021)).toBe(false);
  });
});
