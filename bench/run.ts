import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/**
 * `npm run bench`: every benchmark, one after the other (each in its own process, each measuring
 * its subjects side by side with its baseline in the same run), one table, and bench/results.json.
 */

function run(script: string, args: string[] = []): unknown {
  const result = spawnSync(process.execPath, [script, '--json', ...args], {
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
 * A row of the table and of bench/results.json. `id` is stable (tools read rows by it); `ratio`
 * is the figure over its baseline measured in the same run or, for a row without one, over what
 * its target counts (a fraction of answers, seconds over the limit, calls per request); `goal` is
 * the target as numbers, when there is one.
 */
type Row = {
  id: string;
  area: string;
  subject: string;
  figure: string;
  baseline: string;
  ratio: number;
  goal: { atLeast?: number; atMost?: number } | null;
  target: string;
  met: string;
};
const rows: Row[] = [];
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const ratioText = (value: number) => `${value.toFixed(2)}x`;

/** A row whose target is a ratio: its text and whether it is met follow from `goal`. */
function add(row: Omit<Row, 'target' | 'met'> & { target?: string; met?: boolean | null }) {
  const { goal } = row;
  const target =
    row.target ??
    (goal?.atLeast !== undefined
      ? `≥ ${goal.atLeast}x`
      : goal?.atMost !== undefined
        ? `≤ ${goal.atMost}x`
        : '—');
  const met =
    row.met ??
    (goal
      ? (goal.atLeast ?? -Infinity) <= row.ratio && row.ratio <= (goal.atMost ?? Infinity)
      : null);
  rows.push({ ...row, target, met: met === null ? '—' : met ? 'yes' : 'no' });
}

/** Targets of the issue 14 contract where they differ from a kind's default. */
const BUNDLE_GOALS: Record<string, Row['goal']> = { public: { atMost: 1.2 }, seed: null };
const COLD_GOALS: Record<string, Row['goal']> = { public: { atMost: 1.1 } };

console.error('bundle sizes…');
const bundles = run('bench/bundle-size.ts') as { name: string; bytes: number; ratio: number }[];
const floor = bundles[0];
for (const bundle of bundles.slice(1)) {
  const goal = bundle.name in BUNDLE_GOALS ? (BUNDLE_GOALS[bundle.name] ?? null) : { atMost: 2 };
  add({
    id: `bundle.${bundle.name}`,
    area: 'bundle',
    subject: bundle.name,
    figure: `${fixed(bundle.bytes / 1024)} KB`,
    baseline: `${fixed((floor?.bytes ?? 0) / 1024)} KB bare Hono + DynamoDB`,
    ratio: bundle.ratio,
    goal,
    ...(goal ? {} : { target: 'n/a (deploy only)' }),
  });
}

console.error('console bundle…');
const consoleBundle = run('bench/console-size.ts') as {
  bytes: number;
  gzipBytes: number;
  ratio: number;
};
add({
  id: 'bundle.console',
  area: 'bundle',
  subject: 'organizer console, initial JS (gzip)',
  figure: `${fixed(consoleBundle.gzipBytes / 1024)} KB gzip`,
  baseline: '80 KB gzip budget (issue 24)',
  ratio: consoleBundle.ratio,
  goal: { atMost: 1 },
});

console.error('cold init…');
const cold = run('bench/cold-init.ts') as { name: string; medianMs: number; ratio: number }[];
const bare = cold.find((row) => row.name === 'bare');
for (const row of cold.filter((candidate) => candidate.name !== 'bare')) {
  add({
    id: `cold.${row.name}`,
    area: 'cold init (median of 20)',
    subject: row.name,
    figure: `${fixed(row.medianMs)} ms`,
    baseline: `${fixed(bare?.medianMs ?? 0)} ms bare bundle`,
    ratio: row.ratio,
    goal: COLD_GOALS[row.name] ?? { atMost: 1.3 },
  });
}

console.error('warm throughput…');
const warm = run('bench/warm-throughput.ts') as {
  name: string;
  perSecond: number;
  oursOver: number;
}[];
const [ours, bareHono, expressRow] = warm;
if (ours && bareHono && expressRow) {
  for (const [id, baseline, atLeast] of [
    ['warm.bare', bareHono, 0.9],
    ['warm.express', expressRow, 1.5],
  ] as const) {
    add({
      id,
      area: 'warm GET agenda, in-process, mocked DynamoDB',
      subject: 'public function, GET agenda',
      figure: `${fixed(ours.perSecond, 0)} req/s`,
      baseline: `${fixed(baseline.perSecond, 0)} req/s ${baseline.name}`,
      ratio: baseline.oursOver,
      goal: { atLeast },
    });
  }
}

console.error('local HTTP (autocannon)…');
const http = run('bench/local-http.ts') as {
  rows: {
    name: string;
    requestsPerSecond: number;
    p50: number;
    p99: number;
    serverErrors: number;
    total: number;
  }[];
  agenda: { ours: number; bare: number; bytes: number };
  registrations: { confirmed: number; waitlisted: number };
};
const [agendaHttp, registrationsHttp] = http.rows;
if (agendaHttp) {
  add({
    id: 'http.agenda',
    area: 'local HTTP (autocannon, DynamoDB Local)',
    subject: agendaHttp.name,
    figure: `${fixed(http.agenda.ours, 0)} req/s, p50 ${agendaHttp.p50} ms, p99 ${agendaHttp.p99} ms, ${agendaHttp.serverErrors} 5xx`,
    baseline: `${fixed(http.agenda.bare, 0)} req/s bare node:http, same ${http.agenda.bytes} bytes`,
    ratio: http.agenda.ours / http.agenda.bare,
    goal: { atLeast: 0.5 },
    ...(agendaHttp.serverErrors > 0 ? { met: false } : {}),
  });
}
if (registrationsHttp) {
  add({
    id: 'http.registrations',
    area: 'local HTTP (autocannon, DynamoDB Local)',
    subject: registrationsHttp.name,
    figure: `${fixed(registrationsHttp.requestsPerSecond, 0)} req/s, p50 ${registrationsHttp.p50} ms, p99 ${registrationsHttp.p99} ms, ${registrationsHttp.serverErrors} 5xx`,
    baseline: 'ratio: share of 5xx',
    ratio: registrationsHttp.serverErrors / Math.max(1, registrationsHttp.total),
    goal: { atMost: 0 },
    target: '0 5xx',
  });
}

console.error('registration burst…');
const burst = run('bench/registration-burst.ts') as {
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
};
add({
  id: 'burst.floor',
  area: 'registration burst (fetch, exact counts)',
  subject: `${burst.total} at once on capacity ${burst.capacity}`,
  figure: `${burst.confirmed} confirmed, ${burst.waitlisted} waitlisted, ${burst.serverErrors} 5xx, ${fixed(burst.seconds, 2)} s, p50 ${fixed(burst.p50, 0)} ms, p99 ${fixed(burst.p99, 0)} ms`,
  baseline: `${fixed(burst.floorSeconds, 2)} s for ${burst.total} raw TransactWriteItems, same DynamoDB Local`,
  ratio: burst.ratio,
  goal: { atMost: 1.5 },
  target: '≤ 1.5x, exact, 0 5xx',
  met: burst.exact && burst.serverErrors === 0 && burst.ratio <= 1.5,
});

console.error('DynamoDB cost…');
const cost = run('bench/agenda-cost.ts') as {
  reads: {
    id: string;
    label: string;
    perRequest: number;
    commands: string;
    capacity: number;
    p50: number;
    ratio: number;
  }[];
  writes: { id: string; label: string; perRequest: number; commands: string; capacity: number }[];
};
for (const read of cost.reads) {
  add({
    id: `cost.${read.id}`,
    area: 'DynamoDB cost per request (HTTP, DynamoDB Local)',
    subject: read.label,
    figure: `${Number(read.perRequest.toFixed(3))} × ${read.commands}, ${fixed(read.capacity)} RCU, p50 ${fixed(read.p50, 2)} ms`,
    baseline: 'bare SDK Query',
    ratio: read.ratio,
    goal: null,
  });
}
for (const write of cost.writes) {
  add({
    id: `cost.${write.id}`,
    area: 'DynamoDB cost per request (HTTP, DynamoDB Local)',
    subject: write.label,
    figure: `${write.perRequest} calls (${write.commands})`,
    baseline: 'ratio: calls per request',
    ratio: write.perRequest,
    goal: null,
  });
}

console.error('version checks: reads of the edition head per second…');
type Checked = {
  path: string;
  requests: number;
  seconds: number;
  callsPerRequest: number;
  versionReadsPerSecond: number;
};
const checks = run('bench/version-checks.ts') as { agenda: Checked; details: Checked };
add({
  id: 'cost.version-checks',
  area: 'DynamoDB cost per request (HTTP, DynamoDB Local)',
  subject: `\`GET /editions/2020/agenda\` back to back for ${fixed(checks.agenda.seconds)} s: reads of the item holding the version, per second`,
  figure: `${fixed(checks.agenda.versionReadsPerSecond, 2)} reads/s over ${checks.agenda.requests} requests (${Number(checks.agenda.callsPerRequest.toFixed(4))} calls per request); \`GET /editions/2020\`: ${Number(checks.details.callsPerRequest.toFixed(3))} calls per request`,
  baseline: 'ratio: version reads per second per edition',
  ratio: checks.agenda.versionReadsPerSecond,
  goal: { atMost: 1.5 },
});

console.error('first use in a cold start: render, or read what publish stored…');
const firstUse = run('bench/first-use.ts') as {
  rows: { name: string; medianMs: number }[];
  ratios: { document: number; stored: number };
};
const [fromQuery, fromDocument, storedRead] = firstUse.rows;
if (fromQuery && fromDocument && storedRead) {
  for (const [id, row, ratio] of [
    ['first.document', fromDocument, firstUse.ratios.document],
    ['first.stored', storedRead, firstUse.ratios.stored],
  ] as const) {
    add({
      id,
      area: 'first GET agenda (br) in a fresh, warmed-up process (median of 15)',
      subject: row.name,
      figure: `${fixed(row.medianMs)} ms`,
      baseline: `${fixed(fromQuery.medianMs)} ms ${fromQuery.name}`,
      ratio,
      goal: null,
    });
  }
}

const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ date, machine, rows, raw: { bundles, consoleBundle, cold, warm, http, burst, cost, checks, firstUse } }, null, 2)}\n`,
);
console.log(`\nBenchmarks, ${date}, ${machine}\n`);
console.log('| id | area | subject | figure | baseline | ratio | target | met |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| \`${row.id}\` | ${row.area} | ${row.subject} | ${row.figure} | ${row.baseline} | ${ratioText(row.ratio)} | ${row.target} | ${row.met} |`,
  );
