import { performance } from 'node:perf_hooks';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '../scripts/lib/local-stack.ts';

/**
 * What a public read costs locally: DynamoDB calls and consumed capacity per request (read from
 * SDK middleware), and latency over HTTP against `npm start`'s stack, side by side with the bare
 * SDK Query the agenda is built on, measured in the same run.
 */

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const WARMUP = 30;

const stack = await startLocalStack({ port: 0 });
let calls: { command: string; capacity: number }[] = [];
stack.client.middlewareStack.add(
  (next, context) => async (args) => {
    (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
    const result = await next(args);
    const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number } };
    calls.push({
      command: context.commandName ?? '?',
      capacity: output.ConsumedCapacity?.CapacityUnits ?? 0,
    });
    return result;
  },
  { step: 'initialize', name: 'countCalls' },
);

async function measure(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i += 1) await run();
  calls = [];
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const quantile = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  const perRequest = calls.length / ROUNDS;
  const commands = [...new Set(calls.map((call) => call.command))].join('+') || '-';
  const capacity = calls.reduce((sum, call) => sum + call.capacity, 0) / ROUNDS;
  return { label, p50: quantile(0.5), p99: quantile(0.99), perRequest, commands, capacity };
}

const get = (path: string) => async () => {
  const response = await fetch(`${stack.url}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  await response.arrayBuffer();
};

try {
  const rows = [
    await measure('bare SDK Query of the 2020 partition', () =>
      stack.client.send(
        new QueryCommand({
          TableName: 'workshop-local',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'EDITION#2020' },
        }),
      ),
    ),
    await measure('GET /editions/2020/agenda', get('/editions/2020/agenda')),
    await measure('GET /editions/2020', get('/editions/2020')),
    await measure(
      'GET /editions/2020/talks/{id}',
      get('/editions/2020/talks/runtime-container-runtimes-overview'),
    ),
  ];
  const baseline = rows[0]?.p50 ?? 1;
  console.log(
    `\nLocal read cost, ${ROUNDS} sequential requests each (DynamoDB Local, Node ${process.version})\n`,
  );
  console.log('| request | DynamoDB calls | RCU | p50 ms | p99 ms | p50 vs bare Query |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.label} | ${row.perRequest.toFixed(1)} ${row.commands} | ${row.capacity.toFixed(1)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${(row.p50 / baseline).toFixed(2)}x |`,
    );
  }
} finally {
  await stack.stop();
}
