import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { createAgendaService } from '#functions/organizers/agenda-service.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/lib/dynamodb-local.ts';
import { WRITE_COMMANDS } from './faults.ts';

/**
 * A release in a process of its own, killed (SIGKILL: no handler, no finally) just before its
 * write number KILL_BEFORE_WRITE + 1 reaches DynamoDB, as a Lambda function stopped by its
 * timeout or a crash would be. Without KILL_BEFORE_WRITE it runs to the end and prints how many
 * writes the release made. Run by test/integration/releases/release-crash.test.ts.
 */

const { DYNAMODB_ENDPOINT, TABLE_NAME, KILL_BEFORE_WRITE, RELEASE_AT } = process.env;
if (!DYNAMODB_ENDPOINT || !TABLE_NAME || !RELEASE_AT) {
  throw new Error('Set DYNAMODB_ENDPOINT, TABLE_NAME and RELEASE_AT.');
}
const client = createDocumentClient({
  endpoint: DYNAMODB_ENDPOINT,
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});
const killBefore = KILL_BEFORE_WRITE === undefined ? undefined : Number(KILL_BEFORE_WRITE);
let writes = 0;
client.middlewareStack.add(
  (next, context) => async (args) => {
    if (WRITE_COMMANDS.has(context.commandName ?? '')) {
      if (writes === killBefore) process.kill(process.pid, 'SIGKILL');
      writes += 1;
    }
    return next(args);
  },
  { step: 'initialize', name: 'killBeforeWrite' },
);
const stores = createStores({ client, tableName: TABLE_NAME });
const at = new Date(RELEASE_AT);
const service = createAgendaService(stores, () => at);
const { release } = await service.release(2030, 'organizer-test', {
  name: 'later',
  comment: 'The workshop ends an hour later.',
});
console.log(JSON.stringify({ release: release.number, writes }));
