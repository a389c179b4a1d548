import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { stringify } from 'yaml';
import { mailPutItem } from '#functions/data/mail/mail-outbox.ts';
import {
  emailClaimItem,
  type NewRegistration,
  registrationItem,
  waitlistEntryItem,
} from '#functions/data/registrations/registration-items.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { seatCounterKey } from '#functions/data/registrations/seat-counter.ts';
import { eventPutItem } from '#functions/data/webhooks/event-outbox.ts';
import { newEvent } from '#shared/events.ts';
import { queuedMail } from '#shared/mail/queued.ts';
import { parseCommandLine } from '../scripts/lib/cli.ts';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';

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
const NOW = new Date('2098-05-01T12:00:00Z');
const directory = mkdtempSync(join(tmpdir(), 'burst-'));
for (const year of [WARMUP_YEAR, YEAR, FLOOR_WARMUP_YEAR, ...FLOOR_YEARS]) writeEdition(year);

function writeEdition(year: number) {
  writeFileSync(
    join(directory, `burst-${year}.yaml`),
    stringify({
      year,
      title: 'Burst Workshop',
      shortTitle: 'BW99',
      website: 'https://workshop.example/',
      venue: 'Benchmark Hall',
      date: `${year}-06-20`,
      timezone: 'Europe/Berlin',
      abstract: 'A registration burst.',
      topicAreas: [],
      keywords: { topics: [], technologies: [] },
      targetAudience: [],
      format: 'Talks.',
      segments: [],
      registration: {
        capacity,
        opensAt: '2098-04-01T00:00:00Z',
        closesAt: `${year}-06-01T00:00:00Z`,
        retentionDays: 30,
        audiences: [{ id: 'other', label: 'Other' }],
      },
      agenda: [
        { kind: 'session', id: 'one', title: 'ONE', duration: 30, items: [{ title: 'Talk' }] },
        { kind: 'end', at: '10:00' },
      ],
    }),
  );
}

const stack = await startLocalStack({
  port: 0,
  editionsDir: directory,
  now: NOW,
  secrets: { emailHashKey: 'bench' },
});
process.env.LOG_LEVEL = 'warn';
const stats = new Map<string, { n: number; ms: number }>();
if (values.profile) {
  stack.client.middlewareStack.add(
    (next, context) => async (args) => {
      const t = performance.now();
      try {
        return await next(args);
      } finally {
        const entry = stats.get(context.commandName ?? '?') ?? { n: 0, ms: 0 };
        entry.n += 1;
        entry.ms += performance.now() - t;
        stats.set(context.commandName ?? '?', entry);
      }
    },
    { step: 'initialize', name: 'profile' },
  );
}

try {
  const register = async (index: number, year = YEAR) => {
    const started = performance.now();
    const response = await fetch(`${stack.url}/editions/${year}/registrations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(values.keys ? { 'idempotency-key': `burst-${index}` } : {}),
      },
      body: JSON.stringify({
        name: `Registrant ${index}`,
        email: `registrant-${index}@example.org`,
        audience: 'other',
        consent: true,
      }),
    });
    const body = (await response.json()) as {
      id?: string;
      status?: string;
      waitlistPosition?: number;
    };
    return {
      status: response.status,
      outcome: body.status,
      id: body.id,
      told: body.waitlistPosition,
      ms: performance.now() - started,
    };
  };

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
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: total }, (_, index) => register(index)));
  const seconds = (performance.now() - started) / 1000;
  const floorAfter = await floorRun(FLOOR_YEARS[1] ?? 0);
  const floorSeconds = (floorBefore + floorAfter) / 2;

  const count = (predicate: (result: (typeof results)[number]) => boolean) =>
    results.filter(predicate).length;
  const confirmed = count((result) => result.outcome === 'confirmed');
  const waitlisted = count((result) => result.outcome === 'waitlisted');
  const serverErrors = count((result) => result.status >= 500);
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  const quantile = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;

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
      }),
    );
  } else {
    console.log(
      `\nRegistration burst: ${total} concurrent POSTs over HTTP${values.keys ? ' with Idempotency-Key' : ''}, capacity ${capacity} (DynamoDB Local, Node ${process.version})\n`,
    );
    console.log(
      '| registrations | capacity | confirmed | waitlisted | 5xx | seconds | registrations/s | p50 ms | p99 ms | counts exact | raw floor s (before, after) | vs floor |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${total} | ${capacity} | ${confirmed} | ${waitlisted} | ${serverErrors} | ${seconds.toFixed(2)} | ${(total / seconds).toFixed(0)} | ${quantile(0.5).toFixed(0)} | ${quantile(0.99).toFixed(0)} | ${exact ? 'yes' : 'NO'} | ${floorSeconds.toFixed(2)} (${floorBefore.toFixed(2)}, ${floorAfter.toFixed(2)}) | ${(seconds / floorSeconds).toFixed(2)}x |`,
    );
  }
  if (values.profile) {
    console.log('\n| DynamoDB command | calls | mean ms |\n|---|---|---|');
    for (const [command, { n, ms }] of stats)
      console.log(`| ${command} | ${n} | ${(ms / n).toFixed(1)} |`);
  }
  process.exitCode = exact ? 0 : 1;
} finally {
  await stack.stop();
  rmSync(directory, { recursive: true, force: true });
}
