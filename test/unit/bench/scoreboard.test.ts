import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayCost } from '../../../bench/lib/day-cost.ts';
import { costOfCommands, costText } from '../../../bench/lib/dynamo-meter.ts';
import type { Row } from '../../../bench/lib/rows.ts';
import { missingScripts, type RawResults, scoreboard } from '../../../bench/lib/scoreboard.ts';

/**
 * Issue 26's scoreboard on a fixture of what the bench scripts print (test/fixtures/bench): each
 * row's ratio, target, met and cost, and the wiring of the two scripts other work writes
 * (cancel-storm.ts, day-screens.ts). No bench runs here.
 */

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'bench', 'raw-results.json');
const raw = (): RawResults => JSON.parse(readFileSync(FIXTURE, 'utf8')) as RawResults;
const byId = (rows: Row[], id: string) => {
  const found = rows.find((entry) => entry.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};
const summary = (entry: Row) => ({
  ratio: Number(entry.ratio.toFixed(4)),
  target: entry.target,
  met: entry.met,
  cost: entry.cost,
});

describe('the scoreboard', () => {
  const { rows } = scoreboard(raw());

  it('writes every row of the issue, in the table order', () => {
    expect(rows.map((entry) => entry.id)).toEqual([
      'bundle.public',
      'bundle.organizers',
      'bundle.editor',
      'bundle.seed',
      'bundle.console',
      'cold.public',
      'cold.registrations',
      'cold.organizers',
      'cold.editor',
      'warm.bare',
      'warm.express',
      'http.agenda',
      'http.registrations',
      'burst.floor',
      'storm.cancel',
      'day.screens',
      'cost.query',
      'cost.agenda',
      'cost.agenda-304',
      'cost.details',
      'cost.talk',
      'cost.register',
      'cost.cancel',
      'cost.register-waitlist',
      'cost.cancel-promotes',
      'cost.version-checks',
      'cost.day',
    ]);
  });

  it("holds bundles to issue 26's targets, the editor to 2.5x, and makes no DynamoDB call", () => {
    expect(summary(byId(rows, 'bundle.public'))).toEqual({
      ratio: 1.1,
      target: '≤ 1.15x',
      met: 'yes',
      cost: '—',
    });
    expect(summary(byId(rows, 'bundle.organizers'))).toEqual({
      ratio: 1.6,
      target: '≤ 1.5x',
      met: 'no',
      cost: '—',
    });
    expect(summary(byId(rows, 'bundle.editor'))).toMatchObject({ target: '≤ 2.5x', met: 'yes' });
    expect(summary(byId(rows, 'bundle.seed'))).toMatchObject({
      target: 'n/a (deploy only)',
      met: '—',
    });
    expect(summary(byId(rows, 'bundle.console'))).toEqual({
      ratio: 0.3575,
      target: '≤ 1x',
      met: 'yes',
      cost: '—',
    });
  });

  it('gives cold rows their targets and what the first answer called', () => {
    expect(summary(byId(rows, 'cold.public'))).toEqual({
      ratio: 1.04,
      target: '≤ 1.05x',
      met: 'yes',
      cost: '2 GetItem, 3 RCU',
    });
    expect(summary(byId(rows, 'cold.registrations'))).toEqual({
      ratio: 1.12,
      target: '≤ 1.1x',
      met: 'no',
      cost: 'not measured (no first-answer-cost case)',
    });
    expect(summary(byId(rows, 'cold.organizers'))).toEqual({
      ratio: 1.25,
      target: '≤ 1.2x',
      met: 'no',
      cost: '1 GetItem + 1 Query, 1 RCU',
    });
    expect(summary(byId(rows, 'cold.editor'))).toMatchObject({ target: '≤ 1.5x', met: 'no' });
    expect(byId(rows, 'cold.public').baseline).toBe('370.0 ms bare bundle (1 GetItem, 0.5 RCU)');
    expect(byId(rows, 'cold.public').dynamo).toMatchObject({ calls: 2, readUnits: 3 });
  });

  it('names the floor a code-split function is held to: the bare bundle split the same way', () => {
    const results = raw();
    results.cold = results.cold.map((entry) =>
      entry.name === 'public'
        ? { ...entry, ratio: 1.02, floor: 'bare code-split', floorMs: 361.2 }
        : { ...entry, floor: 'bare', floorMs: 370 },
    );
    const split = scoreboard(results).rows;
    expect(byId(split, 'cold.public').baseline).toBe(
      '361.2 ms bare code-split bundle (1 GetItem, 0.5 RCU)',
    );
    expect(byId(split, 'cold.public').ratio).toBe(1.02);
    expect(byId(split, 'cold.organizers').baseline).toMatch(/^370\.0 ms bare bundle /);
  });

  it('reads warm and HTTP costs from the mock and the metered requests', () => {
    expect(summary(byId(rows, 'warm.bare'))).toEqual({
      ratio: 1.2,
      target: '≥ 1x',
      met: 'yes',
      cost: '0.002 GetItem (mocked: no capacity)',
    });
    expect(summary(byId(rows, 'warm.express'))).toMatchObject({
      ratio: 2.9,
      target: '≥ 3x',
      met: 'no',
    });
    expect(byId(rows, 'warm.express').baseline).toContain('(1 Query (mocked: no capacity))');
    expect(summary(byId(rows, 'http.agenda'))).toEqual({
      ratio: 0.85,
      target: '≥ 0.85x',
      met: 'yes',
      cost: '0.01 GetItem, 0.01 RCU',
    });
    expect(summary(byId(rows, 'http.registrations'))).toEqual({
      ratio: 0,
      target: '0 5xx',
      met: 'yes',
      cost: '0.1 GetItem + 1 TransactWriteItems, 0.1 RCU, 6 WCU',
    });
  });

  it('needs the burst exact, without 5xx, at most at the floor', () => {
    expect(summary(byId(rows, 'burst.floor'))).toEqual({
      ratio: 0.5,
      target: '≤ 1x, exact, 0 5xx',
      met: 'yes',
      cost: '0.1 GetItem + 1 TransactWriteItems, 0.1 RCU, 6 WCU',
    });
    const slow = raw();
    slow.burst.ratio = 1.2;
    expect(byId(scoreboard(slow).rows, 'burst.floor').met).toBe('no');
  });

  it('counts the storm by its share of 5xx, and needs its counts exact', () => {
    expect(summary(byId(rows, 'storm.cancel'))).toEqual({
      ratio: 0,
      target: '0 5xx, exact',
      met: 'yes',
      cost: '0.6 GetItem + 0.65 TransactWriteItems, 0.3 RCU, 5.2 WCU',
    });
    expect(byId(rows, 'storm.cancel').figure).toBe(
      '0 5xx of 430 (200× 200, 80× 201, 150× 404), 2.40 s, p50 900 ms, p99 2200 ms, exact',
    );
    const shed = raw();
    shed.storm.serverErrors = 43;
    expect(summary(byId(scoreboard(shed).rows, 'storm.cancel'))).toMatchObject({
      ratio: 0.1,
      met: 'no',
    });
    const inexact = raw();
    inexact.storm.exact = false;
    expect(byId(scoreboard(inexact).rows, 'storm.cancel').met).toBe('no');
  });

  it("compares the day's p99 with the bare server's, and needs no 5xx", () => {
    expect(summary(byId(rows, 'day.screens'))).toEqual({
      ratio: 1.5,
      target: '≤ 2x, 0 5xx',
      met: 'yes',
      cost: 'now: 0.01 GetItem, 0.01 RCU; check-in: 1 GetItem + 1 TransactWriteItems, 0.5 RCU, 4 WCU; delay: 1 GetItem + 1 TransactWriteItems, 1 RCU, 6 WCU',
    });
    const failing = raw();
    failing.day.ours.serverErrors = 1;
    expect(byId(scoreboard(failing).rows, 'day.screens').met).toBe('no');
    const slow = raw();
    slow.day.ours.p99 = 30;
    expect(summary(byId(scoreboard(slow).rows, 'day.screens'))).toMatchObject({
      ratio: 2.5,
      met: 'no',
    });
  });

  it('keeps the cost rows and the version checks, with their meter readings', () => {
    expect(summary(byId(rows, 'cost.query'))).toMatchObject({
      ratio: 1,
      target: '—',
      met: '—',
      cost: '1 Query, 3 RCU',
    });
    expect(summary(byId(rows, 'cost.cancel-promotes'))).toMatchObject({
      ratio: 3,
      cost: '1 GetItem + 1 Query + 1 TransactWriteItems, 1.5 RCU, 8 WCU',
    });
    expect(summary(byId(rows, 'cost.version-checks'))).toEqual({
      ratio: 0.9929,
      target: '≤ 1.5x',
      met: 'yes',
      cost: '0.008 GetItem, 0.01 RCU',
    });
  });

  it('keeps the first-use rows while bench/first-use.ts is there', () => {
    const withFirstUse = raw();
    withFirstUse.firstUse = {
      rows: [
        { name: 'render from the partition', medianMs: 50 },
        { name: 'render from the document', medianMs: 17 },
        { name: 'read the stored agenda', medianMs: 12 },
      ],
      ratios: { document: 0.34, stored: 0.24 },
    };
    const ids = scoreboard(withFirstUse).rows.map((entry) => entry.id);
    expect(ids.slice(-2)).toEqual(['first.document', 'first.stored']);
  });
});

describe('the workshop day at public prices', () => {
  it('scales the polling to 300 screens for the agenda hours and prices every request', () => {
    const day = dayCost(raw().day, 9.25);
    // 1,800 polls by 300 screens in 60 s: 0.1 a screen a second, for 9.25 h.
    expect(day.requests).toEqual({ now: 999_000, checkIn: 100, delay: 1 });
    const usd = Object.fromEntries(day.lines.map((line) => [line.item, line.usd]));
    const quantity = Object.fromEntries(day.lines.map((line) => [line.item, line.quantity]));
    // 999,101 requests: CloudFront $0.01 per 10,000, WAF $0.60, HTTP API $1, Lambda $0.20 a million.
    expect(usd['CloudFront HTTPS request (United States, Europe)']).toBeCloseTo(0.999101, 6);
    expect(usd['AWS WAF request inspected (the web ACL before the distribution)']).toBeCloseTo(
      0.5994606,
      6,
    );
    expect(usd['API Gateway HTTP API request']).toBeCloseTo(0.999101, 6);
    expect(usd['Lambda request']).toBeCloseTo(0.1998202, 6);
    // Polls billed 3 ms (their p50), check-ins and the delay 50 ms, at 0.5 GB.
    const gbSeconds = (999_000 * 0.003 + 101 * 0.05) * 0.5;
    const duration = day.lines.find((line) => line.item.startsWith('Lambda duration'));
    expect(duration?.quantity).toBeCloseTo(gbSeconds, 6);
    expect(duration?.usd).toBeCloseTo(gbSeconds * 0.0000133334, 9);
    // Read units: 0.01 a poll, 0.5 a check-in, 1 for the delay; write units 4 and 6.
    expect(quantity['DynamoDB on-demand read request unit']).toBeCloseTo(9_990 + 50 + 1, 6);
    expect(usd['DynamoDB on-demand read request unit']).toBeCloseTo(10_041 * 0.125e-6, 9);
    expect(usd['DynamoDB on-demand write request unit']).toBeCloseTo(406 * 0.625e-6, 9);
    expect(day.usd).toBeCloseTo(
      0.999101 * 2 +
        0.5994606 +
        0.1998202 +
        gbSeconds * 0.0000133334 +
        10_041 * 0.125e-6 +
        406 * 0.625e-6,
      9,
    );
  });

  it('is the cost.day row, in US dollars', () => {
    const { rows, day } = scoreboard(raw());
    expect(summary(byId(rows, 'cost.day'))).toEqual({
      ratio: Number(day.usd.toFixed(4)),
      target: '—',
      met: '—',
      cost: '—',
    });
    expect(byId(rows, 'cost.day').figure).toBe(
      `$${day.usd.toFixed(2)} for the day's month: 999,000 polls, 100 check-ins, 1 delay`,
    );
  });
});

describe('the wiring of the scripts', () => {
  it('names the rows a missing script would leave out', () => {
    const absent = new Set(['bench/cancel-storm.ts', 'bench/day-screens.ts']);
    expect(missingScripts((path) => !absent.has(path))).toEqual([
      'bench/cancel-storm.ts is missing: it writes `storm.cancel` (issue 26), so no run can report them',
      'bench/day-screens.ts is missing: it writes `day.screens` and `cost.day` (issue 26), so no run can report them',
    ]);
    expect(missingScripts(() => true)).toEqual([]);
  });

  it("counts a mock's document commands as the DynamoDB operations they are", () => {
    const cost = costOfCommands(['GetCommand', 'GetCommand', 'QueryCommand'], 4);
    expect(cost).toMatchObject({ calls: 0.75, commands: { GetItem: 0.5, Query: 0.25 } });
    expect(costText(cost)).toBe('0.5 GetItem + 0.25 Query (mocked: no capacity)');
  });
});
