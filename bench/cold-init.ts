import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES, lambdaBuildOptions } from '../infra/bundling.ts';
import { LOCAL_TABLE_NAME, type LocalStack } from '../scripts/lib/local-stack.ts';
import { functionEnvironment, runNode } from './lib/fresh-process.ts';

/**
 * Cold init: a fresh Node process loads a function bundle (built as the stack builds it) and
 * answers its first event against DynamoDB Local; the median of RUNS, side by side with the bare
 * Hono + DynamoDB client bundle, interleaved so that noise hits both alike.
 */

const OUT = 'bench/out/cold';
const CHILD = `
const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(bundle);
const result = await handler(JSON.parse(eventJson), {});
process.stdout.write(String(result.statusCode));
`;

function httpEvent(method: string, path: string, extra: Record<string, unknown> = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'bench.local' },
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      stage: '$default',
      requestId: 'r',
      ...extra,
    },
  };
}

export const CASES = {
  bare: { entry: 'bench/bare/handler.ts', event: httpEvent('GET', '/items/x') },
  public: { entry: FUNCTION_ENTRIES.public, event: httpEvent('GET', '/editions/2020/agenda') },
  // The edition's page: the default route, with the views, forms and style.
  pages: { entry: FUNCTION_ENTRIES.pages, event: httpEvent('GET', '/2020') },
  registrations: {
    entry: FUNCTION_ENTRIES.registrations,
    event: {
      ...httpEvent('GET', '/editions/2020/registrations/01hzzzzzzzzzzzzzzzzzzzzzzz'),
      headers: { host: 'bench.local', authorization: 'Bearer x' },
    },
  },
  organizers: {
    entry: FUNCTION_ENTRIES.organizers,
    event: httpEvent('GET', '/admin/editions/2020/registrations', {
      authorizer: { jwt: { claims: { sub: 'o', 'cognito:groups': '[organizers]' } } },
    }),
  },
  // The draft and its releases: the function that carries the whole edition schema and YAML.
  editor: {
    entry: FUNCTION_ENTRIES.editor,
    event: httpEvent('GET', '/admin/editions/2020/draft', {
      authorizer: { jwt: { claims: { sub: 'o', 'cognito:groups': '[organizers]' } } },
    }),
  },
  docs: { entry: FUNCTION_ENTRIES.docs, event: httpEvent('GET', '/openapi.json') },
} as const;

export async function bundle(name: string, entry: string) {
  const outfile = resolve(OUT, name, 'index.mjs');
  await build(lambdaBuildOptions(entry, outfile));
  return outfile;
}

async function runOnce(
  child: string,
  bundlePath: string,
  event: unknown,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const run = await runNode([child, bundlePath, JSON.stringify(event)], env);
  if (run.code !== 0 || !/^[2-5]\d\d$/.test(run.stdout))
    throw new Error(`cold run failed (${run.code}, "${run.stdout}"): ${run.stderr.slice(0, 400)}`);
  return run.ms;
}

export interface ColdInitRow {
  name: string;
  medianMs: number;
  ratio: number;
}

export async function measureColdInit(stack: LocalStack, runs = 20): Promise<ColdInitRow[]> {
  mkdirSync(OUT, { recursive: true });
  const child = join(OUT, 'child.mjs');
  writeFileSync(child, CHILD);
  const env = functionEnvironment({
    tableName: LOCAL_TABLE_NAME,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
  });
  const bundles = Object.fromEntries(
    await Promise.all(
      Object.entries(CASES).map(
        async ([name, { entry }]) => [name, await bundle(name, entry)] as const,
      ),
    ),
  );
  const times = new Map<string, number[]>(Object.keys(CASES).map((name) => [name, []]));
  const cases = Object.entries(CASES);
  for (let round = 0; round < runs; round += 1) {
    // Each round starts one case further on: no case always runs first, or after the same one.
    const order = [...cases.slice(round % cases.length), ...cases.slice(0, round % cases.length)];
    for (const [name, { event }] of order) {
      times.get(name)?.push(await runOnce(child, String(bundles[name]), event, env));
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const floor = median(times.get('bare') ?? []);
  return [...times].map(([name, values]) => ({
    name,
    medianMs: median(values),
    ratio: median(values) / floor,
  }));
}

if (import.meta.main) {
  const { startLocalStack } = await import('../scripts/lib/local-stack.ts');
  process.env.LOG_LEVEL = 'warn';
  const stack = await startLocalStack({
    port: 0,
    secrets: { emailHashKey: 'bench' },
  });
  try {
    const rows = await measureColdInit(stack, Number(process.env.BENCH_COLD_RUNS ?? 20));
    console.log(process.argv.includes('--json') ? JSON.stringify(rows) : rows);
  } finally {
    await stack.stop();
  }
}
