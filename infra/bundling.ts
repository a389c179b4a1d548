/**
 * How every function is bundled: one ESM file for Node 24, minified, with a source map, the
 * AWS SDK included (pinned by our lockfile, tree-shaken) rather than taken from the runtime.
 * The bundle-size benchmark builds with the same options.
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

/** esbuild options for one entry, bundled as the stack bundles it (benchmarks build with these). */
export function lambdaBuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    outfile,
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
