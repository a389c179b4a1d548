import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, pathFromInvocation, stopOnSignal } from '../lib/cli.ts';
import { JavaMissingError } from '../lib/dynamodb-local.ts';
import { localSignInPort } from '../lib/local-oidc.ts';
import { synthesize } from './assembly.ts';
import { startStackLocal } from './runner.ts';

/** `npm run stack:local`: the synthesized stacks, run locally as the templates wire them. */

const { values } = parseCommandLine(
  {
    options: {
      assembly: { type: 'string' },
      edition: { type: 'string' },
      now: { type: 'string', default: process.env.NOW },
      persist: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm run stack:local [-- --assembly DIR] [-- --edition YEAR] [-- --now ISO-8601]

Synthesizes the CDK app (cdk synth, mail from workshop@mail.localhost) into a temporary folder,
then serves it as the templates wire it: DynamoDB Local, MailDev, every Lambda from its built
asset, the HTTP API behind its CloudFront distribution, streams, queues and schedules.
  --assembly DIR    run this cloud assembly (a cdk.out) instead of synthesizing
  --edition YEAR    synthesize with -c edition=YEAR (default: every edition)
  --now ISO-8601    run the functions' clock from this instant (also NOW=...)
  --persist         keep the database in .data/ between runs (default: in memory)
  --quiet           print no log lines of the runner and the local AWS endpoint
  PORT=3000         the front door's port (the distribution's, else the API's)
  SIGN_IN_PORT=8764 the local sign-in provider's port, which the JWT authorizers trust in place
                    of the user pool (npm run -s token signs for it: give it the same)
  HOST=127.0.0.1    the address to listen on
Organizer token: npm run -s token, or npm run login -- --url <the front door>.`,
);

const now = values.now === undefined ? undefined : new Date(values.now);
if (now && Number.isNaN(now.getTime())) {
  console.error(
    `--now must be an ISO-8601 date and time, e.g. 2020-04-01T10:00:00+02:00, not "${values.now}".`,
  );
  process.exit(2);
}
const signInPort = localSignInPort();
if (signInPort === undefined) {
  console.error(`SIGN_IN_PORT must be a port number (0-65535), not "${process.env.SIGN_IN_PORT}".`);
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number (0-65535), not "${process.env.PORT}".`);
  process.exit(2);
}

let assemblyDir = values.assembly === undefined ? undefined : pathFromInvocation(values.assembly);
let temporary: string | undefined;
if (!assemblyDir) {
  temporary = mkdtempSync(join(tmpdir(), 'stack-local-'));
  assemblyDir = temporary;
  console.log(`Synthesizing into ${assemblyDir}…`);
  try {
    await synthesize(assemblyDir, {
      mailFrom: 'workshop@mail.localhost',
      ...(values.edition ? { edition: values.edition } : {}),
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    rmSync(temporary, { recursive: true, force: true });
    process.exit(1);
  }
}

try {
  const stack = await startStackLocal({
    assemblyDir,
    port,
    hostname: process.env.HOST ?? '127.0.0.1',
    ...(now ? { now } : {}),
    ...(values.persist ? { persistPath: '.data' } : {}),
    signInPort,
    log: values.quiet ? undefined : (entry) => console.log(JSON.stringify(entry)),
  });
  console.log(`\nThe assembly ${assemblyDir}, running locally:`);
  for (const server of stack.servers)
    console.log(`  ${server.kind.padEnd(12)} ${server.url}  (${server.stack}/${server.logicalId})`);
  console.log(`  functions    ${stack.functions.size}, from their built assets`);
  console.log(`  mail         ${stack.mailWebUrl}`);
  console.log(`  sign-in      ${stack.signIn.issuer}  (in place of the user pool)`);
  const { organizer, reviewer } = stack.signIn.accounts;
  console.log(`Organizer sign-in: ${organizer.username} / ${organizer.password}`);
  console.log(`Reviewer sign-in: ${reviewer.username} / ${reviewer.password}`);
  console.log(`  clock        ${now ? `from ${now.toISOString()} (--now)` : 'real time'}`);
  console.log(`\n  ${stack.url}/editions`);
  console.log(
    `  ${stack.url}/admin/editions/<year>/registrations  (Authorization: Bearer $(npm run -s token))`,
  );
  console.log('\nPress Ctrl-C to stop.');
  stopOnSignal(stack, 'Stopping…', () => {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  });
} catch (error) {
  if (temporary) rmSync(temporary, { recursive: true, force: true });
  if (error instanceof JavaMissingError) {
    console.error(error.message);
    process.exit(2);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const busy = (error as { port?: number }).port;
    console.error(
      busy === signInPort
        ? `Port ${busy} (the sign-in provider's) is in use (npm start?): SIGN_IN_PORT=8774 npm run stack:local, and SIGN_IN_PORT=8774 npm run -s token`
        : `Port ${port} is in use: PORT=3001 npm run stack:local`,
    );
    process.exit(2);
  }
  throw error;
}
