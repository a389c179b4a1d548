import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mailPutItem } from '#functions/data/mail/mail-outbox.ts';
import {
  emailClaimItem,
  type NewRegistration,
  registrationItem,
  waitlistEntryItem,
} from '#functions/data/registrations/registration-items.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { seatCounterKey } from '#functions/data/table/keys.ts';
import { eventPutItem } from '#functions/data/webhooks/event-outbox.ts';
import { newEvent } from '#shared/events.ts';
import { queuedMail } from '#shared/mail/queued.ts';
import { parseCommandLine } from '../scripts/lib/cli.ts';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';
import { BENCH_NOW, benchEditions } from './lib/bench-editions.ts';
import { profileCommands } from './lib/command-profile.ts';
import { costText, meterDynamo } from './lib/dynamo-meter.ts';
import { quantileMs, registerOverHttp } from './lib/registrants.ts';

/**
 * `npm run bench:burst -- [--registrations N] [--capacity C]`: N registrations sent at once over
 * HTTP to the local server (DynamoDB Local) on a capacity of C. Prints the outcome and the
 * latency, and fails when the counts are not exact or the positions the 201s gave are not
 * 1..N-C, each once, as the waiting list stands afterwards.
 *
 * The floor, in the same run on the same DynamoDB Local (before and after the burst, averaged):
 * N raw `TransactWriteItems` sent at once from a plain SDK client, each writing what a
 * registration writes (registration, email claim, WAIT# entry past the capacity, the counter on a
 * condition, the webhook event and the mail), without HTTP, validation, tickets or positions.
 */

