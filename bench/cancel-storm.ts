import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { mailPk } from '#functions/data/table/keys.ts';
import { parseCommandLine } from '../scripts/lib/cli.ts';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';
import { BENCH_NOW, benchEditions } from './lib/bench-editions.ts';
import { profileCommands } from './lib/command-profile.ts';
import { costText, meterDynamo } from './lib/dynamo-meter.ts';
import {
  type Answered,
  cancelOverHttp,
  quantileMs,
  type RegisterAnswer,
  registerOverHttp,
  statusCounts,
} from './lib/registrants.ts';
import { type QueuedKind, stormFaults } from './lib/storm-end-state.ts';

/**
 * `npm run bench:storm -- [--cancellations 200] [--repeats 150] [--registrations 80]
 * [--capacity 100]`: a cancellation storm over HTTP against the local server (DynamoDB Local). An
 * edition is filled first (a full house and a waiting list); then, all at once, every confirmed
 * person and every other waiting one cancel (`cancellations`), `repeats` of them send the same
 * DELETE a second time, concurrently, and `registrations` newcomers register. The seats the
 * confirmed free go to the waiting who stay, oldest first.
 *
 * The figure is the share of 5xx (the target: none). `exact` checks the end state in the table:
 * the confirmed fill the capacity while people wait, no one was confirmed twice, every one who left
 * is cancelled once, the promotions are the seats freed, the counter equals the items, and each
 * change queued its message once. `cost`: DynamoDB per storm request (bench/lib/dynamo-meter.ts).
 */

