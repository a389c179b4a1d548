import { performance } from 'node:perf_hooks';
import type { LocalStack } from '../scripts/lib/local-stack.ts';
import { type DynamoMeter, meterDynamo } from './lib/dynamo-meter.ts';

/**
 * The public path's staleness bound, counted: requests sent back to back for a few seconds to the
 * local stack, and the DynamoDB calls they made, by item. A warm process checks the edition's
 * version with one read per second at most (published-editions.ts); the edition page also reads
 * the seat counts on every request. Printed per route: requests, calls per request, and the
 * version item's reads per second. `npm run bench` runs it on bench/agenda-cost.ts's stack (one
 * DynamoDB Local start fewer); `node bench/version-checks.ts` on a stack of its own.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

async function measure(stack: LocalStack, meter: DynamoMeter, path: string) {
  // Warm: the edition in memory, the representation rendered.
  for (let index = 0; index < 20; index += 1) await (await fetch(`${stack.url}${path}`)).text();
  meter.label(path);
  const start = performance.now();
  let requests = 0;
  while (performance.now() - start < SECONDS * 1000) {
    const response = await fetch(`${stack.url}${path}`);
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
    requests += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  meter.label('');
  const calls = meter
    .calls(path)
    .map((call) => (call.key ? `${call.command} ${call.key}` : call.command));
  const byCall = new Map<string, number>();
  for (const call of calls) byCall.set(call, (byCall.get(call) ?? 0) + 1);
  // The item the version is read from: the edition head; the seat counter before there was one.
  const reads = (suffix: string) => calls.filter((call) => call.endsWith(suffix)).length;
  const versionReads = reads('EDITION#2020/HEAD') || reads('SEATS#2020/COUNTER');
  return {
    path,
    requests,
    seconds,
    callsPerRequest: calls.length / requests,
    cost: meter.cost(path, requests),
    versionReadsPerSecond: versionReads / seconds,
    calls: Object.fromEntries(byCall),
  };
}

/** GET agenda and GET details back to back, each for SECONDS, metered. */
export async function measureVersionChecks(stack: LocalStack, meter: DynamoMeter) {
  const agenda = await measure(stack, meter, '/editions/2020/agenda');
  const details = await measure(stack, meter, '/editions/2020');
  return { agenda, details };
}

if (import.meta.main) {
  const { startLocalStack } = await import('../scripts/lib/local-stack.ts');
  const stack = await startLocalStack({
    port: 0,
    now: new Date('2020-04-01T10:00:00+02:00'),
    secrets: { emailHashKey: 'bench' },
  });
  try {
    const result = await measureVersionChecks(stack, meterDynamo(stack.client));
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else console.log(JSON.stringify(result, null, 2));
  } finally {
    await stack.stop();
  }
}