const { values } = parseCommandLine(
  {
    options: {
      registrations: { type: 'string', default: '1000' },
      capacity: { type: 'string', default: '100' },
      keys: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm run bench:burst -- [--registrations 1000] [--capacity 100] [--keys]
  --keys      send an Idempotency-Key with every registration, as a form that retries would
  --profile   also print DynamoDB calls per command (warm-up included)`,
);
const total = Number(values.registrations);
const capacity = Number(values.capacity);

const YEAR = 2099;
/** A second edition, registered into before the timed burst so that both JITs are warm. */
const WARMUP_YEAR = 2098;
const WARMUP_REGISTRATIONS = 300;
/** The editions the floor writes into: its warm-up, then one per measurement of it. */
const FLOOR_WARMUP_YEAR = 2102;
const FLOOR_YEARS = [2100, 2101];
const NOW = BENCH_NOW;
const editions = benchEditions([WARMUP_YEAR, YEAR, FLOOR_WARMUP_YEAR, ...FLOOR_YEARS], {
  capacity,
});

const stack = await startLocalStack({
  port: 0,
  editionsDir: editions.directory,
  now: NOW,
  secrets: { emailHashKey: 'bench' },
});
process.env.LOG_LEVEL = 'warn';
const meter = meterDynamo(stack.client);
const profile = values.profile ? profileCommands(stack.client) : undefined;

try {
  const register = (index: number, year = YEAR) =>
    registerOverHttp(stack.url, year, index, values.keys ? `burst-${index}` : undefined);

  const raw = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoDbEndpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  let floorRetries = 0;
  /** What registration `index` writes, as one raw transaction: the floor's unit of work. */
  const rawRegistration = async (index: number, year: number) => {
    const input: NewRegistration = {
      year,
      id: `floor-${String(index).padStart(6, '0')}`,
      name: `Registrant ${index}`,
      email: `registrant-${index}@example.org`,
      audience: 'other',
      tokenHash: 'x'.repeat(43),
      emailKey: `floor-${index}`,
      expiresAt: 4_100_000_000,
      now: NOW,
    };
    const outcome =
      index < capacity
        ? ({ status: 'confirmed' } as const)
        : ({ status: 'waitlisted', waitTicket: index, waitlistPosition: index } as const);
    const counter = (update: string) => ({
      Update: {
        TableName: LOCAL_TABLE_NAME,
        Key: seatCounterKey(year),
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      },
    });
    const absent = 'attribute_not_exists(pk)';
    const TransactItems = [
      {
        Put: {
          TableName: LOCAL_TABLE_NAME,
          Item: registrationItem(input, outcome),
          ConditionExpression: absent,
        },
      },
      {
        Put: {
          TableName: LOCAL_TABLE_NAME,
          Item: emailClaimItem(input),
          ConditionExpression: absent,
        },
      },
      ...(outcome.status === 'confirmed'
        ? [counter('SET confirmed = confirmed + :one')]
        : [
            {
              Put: {
                TableName: LOCAL_TABLE_NAME,
                Item: waitlistEntryItem(input, outcome.waitTicket),
                ConditionExpression: absent,
              },
            },
            counter('SET waitlisted = waitlisted + :one'),
          ]),
      eventPutItem(
        LOCAL_TABLE_NAME,
        newEvent(`registration.${outcome.status}`, year, { registrationId: input.id }, NOW),
      ),
      mailPutItem(LOCAL_TABLE_NAME, queuedMail(outcome.status, year, input.id, NOW)),
    ];
    // Conflicts on the counter (DynamoDB serialises transactions on one item) are tried again.
    for (;;) {
      try {
        await raw.send(new TransactWriteCommand({ TransactItems }));
        return;
      } catch (error) {
        if (!(error instanceof Error) || !/Conflict|Throttl/.test(`${error.name} ${error.message}`))
          throw error;
        floorRetries += 1;
      }
    }
  };
  const floorRun = async (year: number, count = total) => {
    const floorStarted = performance.now();
    await Promise.all(Array.from({ length: count }, (_, index) => rawRegistration(index, year)));
    return (performance.now() - floorStarted) / 1000;
  };

  await Promise.all(
    Array.from({ length: WARMUP_REGISTRATIONS }, (_, index) =>
      register(total + index, WARMUP_YEAR),
    ),
  );
  await floorRun(FLOOR_WARMUP_YEAR, WARMUP_REGISTRATIONS);
  const floorBefore = await floorRun(FLOOR_YEARS[0] ?? 0);
  meter.label('burst');
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: total }, (_, index) => register(index)));
  const seconds = (performance.now() - started) / 1000;
  meter.label('');
  const cost = meter.cost('burst', total);
  const floorAfter = await floorRun(FLOOR_YEARS[1] ?? 0);
  const floorSeconds = (floorBefore + floorAfter) / 2;

  const count = (predicate: (result: (typeof results)[number]) => boolean) =>
    results.filter(predicate).length;
  const confirmed = count((result) => result.outcome === 'confirmed');
  const waitlisted = count((result) => result.outcome === 'waitlisted');
  const serverErrors = count((result) => result.status >= 500);
  const quantile = (q: number) => quantileMs(results, q);

  const store = createRegistrationStore({ client: stack.client, tableName: LOCAL_TABLE_NAME });
  const counter = await store.getSeatCounts(YEAR);
  const positions = await store.waitlistPositions(YEAR);
  const ranks = [...positions.values()].sort((a, b) => a - b);
  const waiting = results.filter((result) => result.outcome === 'waitlisted');
  const told = waiting.map((result) => result.told ?? 0).sort((a, b) => a - b);
  const positionsExact =
    ranks.length === waitlisted &&
    ranks.every((rank, index) => rank === index + 1) &&
    told.every((position, index) => position === index + 1) &&
    waiting.every((result) => result.id && positions.get(result.id) === result.told);
  const exact =
    confirmed === Math.min(capacity, total) &&
    waitlisted === Math.max(0, total - capacity) &&
    serverErrors === 0 &&
    counter?.confirmed === confirmed &&
    counter?.waitlisted === waitlisted &&
    positionsExact;

  if (values.json) {
    const row = {
      total,
      capacity,
      keys: values.keys,
      confirmed,
      waitlisted,
      serverErrors,
      seconds,
      floorSeconds,
      floorRuns: [floorBefore, floorAfter],
      floorRetries,
      ratio: seconds / floorSeconds,
    };
    console.log(
      JSON.stringify({
        ...row,
        perSecond: total / seconds,
        p50: quantile(0.5),
        p99: quantile(0.99),
        exact,
        cost,
      }),
    );
  } else {
    console.log(
      `\nRegistration burst: ${total} concurrent POSTs over HTTP${values.keys ? ' with Idempotency-Key' : ''}, capacity ${capacity} (DynamoDB Local, Node ${process.version})\n`,
    );
    console.log(
      '| registrations | capacity | confirmed | waitlisted | 5xx | seconds | registrations/s | p50 ms | p99 ms | counts exact | raw floor s (before, after) | vs floor | DynamoDB per registration |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${total} | ${capacity} | ${confirmed} | ${waitlisted} | ${serverErrors} | ${seconds.toFixed(2)} | ${(total / seconds).toFixed(0)} | ${quantile(0.5).toFixed(0)} | ${quantile(0.99).toFixed(0)} | ${exact ? 'yes' : 'NO'} | ${floorSeconds.toFixed(2)} (${floorBefore.toFixed(2)}, ${floorAfter.toFixed(2)}) | ${(seconds / floorSeconds).toFixed(2)}x | ${costText(cost)} |`,
    );
  }
  if (profile) console.log(`\n${profile.table()}`);
  process.exitCode = exact ? 0 : 1;
} finally {
  await stack.stop();
  editions.remove();
}
