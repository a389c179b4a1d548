import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES, lambdaBuildOptions } from '../../../infra/bundling.ts';

/**
 * What each function carries, read from esbuild's metafile of the bundle the stack deploys: a
 * function holds its own context's code and what lies below it, never another context's.
 */

/** Each entry built once for the whole file, as the stack builds it, with its metafile. */
const builds = new Map<string, ReturnType<typeof bundled>>();
const bundled = (entry: string) =>
  build({ ...lambdaBuildOptions(entry, 'out'), write: false, metafile: true });
function bundleOf(entry: string) {
  const made = builds.get(entry) ?? bundled(entry);
  builds.set(entry, made);
  return made;
}

async function bundleInputs(entry: string): Promise<string[]> {
  const result = await bundleOf(entry);
  return Object.keys(result.metafile.inputs);
}

async function projectInputs(entry: string): Promise<string[]> {
  return (await bundleInputs(entry)).filter((input) => !input.includes('node_modules'));
}

describe('the public function bundle', () => {
  it('holds no organizer, webhook, docs, draft-editing, page or publishing code, nor the join-URL store', async () => {
    const inputs = await projectInputs(FUNCTION_ENTRIES.public);
    expect(inputs).toContain('functions/public/app.ts');
    // The pages are a function of their own (pages/handler.ts); a release is the organizers'.
    expect(
      inputs.filter((input) =>
        /^functions\/(organizers|webhooks|docs|registrations|pages)\/|^functions\/releases\/(release|publish)|^shared\/(webhooks|draft\/edits)|^functions\/data\/(webhooks\/webhook-store|editions\/online-access)/.test(
          input,
        ),
      ),
    ).toEqual([]);
  });
});

describe('the public function bundle, beyond its own code', () => {
  it('holds no mail, registration-writing or idempotency code: of the registrations, only the seat counter', async () => {
    const inputs = await projectInputs(FUNCTION_ENTRIES.public);
    expect(inputs).toContain('functions/data/registrations/seat-counter.ts');
    expect(
      inputs.filter((input) =>
        /^functions\/mail\/|^shared\/mail\/|^functions\/data\/(registrations\/(registration-(store|transactions|reads|items)|idempotency-store|wait-tickets)|mail\/mail-outbox|webhooks\/event-outbox)\.ts$/.test(
          input,
        ),
      ),
    ).toEqual([]);
  });

  it('carries no calendar library nor a copy of the time-zone database (the runtime has one)', async () => {
    const packages = (await bundleInputs(FUNCTION_ENTRIES.public)).filter((input) =>
      /node_modules\/(ical-generator|timezones-ical-library|yaml|nodemailer|@aws-sdk\/client-(sesv2|sqs|secrets-manager))\//.test(
        input,
      ),
    );
    expect(packages).toEqual([]);
  });
});

