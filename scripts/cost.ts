import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readAssembly } from './cost/assembly.ts';
import type { BenchCost } from './cost/estimate.ts';
import { costMarkdown, type Design } from './cost/table.ts';
import { parseCommandLine, pathFromInvocation } from './lib/cli.ts';

const USAGE = `Usage: npm run -s cost -- [--assembly DIR] [--baseline DIR] [--editions 1,5,10]
         [--label NAME] [--baseline-label NAME] [--per-year REGEX] [--bench FILE]

The monthly AWS cost, on paper, of a synthesized design for 1, 5 and 10 editions, as markdown:
the fixed part from the templates (web ACLs and their rules, alarm metrics, KMS keys, secrets,
log metric filters, dashboards, hosted zones) and the usage part from the bench's calls per
request (bench/results.json, cost.* rows) under the traffic in scripts/cost/estimate.ts, with
the us-east-1 list prices of scripts/cost/prices.ts.

  --assembly        a cloud assembly (cdk.out of \`npx cdk synth\`), default cdk.out
  --baseline        a second assembly, priced beside the first (e.g. the one-stack-per-year design)
  --editions        the numbers of editions to price, default 1,5,10
  --label, --baseline-label   the designs' names in the table (default: the folders' names)
  --per-year        what makes a stack a year's: a regular expression on the stack name whose
                    first group is the year (default: a four-digit year 19xx/20xx in the name).
                    A year's stacks are counted N times (their average over the years found),
                    the others once.
  --bench           the benchmark results, default bench/results.json`;

const { values } = parseCommandLine(
  {
    options: {
      assembly: { type: 'string', default: 'cdk.out' },
      baseline: { type: 'string' },
      editions: { type: 'string', default: '1,5,10' },
      label: { type: 'string' },
      'baseline-label': { type: 'string' },
      'per-year': { type: 'string' },
      bench: { type: 'string', default: 'bench/results.json' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  },
  USAGE,
);

function fail(message: string): never {
  console.error(`${message}\n\nnpm run cost -- --help for the usage.`);
  process.exit(2);
}

const editionCounts = values.editions.split(',').map(Number);
if (editionCounts.some((n) => !Number.isInteger(n) || n < 1)) {
  fail(`--editions ${values.editions}: whole numbers from 1, comma-separated, e.g. 1,5,10.`);
}
let perYear: RegExp | undefined;
try {
  perYear = values['per-year'] ? new RegExp(values['per-year']) : undefined;
} catch {
  fail(`--per-year ${values['per-year']}: not a regular expression.`);
}

function design(dir: string, label: string | undefined): Design {
  try {
    return {
      label: label ?? basename(dir),
      stacks: readAssembly(pathFromInvocation(dir), perYear),
    };
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const designs = [design(values.assembly, values.label)];
if (values.baseline) designs.push(design(values.baseline, values['baseline-label']));
let bench: BenchCost;
try {
  bench = (
    JSON.parse(readFileSync(pathFromInvocation(values.bench), 'utf8')) as {
      raw: { cost: BenchCost };
    }
  ).raw.cost;
} catch {
  fail(`--bench ${values.bench}: no benchmark results there (npm run bench writes them).`);
}
console.log(costMarkdown(designs, editionCounts, bench));
