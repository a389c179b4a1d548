import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseCommandLine } from './lib/cli.ts';
import { type MigrationReport, migrateEdition } from './series/migrate-edition.ts';
import { MigrationRefused } from './series/table-checks.ts';

const USAGE = `Usage: npm run series:migrate -- --from <old table> --to <series table> --edition <year>
         [--region R] [--from-region R] [--endpoint URL] [--dry-run]

Copies one edition from the table of its own stack (one stack per year) into the series table:
every item of the edition, as it is (attribute types and ${'`expiresAt`'} included), with puts that
never overwrite. Then it compares, per kind, the edition's items in both tables and prints them.

  --from          the old table (the year stack's table)
  --to            the series table
  --edition       the year to move, e.g. 2020
  --region        both tables' region (else AWS_REGION / the profile's)
  --from-region   the old table's region, when it differs
  --endpoint      a DynamoDB endpoint for both, e.g. http://localhost:8000 (DynamoDB Local)
  --dry-run       checks and counts, writes nothing

What moves:
  the edition's own partitions (EDITION#, SNAPSHOT#, ONLINE#, REG#, SEATS#, IDEMPOTENCY#, DRAFT#,
    RELEASES#, AUDIT#, LIVE#, WEBHOOKS#, DELIVERIES#, MAIL#, ANNOUNCE#, REMINDERS#, NOTICE#): copied;
  its items in the series' shared partitions (CATALOG and PERSON#<id>, sort key EDITION#<year>):
    merged beside the other years';
  webhook outbox events (EVENTS#<year>): not copied, reported (the series stream would deliver
    each again to every subscriber; their deliveries are copied);
  items of other editions or of unknown shapes: not copied, reported.

Run it with the old stack's writes stopped. Run again after a failure: it finishes the copy;
run again after success: it writes nothing. It refuses (exit 1, nothing written) when the
series table holds the edition with different items (published there from elsewhere), when
the key schemas or indexes differ, or a table is missing; exit 1 also when the counts differ
at the end; exit 2 on a wrong argument.`;

const USAGE_HINTS = {
  from: "the old table, the year stack's (its TableName output)",
  to: "the series table (the series stack's TableName output)",
  edition: 'the year to move, e.g. --edition 2020',
} as const;

function fail(message: string, code = 2): never {
  console.error(`${message}\n\nnpm run series:migrate -- --help for the usage.`);
  process.exit(code);
}

const { values } = parseCommandLine(
  {
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      edition: { type: 'string' },
      region: { type: 'string' },
      'from-region': { type: 'string' },
      endpoint: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  },
  USAGE,
);

for (const option of ['from', 'to', 'edition'] as const) {
  if (!values[option]) fail(`--${option} is missing: name ${USAGE_HINTS[option]}.`);
}
const edition = Number(values.edition);
if (!/^\d{4}$/.test(values.edition ?? '')) {
  fail(`--edition ${values.edition}: a year of four digits, e.g. --edition 2020.`);
}
if (values.endpoint && !URL.canParse(values.endpoint)) {
  fail(`--endpoint ${values.endpoint}: a URL, e.g. http://localhost:8000.`);
}
const from = values.from as string;
const to = values.to as string;
if (from === to && (values['from-region'] ?? values.region) === values.region) {
  fail(`--from and --to both name ${from}: --to is the series table, --from the year's own.`);
}

const client = (region: string | undefined) =>
  new DynamoDBClient({
    maxAttempts: 10,
    ...(region ? { region } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });

try {
  const report = await migrateEdition({
    source: client(values['from-region'] ?? values.region),
    target: client(values.region),
    from,
    to,
    edition,
    dryRun: values['dry-run'],
    progress: (line) => console.error(line),
  });
  print(report, from, to);
  const differs = report.counts.some((c) => c.action !== 'skip' && c.source !== c.target);
  process.exitCode = report.mismatches.length > 0 || (differs && !report.dryRun) ? 1 : 0;
} catch (error) {
  if (error instanceof MigrationRefused) fail(`Refused: ${error.message}`, 1);
  // AWS's own refusals (no right, no credentials, throttled past the retries) say what they are.
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  fail(
    `series:migrate stopped: ${what}\nWhat it wrote stays; fix the cause and run it again to finish.`,
    1,
  );
}

function print(report: MigrationReport, fromTable: string, toTable: string) {
  const rows = report.counts.map(
    (c) => `| ${c.kind} | ${c.action} | ${c.source} | ${c.action === 'skip' ? '-' : c.target} |`,
  );
  console.log(
    [
      `Edition ${report.edition}: ${fromTable} -> ${toTable}${report.dryRun ? ' (dry run: nothing written)' : ''}`,
      '',
      '| kind | action | old table | series table |',
      '|---|---|---|---|',
      ...rows,
      '',
      `${report.dryRun ? 'to write' : 'written'}: ${report.written}, there already: ${report.alreadyThere}`,
      ...report.warnings.map((warning) => `warning: ${warning}`),
      ...Object.entries(report.otherEditions).map(
        ([year, count]) => `not copied: ${count} item(s) of edition ${year} (another edition)`,
      ),
      ...report.unknown.map((key) => `not copied, unknown shape: ${key}`),
      ...(report.counts.some((c) => c.kind.startsWith('REG#') && c.source > 0)
        ? [
            'note: the registrations carry email keys and manage-token hashes made with the old ' +
              "stack's email hash key (README, Moving a year into the series)",
          ]
        : []),
      ...report.mismatches.map((key) => `MISMATCH: ${key}`),
    ].join('\n'),
  );
}