describe('the registrations function bundle', () => {
  it('holds no organizer, webhook delivery, docs or edition page code', async () => {
    const inputs = await projectInputs(FUNCTION_ENTRIES.registrations);
    expect(inputs).toContain('functions/registrations/service.ts');
    expect(inputs).toContain('functions/data/editions/online-access.ts');
    expect(
      inputs.filter((input) => /^functions\/(organizers|webhooks|docs|public)\//.test(input)),
    ).toEqual([]);
    // Of the pages, only those that answer a form posted without JavaScript, not the edition's.
    expect(inputs.filter((input) => input.startsWith('functions/pages/')).sort()).toEqual([
      'functions/pages/assets.ts',
      'functions/pages/html.ts',
      'functions/pages/layout.ts',
      'functions/pages/registration-form.ts',
      'functions/pages/registration-pages.ts',
    ]);
  });
});

/**
 * The inputs of which the bundle keeps some code (read but shaken off: not carried), in any of
 * its files (a code-split function's chunks too).
 */
async function carriedInputs(entry: string): Promise<string[]> {
  const result = await bundleOf(entry);
  const carried = Object.values(result.metafile.outputs).flatMap((file) =>
    Object.entries(file.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return [...new Set(carried)];
}

/** The whole edition schema (zod's classic API, YAML), the CloudFront SDK client, the editor. */
const EDITING =
  /node_modules\/(yaml|@aws-sdk\/client-cloudfront)\/|node_modules\/zod\/v4\/classic\/|^shared\/edition\/(schema|parse)\.ts$|^functions\/organizers\/editor\//;

describe('the organizer functions: the day and the editor', () => {
  it("the day's carries its routes and the CloudFront invalidation, not the editor nor its schema", async () => {
    const carried = await carriedInputs(FUNCTION_ENTRIES.organizers);
    for (const own of [
      'functions/organizers/check-in-routes.ts',
      'functions/organizers/live-routes.ts',
      'functions/organizers/registrations/routes.ts',
      'functions/edge/cloudfront.ts',
    ])
      expect(carried).toContain(own);
    expect(carried.filter((input) => EDITING.test(input))).toEqual([]);
    // Its email key is read with one signed fetch, as the origin secret is: no Secrets Manager client.
    expect(carried.filter((input) => input.includes('@aws-sdk/client-secrets-manager/'))).toEqual(
      [],
    );
  });

  it("the editor's carries the draft routes and the edition schema, not the day's routes", async () => {
    const carried = await carriedInputs(FUNCTION_ENTRIES.editor);
    for (const own of [
      'functions/organizers/editor/agenda-routes.ts',
      'functions/organizers/editor/draft-changes.ts',
      'shared/edition/parse.ts',
      'functions/edge/cloudfront.ts',
    ])
      expect(carried).toContain(own);
    expect(
      carried.filter((input) =>
        /^functions\/organizers\/(check-in|live|webhook|mail|announcement)-routes\.ts$|^functions\/organizers\/registrations\/|node_modules\/@aws-sdk\/client-cloudfront\//.test(
          input,
        ),
      ),
    ).toEqual([]);
  });
});

describe('the attendee mail function bundles', () => {
  it.each([
    ['mailFanOut', 'functions/mail/stream-handler.ts'],
    ['mailSender', 'functions/mail/delivery.ts'],
    ['mailFeedback', 'functions/mail/ses-feedback.ts'],
    ['mailReminders', 'functions/mail/reminders.ts'],
  ] as const)('%s holds its own code and no Hono app, nor another context', async (name, own) => {
    const everything = await bundleInputs(FUNCTION_ENTRIES[name]);
    // Of Hono, only the escaping the templates use (hono/html).
    const hono = everything.filter((input) => /node_modules\/(hono|@hono)\//.test(input));
    expect(hono.filter((input) => !/hono\/dist\/(utils|helper)\/html/.test(input))).toEqual([]);
    const inputs = everything.filter((input) => !input.includes('node_modules'));
    expect(inputs).toContain(own);
    expect(
      inputs.filter((input) =>
        /^functions\/(public|registrations|organizers|releases|pages|docs|webhooks|seed|http)\/|^functions\/api\.ts|^functions\/mail\/local-dispatcher|^functions\/mail\/transport\/smtp-sender/.test(
          input,
        ),
      ),
    ).toEqual([]);
  });

  it('the sender alone carries the SES transport and the templates', async () => {
    const sender = await projectInputs(FUNCTION_ENTRIES.mailSender);
    expect(sender).toContain('functions/mail/transport/ses-sender.ts');
    expect(sender).toContain('shared/mail/compose.ts');
    for (const other of ['mailFanOut', 'mailFeedback', 'mailReminders'] as const) {
      const inputs = await projectInputs(FUNCTION_ENTRIES[other]);
      expect(
        inputs.filter((input) =>
          /^functions\/mail\/transport\/|^shared\/mail\/compose/.test(input),
        ),
      ).toEqual([]);
    }
  });
});

describe('route documentation in the bundles', () => {
  // Words and answer schemas are read only where the OpenAPI document is made (RouteDoc).
  const routeWords = [
    'Published editions, newest first',
    'Register an HTTPS endpoint for events',
    'confirmed while seats last, then waitlisted',
    'How many registrants the copies were queued for',
  ];

  it.each([
    FUNCTION_ENTRIES.public,
    FUNCTION_ENTRIES.registrations,
    FUNCTION_ENTRIES.organizers,
    FUNCTION_ENTRIES.editor,
  ])('is left out of %s: no summary, no answer schema, no answers module', async (entry) => {
    const result = await bundleOf(entry);
    const code = result.outputFiles
      .filter((file) => file.path.endsWith('.mjs'))
      .map((file) => file.text)
      .join('\n');
    expect(code.length).toBeGreaterThan(100_000);
    for (const words of routeWords) expect(code, `${entry}: ${words}`).not.toContain(words);
    // Read by the bundler but left out: nothing of them in the output.
    const carried = await carriedInputs(entry);
    expect(carried.length).toBeGreaterThan(50);
    const answers = carried.filter((input) =>
      /\/answers\.ts$|\/openapi\/(announcements|webhooks|live|answers)\.ts$/.test(input),
    );
    expect(answers, entry).toEqual([]);
  });

  it('is there where the document is made', async () => {
    const { publicRoutes } = await import('../../../functions/public/app.ts');
    expect(publicRoutes.editions.docs.summary).toBe('Published editions, newest first');
  });
});

/**
 * What a cold start of a code-split function loads: index.mjs and the chunks it imports
 * statically (a dynamic import's chunk loads on first use), with the inputs they carry.
 */
async function coldPath(entry: string) {
  const { metafile } = await bundleOf(entry);
  const first = Object.entries(metafile.outputs).find(([, file]) => file.entryPoint);
  const files = new Set<string>();
  const visit = (path: string) => {
    if (files.has(path)) return;
    files.add(path);
    for (const { path: imported, kind } of metafile.outputs[path]?.imports ?? []) {
      if (kind === 'import-statement' && imported in metafile.outputs) visit(imported);
    }
  };
  if (first) visit(first[0]);
  const inputs = [...files].flatMap((path) =>
    Object.entries(metafile.outputs[path]?.inputs ?? {})
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return { files: [...files], inputs, outputs: Object.keys(metafile.outputs) };
}

/**
 * Each file a cold start loads costs time of its own: the bare bundle split the same way loads
 * three (index.mjs, the AWS SDK's shared chunk, a helper), and a front one more (the code it
 * shares with its whole app). One dynamic import per function keeps it so (whole-app.ts).
 */
const MOST_COLD_FILES = 4;

describe('the cold path of the code-split functions', () => {
  it('public: the front, without zod, the whole app or the exports', async () => {
    const { files, inputs, outputs } = await coldPath(FUNCTION_ENTRIES.public);
    expect(inputs).toContain('functions/public/front.ts');
    expect(inputs).toContain('functions/data/editions/edition-head.ts');
    expect(
      inputs.filter((input) =>
        /node_modules\/zod\/|^functions\/public\/(app|whole-app|export-routes)\.ts$|^shared\/exports\/|^functions\/data\/editions\/(edition-store|edition-at-version)\.ts$/.test(
          input,
        ),
      ),
    ).toEqual([]);
    // Two more: reading an edition at a new version is a dynamic import of its own, in the data
    // layer (published-editions.ts), beside the handler's.
    expect(files.length).toBeLessThanOrEqual(MOST_COLD_FILES + 2);
    // What the whole app needs is there, in chunks loaded on first use.
    expect(outputs.length).toBeGreaterThan(files.length);
    expect(await carriedInputs(FUNCTION_ENTRIES.public)).toContain('functions/public/app.ts');
  });

  it('registrations: the front and the reads, without zod, the writes, the forms or the QR code', async () => {
    const { files, inputs } = await coldPath(FUNCTION_ENTRIES.registrations);
    for (const own of [
      'functions/registrations/front.ts',
      'functions/registrations/registrant.ts',
      'functions/data/registrations/registration-reads.ts',
    ])
      expect(inputs).toContain(own);
    expect(
      inputs.filter((input) =>
        /node_modules\/(zod|qrcode)\/|^functions\/registrations\/(app|service|forms|qr|whole-app)\.ts$|^functions\/pages\/|^functions\/data\/registrations\/(registration-transactions|seat-counter|register|cancel)\.ts$/.test(
          input,
        ),
      ),
    ).toEqual([]);
    expect(files.length).toBeLessThanOrEqual(MOST_COLD_FILES);
    const carried = await carriedInputs(FUNCTION_ENTRIES.registrations);
    for (const lazy of ['functions/registrations/forms.ts', 'functions/registrations/qr.ts'])
      expect(carried).toContain(lazy);
  });

  it("organizers: the door's routes, without the office's routes and stores or the editor", async () => {
    const { files, inputs } = await coldPath(FUNCTION_ENTRIES.organizers);
    for (const own of [
      'functions/organizers/check-in-routes.ts',
      'functions/organizers/registrations/routes.ts',
    ])
      expect(inputs).toContain(own);
    expect(
      inputs.filter((input) =>
        /^functions\/organizers\/(office\/|(live|webhook|announcement|mail)-routes\.ts$|editor\/)|^functions\/data\/(mail\/announcement-store|webhooks\/webhook-store|editions\/live-store)\.ts$|^functions\/edge\/cloudfront\.ts$/.test(
          input,
        ),
      ),
    ).toEqual([]);
    expect(files.length).toBeLessThanOrEqual(MOST_COLD_FILES);
  });
});

describe('every function bundle', () => {
  // esbuild writes non-ASCII characters as escapes, except in a tagged template (html`…`), whose
  // raw text it must keep: one such character makes V8 hold the whole source as a two-byte string
  // (decoded, scanned and kept at twice the size on every cold start). Pages write entities.
  it.each(Object.entries(FUNCTION_ENTRIES))('%s is ASCII only', async (_name, entry) => {
    // Every file: index.mjs, and the chunks of a code-split function.
    const files = (await bundleOf(entry)).outputFiles.filter((file) => file.path.endsWith('.mjs'));
    const outside = files.flatMap(({ contents: bytes }) =>
      [...bytes.keys()]
        .filter((index) => (bytes[index] ?? 0) > 0x7f)
        .map((index) =>
          Buffer.from(bytes.subarray(Math.max(0, index - 40), index + 10)).toString(),
        ),
    );
    expect(files.map((file) => file.path)).toContainEqual(expect.stringMatching(/index\.mjs$/));
    expect(outside).toEqual([]);
  });
});
