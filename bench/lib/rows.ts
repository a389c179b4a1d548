import { costText, type DynamoCost } from './dynamo-meter.ts';

/**
 * A row of the table and of bench/results.json. `id` is stable (tools read rows by it); `ratio`
 * is the figure over its baseline measured in the same run or, for a row without one, over what
 * its target counts (a fraction of answers, calls per request, dollars); `goal` is the target as
 * numbers, when there is one; `cost` is what a request of the row costs in DynamoDB ("—" where
 * the row makes no DynamoDB call), and `dynamo` the same as numbers.
 */
export interface Row {
  id: string;
  area: string;
  subject: string;
  figure: string;
  baseline: string;
  ratio: number;
  goal: { atLeast?: number; atMost?: number } | null;
  target: string;
  met: string;
  cost: string;
  dynamo: DynamoCost | null;
}

export type RowInput = Omit<Row, 'target' | 'met' | 'cost' | 'dynamo'> & {
  target?: string;
  /** Whether the row is met beyond its ratio (exact counts, no 5xx); the goal decides if absent. */
  met?: boolean | null;
  /** The row's DynamoDB cost; a string says why there is none, or what it is made of. */
  cost: DynamoCost | string;
};

/** A row whose target is a ratio: its text and whether it is met follow from `goal`. */
export function row(input: RowInput): Row {
  const { goal, cost, met: metOverride, ...rest } = input;
  const target =
    input.target ??
    (goal?.atLeast !== undefined
      ? `≥ ${goal.atLeast}x`
      : goal?.atMost !== undefined
        ? `≤ ${goal.atMost}x`
        : '—');
  const withinGoal = goal
    ? (goal.atLeast ?? -Infinity) <= input.ratio && input.ratio <= (goal.atMost ?? Infinity)
    : null;
  const met = metOverride === undefined ? withinGoal : metOverride;
  return {
    ...rest,
    goal,
    target,
    met: met === null ? '—' : met ? 'yes' : 'no',
    cost: typeof cost === 'string' ? cost : costText(cost),
    dynamo: typeof cost === 'string' ? null : cost,
  };
}

/** The results file `npm run bench` writes and `npm run bench:readme` reads. */
export interface BenchResults {
  date: string;
  machine: string;
  /** Wall time of the whole run, seconds. */
  seconds: number;
  rows: Row[];
  raw: unknown;
}

const ratioText = (value: number) => `${value.toFixed(2)}x`;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The markdown table of the rows. */
export function rowsTable(rows: Row[]): string {
  const lines = [
    '| id | area | subject | figure | baseline | ratio | target | met | DynamoDB cost per request |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const entry of rows) {
    lines.push(
      `| \`${entry.id}\` | ${cell(entry.area)} | ${cell(entry.subject)} | ${cell(entry.figure)} | ${cell(entry.baseline)} | ${ratioText(entry.ratio)} | ${entry.target} | ${entry.met} | ${cell(entry.cost)} |`,
    );
  }
  return lines.join('\n');
}
