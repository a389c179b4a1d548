import { readFileSync, writeFileSync } from 'node:fs';
import type { DayCost } from './day-cost.ts';
import { DAY_PRICES, type Price } from './prices.ts';
import { type BenchResults, rowsTable } from './rows.ts';

/**
 * The README's benchmark section, between two markers, written from bench/results.json alone:
 * `npm run bench` rewrites it after each run, `npm run bench:readme` from the file as it is.
 */

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

const money = (usd: number) => (usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(5)}`);
const unitPrice = (usd: number) => `$${Number(usd.toPrecision(4))}`;

function dayTable(day: DayCost): string {
  const lines = [
    '| item | quantity | unit price | cost |',
    '|---|---:|---:|---:|',
    ...day.lines.map(
      (line) =>
        `| ${line.item} | ${Number(line.quantity.toFixed(2)).toLocaleString('en')} | ${unitPrice(line.unit)} | ${money(line.usd)} |`,
    ),
    `| **the day** | | | **${money(day.usd)}** |`,
  ];
  return lines.join('\n');
}

function pricesTable(prices: Record<string, Price>): string {
  const lines = [
    '| price | as listed | pricing page | checked against (read on) |',
    '|---|---|---|---|',
    ...Object.values(prices).map(
      (price) =>
        `| ${price.item} | ${price.listed} | ${price.source} | ${price.checked.found ? '' : '**not found**: '}${price.checked.url} (${price.checked.read})${price.checked.note ? `: ${price.checked.note}` : ''} |`,
    ),
  ];
  return lines.join('\n');
}

/** The section's text, markers included. */
export function benchSection(results: BenchResults & { dayCost: DayCost }): string {
  const minutes = (results.seconds / 60).toFixed(1);
  return [
    START_MARKER,
    '<!-- Written by `npm run bench` (or `npm run bench:readme`) from bench/results.json: edit bench/lib/readme.ts, not this. -->',
    '',
    `Latest run: ${results.date}, ${results.machine}; \`npm run bench\` took ${minutes} min.`,
    '',
    rowsTable(results.rows),
    '',
    '### The workshop day at public prices',
    '',
    `The \`day.screens\` mix scaled to the day (bench/lib/day-cost.ts): ${results.dayCost.screens} screens polling \`GET /editions/{year}/now\` for the ${results.dayCost.hours.toFixed(2)} hours of the 2020 agenda at the rate the bench's pollers kept, and the bench's check-ins and delays once. Every request passes CloudFront and the web ACL and reaches the HTTP API and a function (\`/now\` answers \`Cache-Control: no-cache\`, which the front door does not cache); the DynamoDB units are the meter's, per request. The day falls in one month: this is what it adds to that month's bill. Free tiers and data transfer out are left out.`,
    '',
    dayTable(results.dayCost),
    '',
    pricesTable(DAY_PRICES),
    END_MARKER,
  ].join('\n');
}

/** `readme` with the text between the markers replaced by `section` (markers included). */
export function replaceSection(readme: string, section: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start || readme.indexOf(START_MARKER, start + 1) >= 0)
    throw new Error(
      `README.md needs one ${START_MARKER} … ${END_MARKER} pair around the benchmark table`,
    );
  return readme.slice(0, start) + section + readme.slice(end + END_MARKER.length);
}

/** Rewrites the README's section from a results file. */
export function rewriteReadme(resultsPath = 'bench/results.json', readmePath = 'README.md') {
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults & {
    dayCost?: DayCost;
  };
  if (!results.dayCost)
    throw new Error(`${resultsPath} has no dayCost: run npm run bench to write a new one`);
  const section = benchSection({ ...results, dayCost: results.dayCost });
  writeFileSync(readmePath, replaceSection(readFileSync(readmePath, 'utf8'), section));
}
