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

type Row = {
  /** Stable, for tools: the rows of issue 14's benchmark contract. */
  id?: string;
  area: string;
  subject: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
  /** The ratio as a number, where there is one. */
  ratioValue?: number;
};
const rows: Row[] = [];
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const ratioText = (value: number) => `${value.toFixed(2)}x`;

console.error('bundle sizes…');
const bundles = run('bench/bundle-size.ts') as { name: string; bytes: number; ratio: number }[];
const floor = bundles[0];
for (const bundle of bundles.slice(1)) {
  const limit = bundle.name === 'public' ? 1.2 : 2;
  const target = bundle.name === 'seed' ? 'n/a (deploy only)' : `≤ ${limit}x`;
  rows.push({
    ...(bundle.name === 'public' ? { id: 'bundle.public', ratioValue: bundle.ratio } : {}),
    area: 'bundle',
    subject: bundle.name,
    figure: `${fixed(bundle.bytes / 1024)} KB`,
    baseline: `${fixed((floor?.bytes ?? 0) / 1024)} KB bare Hono + DynamoDB`,
    ratio: ratioText(bundle.ratio),
    target,
    met: bundle.name === 'seed' ? '—' : bundle.ratio <= limit ? 'yes' : 'no',
  });
}

console.error('cold init…');
const cold = run('bench/cold-init.ts') as { name: string; medianMs: number; ratio: number }[];
const bare = cold.find((row) => row.name === 'bare');
for (const row of cold.filter((candidate) => candidate.name !== 'bare')) {
  const limit = row.name === 'public' ? 1.1 : 1.3;
  rows.push({
    ...(row.name === 'public' ? { id: 'cold.public', ratioValue: row.ratio } : {}),
    area: 'cold init (median of 20)',
    subject: row.name,
    figure: `${fixed(row.medianMs)} ms`,
    baseline: `${fixed(bare?.medianMs ?? 0)} ms bare bundle`,
    ratio: ratioText(row.ratio),
    target: `≤ ${limit}x`,
    met: row.ratio <= limit ? 'yes' : 'no',
  });
}

console.error('warm throughput…');
const warm = run('bench/warm-throughput.ts') as { name: string; perSecond: number }[];
const [ours, bareHono, expressRow] = warm;
if (ours && bareHono && expressRow) {
  for (const [baseline, target] of [
    [bareHono, 0.8],
    [expressRow, 1.5],
  ] as const) {
    const ratio = ours.perSecond / baseline.perSecond;
    rows.push({
      area: 'warm GET agenda, in-process, mocked DynamoDB',
      subject: `${fixed(ours.perSecond, 0)} req/s`,
      figure: `${fixed(ours.perSecond, 0)} req/s`,
      baseline: `${fixed(baseline.perSecond, 0)} req/s ${baseline.name}`,
      ratio: ratioText(ratio),
      target: `≥ ${target}x`,
      met: ratio >= target ? 'yes' : 'no',
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
  }[];
  registrations: { confirmed: number; waitlisted: number };
};
for (const row of http.rows) {
  rows.push({
    area: 'local HTTP (autocannon, DynamoDB Local)',
    subject: row.name,
    figure: `${fixed(row.requestsPerSecond, 0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.serverErrors} 5xx`,
    baseline: '—',
    ratio: '—',
    target: '0 5xx',
    met: row.serverErrors === 0 ? 'yes' : 'no',
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
rows.push({
  id: 'burst.floor',
  area: 'registration burst (fetch, exact counts)',
  subject: `${burst.total} at once on capacity ${burst.capacity}`,
  figure: `${burst.confirmed} confirmed, ${burst.waitlisted} waitlisted, ${burst.serverErrors} 5xx, ${fixed(burst.seconds, 2)} s, p50 ${fixed(burst.p50, 0)} ms, p99 ${fixed(burst.p99, 0)} ms`,
  baseline: `${fixed(burst.floorSeconds, 2)} s for ${burst.total} raw TransactWriteItems, same DynamoDB Local`,
  ratio: ratioText(burst.ratio),
  ratioValue: burst.ratio,
  target: '≤ 1.5x, exact, 0 5xx',
  met: burst.exact && burst.serverErrors === 0 && burst.ratio <= 1.5 ? 'yes' : 'no',
});

console.error('DynamoDB cost…');
const cost = run('bench/agenda-cost.ts') as {
  reads: {
    label: string;
    perRequest: number;
    commands: string;
    capacity: number;
    p50: number;
    ratio: number;
  }[];
  writes: { label: string; perRequest: number; commands: string; capacity: number }[];
};
for (const read of cost.reads) {
  rows.push({
    area: 'DynamoDB cost per request (HTTP, DynamoDB Local)',
    subject: read.label,
    figure: `${read.perRequest} × ${read.commands}, ${fixed(read.capacity)} RCU, p50 ${fixed(read.p50, 2)} ms`,
    baseline: 'bare SDK Query',
    ratio: ratioText(read.ratio),
    target: '—',
    met: '—',
  });
}
for (const write of cost.writes) {
  rows.push({
    area: 'DynamoDB cost per request (HTTP, DynamoDB Local)',
    subject: write.label,
    figure: `${write.perRequest} calls (${write.commands})`,
    baseline: '—',
    ratio: '—',
    target: '—',
    met: '—',
  });
}

const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ date, machine, rows, raw: { bundles, cold, warm, http, burst, cost } }, null, 2)}\n`,
);
console.log(`\nBenchmarks, ${date}, ${machine}\n`);
console.log('| area | subject | figure | baseline | ratio | target | met |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.area} | ${row.subject} | ${row.figure} | ${row.baseline} | ${row.ratio} | ${row.target} | ${row.met} |`,
  );
