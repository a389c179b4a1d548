import type { ThroughputRow } from '../warm-throughput.ts';
import { type DayCost, type DayScreens, dayCost } from './day-cost.ts';
import { costText, type DynamoCost } from './dynamo-meter.ts';
import type { FirstAnswerCost } from './first-answer-cost.ts';
import { DAY_PRICES } from './prices.ts';
import { type Row, type RowInput, row } from './rows.ts';

/**
 * Issue 26's scoreboard: what each bench script printed (its --json line), turned into rows with
 * their goals and their DynamoDB cost. Pure, so that a fixture can check every row.
 */

type Goal = Row['goal'];

/** Issue 26's targets where they differ from a kind's default (bundles ≤ 2x, cold ≤ 1.3x). */
const BUNDLE_GOALS: Record<string, Goal> = {
  public: { atMost: 1.15 },
  organizers: { atMost: 1.5 },
  // The draft's function carries the whole edition schema and YAML: allowed more, once.
  editor: { atMost: 2.5 },
  // The seeder runs once per deploy, not per request.
  seed: null,
};
const COLD_GOALS: Record<string, Goal> = {
  public: { atMost: 1.05 },
  registrations: { atMost: 1.1 },
  organizers: { atMost: 1.2 },
  editor: { atMost: 1.5 },
};

interface HttpRun {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  serverErrors: number;
  total: number;
}

interface Checked {
  path: string;
  requests: number;
  seconds: number;
  callsPerRequest: number;
  versionReadsPerSecond: number;
  cost: DynamoCost;
}

interface CostRead {
  id: string;
  label: string;
  perRequest: number;
  commands: string;
  capacity: number;
  p50: number;
  ratio: number;
  cost: DynamoCost;
}

/** What bench/cancel-storm.ts prints with --json (issue 26). */
interface CancelStorm {
  cancellations: number;
  repeats: number;
  registrations: number;
  total: number;
  statusCounts: Record<string, number>;
  serverErrors: number;
  seconds: number;
  p50: number;
  p99: number;
  exact: boolean;
  cost: DynamoCost;
}

/** Every script's --json line, by the name results.json keeps it under (`raw`). */
export interface RawResults {
  bundles: { name: string; bytes: number; ratio: number }[];
  consoleBundle: { bytes: number; gzipBytes: number; ratio: number };
  cold: { name: string; medianMs: number; ratio: number; floor?: string; floorMs?: number }[];
  firstAnswer: FirstAnswerCost[];
  warm: ThroughputRow[];
  http: {
    rows: HttpRun[];
    agenda: { ours: number; bare: number; bytes: number };
  };
  burst: {
    total: number;
    capacity: number;
    confirmed: number;
    waitlisted: number;
    serverErrors: number;
    seconds: number;
    floorSeconds: number;
    ratio: number;
    p50: number;
    p99: number;
    exact: boolean;
    cost?: DynamoCost;
  };
  storm: CancelStorm;
  day: DayScreens;
  /** The 2020 agenda's length, first start to last end, hours. */
  dayHours: number;
  /** bench/agenda-cost.ts: reads, writes, and the version checks on the same stack. */
  cost: {
    reads: CostRead[];
    writes: (Omit<CostRead, 'p50' | 'ratio'> & { breakdown: string })[];
    checks: { agenda: Checked; details: Checked };
  };
  /** bench/first-use.ts, while it is there. */
  firstUse?: {
    rows: { name: string; medianMs: number }[];
    ratios: { document: number; stored: number };
  };
}

/** The script each part of RawResults comes from (`node <script> --json`, last stdout line). */
export const SCRIPTS = {
  bundles: 'bench/bundle-size.ts',
  consoleBundle: 'bench/console-size.ts',
  cold: 'bench/cold-init.ts',
  firstAnswer: 'bench/lib/first-answer-cost.ts',
  warm: 'bench/warm-throughput.ts',
  http: 'bench/local-http.ts',
  burst: 'bench/registration-burst.ts',
  storm: 'bench/cancel-storm.ts',
  day: 'bench/day-screens.ts',
  cost: 'bench/agenda-cost.ts',
} as const satisfies Partial<Record<keyof RawResults, string>>;

