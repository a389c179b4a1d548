import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY_PRICES, FUNCTION_MEMORY_GB } from '../../../bench/lib/prices.ts';
import {
  benchSection,
  END_MARKER,
  replaceSection,
  START_MARKER,
} from '../../../bench/lib/readme.ts';
import { type RawResults, scoreboard } from '../../../bench/lib/scoreboard.ts';

/**
 * The README's benchmark section, written from a results file (a fixture here: no bench runs):
 * one table line per row with its ratio, target, met and cost, the day's cost and its prices.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
const raw = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'bench', 'raw-results.json'), 'utf8'),
) as RawResults;
const { rows, day } = scoreboard(raw);
const results = {
  date: '2026-12-02',
  machine: '2 cores, 24 GiB, Node v24.21.0',
  seconds: 570,
  rows,
  dayCost: day,
  raw,
};

describe('the benchmark section', () => {
  const section = benchSection(results);
  const lines = section.split('\n');

  it('says when, where and how long, between the markers', () => {
    expect(lines[0]).toBe(START_MARKER);
    expect(lines.at(-1)).toBe(END_MARKER);
    expect(section).toContain(
      'Latest run: 2026-12-02, 2 cores, 24 GiB, Node v24.21.0; `npm run bench` took 9.5 min.',
    );
  });

  it('has one line per row: ratio, target, met and cost', () => {
    expect(section).toContain(
      '| id | area | subject | figure | baseline | ratio | target | met | DynamoDB cost per request |',
    );
    const tableLines = lines.filter((line) => line.startsWith('| `'));
    expect(tableLines.map((line) => line.split(' | ')[0])).toEqual(
      rows.map((entry) => `| \`${entry.id}\``),
    );
    const cells = (id: string) =>
      (tableLines.find((line) => line.startsWith(`| \`${id}\` |`)) ?? '').split(' | ').slice(5);
    expect(cells('storm.cancel')).toEqual([
      '0.00x',
      '0 5xx, exact',
      'yes',
      '0.6 GetItem + 0.65 TransactWriteItems, 0.3 RCU, 5.2 WCU |',
    ]);
    expect(cells('cold.public')).toEqual(['1.04x', '≤ 1.05x', 'yes', '2 GetItem, 3 RCU |']);
    expect(cells('bundle.organizers')).toEqual(['1.60x', '≤ 1.5x', 'no', '— |']);
    expect(cells('day.screens').slice(0, 3)).toEqual(['1.50x', '≤ 2x, 0 5xx', 'yes']);
    expect(cells('cost.day')[0]).toBe(`${day.usd.toFixed(2)}x`);
  });

  it("prices the day line by line, and names each price's page and when it was read", () => {
    expect(section).toContain(`| **the day** | | | **$${day.usd.toFixed(2)}** |`);
    expect(section).toContain('| API Gateway HTTP API request | 999,101 | $0.000001 | $1.00 |');
    for (const price of Object.values(DAY_PRICES)) {
      expect(section).toContain(`| ${price.item} | ${price.listed} | ${price.source} |`);
    }
    expect(section).toContain(
      '| CloudFront HTTPS request (United States, Europe) | $0.0100 per 10,000 HTTPS requests | https://aws.amazon.com/cloudfront/pricing/ | **not found**: https://aws.amazon.com/cloudfront/pricing/ (2026-12-02)',
    );
  });

  it('replaces only what is between the markers', () => {
    const readme = `# Title\n\nbefore\n\n${START_MARKER}\nold table\n${END_MARKER}\n\nafter\n`;
    expect(replaceSection(readme, `${START_MARKER}\nnew\n${END_MARKER}`)).toBe(
      `# Title\n\nbefore\n\n${START_MARKER}\nnew\n${END_MARKER}\n\nafter\n`,
    );
    expect(() => replaceSection('# no markers\n', section)).toThrow(/needs one/);
    expect(() =>
      replaceSection(`${START_MARKER}\n${END_MARKER}\n${START_MARKER}\n${END_MARKER}\n`, section),
    ).toThrow(/needs one/);
  });

  it('is in the README once, so that npm run bench can rewrite it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split(START_MARKER)).toHaveLength(2);
    expect(readme.split(END_MARKER)).toHaveLength(2);
    expect(readme.indexOf(START_MARKER)).toBeLessThan(readme.indexOf(END_MARKER));
  });
});

describe('the prices', () => {
  it('each come with their pricing page and what was read to check them, and when', () => {
    for (const price of Object.values(DAY_PRICES)) {
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(price.checked.url).toMatch(/^https:\/\//);
      expect(price.checked.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.usd).toBeGreaterThan(0);
      if (!price.checked.found) expect(price.checked.note).toMatch(/^not found/);
    }
  });

  it("price the functions' memory as infra sets it: the one default, overridden nowhere", () => {
    const source = readFileSync(join(ROOT, 'infra/constructs/workshop-function.ts'), 'utf8');
    expect(source).toMatch(
      new RegExp(`memorySize: props\\.memorySize \\?\\? ${FUNCTION_MEMORY_GB * 1024}\\b`),
    );
    const setters = readdirSync(join(ROOT, 'infra'), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.ts'))
      .filter((path) => /\bmemorySize\s*:/.test(readFileSync(join(ROOT, 'infra', path), 'utf8')));
    expect(setters).toEqual([join('constructs', 'workshop-function.ts')]);
  });
});
