import { EDITIONS_DIR } from '#editions/load.ts';
import { lintAgenda } from '#shared/agenda/lint.ts';
import { EditionFileError } from '#shared/edition/parse.ts';
import { parseCommandLine } from './lib/cli.ts';
import { JavaMissingError } from './lib/dynamodb-local.ts';
import { startLocalStack } from './lib/local-stack.ts';

/** `npm start`: the local API over DynamoDB Local with every edition file loaded. */

const PERSIST_PATH = '.data';

const { values } = parseCommandLine(
  {
    options: {
      persist: { type: 'boolean', default: false },
      editions: { type: 'string', default: EDITIONS_DIR },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm start [-- --persist] [-- --editions DIR]

Starts DynamoDB Local, loads every edition file and serves the API.
  --persist         keep the database in ${PERSIST_PATH}/ between runs (default: in memory)
  --editions DIR    read the edition files from DIR (default: editions/)
  PORT=3000         the HTTP port
  HOST=127.0.0.1    the address to listen on`,
);

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number (0-65535), not "${process.env.PORT}".`);
  process.exit(2);
}

try {
  const stack = await startLocalStack({
    port,
    hostname: process.env.HOST ?? '127.0.0.1',
    persistPath: values.persist ? PERSIST_PATH : undefined,
    editionsDir: values.editions,
  });
  const storage = values.persist
    ? `persisted in ${PERSIST_PATH}/`
    : 'in memory; --persist keeps data';
  console.log(`\nWorkshop API, local: DynamoDB Local at ${stack.dynamoDbEndpoint} (${storage})\n`);
  for (const { file, edition, published } of stack.editions) {
    const findings = lintAgenda(edition);
    const lint =
      findings.length === 0
        ? 'agenda lint: clean'
        : `agenda lint: ${findings.length} finding(s), see npm run agenda:lint -- ${edition.year}`;
    console.log(
      `  ${edition.year}  ${file}  (${published.written} items written, ${published.unchanged} unchanged, ${published.deleted} deleted; ${lint})`,
    );
  }
  const newest = Math.max(...stack.editions.map(({ edition }) => edition.year));
  console.log(`\n  ${stack.url}/editions`);
  for (const path of ['', '/agenda', '/talks', '/speakers']) {
    console.log(`  ${stack.url}/editions/${newest}${path}`);
  }
  console.log('\nPress Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the API and DynamoDB Local…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof EditionFileError || error instanceof JavaMissingError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
