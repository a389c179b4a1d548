import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SPLIT_ENTRIES } from '../infra/bundling.ts';
import { parseCommandLine } from '../scripts/lib/cli.ts';
import { LOCAL_TABLE_NAME, startLocalStack } from '../scripts/lib/local-stack.ts';
import { bundle, CASES } from './cold-init.ts';
import { functionEnvironment, runNode } from './lib/fresh-process.ts';

/**
 * `node bench/cold-phases.ts [--function registrations] [--runs 20]`: where a cold start goes,
 * side by side with the bare bundle (interleaved, median of each): the time to the start of the
 * bundle's import (Node itself), `await import(bundle)` (parsing and module evaluation: the
 * bundle's top level), and the first `handler(event)` (first-use work: clients, routes, reads).
 */

const { values } = parseCommandLine(
  {
    options: {
      function: { type: 'string', default: 'registrations' },
      runs: { type: 'string', default: '20' },
      entry: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  },
  `Usage: node bench/cold-phases.ts [--function registrations|public|organizers|docs] [--runs 20] [--entry path]
  --entry   bundle this entry instead of the function's (an experiment), with the function's event`,
);
const subject = values.function as keyof typeof CASES;
if (!(subject in CASES)) throw new Error(`No cold case "${subject}".`);

const OUT = 'bench/out/cold';
const CHILD = `
const [bundle, eventJson] = process.argv.slice(2);
const started = performance.now();
const { handler } = await import(bundle);
const imported = performance.now();
const result = await handler(JSON.parse(eventJson), {});
const answered = performance.now();
const { user, system } = process.cpuUsage();
process.stdout.write(JSON.stringify({ status: result.statusCode, node: started, import: imported - started, first: answered - imported, cpu: (user + system) / 1000 }));
`;

interface Phases {
  /** From spawning the process to its exit, as bench/cold-init.ts times it. */
  wall: number;
  node: number;
  /** CPU time (user and system) of the whole run: what load on the machine disturbs least. */
  cpu: number;
  import: number;
  first: number;
}

async function runOnce(
  child: string,
  bundlePath: string,
  event: unknown,
  env: NodeJS.ProcessEnv,
): Promise<Phases> {
  const run = await runNode([child, bundlePath, JSON.stringify(event)], env);
  if (run.code !== 0) throw new Error(`cold run failed (${run.code}): ${run.stdout}`);
  return { ...(JSON.parse(run.stdout) as Omit<Phases, 'wall'>), wall: run.ms };
}

const stack = await startLocalStack({ port: 0, secrets: { emailHashKey: 'bench' } });
try {
  mkdirSync(OUT, { recursive: true });
  const child = join(OUT, 'phases-child.mjs');
  writeFileSync(child, CHILD);
  const env = functionEnvironment({
    tableName: LOCAL_TABLE_NAME,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
  });
  const names = ['bare', subject] as const;
  const entryOf = (name: (typeof names)[number]) =>
    name === subject && values.entry ? values.entry : CASES[name].entry;
  // A code-split function is held to the bare bundle split the same way (cold-init.ts).
  const split = CODE_SPLIT_ENTRIES.includes(CASES[subject].entry);
  const bundles = await Promise.all(
    names.map((name) =>
      bundle(name, entryOf(name), name === 'bare' && split ? { splitting: true } : {}),
    ),
  );
  const runs = new Map<string, Phases[]>(names.map((name) => [name, []]));
  for (let round = 0; round < Number(values.runs); round += 1) {
    for (const [index, name] of names.entries()) {
      runs.get(name)?.push(await runOnce(child, String(bundles[index]), CASES[name].event, env));
    }
  }
  const median = (numbers: number[]) =>
    [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? 0;
  const rows = names.map((name) => {
    const phases = runs.get(name) ?? [];
    return {
      name,
      wall: median(phases.map((phase) => phase.wall)),
      cpu: median(phases.map((phase) => phase.cpu)),
      node: median(phases.map((phase) => phase.node)),
      import: median(phases.map((phase) => phase.import)),
      first: median(phases.map((phase) => phase.first)),
    };
  });
  if (values.json) console.log(JSON.stringify(rows));
  else {
    const bare = rows[0] ?? { wall: 1, cpu: 1 };
    console.log(
      '| bundle | wall ms | vs bare | CPU ms | vs bare | node ms | import ms | first answer ms |\n|---|---|---|---|---|---|---|---|',
    );
    for (const row of rows)
      console.log(
        `| ${row.name} | ${row.wall.toFixed(1)} | ${(row.wall / bare.wall).toFixed(3)}x | ${row.cpu.toFixed(1)} | ${(row.cpu / bare.cpu).toFixed(3)}x | ${row.node.toFixed(1)} | ${row.import.toFixed(1)} | ${row.first.toFixed(1)} |`,
      );
  }
} finally {
  await stack.stop();
}
