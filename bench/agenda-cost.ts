import { performance } from 'node:perf_hooks';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';
import { costText, meterDynamo } from './lib/dynamo-meter.ts';
import { measureVersionChecks } from './version-checks.ts';

/**
 * What a public read costs locally: DynamoDB calls and consumed capacity per request (the meter
 * of bench/lib/dynamo-meter.ts on the stack's client), and latency over HTTP against `npm
 * start`'s stack, side by side with the bare SDK Query the agenda is built on, measured in the
 * same run; then the version checks (bench/version-checks.ts) and what writes cost, on the same
 * stack.
 */

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const WARMUP = 30;

const stack = await startLocalStack({
  port: 0,
  now: new Date('2020-04-01T10:00:00+02:00'),
  secrets: { emailHashKey: 'bench' },
});
const meter = meterDynamo(stack.client);

const get =
  (path: string, headers: Record<string, string> = {}, expected = 200) =>
  async () => {
    const response = await fetch(`${stack.url}${path}`, { headers });
    if (response.status !== expected) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  };
const agendaEtag = String((await fetch(`${stack.url}/editions/2020/agenda`)).headers.get('etag'));

/** Stable ids (bench/run.ts names the rows cost.<id>) for the labels below. */
const IDS: Record<string, string> = {
  'bare SDK Query of the 2020 partition (baseline)': 'query',
  '`GET /editions/2020/agenda`': 'agenda',
  '`GET /editions/2020/agenda` revalidated (304)': 'agenda-304',
  '`GET /editions/2020`': 'details',
  '`GET /editions/2020/talks/{id}`': 'talk',
  '`POST /editions/2020/registrations`': 'register',
  '`DELETE /editions/2020/registrations/{id}`': 'cancel',
  '`POST /editions/2020/registrations` (waiting list)': 'register-waitlist',
  '`DELETE /editions/2020/registrations/{id}` (promotes the head)': 'cancel-promotes',
};
const idOf = (label: string) => IDS[label] ?? label.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

const scenarios: [string, () => Promise<unknown>][] = [
  [
    'bare SDK Query of the 2020 partition (baseline)',
    () =>
      stack.client.send(
        new QueryCommand({
          TableName: LOCAL_TABLE_NAME,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'EDITION#2020' },
        }),
      ),
  ],
  ['`GET /editions/2020/agenda`', get('/editions/2020/agenda')],
  [
    '`GET /editions/2020/agenda` revalidated (304)',
    get('/editions/2020/agenda', { 'if-none-match': agendaEtag }, 304),
  ],
  ['`GET /editions/2020`', get('/editions/2020')],
  [
    '`GET /editions/2020/talks/{id}`',
    get('/editions/2020/talks/runtime-container-runtimes-overview'),
  ],
];

try {
  // Round-robin, so that drift on a shared machine hits every scenario alike.
  const times = new Map<string, number[]>(scenarios.map(([label]) => [label, []]));
  for (let round = -WARMUP; round < ROUNDS; round += 1) {
    for (const [label, run] of scenarios) {
      meter.label(round < 0 ? '' : label);
      const start = performance.now();
      await run();
      if (round >= 0) times.get(label)?.push(performance.now() - start);
    }
  }
  const quantile = (sorted: number[], q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const rows = scenarios.map(([label]) => {
    const sorted = [...(times.get(label) ?? [])].sort((a, b) => a - b);
    const cost = meter.cost(label, ROUNDS);
    return {
      id: idOf(label),
      label,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      perRequest: cost.calls,
      commands: Object.keys(cost.commands).join('+') || '-',
      capacity: cost.readUnits + cost.writeUnits,
      cost,
    };
  });
  const baseline = rows[0]?.p50 ?? 1;
  // The staleness bound, counted on the same stack before any write (bench/version-checks.ts).
  const checks = await measureVersionChecks(stack, meter);

  // Writes: what one registration and one cancellation cost (calls and capacity units).
  const writeCost = async (label: string, run: () => Promise<void>) => {
    meter.label(label);
    for (let index = 0; index < 20; index += 1) await run();
    const cost = meter.cost(label, 20);
    return {
      id: idOf(label),
      label,
      perRequest: cost.calls,
      commands: Object.keys(cost.commands).join('+'),
      /** Calls per request of each command, e.g. "1 TransactWriteItems + 0.05 GetItem". */
      breakdown: Object.entries(cost.commands)
        .map(([command, count]) => `${count} ${command}`)
        .join(' + '),
      capacity: cost.readUnits + cost.writeUnits,
      cost,
    };
  };
  const made: { id: string; manageToken: string; status: string }[] = [];
  let counter = 0;
  const registerOne = async () => {
    counter += 1;
    const response = await fetch(`${stack.url}/editions/2020/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Cost',
        email: `cost-${counter}@example.org`,
        audience: 'other',
        consent: true,
      }),
    });
    if (response.status !== 201) throw new Error(`register: ${response.status}`);
    made.push((await response.json()) as { id: string; manageToken: string; status: string });
  };
  const cancelOne = async (status: string) => {
    const index = made.findIndex((registration) => registration.status === status);
    const [registration] = made.splice(index, 1);
    if (index < 0 || !registration) throw new Error(`nothing ${status} to cancel`);
    const response = await fetch(`${stack.url}/editions/2020/registrations/${registration.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${registration.manageToken}` },
    });
    if (response.status !== 200) throw new Error(`cancel: ${response.status}`);
  };
  const register = await writeCost('`POST /editions/2020/registrations`', registerOne);
  const cancel = await writeCost('`DELETE /editions/2020/registrations/{id}`', () =>
    cancelOne('confirmed'),
  );
  // Then with the 100 seats taken: joining the waiting list, and a cancellation that promotes.
  meter.label('');
  while (made.length < 100) await registerOne();
  const join = await writeCost('`POST /editions/2020/registrations` (waiting list)', async () => {
    await registerOne();
    if (made.at(-1)?.status !== 'waitlisted') throw new Error('expected to wait');
  });
  const promote = await writeCost(
    '`DELETE /editions/2020/registrations/{id}` (promotes the head)',
    () => cancelOne('confirmed'),
  );
  if (process.argv.includes('--json')) {
    console.log(
      JSON.stringify({
        reads: rows.map((row) => ({ ...row, ratio: row.p50 / baseline })),
        writes: [register, cancel, join, promote],
        checks,
      }),
    );
  } else {
    console.log(
      `\nLocal read cost: ${ROUNDS} rounds of each request, round-robin, over HTTP to the local stack (DynamoDB Local, Node ${process.version})\n`,
    );
    console.log('| request | DynamoDB cost per request | p50 ms | p99 ms | p50 vs baseline |');
    console.log('|---|---|---|---|---|');
    for (const row of rows) {
      console.log(
        `| ${row.label} | ${costText(row.cost)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${(row.p50 / baseline).toFixed(2)}x |`,
      );
    }
    for (const row of [register, cancel, join, promote]) {
      console.log(`| ${row.label} | ${costText(row.cost)} | | | |`);
    }
  }
} finally {
  await stack.stop();
}
