import { appendFileSync, mkdirSync } from 'node:fs';

/**
 * Every structured log line the suite produces goes to test-results/logs/ instead of the
 * terminal; after the run, test/scan-logs.ts reads them all for personal data and tokens.
 */

export const LOG_DIRECTORY = 'test-results/logs';
mkdirSync(LOG_DIRECTORY, { recursive: true });
const file = `${LOG_DIRECTORY}/logs-${process.pid}.jsonl`;

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('{"level"')) appendFileSync(file, `${line}\n`);
    else original(...args);
  };
}
