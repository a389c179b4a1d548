import type { KnipConfig } from 'knip';

/**
 * `npm run lint:dead`: knip, the dead-code check. Unused files, exports, exported types and
 * dependencies, and dependencies or binaries used but not listed, fail the lint. It must know
 * every way code is started, or it calls it dead: the entries below are those ways.
 */
const config: KnipConfig = {
  workspaces: {
    '.': {
      entry: [
        // The Lambda handlers, bundled by infra/bundling.ts (FUNCTION_ENTRIES) from these paths.
        'functions/**/handler.ts',
        'functions/**/*-handler.ts',
        // cdk.json's app.
        'infra/app.ts',
        // Commands run with `node` (package.json scripts, and bench/run.ts by path).
        'scripts/*.ts',
        // The worker thread each Lambda of npm run stack:local runs in (loaded by URL).
        'scripts/stack-local/lambda-worker.ts',
        'bench/*.ts',
        // The bare baseline that bench/bundle-size.ts and bench/cold-init.ts bundle by path.
        'bench/bare/handler.ts',
        // Child processes the tests start with `node <path>` (killed mid-way on purpose).
        'test/support/**/*-child.ts',
        // The generated client and its types, for consumers of the API (README, "From TypeScript").
        'client/index.ts',
        'client/schema.ts',
        // The organizer console's browser entry, bundled by console/build.ts (esbuild, by path).
        'console/src/main.tsx',
      ],
      project: ['**/*.{ts,tsx,js,cjs,mjs}'],
      ignoreDependencies: [
        // dependency-cruiser's parser (.dependency-cruiser.cjs, options.parser 'swc').
        '@swc/core',
        // scripts/client.ts runs it from the tools/openapi-client workspace, which lists it.
        'openapi-typescript',
      ],
    },
    'tools/openapi-client': {
      // A workspace with no code: scripts/client.ts resolves its openapi-typescript by path.
      ignoreDependencies: ['openapi-typescript'],
    },
  },
  ignoreBinaries: [
    // DynamoDB Local's runtime, a system package (.ci/run installs it), not an npm binary.
    'java',
  ],
};

export default config;
