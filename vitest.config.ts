import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report gives .ci/run its closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    // Every log line is produced, captured to test-results/logs/ and scanned after the run.
    env: { LOG_LEVEL: 'debug' },
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
          exclude: ['test/integration/stack-local/**'],
          globalSetup: ['test/integration/global-setup.ts'],
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
