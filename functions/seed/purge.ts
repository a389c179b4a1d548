import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from '#functions/data/editions/batch-write.ts';
import type { TableAccess } from '#functions/data/table/client.ts';
import { CATALOG_PK, personPk } from '#functions/data/table/keys.ts';

/**
 * Deleting one edition from the series' table, when its stack is destroyed with `-c purge=true`
 * (README, "Deploying"): every item of the year's partitions (`EDITION#2021`, `REG#2021`,
 * `DELIVERIES#2021#…`, …), its catalog entry and each speaker's appearance in it. Other years,
 * and people's other appearances, stay. Without purge, destroying the stack deletes nothing.
 */

interface Key {
  pk: string;
  sk: string;
}

/** A key of the year: its own partitions, and its entries in the shared ones. */
export function belongsToEdition({ pk, sk }: Key, year: number): boolean {
  // Partitions every year shares: the catalog, and one per person across editions.
  if (pk === CATALOG_PK || pk.startsWith(personPk(''))) return sk === `EDITION#${year}`;
  const match = /^[A-Z_]+#(\d{4})(?:#|$)/.exec(pk);
  return match?.[1] === String(year);
}

/** Deletes every item of the edition; the number deleted. */
export async function purgeEdition({ client, tableName }: TableAccess, year: number) {
  const keys: Key[] = [];
  // A scan of keys only: a series' table is small, and a purge rare.
  for await (const page of paginateScan(
    { client },
    { TableName: tableName, ProjectionExpression: 'pk, sk', ConsistentRead: true },
  )) {
    for (const item of page.Items ?? []) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      if (belongsToEdition(key, year)) keys.push(key);
    }
  }
  await batchWrite(
    client,
    tableName,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
  );
  return keys.length;
}
