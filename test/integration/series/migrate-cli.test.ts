import { spawn } from 'node:child_process';
import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createStores } from '#functions/data/stores.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { freshTable } from '../../support/dynamodb.ts';
import { seedEdition } from '../../support/editions.ts';

/** `npm run series:migrate` as people run it: its refusals, its dry run, its table of counts. */

const NOW = new Date('2020-04-01T10:00:00+02:00');

/** The command in a child process, against the run's DynamoDB Local. */
function migrate(args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['scripts/series-migrate.ts', '--endpoint', inject('dynamoDbEndpoint'), ...args],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_REGION: 'local',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function published(file = seedEdition()) {
  const table = await freshTable();
  await publishEditionFile(createStores(table), file, NOW);
  return table;
}

const count = async (table: Awaited<ReturnType<typeof freshTable>>) =>
  (await table.raw.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count;

let old: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  old = await published();
});

describe('npm run series:migrate', { timeout: 120_000 }, () => {
  it('refuses missing or wrong arguments with exit 2, naming the option', async () => {
    const missing = await migrate(['--from', old.tableName, '--edition', '2020']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--to is missing');
    const year = await migrate(['--from', old.tableName, '--to', 'x', '--edition', '20x']);
    expect(year.status).toBe(2);
    expect(year.stderr).toContain('--edition 20x: a year of four digits');
    const same = await migrate([
      '--from',
      old.tableName,
      '--to',
      old.tableName,
      '--edition',
      '2020',
    ]);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('--from and --to both name');
    expect(`${missing.stderr}${year.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('refuses a table that is not there, or keyed otherwise, with exit 1', async () => {
    const series = await freshTable();
    const absent = await migrate([
      '--from',
      'no-such-table',
      '--to',
      series.tableName,
      '--edition',
      '2020',
    ]);
    expect(absent.status).toBe(1);
    expect(absent.stderr).toContain('--from no-such-table: no such table');

    const other = `other-${series.tableName}`;
    await series.raw.send(
      new CreateTableCommand({
        TableName: other,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    // DynamoDB's own refusal (a table name under 3 characters): named, without a stack trace.
    const invalid = await migrate(['--from', 'ab', '--to', series.tableName, '--edition', '2020']);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('series:migrate stopped: ValidationException');
    expect(invalid.stderr).toContain('run it again to finish');
    expect(invalid.stderr).not.toMatch(/\n\s+at /);

    const keyed = await migrate(['--from', old.tableName, '--to', other, '--edition', '2020']);
    expect(keyed.status).toBe(1);
    expect(keyed.stderr).toContain(`--to ${other} has the key schema (id HASH S)`);
    expect(keyed.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a series table holding the edition from another release history, writing nothing', async () => {
    const changed = seedEdition();
    changed.title = `${changed.title} (published elsewhere)`;
    const series = await published(changed);
    const before = await count(series);
    const result = await migrate([
      '--from',
      old.tableName,
      '--to',
      series.tableName,
      '--edition',
      '2020',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`--to ${series.tableName} already holds edition 2020`);
    expect(result.stderr).toContain('RELEASES#2020 REL#0001 (different content)');
    expect(result.stderr).toContain('Nothing was written');
    expect(await count(series)).toBe(before);
  });

  it('counts in a dry run, then copies and prints the counts per kind, exit 0', async () => {
    const series = await freshTable();
    const dry = await migrate([
      '--from',
      old.tableName,
      '--to',
      series.tableName,
      '--edition',
      '2020',
      '--dry-run',
    ]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('dry run: nothing written');
    expect(await count(series)).toBe(0);

    const result = await migrate([
      '--from',
      old.tableName,
      '--to',
      series.tableName,
      '--edition',
      '2020',
    ]);
    expect(result.stderr).toBe(
      result.stderr
        .split('\n')
        .filter((line) => line === '' || line.startsWith('written '))
        .join('\n'),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\| EDITION#<year> \/ SESSION#\* \| copy \| (\d+) \| \1 \|/);
    expect(result.stdout).toMatch(/\| CATALOG \/ EDITION#<year> \| merge \| 1 \| 1 \|/);
    const written = Number(/written: (\d+)/.exec(result.stdout)?.[1]);
    expect(written).toBe(await count(old));
    expect(await count(series)).toBe(written);
  });
});
