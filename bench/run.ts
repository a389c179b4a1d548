import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { agendaHours } from './lib/day-cost.ts';
import { rewriteReadme } from './lib/readme.ts';
import { type BenchResults, rowsTable } from './lib/rows.ts';
import {
  missingScripts,
  OPTIONAL_SCRIPTS,
  type RawResults,
  SCRIPTS,
  scoreboard,
} from './lib/scoreboard.ts';

/**
 * `npm run bench`: every benchmark, one after the other (each in its own process, each measuring
 * its subjects side by side with its baseline in the same run), issue 26's scoreboard with a
 * DynamoDB cost column (bench/lib/scoreboard.ts), bench/results.json, and the README's benchmark
 * section rewritten from it. `npm run bench:readme` (`--readme`) only rewrites the section from
 * the bench/results.json there is.
 */

const RESULTS = 'bench/results.json';

if (process.argv.includes('--readme')) {
  try {
    rewriteReadme(RESULTS);
    console.error(`README.md: benchmark section rewritten from ${RESULTS}`);
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

const missing = missingScripts(existsSync);
if (missing.length > 0) {
  console.error(missing.join('\n'));
  process.exit(1);
}

const started = performance.now();
const timings: Record<string, number> = {};

/** Why a script printed no result the first time (its stderr's tail), for the results file. */
const failures: Record<string, string> = {};

function runOnce(script: string): unknown {
  const result = spawnSync(process.execPath, [script, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(
      `${script} printed no result (exit ${result.status}): ${result.stderr.slice(-800)}`,
    );
  }
}

/**
 * One script, once more if it printed nothing (DynamoDB Local starting under a load of other
 * jobs times out now and then): the failure is kept in the results file, never hidden.
 */
function run(script: string): unknown {
  console.error(`${script}…`);
  const before = performance.now();
  try {
    return runOnce(script);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures[script] = message;
    console.error(`${message}\n${script}: once more…`);
    return runOnce(script);
  } finally {
    timings[script] = Math.round((performance.now() - before) / 1000);
  }
}

const measured: Record<string, unknown> = {};
for (const [part, script] of Object.entries(SCRIPTS)) measured[part] = run(script);
for (const [part, script] of Object.entries(OPTIONAL_SCRIPTS))
  if (existsSync(script)) measured[part] = run(script);
const raw = { ...measured, dayHours: agendaHours() } as RawResults;

const { rows, day } = scoreboard(raw);
const results: BenchResults & {
  dayCost: typeof day;
  timings: typeof timings;
  failures: typeof failures;
} = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  seconds: Math.round((performance.now() - started) / 1000),
  rows,
  dayCost: day,
  timings,
  failures,
  raw,
};
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
rewriteReadme(RESULTS);
console.log(`\nBenchmarks, ${results.date}, ${results.machine}, ${results.seconds} s\n`);
console.log(rowsTable(rows));
console.error(`\n${RESULTS} written; README.md's benchmark section rewritten from it.`);
