import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES, lambdaBuildOptions } from '../infra/bundling.ts';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';
import { functionEnvironment, runNode } from './lib/fresh-process.ts';

/**
 * Render on first use, or serve what the release stored? In a fresh process that has loaded the
 * public function's bundle and answered one request for an edition that does not exist (the same
 * load and warm-up for all: app, SDK clients, connections), the time to answer the first GET
 * agenda asking for brotli, with the function as it is, in the three states a table can be in:
 * (a) a head without a stored agenda and no edition document (consistent read of the head, Query
 * of the edition partition, render, compress), (b) a head without a stored agenda (the head and
 * the edition document read in parallel, render, compress), (c) the head as a release writes it
 * now, carrying the agenda it rendered (data/editions/stored-agenda.ts: the head read alone).
 * Median of RUNS, interleaved, against DynamoDB Local.
 */

const OUT = 'bench/out/first';
const RUNS = Number(process.env.BENCH_FIRST_RUNS ?? 15);
const CHILD = `
const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(bundle);
const event = JSON.parse(eventJson);
// The same warm-up for both: the app, the SDK clients and their connections, on an edition
// that does not exist. What is timed next is only what the first use of the agenda adds.
const nothing = { ...event, rawPath: '/editions/1999/agenda', requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: '/editions/1999/agenda' } } };
if ((await handler(nothing, {})).statusCode !== 404) throw new Error('warm-up');
const started = performance.now();
const result = await handler(event, {});
const ms = performance.now() - started;
if (result.statusCode !== 200 || !result.isBase64Encoded) throw new Error('agenda ' + result.statusCode);
process.stdout.write(JSON.stringify({ ms, bytes: Buffer.from(result.body, 'base64').length }));
`;

const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/editions/2020/agenda',
  rawQueryString: '',
  headers: { host: 'bench.local', 'accept-encoding': 'br' },
  isBase64Encoded: false,
  requestContext: {
    http: {
      method: 'GET',
      path: '/editions/2020/agenda',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'bench',
    },
    stage: '$default',
    requestId: 'r',
  },
};

async function once(child: string, bundle: string, env: NodeJS.ProcessEnv) {
  const run = await runNode([child, bundle, JSON.stringify(event)], env);
  if (run.code !== 0) throw new Error(run.stderr.slice(0, 600));
  return JSON.parse(run.stdout) as { ms: number; bytes: number };
}

process.env.LOG_LEVEL = 'warn';
const stack = await startLocalStack({
  port: 0,
  secrets: { emailHashKey: 'bench' },
});
try {
  mkdirSync(OUT, { recursive: true });
  const child = join(OUT, 'child.mjs');
  writeFileSync(child, CHILD);
  await build(lambdaBuildOptions(FUNCTION_ENTRIES.public, resolve(OUT, 'public')));
  const publicBundle = resolve(OUT, 'public', 'index.mjs');

  const env = functionEnvironment({
    tableName: LOCAL_TABLE_NAME,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
  });
  // The head as the release wrote it (with its agenda) and the edition document publish stored
  // (SNAPSHOT#2020): taken away for the runs that render, and put back.
  const get = async (Key: { pk: string; sk: string }) => {
    const { Item } = await stack.client.send(
      new GetCommand({ TableName: LOCAL_TABLE_NAME, Key, ConsistentRead: true }),
    );
    if (!Item) throw new Error(`no ${Key.pk}/${Key.sk}`);
    return Item;
  };
  const put = (Item: Record<string, unknown>) =>
    stack.client.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item }));
  const snapshotKey = { pk: 'SNAPSHOT#2020', sk: 'EDITION' };
  const [head, snapshot] = await Promise.all([
    get({ pk: 'EDITION#2020', sk: 'HEAD' }),
    get(snapshotKey),
  ]);
  if (!(head.agenda instanceof Uint8Array)) throw new Error('the release stored no agenda');
  const { agenda: _agenda, agendaVersion: _version, agendaFormat: _format, ...bareHead } = head;
  const times = { query: [] as number[], render: [] as number[], stored: [] as number[] };
  let bytes = { query: 0, render: 0, stored: 0 };
  for (let round = 0; round < RUNS; round += 1) {
    for (const mode of ['query', 'render', 'stored'] as const) {
      await put(mode === 'stored' ? head : bareHead);
      if (mode === 'query') {
        await stack.client.send(
          new DeleteCommand({ TableName: LOCAL_TABLE_NAME, Key: snapshotKey }),
        );
      }
      const result = await once(child, publicBundle, env);
      if (mode === 'query') await put(snapshot);
      times[mode].push(result.ms);
      bytes = { ...bytes, [mode]: result.bytes };
    }
  }
  await put(head);
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const result = {
    rows: [
      {
        name: 'render on first use from the partition (head and Query, render, brotli)',
        medianMs: median(times.query),
        bytes: bytes.query,
      },
      {
        name: 'render on first use from the edition document publish stored (head and document GetItem, render, brotli)',
        medianMs: median(times.render),
        bytes: bytes.render,
      },
      {
        name: 'the agenda its release stored with the head (the head GetItem alone, no render)',
        medianMs: median(times.stored),
        bytes: bytes.stored,
      },
    ],
    /** Each over rendering from the partition, which the function did before. */
    ratios: {
      document: median(times.render) / median(times.query),
      stored: median(times.stored) / median(times.query),
    },
  };
  console.log(process.argv.includes('--json') ? JSON.stringify(result) : result);
} finally {
  await stack.stop();
}
