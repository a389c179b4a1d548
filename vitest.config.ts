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
          // The synthesized assembly's run has its own command (npm run test:stack-local).
          exclude: ['test/integration/stack-local/**'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/support/log-capture.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      // Synthesizes the app and runs it (npm run stack:local): minutes on a busy machine, so
      // only when asked for (npm run test:stack-local).
      ...(process.env.STACK_LOCAL_TEST
        ? [
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
          ]
        : []),
    ],
  },
});