/** Scripts whose rows may be retired: skipped when absent. */
export const OPTIONAL_SCRIPTS = { firstUse: 'bench/first-use.ts' } as const;

/** The rows each script feeds, for the error that names a missing one. */
const ROWS_OF: Partial<Record<keyof typeof SCRIPTS, string>> = {
  storm: '`storm.cancel`',
  day: '`day.screens` and `cost.day`',
};

/** Why the run cannot start: the scripts that are not there, each with the rows it feeds. */
export function missingScripts(exists: (path: string) => boolean): string[] {
  return Object.entries(SCRIPTS)
    .filter(([, script]) => !exists(script))
    .map(
      ([part, script]) =>
        `${script} is missing: it writes ${ROWS_OF[part as keyof typeof SCRIPTS] ?? `raw.${part}`} (issue 26), so no run can report them`,
    );
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const NO_CALL = '—';
const counts = (statusCounts: Record<string, number>) =>
  Object.entries(statusCounts)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');

function bundleRows(raw: RawResults): RowInput[] {
  const [floor, ...bundles] = raw.bundles;
  return bundles.map((bundle) => {
    const goal = bundle.name in BUNDLE_GOALS ? (BUNDLE_GOALS[bundle.name] ?? null) : { atMost: 2 };
    return {
      id: `bundle.${bundle.name}`,
      area: 'bundle',
      subject: bundle.name,
      figure: `${fixed(bundle.bytes / 1024)} KB`,
      baseline: `${fixed((floor?.bytes ?? 0) / 1024)} KB bare Hono + DynamoDB`,
      ratio: bundle.ratio,
      goal,
      ...(goal ? {} : { target: 'n/a (deploy only)' }),
      cost: NO_CALL,
    };
  });
}

function consoleRow(raw: RawResults): RowInput {
  return {
    id: 'bundle.console',
    area: 'bundle',
    subject: 'organizer console, initial JS (gzip)',
    figure: `${fixed(raw.consoleBundle.gzipBytes / 1024)} KB gzip`,
    baseline: '80 KB gzip budget (issue 24)',
    ratio: raw.consoleBundle.ratio,
    goal: { atMost: 1 },
    cost: NO_CALL,
  };
}

function coldRows(raw: RawResults): RowInput[] {
  const bare = raw.cold.find((entry) => entry.name === 'bare');
  const bareCost = raw.firstAnswer.find((entry) => entry.name === 'bare');
  return raw.cold
    .filter((entry) => entry.name !== 'bare')
    .map((entry) => {
      const first = raw.firstAnswer.find((candidate) => candidate.name === entry.name);
      return {
        id: `cold.${entry.name}`,
        area: 'cold init (median of 40)',
        subject: entry.name,
        figure: `${fixed(entry.medianMs)} ms`,
        // A code-split function is held to the bare bundle split the same way (cold-init.ts).
        baseline: `${fixed(entry.floorMs ?? bare?.medianMs ?? 0)} ms ${entry.floor ?? 'bare'} bundle${bareCost ? ` (${costText(bareCost.cost)})` : ''}`,
        ratio: entry.ratio,
        goal: COLD_GOALS[entry.name] ?? { atMost: 1.3 },
        cost: first?.cost ?? 'not measured (no first-answer-cost case)',
      };
    });
}

function warmRows(raw: RawResults): RowInput[] {
  const [ours, bareHono, express] = raw.warm;
  if (!ours || !bareHono || !express) return [];
  return (
    [
      ['warm.bare', bareHono, 1],
      ['warm.express', express, 3],
    ] as const
  ).map(([id, baseline, atLeast]) => ({
    id,
    area: 'warm GET agenda, in-process, mocked DynamoDB',
    subject: 'public function, GET agenda',
    figure: `${fixed(ours.perSecond, 0)} req/s`,
    baseline: `${fixed(baseline.perSecond, 0)} req/s ${baseline.name} (${costText(baseline.cost)})`,
    ratio: baseline.oursOver,
    goal: { atLeast },
    cost: ours.cost,
  }));
}

function httpRows(raw: RawResults): RowInput[] {
  const [agenda, registrations] = raw.http.rows;
  const read = (id: string) => raw.cost.reads.find((entry) => entry.id === id)?.cost;
  const write = (id: string) => raw.cost.writes.find((entry) => entry.id === id)?.cost;
  const rows: RowInput[] = [];
  if (agenda) {
    rows.push({
      id: 'http.agenda',
      area: 'local HTTP (autocannon, DynamoDB Local)',
      subject: agenda.name,
      figure: `${fixed(raw.http.agenda.ours, 0)} req/s, p50 ${agenda.p50} ms, p99 ${agenda.p99} ms, ${agenda.serverErrors} 5xx`,
      baseline: `${fixed(raw.http.agenda.bare, 0)} req/s bare node:http, same ${raw.http.agenda.bytes} bytes`,
      ratio: raw.http.agenda.ours / raw.http.agenda.bare,
      goal: { atLeast: 0.85 },
      ...(agenda.serverErrors > 0 ? { met: false } : {}),
      cost: read('agenda') ?? 'not measured (no cost.agenda)',
    });
  }
  if (registrations) {
    rows.push({
      id: 'http.registrations',
      area: 'local HTTP (autocannon, DynamoDB Local)',
      subject: registrations.name,
      figure: `${fixed(registrations.requestsPerSecond, 0)} req/s, p50 ${registrations.p50} ms, p99 ${registrations.p99} ms, ${registrations.serverErrors} 5xx`,
      baseline: 'ratio: share of 5xx',
      ratio: registrations.serverErrors / Math.max(1, registrations.total),
      goal: { atMost: 0 },
      target: '0 5xx',
      cost: write('register') ?? 'not measured (no cost.register)',
    });
  }
  return rows;
}

function loadRows(raw: RawResults): RowInput[] {
  const { burst, storm, day } = raw;
  const register = raw.cost.writes.find((entry) => entry.id === 'register')?.cost;
  const dayRatio = day.bare.p99 > 0 ? day.ours.p99 / day.bare.p99 : day.ratio;
  return [
    {
      id: 'burst.floor',
      area: 'registration burst (fetch, exact counts)',
      subject: `${burst.total} at once on capacity ${burst.capacity}`,
      figure: `${burst.confirmed} confirmed, ${burst.waitlisted} waitlisted, ${burst.serverErrors} 5xx, ${fixed(burst.seconds, 2)} s, p50 ${fixed(burst.p50, 0)} ms, p99 ${fixed(burst.p99, 0)} ms`,
      baseline: `${fixed(burst.floorSeconds, 2)} s for ${burst.total} raw TransactWriteItems, same DynamoDB Local`,
      ratio: burst.ratio,
      goal: { atMost: 1 },
      target: '≤ 1x, exact, 0 5xx',
      met: burst.exact && burst.serverErrors === 0 && burst.ratio <= 1,
      cost: burst.cost ?? register ?? 'not measured',
    },
    {
      id: 'storm.cancel',
      area: 'cancellation storm (fetch, exact counts)',
      subject: `${storm.cancellations} cancellations, ${storm.repeats} repeats and ${storm.registrations} registrations at once`,
      figure: `${storm.serverErrors} 5xx of ${storm.total} (${counts(storm.statusCounts)}), ${fixed(storm.seconds, 2)} s, p50 ${fixed(storm.p50, 0)} ms, p99 ${fixed(storm.p99, 0)} ms, ${storm.exact ? 'exact' : 'NOT exact'}`,
      baseline: 'ratio: share of 5xx',
      ratio: storm.serverErrors / Math.max(1, storm.total),
      goal: { atMost: 0 },
      target: '0 5xx, exact',
      met: storm.exact && storm.serverErrors === 0,
      cost: storm.cost,
    },
    {
      id: 'day.screens',
      area: 'workshop day (local HTTP, DynamoDB Local)',
      subject: `\`GET /editions/{year}/now\` polled by ${day.pollers} screens for ${fixed(day.seconds, 0)} s, ${day.checkIns} check-ins, ${day.delays} delay${day.delays === 1 ? '' : 's'}`,
      figure: `p99 ${fixed(day.ours.p99, 0)} ms (p50 ${fixed(day.ours.p50, 0)}, max ${fixed(day.ours.max, 0)}) over ${day.ours.requests} requests, ${day.ours.serverErrors} 5xx`,
      baseline: `p99 ${fixed(day.bare.p99, 0)} ms bare node:http, same bytes, same pollers`,
      ratio: dayRatio,
      goal: { atMost: 2 },
      target: '≤ 2x, 0 5xx',
      met: day.ours.serverErrors === 0 && dayRatio <= 2,
      cost: `now: ${costText(day.cost.now)}; check-in: ${costText(day.cost.checkIn)}; delay: ${costText(day.cost.delay)}`,
    },
  ];
}

function costRows(raw: RawResults): RowInput[] {
  const area = 'DynamoDB cost per request (HTTP, DynamoDB Local)';
  const { agenda, details } = raw.cost.checks;
  return [
    ...raw.cost.reads.map((read) => ({
      id: `cost.${read.id}`,
      area,
      subject: read.label,
      figure: `p50 ${fixed(read.p50, 2)} ms`,
      baseline: 'bare SDK Query',
      ratio: read.ratio,
      goal: null,
      cost: read.cost,
    })),
    ...raw.cost.writes.map((write) => ({
      id: `cost.${write.id}`,
      area,
      subject: write.label,
      figure: `${Number(write.perRequest.toFixed(3))} calls (${write.breakdown})`,
      baseline: 'ratio: calls per request',
      ratio: write.perRequest,
      goal: null,
      cost: write.cost,
    })),
    {
      id: 'cost.version-checks',
      area,
      subject: `\`GET /editions/2020/agenda\` back to back for ${fixed(agenda.seconds)} s: reads of the item holding the version, per second`,
      figure: `${fixed(agenda.versionReadsPerSecond, 2)} reads/s over ${agenda.requests} requests; \`GET /editions/2020\`: ${costText(details.cost)}`,
      baseline: 'ratio: version reads per second per edition',
      ratio: agenda.versionReadsPerSecond,
      goal: { atMost: 1.5 },
      cost: agenda.cost,
    },
  ];
}

function firstUseRows(raw: RawResults): RowInput[] {
  const [fromQuery, fromDocument, storedRead] = raw.firstUse?.rows ?? [];
  if (!raw.firstUse || !fromQuery || !fromDocument || !storedRead) return [];
  const { ratios } = raw.firstUse;
  return (
    [
      ['first.document', fromDocument, ratios.document],
      ['first.stored', storedRead, ratios.stored],
    ] as const
  ).map(([id, entry, ratio]) => ({
    id,
    area: 'first GET agenda (br) in a fresh, warmed-up process (median of 15)',
    subject: entry.name,
    figure: `${fixed(entry.medianMs)} ms`,
    baseline: `${fixed(fromQuery.medianMs)} ms ${fromQuery.name}`,
    ratio,
    goal: null,
    cost: 'not metered (the calls are in the subject)',
  }));
}

function dayCostRow(day: DayCost): RowInput {
  const { requests } = day;
  return {
    id: 'cost.day',
    area: 'the workshop day at public prices (us-east-1, on demand)',
    subject: `${day.screens} screens polling \`/now\` for ${fixed(day.hours, 2)} h (the 2020 agenda), the door's check-ins and the organizer's delays, at the \`day.screens\` mix`,
    figure: `$${day.usd.toFixed(2)} for the day's month: ${requests.now.toLocaleString('en')} polls, ${requests.checkIn} check-ins, ${requests.delay} delay${requests.delay === 1 ? '' : 's'}`,
    baseline: `ratio: US dollars; prices read ${DAY_PRICES.dynamoReadUnit.checked.read} (README, "The workshop day at public prices")`,
    ratio: day.usd,
    goal: null,
    cost: NO_CALL,
  };
}

/** Every row, in the table's order, and the day's cost they price. */
export function scoreboard(raw: RawResults): { rows: Row[]; day: DayCost } {
  const day = dayCost(raw.day, raw.dayHours);
  const inputs = [
    ...bundleRows(raw),
    consoleRow(raw),
    ...coldRows(raw),
    ...warmRows(raw),
    ...httpRows(raw),
    ...loadRows(raw),
    ...costRows(raw),
    dayCostRow(day),
    ...firstUseRows(raw),
  ];
  return { rows: inputs.map(row), day };
}
