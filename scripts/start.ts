import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { EDITIONS_DIR, editionFilePaths } from '#editions/load.ts';
import { lintAgenda } from '#shared/agenda/lint.ts';
import { EditionFileError } from '#shared/edition/parse.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { seriesOf } from '#shared/edition/series.ts';
import { parseCommandLine, pathFromInvocation, stopOnSignal } from './lib/cli.ts';
import { JavaMissingError } from './lib/dynamodb-local.ts';
import { localSignInPort } from './lib/local-oidc.ts';
import { startLocalStack } from './lib/local-stack.ts';

/** `npm start`: the local API over DynamoDB Local with every edition file loaded, and MailDev. */

const PERSIST_PATH = '.data';

const { values } = parseCommandLine(
  {
    options: {
      persist: { type: 'boolean', default: false },
      editions: { type: 'string', default: EDITIONS_DIR },
      now: { type: 'string', default: process.env.NOW },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm start [-- --persist] [-- --editions DIR]

Starts DynamoDB Local and MailDev, loads every edition file and serves the API.
  --persist         keep the database in ${PERSIST_PATH}/ between runs (default: in memory)
  --editions DIR    serve the edition files in DIR instead of editions/ (your own series)
  --now ISO-8601    run the clock from this instant, e.g. 2020-04-01T10:00:00+02:00
                    (also NOW=...); registration windows are judged by it
  PORT=3000         the HTTP port
  SIGN_IN_PORT=8764 the sign-in provider's port (npm run -s token signs for it: give it the same)
  HOST=127.0.0.1    the address to listen on`,
);

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number (0-65535), not "${process.env.PORT}".`);
  process.exit(2);
}

const signInPort = localSignInPort();
if (signInPort === undefined) {
  console.error(`SIGN_IN_PORT must be a port number (0-65535), not "${process.env.SIGN_IN_PORT}".`);
  process.exit(2);
}

const now = values.now === undefined ? undefined : new Date(values.now);
if (now && Number.isNaN(now.getTime())) {
  console.error(
    `--now must be an ISO-8601 date and time, e.g. 2020-04-01T10:00:00+02:00, not "${values.now}".`,
  );
  process.exit(2);
}

const editionsDir = pathFromInvocation(values.editions);
const inside = relative(process.cwd(), editionsDir);
const editionsName = inside.startsWith('..') ? editionsDir : inside || '.';
if (!existsSync(editionsDir) || !statSync(editionsDir).isDirectory()) {
  console.error(`--editions: ${values.editions} is not a folder (edition files are *.yaml in it).`);
  process.exit(2);
}
if (editionFilePaths(editionsDir).length === 0) {
  console.error(
    `No edition files (*.yaml) in ${editionsName}: make one with npm run edition -- new <year> --from <year> --editions ${editionsName}`,
  );
  process.exit(2);
}

try {
  const stack = await startLocalStack({
    ...(now ? { now } : {}),
    port,
    hostname: process.env.HOST ?? '127.0.0.1',
    persistPath: values.persist ? PERSIST_PATH : undefined,
    editionsDir,
    mail: true,
    console: true,
    signInPort,
  });
  const storage = values.persist
    ? `persisted in ${PERSIST_PATH}/`
    : 'in memory; --persist keeps data';
  console.log(`\nWorkshop API, local: DynamoDB Local at ${stack.dynamoDbEndpoint} (${storage})`);
  console.log(`Clock: ${now ? `running from ${now.toISOString()} (--now)` : 'real time'}`);
  console.log(`Mail: ${stack.mail?.webUrl}`);
  if (stack.oidc) {
    const { issuer, accounts } = stack.oidc;
    console.log(`Sign-in (OpenID Connect, client ${stack.oidc.audience}): ${issuer}`);
    console.log(
      `Organizer sign-in: ${accounts.organizer.username} / ${accounts.organizer.password}`,
    );
    console.log(`Reviewer sign-in: ${accounts.reviewer.username} / ${accounts.reviewer.password}`);
    if (stack.consoleUrl) console.log(`Console: ${stack.consoleUrl}`);
  }
  const custom = editionsDir !== resolve(EDITIONS_DIR);
  console.log(
    `Editions: ${stack.editions.length} from ${editionsName}/${custom ? ' (--editions)' : ''}\n`,
  );
  for (const { file, edition, published } of stack.editions) {
    const findings = lintAgenda(edition);
    const lint =
      findings.length === 0
        ? 'agenda lint: clean'
        : `agenda lint: ${findings.length} finding(s), see npm run agenda:lint -- ${edition.year}${custom ? ` --editions ${editionsName}` : ''}`;
    console.log(
      `  ${edition.year}  ${file}  (${published.written} items written, ${published.unchanged} unchanged, ${published.deleted} deleted; ${lint})`,
    );
  }
  const series = seriesOf(
    stack.editions.map(({ edition }) => publishEdition(edition).details),
    stack.clock(),
  );
  const featured = series.featured?.year;
  console.log(
    `\n  ${stack.url}/  (the series, ${featured} first)   ${stack.url}/docs  (the API, interactive)`,
  );
  console.log(`  ${stack.url}/editions`);
  for (const path of ['', '/agenda', '/talks', '/speakers']) {
    console.log(`  ${stack.url}/editions/${featured}${path}`);
  }
  console.log(`  POST ${stack.url}/editions/${featured}/registrations`);
  if (stack.editions.some(({ edition }) => edition.year === featured && edition.cfp)) {
    console.log(
      `  ${stack.url}/${featured}/cfp  (the call for papers)   ${stack.url}/editions/${featured}/cfp`,
    );
  }
  console.log(
    `  ${stack.url}/admin/editions/${featured}/registrations  (Authorization: Bearer $(npm run -s token))`,
  );
  console.log('\nPress Ctrl-C to stop.');

  stopOnSignal(stack, 'Stopping the API, the sign-in provider, MailDev and DynamoDB Local…');
} catch (error) {
  if (error instanceof EditionFileError || error instanceof JavaMissingError) {
    console.error(error.message);
    process.exit(2);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const busy = (error as { port?: number }).port;
    console.error(
      busy === signInPort
        ? `Port ${busy} (the sign-in provider's) is in use. Stop what runs there (npm run stack:local?), or move it: SIGN_IN_PORT=8774 npm start, and SIGN_IN_PORT=8774 npm run -s token`
        : `Port ${port} is in use. Stop what runs there, or start on another one: PORT=3001 npm start`,
    );
    process.exit(2);
  }
  throw error;
}
