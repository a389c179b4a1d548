import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAssembly } from '../../../scripts/cost/assembly.ts';
import {
  type BenchCost,
  fixedLines,
  resourcesFor,
  TRAFFIC,
  total,
  usageLines,
} from '../../../scripts/cost/estimate.ts';
import { PRICES } from '../../../scripts/cost/prices.ts';
import { costMarkdown, monthly } from '../../../scripts/cost/table.ts';

/**
 * `npm run cost` on a fixture assembly: a series stack and its us-east-1 firewall, and two year
 * stacks in a nested assembly (a CDK stage), counted and priced by hand below.
 */

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'cost-assembly');

const BENCH: BenchCost = {
  reads: [
    { id: 'agenda', p50: 4, capacity: 0.02 },
    { id: 'agenda-304', p50: 2, capacity: 0 },
    { id: 'details', p50: 10, capacity: 0.5 },
    { id: 'talk', p50: 2, capacity: 0 },
  ],
  writes: [
    {
      id: 'register',
      capacity: 0.1,
      commands: 'GetItem+TransactWriteItems',
      breakdown: '0.1 GetItem + 1 TransactWriteItems',
    },
    {
      id: 'cancel',
      capacity: 0.5,
      commands: 'GetItem+TransactWriteItems',
      breakdown: '1 GetItem + 1 TransactWriteItems',
    },
  ],
};

const stacks = readAssembly(FIXTURE);
const byName = (name: string) => stacks.find((stack) => stack.name === name);

describe('counting an assembly', () => {
  it('reads every stack, nested assemblies too, and tells the years from the series', () => {
    expect(stacks.map(({ name, year, region }) => ({ name, year, region }))).toEqual(
      expect.arrayContaining([
        { name: 'Series', year: undefined, region: 'eu-central-1' },
        { name: 'SeriesFirewall', year: undefined, region: 'us-east-1' },
        { name: 'Hpcw2021', year: 2021, region: 'eu-central-1' },
        { name: 'Hpcw2022', year: 2022, region: 'eu-central-1' },
      ]),
    );
    expect(stacks).toHaveLength(4);
  });

  it('counts what has a price: a metric-math alarm pays for each metric it reads', () => {
    expect(byName('Series')?.resources).toMatchObject({
      alarmMetrics: 3,
      kmsKeys: 1,
      secrets: 2,
      filterMetrics: 1,
      userPools: 1,
      distributions: 1,
      tables: 1,
      pitrTables: 1,
      functions: 2,
      functionMemory: [512, 512],
      armFunctions: 2,
      webAcls: 0,
    });
    expect(byName('SeriesFirewall')?.resources).toMatchObject({ webAcls: 1, wafRules: 3 });
    expect(byName('Hpcw2022')?.resources).toMatchObject({
      alarmMetrics: 2,
      functions: 1,
      functionMemory: [128],
      armFunctions: 0,
    });
  });

  it('takes a year by another pattern when told', () => {
    const named = readAssembly(FIXTURE, /^Series(Firewall)$/);
    expect(named.filter((stack) => stack.year !== undefined).map((stack) => stack.name)).toEqual([
      'SeriesFirewall',
    ]);
  });

  it('says what to do when the folder is no assembly', () => {
    expect(() => readAssembly(join(FIXTURE, 'missing'))).toThrow('run `npx cdk synth` first');
  });
});

