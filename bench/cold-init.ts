import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { CODE_SPLIT_ENTRIES, FUNCTION_ENTRIES, lambdaBuildOptions } from '../infra/bundling.ts';
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

/** The entry bundled as the stack bundles it (or split, or not, as asked): its index.mjs. */
export async function bundle(name: string, entry: string, options: { splitting?: boolean } = {}) {
  const outdir = resolve(OUT, name);
  rmSync(outdir, { recursive: true, force: true });
  await build(lambdaBuildOptions(entry, outdir, options));
  return join(outdir, 'index.mjs');
}

/**
 * A code-split function (infra/bundling.ts CODE_SPLIT_ENTRIES) is held to the bare bundle split
 * the same way: splitting also moves the AWS SDK's own lazy parts out of the cold path, which
 * makes that floor the faster one.
 */
const SPLIT_FLOOR = 'bare code-split';

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
  /** The floor it is held to: the bare bundle, code-split when the function is. */
  floor: string;
  floorMs: number;
}

export async function measureColdInit(stack: LocalStack, runs = 20): Promise<ColdInitRow[]> {
  mkdirSync(OUT, { recursive: true });
  const child = join(OUT, 'child.mjs');
  writeFileSync(child, CHILD);
  const env = functionEnvironment({
    tableName: LOCAL_TABLE_NAME,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
  });
  const timed: [string, { entry: string; event: unknown; splitting?: boolean }][] = [
    ...Object.entries(CASES),
    [SPLIT_FLOOR, { ...CASES.bare, splitting: true }],
  ];
  const bundles = Object.fromEntries(
    await Promise.all(
      timed.map(
        async ([name, { entry, splitting }], index) =>
          [name, await bundle(`case-${index}`, entry, splitting ? { splitting } : {})] as const,
      ),
    ),
  );
  const times = new Map<string, number[]>(timed.map(([name]) => [name, []]));
  for (let round = 0; round < runs; round += 1) {
    // Each round starts one case further on: no case always runs first, or after the same one.
    const order = [...timed.slice(round % timed.length), ...timed.slice(0, round % timed.length)];
    for (const [name, { event }] of order) {
      times.get(name)?.push(await runOnce(child, String(bundles[name]), event, env));
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const floors = {
    bare: median(times.get('bare') ?? []),
    [SPLIT_FLOOR]: median(times.get(SPLIT_FLOOR) ?? []),
  };
  return Object.entries(CASES).map(([name, { entry }]) => {
    const floor = CODE_SPLIT_ENTRIES.includes(entry) ? SPLIT_FLOOR : 'bare';
    const medianMs = median(times.get(name) ?? []);
    return { name, medianMs, ratio: medianMs / floors[floor], floor, floorMs: floors[floor] };
  });
}

if (import.meta.main) {
  const { startLocalStack } = await import('../scripts/lib/local-stack.ts');
  process.env.LOG_LEVEL = 'warn';
  const stack = await startLocalStack({
    port: 0,
    secrets: { emailHashKey: 'bench' },
  });
  try {
    const rows = await measureColdInit(stack, Number(process.env.BENCH_COLD_RUNS ?? 40));
    console.log(process.argv.includes('--json') ? JSON.stringify(rows) : rows);
  } finally {
    await stack.stop();
  }
}