const { values } = parseCommandLine(
  {
    options: {
      cancellations: { type: 'string', default: '200' },
      repeats: { type: 'string', default: '150' },
      registrations: { type: 'string', default: '80' },
      capacity: { type: 'string', default: '100' },
      profile: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: npm run bench:storm -- [--cancellations 200] [--repeats 150] [--registrations 80] [--capacity 100]
  The confirmed cancel first (up to the capacity), then every other waiting person.
  --profile   also print DynamoDB calls per command (the fill included)`,
);
const cancellations = Number(values.cancellations);
const repeats = Math.min(Number(values.repeats), cancellations);
const newcomers = Number(values.registrations);
const capacity = Number(values.capacity);
/** The confirmed who leave free seats; the waiting who leave are every other one. */
const seatsFreed = Math.min(capacity, cancellations);
const waitingWhoLeave = cancellations - seatsFreed;
/** Enough waiting people that every seat freed goes to one who stays. */
const waiting = Math.max(2 * waitingWhoLeave, waitingWhoLeave + seatsFreed);

const YEAR = 2099;
const editions = benchEditions([YEAR], { capacity });
const stack = await startLocalStack({
  port: 0,
  editionsDir: editions.directory,
  now: BENCH_NOW,
  secrets: { emailHashKey: 'bench' },
});
process.env.LOG_LEVEL = 'warn';
const meter = meterDynamo(stack.client);
const profile = values.profile ? profileCommands(stack.client) : undefined;

/** Everyone, registered in turns of a hundred, so that the answers tell who is confirmed. */
async function fill(count: number): Promise<RegisterAnswer[]> {
  const answers: RegisterAnswer[] = [];
  for (let first = 0; first < count; first += 100) {
    const turn = Array.from({ length: Math.min(100, count - first) }, (_, at) => first + at);
    answers.push(
      ...(await Promise.all(turn.map((index) => registerOverHttp(stack.url, YEAR, index)))),
    );
  }
  return answers;
}

/** Shuffles a copy (Fisher–Yates). */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** The messages queued for the edition: kind per registration. */
async function queuedMails(): Promise<QueuedKind[]> {
  const mails: QueuedKind[] = [];
  for await (const page of paginateQuery(
    { client: stack.client },
    {
      TableName: LOCAL_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': mailPk(YEAR) },
      ConsistentRead: true,
    },
  )) {
    for (const item of page.Items ?? [])
      mails.push({ kind: String(item.kind), registrationId: String(item.registrationId) });
  }
  return mails;
}

try {
  const filled = await fill(capacity + waiting);
  const people = (outcome: string) =>
    filled
      .filter((answer) => answer.outcome === outcome && answer.id && answer.manageToken)
      .map((answer) => ({ id: answer.id as string, manageToken: answer.manageToken as string }))
      .sort((a, b) => a.id.localeCompare(b.id));
  const confirmedBefore = people('confirmed');
  // In the order they joined the list: by position (the 201 told it).
  const waitingBefore = filled
    .filter((answer) => answer.outcome === 'waitlisted')
    .sort((a, b) => (a.told ?? 0) - (b.told ?? 0))
    .map((answer) => ({ id: answer.id as string, manageToken: answer.manageToken as string }));
  if (confirmedBefore.length !== capacity || waitingBefore.length !== waiting)
    throw new Error(
      `the fill made ${confirmedBefore.length} confirmed and ${waitingBefore.length} waiting`,
    );

  const leavingWaiting = waitingBefore
    .filter((_, index) => index % 2 === 1)
    .slice(0, waitingWhoLeave);
  const leaving = [...confirmedBefore.slice(0, seatsFreed), ...leavingWaiting];
  const stayingWaiting = waitingBefore.filter((person) => !leavingWaiting.includes(person));
  const storm = shuffled([...leaving, ...shuffled(leaving).slice(0, repeats)]);

  meter.label('storm');
  const started = performance.now();
  const [cancelled, registered] = await Promise.all([
    Promise.all(storm.map((person) => cancelOverHttp(stack.url, YEAR, person))),
    Promise.all(
      Array.from({ length: newcomers }, (_, index) =>
        registerOverHttp(stack.url, YEAR, capacity + waiting + index),
      ),
    ),
  ]);
  const seconds = (performance.now() - started) / 1000;
  meter.label('');

  const answers: Answered[] = [...cancelled, ...registered];
  const total = answers.length;
  const serverErrors = answers.filter((answer) => answer.status >= 500).length;
  const store = createRegistrationStore({ client: stack.client, tableName: LOCAL_TABLE_NAME });
  const faults = stormFaults({
    records: await store.allRegistrations(YEAR),
    counter: await store.getSeatCounts(YEAR),
    mails: await queuedMails(),
    capacity,
    leaving,
    stayingWaiting,
  });
  // A cancellation or its repeat that was not a 5xx answered the cancellation.
  const misanswered = cancelled.filter(
    (answer) => answer.status < 500 && !(answer.status === 200 && answer.outcome === 'cancelled'),
  ).length;
  if (misanswered > 0) faults.push(`${misanswered} cancellations answered something else`);
  const exact = faults.length === 0;
  const cost = meter.cost('storm', total);

  if (values.json) {
    console.log(
      JSON.stringify({
        cancellations,
        repeats,
        registrations: newcomers,
        total,
        statusCounts: statusCounts(answers),
        serverErrors,
        seconds,
        p50: quantileMs(answers, 0.5),
        p99: quantileMs(answers, 0.99),
        exact,
        ...(exact ? {} : { faults }),
        cost,
      }),
    );
  } else {
    console.log(
      `\nCancellation storm over HTTP: ${cancellations} cancellations, ${repeats} repeats, ${newcomers} registrations at once, capacity ${capacity} (DynamoDB Local, Node ${process.version})\n`,
    );
    console.log(
      '| requests | statuses | 5xx | seconds | p50 ms | p99 ms | end state exact | DynamoDB per request |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${total} | ${JSON.stringify(statusCounts(answers))} | ${serverErrors} | ${seconds.toFixed(2)} | ${quantileMs(answers, 0.5).toFixed(0)} | ${quantileMs(answers, 0.99).toFixed(0)} | ${exact ? 'yes' : 'NO'} | ${costText(cost)} |`,
    );
    for (const fault of faults) console.log(`- ${fault}`);
  }
  if (profile) console.log(`\n${profile.table()}`);
  process.exitCode = exact && serverErrors === 0 ? 0 : 1;
} finally {
  await stack.stop();
  editions.remove();
}
