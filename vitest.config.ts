import { defineConfig } from 'vitest/config';

/**
 * Files that assert an answer within a bound of time (a frozen database answered in bounded
 * time): they run one at a time, after every other file, so that no parallel file takes their CPU.
 */
const ALONE = ['test/integration/api/dynamodb-outage.test.ts'];

export default defineConfig({
  test: {
    // The JSON report gives .ci/run its closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    // Every log line is produced, captured to test-results/logs/ and scanned after the run.
    env: { LOG_LEVEL: 'debug' },
    // Vitest's default on 2 cores is one file at a time (cores - 1), while a file mostly waits on
    // DynamoDB Local, MailDev, Chromium or a child process. Files share nothing but the run's
    // DynamoDB Local (a table each): two at once, one per core. (A machine busy with other work
    // can hold a local stack's new DynamoDB Local past the functions' 2 s timeout, one file at a
    // time too, more often with more at once: VITEST_MAX_WORKERS=1 runs them one by one.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/sdk-matchers.ts', 'test/support/log-capture.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The synthesized assembly's run is its own project (below).
          exclude: ['test/integration/stack-local/**', ...ALONE],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/support/log-capture.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      // Vitest runs the files of a project of one worker after all the others, one at a time.
      {
        test: {
          name: 'integration-alone',
          include: ALONE,
          maxWorkers: 1,
          setupFiles: ['test/support/log-capture.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      // Synthesizes the series with two years and runs it as its templates wire it (npm run
      // stack:local): the journeys and the mail path against the assembly, on every run.
      {
        test: {
          name: 'stack-local',
          include: ['test/integration/stack-local/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/support/log-capture.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
