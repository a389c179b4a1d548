/**
 * How every function is bundled: ESM for Node 24 (index.mjs, with chunks for a code-split entry),
 * minified, with source maps, the AWS SDK included (pinned by our lockfile, tree-shaken) rather
 * than taken from the runtime. The stack (constructs/workshop-function.ts) and the benchmarks
 * build with the same options.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  sourcemap: true,
  // Route declarations carry their documentation only where the OpenAPI document is made
  // (functions/http/openapi.ts, RouteDoc): no function reads it, so every bundle drops it.
  define: { WITH_ROUTE_DOCS: 'false' },
  // ESM bundles need a require() for the few CommonJS dependencies they inline.
  banner:
    "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * Entries bundled with esbuild's code splitting: what a dynamic import loads goes to chunk files
 * beside index.mjs, which a cold start neither reads nor compiles until that import runs. The
 * functions whose cold path is a part of them: the public and registration fronts, the door's
 * organizer routes. Each loads the rest with one dynamic import (whole-app.ts, office/lambda.ts):
 * esbuild makes a shared chunk for each set of dynamic imports a module is used by, and each file
 * in the cold path costs a cold start time of its own.
 */
export const CODE_SPLIT_ENTRIES: readonly string[] = [
  'functions/public/handler.ts',
  'functions/registrations/handler.ts',
  'functions/organizers/handler.ts',
];

/**
 * esbuild options for one entry, bundled as the stack bundles it (benchmarks build with these):
 * `outdir/index.mjs`, and its chunks under `outdir/chunks/` when the entry is code-split.
 */
export function lambdaBuildOptions(
  entry: string,
  outdir: string,
  { splitting = CODE_SPLIT_ENTRIES.includes(entry) }: { splitting?: boolean } = {},
) {
  return {
    entryPoints: [entry],
    bundle: true,
    outdir,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting,
    format: LAMBDA_BUNDLE.format,
    platform: LAMBDA_BUNDLE.platform,
    target: LAMBDA_BUNDLE.target,
    minify: LAMBDA_BUNDLE.minify,
    banner: { js: LAMBDA_BUNDLE.banner },
    define: LAMBDA_BUNDLE.define,
    logLevel: 'error' as const,
  };
}

/** The functions, by bounded context, and their entry files. */
export const FUNCTION_ENTRIES = {
  public: 'functions/public/handler.ts',
  pages: 'functions/pages/handler.ts',
  registrations: 'functions/registrations/handler.ts',
  organizers: 'functions/organizers/handler.ts',
  editor: 'functions/organizers/editor/handler.ts',
  cfp: 'functions/cfp/handler.ts',
  docs: 'functions/docs/handler.ts',
  seed: 'functions/seed/handler.ts',
  webhookFanOut: 'functions/webhooks/stream-handler.ts',
  webhookSender: 'functions/webhooks/sender-handler.ts',
  mailFanOut: 'functions/mail/stream-handler.ts',
  mailSender: 'functions/mail/sender-handler.ts',
  mailFeedback: 'functions/mail/feedback-handler.ts',
  mailReminders: 'functions/mail/reminder-handler.ts',
} as const;
