import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '#functions/contract.ts';

/** A reason not to start (or not to finish) a migration: the CLI prints it and exits 1. */
export class MigrationRefused extends Error {
  override readonly name = 'MigrationRefused';
}

async function describe(client: DynamoDBClient, tableName: string, option: string) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table) throw new Error('no description');
    return Table;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new MigrationRefused(
        `${option} ${tableName}: no such table in this region/endpoint. Check the name (the stack's ` +
          'outputs name it) and --region/--endpoint.',
      );
    }
    throw error;
  }
}

/** The key attributes of a key schema with their types, e.g. `pk HASH S, sk RANGE S`. */
function keyShape(
  table: TableDescription,
  schema: TableDescription['KeySchema'] | undefined,
): string {
  const types = new Map(
    (table.AttributeDefinitions ?? []).map((d) => [d.AttributeName, d.AttributeType]),
  );
  return (schema ?? [])
    .map((key) => `${key.AttributeName} ${key.KeyType} ${types.get(key.AttributeName)}`)
    .join(', ');
}

const indexes = (table: TableDescription) =>
  new Map((table.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index]));

/**
 * Refuses when the two tables cannot hold the same items the same way: a different key schema,
 * or a secondary index of the old table that the series table lacks or keys differently.
 * Answers the warnings that do not stop the move.
 */
export async function checkTables(
  source: DynamoDBClient,
  target: DynamoDBClient,
  from: string,
  to: string,
): Promise<string[]> {
  const [old, series] = await Promise.all([
    describe(source, from, '--from'),
    describe(target, to, '--to'),
  ]);
  const expected = `${TABLE_KEYS.partitionKey} HASH S, ${TABLE_KEYS.sortKey} RANGE S`;
  for (const [table, option, name] of [
    [old, '--from', from],
    [series, '--to', to],
  ] as const) {
    const shape = keyShape(table, table.KeySchema);
    if (shape !== expected) {
      throw new MigrationRefused(
        `${option} ${name} has the key schema (${shape}), not the workshop table's (${expected}): ` +
          'name a table that a workshop stack created.',
      );
    }
  }
  const seriesIndexes = indexes(series);
  for (const [name, index] of indexes(old)) {
    const twin = seriesIndexes.get(name);
    const wanted = keyShape(old, index.KeySchema);
    const found = twin ? keyShape(series, twin.KeySchema) : 'missing';
    if (found !== wanted) {
      throw new MigrationRefused(
        `--to ${to}: its index ${name} is ${found}, the old table's is (${wanted}). Deploy the ` +
          'series stack of this version (its table has the same indexes) before migrating.',
      );
    }
  }
  const warnings: string[] = [];
  const [oldTtl, seriesTtl] = await Promise.all([ttlOf(source, from), ttlOf(target, to)]);
  if (oldTtl && seriesTtl !== TTL_ATTRIBUTE) {
    warnings.push(
      `--to ${to} has no time to live on ${TTL_ATTRIBUTE}: the copied items keep their ` +
        `${TTL_ATTRIBUTE}, but nothing deletes them when it passes.`,
    );
  }
  return warnings;
}

async function ttlOf(client: DynamoDBClient, tableName: string) {
  const { TimeToLiveDescription } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  return TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED'
    ? TimeToLiveDescription.AttributeName
    : undefined;
}
