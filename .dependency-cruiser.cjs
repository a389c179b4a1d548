/**
 * The house's walls, checked by `npm run lint` (README, "Architecture"):
 *
 *   shared/ (domain)  ←  functions/data/  ←  functions/<context>/  ←  composition roots
 *                        functions/http/      (public, registrations,   (functions/api.ts,
 *                        functions/log.ts      organizers, releases,     <context>/handler.ts,
 *                        functions/contract.ts pages, docs, webhooks,    scripts/)
 *                                              mail)
 *
 * infra/ sees only functions/contract.ts (and the edition files through editions/ and shared/).
 * functions/mail/transport/ (the transports) and functions/edge/ (the CloudFront cache) sit beside
 * functions/http/: every context may use them, they use none.
 *
 * One exception between contexts: organizers may import the release use case
 * (functions/releases/release.ts and publish.ts). A release is one transaction (the release, its
 * event and its audit entry) and idempotent steps after it, and there must be one way to make
 * one: the organizers' API and the edition file's deploy (seed handler, local server) both call
 * it, and moving it below the contexts would put a use case in the storage layer.
 */

const CONTEXTS = 'public|registrations|organizers|releases|pages|docs|webhooks|mail|seed|cfp';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'console-sees-only-the-client',
      severity: 'error',
      comment:
        'The organizer console (a browser app) talks to the API through the generated client/ and may use the pure domain in shared/; never the functions, the stack, the scripts or the tests.',
      from: { path: '^console/' },
      to: { path: '^(functions|infra|scripts|editions|test|bench)/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle ties modules together so that neither can change or load alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'shared/ is the domain: it imports only shared/ and pure packages, never storage, HTTP, AWS or the file system.',
      from: { path: '^shared/' },
      to: {
        path: [
          '^(functions|infra|scripts|editions|test|bench)/',
          '^node_modules/(@aws-sdk|@smithy|hono|@hono|aws-cdk-lib|constructs)/',
        ],
        // hono/html is a pure string helper (escaping, no I/O, no app): the email templates in
        // shared/mail/ escape with it, as the issue asks, instead of a second escaper.
        pathNot: '^node_modules/hono/dist/(types/)?helper/html/index\\.(js|d\\.ts)$',
      },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      comment:
        'shared/ does no I/O: no files, HTTP, DNS, processes or TLS (node:net stays allowed for its pure address helpers, BlockList and isIP).',
      from: { path: '^shared/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|fs/promises|http|https|http2|dns|dns/promises|child_process|worker_threads|tls|dgram)$',
      },
    },
    {
      name: 'contract-is-dependency-free',
      severity: 'error',
      comment:
        'functions/contract.ts is what the runtime and the stack agree on; it imports nothing.',
      from: { path: '^functions/contract\\.ts$' },
      to: { pathNot: '^functions/contract\\.ts$' },
    },
    {
      name: 'data-sees-only-domain-and-contract',
      severity: 'error',
      comment:
        'Storage knows the domain and the contract, nothing of HTTP, delivery or the contexts above it.',
      from: { path: '^functions/data/' },
      to: { path: '^functions/', pathNot: '^functions/(data/|contract\\.ts$)' },
    },
    {
      name: 'log-and-http-stay-below-the-contexts',
      severity: 'error',
      comment:
        'The HTTP layer, the mail transports, the edge cache and the log serve every context and import none of them.',
      from: { path: '^functions/(http/|mail/transport/|edge/|log\\.ts$)' },
      to: { path: `^functions/(${CONTEXTS})/`, pathNot: '^functions/mail/transport/' },
    },
    {
      name: 'table-plumbing-knows-no-aggregate',
      severity: 'error',
      comment:
        'functions/data/table/ is the plumbing every store shares (client, keys, retries, pages); it knows none of the aggregates built on it.',
      from: { path: '^functions/data/table/' },
      to: { path: '^functions/data/', pathNot: '^functions/data/table/' },
    },
    {
      name: 'contexts-do-not-import-each-other',
      severity: 'error',
      comment:
        'A bounded context never imports another; what two need is a domain module or a use case of its own. Handlers (composition roots) are exempt, as is the whole app a handler loads on first use behind its front (whole-app.ts), and organizers may use the release use case (below).',
      from: { path: `^functions/(${CONTEXTS})/`, pathNot: '/(handler|whole-app)\\.ts$' },
      to: {
        path: `^functions/(${CONTEXTS})/`,
        pathNot: [
          '^functions/$1/',
          '^functions/releases/(release|publish)\\.ts$',
          '^functions/mail/transport/',
        ],
      },
    },
    {
      name: 'only-organizers-release',
      severity: 'error',
      comment:
        'The release use case (functions/releases/release.ts, publish.ts: one transaction for the release, its event and audit entry, then idempotent steps) is the one way to release. Organizers release through it, and the seed handler and the local server publish the edition file through it; no other context may, and the public release feed (releases/service.ts) stays apart from it, so that the public function bundles no write path.',
      from: {
        path: `^functions/(${CONTEXTS})/`,
        pathNot: ['/handler\\.ts$', '^functions/(organizers|releases)/'],
      },
      to: { path: '^functions/releases/(release|publish)\\.ts$' },
    },
    {
      name: 'the-release-feed-reads-only',
      severity: 'error',
      comment:
        'The public release feed never imports the release use case: the public function bundles no write path.',
      from: { path: '^functions/releases/service\\.ts$' },
      to: { path: '^functions/releases/(release|publish)\\.ts$' },
    },
    {
      name: 'services-know-no-http',
      severity: 'error',
      comment: 'Use cases (service modules) work without HTTP: no problems, ETags or Hono.',
      from: { path: 'service\\.ts$' },
      to: { path: ['^functions/http/', '^node_modules/(hono|@hono)/'] },
    },
    {
      name: 'infra-imports-only-the-contract',
      severity: 'error',
      comment:
        'cdk synth loads no runtime code: infra/ takes from functions/ only the contract (handlers are entry paths, not imports).',
      from: { path: '^infra/' },
      to: {
        path: ['^functions/', '^node_modules/(hono|@hono|@aws-sdk)/'],
        pathNot: '^functions/contract\\.ts$',
      },
    },
    {
      name: 'client-stands-alone',
      severity: 'error',
      comment:
        'The generated API client is for consumers: its types come from the OpenAPI document, never from our code.',
      from: { path: '^client/' },
      to: { path: '^(functions|shared|infra|editions|scripts|test|bench)/' },
    },
    {
      name: 'no-test-code-in-runtime',
      severity: 'error',
      comment: 'Runtime code never imports tests or benchmarks.',
      from: { path: '^(functions|shared|infra|editions)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stays in the graph (not followed): the rules on packages see the imports.
    exclude: { path: '^(cdk\\.out|bench/out)' },
    // TypeScript 7 is not a parser dependency-cruiser supports; swc reads the sources, and it
    // reports type-only imports as well (a scratch `import type` across contexts fails the check).
    tsPreCompilationDeps: false,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