describe('pricing it', () => {
  it('counts the series once and a year (the average of those found) per edition', () => {
    const one = resourcesFor(stacks, 1);
    const ten = resourcesFor(stacks, 10);
    expect(one).toMatchObject({ webAcls: 1, wafRules: 3, alarmMetrics: 4.5, functions: 2.5 });
    expect(ten).toMatchObject({ webAcls: 1, wafRules: 3, alarmMetrics: 18, functions: 7 });
  });

  it('prices the fixed part line by line', () => {
    const lines = fixedLines(resourcesFor(stacks, 10));
    const line = (item: string) => lines.find((candidate) => candidate.item === item);
    expect(line('WAF web ACLs')).toEqual({
      item: 'WAF web ACLs',
      quantity: 1,
      unit: 5,
      monthly: 5,
    });
    expect(line('CloudWatch alarm metrics')?.monthly).toBeCloseTo(1.8, 10);
    // 5 + 3 rules + 18 x 0.10 + 0.30 + 1 key + 2 x 0.40
    expect(total(lines)).toBeCloseTo(11.9, 10);
    expect(total(fixedLines(resourcesFor(stacks, 1)))).toBeCloseTo(10.55, 10);
  });

  it('prices a registration from the bench calls: edge, compute, a read, a transaction, its mail', () => {
    const resources = resourcesFor(stacks, 1);
    const registration = usageLines(BENCH, resources, 1).find(
      (line) => line.item === 'registrations',
    );
    const edge = (1 + 0.6 + 1 + 0.2) / 1e6 + (1500 / 1e9) * 0.5;
    const compute = 0.5 * 0.05 * PRICES.lambdaArmPerGbSecond;
    const dynamo = 0.1 * (0.125 / 1e6) + 5 * 2 * (0.625 / 1e6);
    const mail = (2 * 0.2 + 3 * 0.4) / 1e6 + 0.1 / 1000;
    expect(registration?.quantity).toBe(TRAFFIC.registrations);
    expect(registration?.unit).toBeCloseTo(edge + compute + dynamo + mail, 15);
  });

  it('grows the usage with archived editions, and only by their reads and data', () => {
    const resources = resourcesFor(stacks, 1);
    const reads = (editions: number) =>
      usageLines(BENCH, resources, editions).find((line) => line.item === 'public reads');
    expect(reads(1)?.quantity).toBe(TRAFFIC.upcomingReads);
    expect(reads(10)?.quantity).toBe(TRAFFIC.upcomingReads + 9 * TRAFFIC.archivedReads);
    const stored = usageLines(BENCH, resources, 10).find((line) => line.item === 'stored data, GB');
    expect(stored?.quantity).toBeCloseTo(10 * TRAFFIC.gbPerEdition, 10);
    expect(stored?.unit).toBe(0.25 + 0.2);
  });

  it('writes the markdown table, one row per number of editions, both designs side by side', () => {
    const yearly = { label: 'per year', stacks: stacks.filter((stack) => stack.year === 2021) };
    const series = { label: 'series', stacks };
    const markdown = costMarkdown([series, yearly], [1, 5, 10], BENCH);
    const ten = monthly(series, 10, BENCH, TRAFFIC);
    const tenYearly = monthly(yearly, 10, BENCH, TRAFFIC);
    expect(markdown).toContain(
      `| 10 | $${ten.fixed.toFixed(2)} | $${ten.usage.toFixed(2)} | **$${ten.total.toFixed(2)}** | $${tenYearly.fixed.toFixed(2)} |`,
    );
    expect(markdown).toContain('| WAF web ACLs | $5.00 | 1 / 1 / 1 | 0 / 0 / 0 |');
    expect(markdown).toContain(
      '| CloudWatch alarm metrics | $0.10 | 4.5 / 10.5 / 18 | 1 / 5 / 10 |',
    );
    expect(markdown).toContain(
      '| CloudFront distributions (per request) | $0.00 | 1 / 1 / 1 | 0 / 0 / 0 |',
    );
    expect(markdown).toContain('Hpcw2021 (year 2021)');
  });
});

describe('npm run cost', { timeout: 60_000 }, () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['scripts/cost.ts', ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints the table of an assembly given by path', () => {
    const result = run(['--assembly', FIXTURE, '--label', 'fixture', '--editions', '1,2']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\| editions \| fixture: fixed \| usage \| \*\*total\*\* \|$/m);
    expect(result.stdout).toMatch(/^\| 2 \| \$\d+\.\d\d \|/m);
  });

  it('refuses a wrong number of editions or a missing assembly with exit 2', () => {
    const editions = run(['--assembly', FIXTURE, '--editions', '1,x']);
    expect(editions.status).toBe(2);
    expect(editions.stderr).toContain('--editions 1,x: whole numbers');
    const missing = run(['--assembly', join(FIXTURE, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('is not a cloud assembly');
  });
});
