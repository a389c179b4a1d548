import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm test`'s last step: reads every log line the suite wrote (test/support/log-capture.ts) and
 * fails on any email address, registrant name, JWT, manage token, webhook secret or private join URL. `--reset`
 * empties the folder before a run.
 */

const DIRECTORY = 'test-results/logs';

if (process.argv.includes('--reset')) {
  rmSync(DIRECTORY, { recursive: true, force: true });
  process.exit(0);
}

const files = existsSync(DIRECTORY) ? readdirSync(DIRECTORY) : [];
const read = (prefix: string) =>
  files
    .filter((name) => name.startsWith(prefix))
    .flatMap((name) => readFileSync(join(DIRECTORY, name), 'utf8').split('\n'))
    .filter((line) => line !== '');

const lines = read('logs-');
const registrants = read('registrants-');
const leaks: string[] = [];
const patterns: [string, RegExp][] = [
  ['an email address', /[\w.+-]+@[\w-]+\.[\w.-]+/],
  ['a JWT', /eyJ[\w-]+\.[\w-]+\.[\w-]+/],
  ['a manage token', /(?<![\w-])[\w-]{43}(?![\w-])/],
  ['a webhook secret', /whsec_/],
  // The tests' stream and meeting URLs all carry this marker (test/integration/online/online-access.test.ts).
  ['a private join URL', /private-join-/],
];
for (const line of lines) {
  try {
    JSON.parse(line);
  } catch {
    leaks.push(`not a JSON log line: ${line.slice(0, 80)}`);
  }
  for (const [what, pattern] of patterns)
    if (pattern.test(line)) leaks.push(`${what} in: ${line.slice(0, 120)}`);
}
const logText = lines.join('\n').toLowerCase();
for (const registrant of registrants) {
  if (registrant.length >= 5 && logText.includes(registrant.toLowerCase()))
    leaks.push(`registrant data "${registrant}" in the logs`);
}

if (lines.length === 0) leaks.push('no log lines were captured: the scan would prove nothing');
console.log(
  `Log scan: ${lines.length} log lines, ${registrants.length} registrant values checked, ${leaks.length} leaks`,
);
for (const leak of leaks.slice(0, 20)) console.error(`  ${leak}`);
process.exit(leaks.length === 0 ? 0 : 1);
