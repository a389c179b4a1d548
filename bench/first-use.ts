import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES, lambdaBuildOptions } from '../infra/bundling.ts';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';

/**
 * Render on first use, or store at publish time? In a fresh process that has loaded the public
 * function's bundle and answered one request for an edition that does not exist (the same load
 * and warm-up for both: app, SDK clients, connections), the time to answer the first GET agenda
 * asking for brotli: (a) the function as it is (consistent read of the edition head, Query of the edition
 * partition, render, compress) against (b) reading the agenda that publish would have rendered,
 * compressed and stored as an item (the edition head and that item, read in parallel). Median of
 * RUNS, interleaved, against DynamoDB Local.
 */

const OUT = 'bench/out/first';
const RUNS = Number(process.env.BENCH_FIRST_RUNS ?? 15);
const CHILD = `
const [mode, bundle, stored, eventJson] = process.argv.slice(2);
const { handler } = await import(bundle);
const { storedAgenda } = await import(stored);
const event = JSON.parse(eventJson);
// The same warm-up for both: the app, the SDK clients and their connections, on an edition
// that does not exist. What is timed next is only what the first use of the agenda adds.
const nothing = { ...event, rawPath: '/editions/1999/agenda', requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: '/editions/1999/agenda' } } };
if ((await handler(nothing, {})).statusCode !== 404) throw new Error('warm-up');
await storedAgenda(1999);
const started = performance.now();
const result = mode === 'render' ? await handler(event, {}) : await storedAgenda(2020);
const ms = performance.now() - started;
if (result.statusCode !== 200 || !result.isBase64Encoded) throw new Error(mode + ' ' + result.statusCode);
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

function once(mode: string, files: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ ms: number; bytes: number }>((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      [files[0] as string, mode, ...files.slice(1), JSON.stringify(event)],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    child.on('exit', (code) =>
      code === 0 ? resolveRun(JSON.parse(output)) : reject(new Error(errors.slice(0, 600))),
    );
  });
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
  const publicBundle = resolve(OUT, 'public', 'index.mjs');
  const storedBundle = resolve(OUT, 'stored', 'index.mjs');
  await build(lambdaBuildOptions(FUNCTION_ENTRIES.public, publicBundle));
  await build(lambdaBuildOptions('bench/first-use-stored.ts', storedBundle));

  // What publish would store: the agenda as the function renders it, in brotli, and its version.
  const rendered = await fetch(`${stack.url}/editions/2020/agenda`);
  const identity = new Uint8Array(await rendered.arrayBuffer());
  const details = (await (await fetch(`${stack.url}/editions/2020`)).json()) as {
    version: string;
  };
  await stack.client.send(
    new PutCommand({
      TableName: LOCAL_TABLE_NAME,
      Item: {
        pk: 'RENDERED#2020',
        sk: 'agenda',
        version: details.version,
        etag: rendered.headers.get('etag'),
        br: brotliCompressSync(identity, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 6,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        }),
      },
    }),
  );

  const env = {
    PATH: process.env.PATH,
    TABLE_NAME: LOCAL_TABLE_NAME,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoDbEndpoint,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    PUBLIC_URL: 'https://hpcw.example.org',
    LOG_LEVEL: 'warn',
  };
  const files = [child, publicBundle, storedBundle];
  // The edition document publish stores (SNAPSHOT#2020): taken away for the runs that read the
  // partition instead, and put back.
  const snapshotKey = { pk: 'SNAPSHOT#2020', sk: 'EDITION' };
  const { Item: snapshot } = await stack.client.send(
    new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: snapshotKey }),
  );
  if (!snapshot) throw new Error('publish stored no edition document');
  const times = { query: [] as number[], render: [] as number[], stored: [] as number[] };
  let bytes = { query: 0, render: 0, stored: 0 };
  for (let round = 0; round < RUNS; round += 1) {
    for (const mode of ['query', 'render', 'stored'] as const) {
      if (mode === 'query') {
        await stack.client.send(
          new DeleteCommand({ TableName: LOCAL_TABLE_NAME, Key: snapshotKey }),
        );
      }
      const result = await once(mode === 'stored' ? 'stored' : 'render', files, env);
      if (mode === 'query') {
        await stack.client.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item: snapshot }));
      }
      times[mode].push(result.ms);
      bytes = { ...bytes, [mode]: result.bytes };
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const result = {
    rows: [
      {
        name: 'render on first use from the partition (Query, render, brotli)',
        medianMs: median(times.query),
        bytes: bytes.query,
      },
      {
        name: 'render on first use from the edition document publish stored (GetItem, render, brotli)',
        medianMs: median(times.render),
        bytes: bytes.render,
      },
      {
        name: 'read the agenda stored at publish (2 GetItem)',
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
