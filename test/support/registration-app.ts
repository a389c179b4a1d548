import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createApi } from '#functions/api.ts';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import { createStores } from '#functions/data/stores.ts';
import { createWebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import type { PublicCache } from '#functions/edge/public-cache.ts';
import type { RenderedCache } from '#functions/http/rendered.ts';
import { createPublicApp, type PublicAppDependencies } from '#functions/public/app.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { createReleaseFeed } from '#functions/releases/service.ts';
import {
  createLocalDispatcher,
  type LocalDispatcherOptions,
} from '#functions/webhooks/local-dispatcher.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { inProcessSignIn, organizerToken as signedToken } from './auth/sign-in.ts';
import { freshTable } from './dynamodb.ts';
import { editionWith, endAt, session } from './editions.ts';
import { LOG_DIRECTORY } from './log-capture.ts';
import { fakeLookup } from './webhooks/fake-dns.ts';

/** What the test apps are configured with: absolute links start with it. */
export const PUBLIC_URL = 'http://localhost';

export const REGISTRATION_OPEN_AT = new Date('2030-05-01T12:00:00+02:00');

/** A small edition taking registrations, its window open on REGISTRATION_OPEN_AT. */
export function registrationEdition(
  registration: Partial<NonNullable<EditionSource['registration']>> = {},
): EditionSource {
  return editionWith([session('one', 30), endAt('10:00')], {
    registration: {
      capacity: 2,
      opensAt: '2030-04-01T00:00:00+02:00',
      closesAt: '2030-06-01T00:00:00+02:00',
      retentionDays: 30,
      audiences: [
        { id: 'developers', label: 'Software Developers' },
        { id: 'other', label: 'Other' },
      ],
      ...registration,
    },
  });
}

/** The whole API over a fresh table on the run's DynamoDB Local, with a settable clock. */
export async function registrationApi(
  edition: EditionSource = registrationEdition(),
  webhooks: Omit<LocalDispatcherOptions, 'store'> = {},
  options: {
    mails?: MailSink;
    rendered?: RenderedCache;
    publicCache?: PublicCache;
    requestBudgetMs?: number;
  } = {},
) {
  const table = await freshTable();
  const dispatcher = createLocalDispatcher({
    store: createWebhookStore({ client: table.client, tableName: table.tableName }),
    // No test resolves a real name: unless one brings its own, every name is unknown.
    lookup: fakeLookup({}),
    ...webhooks,
  });
  const stores = createStores({
    client: table.client,
    tableName: table.tableName,
    events: dispatcher,
    ...(options.mails ? { mails: options.mails } : {}),
  });
  let now = REGISTRATION_OPEN_AT;
  await publishEditionFile(stores, edition, now);
  const signIn = inProcessSignIn();
  const app = createApi({
    ...stores,
    clock: () => now,
    publicUrl: PUBLIC_URL,
    emailHashKey: 'test-email-key',
    authenticate: signIn.authenticate,
    ...(options.rendered ? { rendered: options.rendered } : {}),
    ...(options.publicCache ? { publicCache: options.publicCache } : {}),
    ...(options.requestBudgetMs ? { requestBudgetMs: options.requestBudgetMs } : {}),
  });
  const year = edition.year;
  const organizerToken = (groups: string[] = ['organizers']) =>
    signedToken(signIn.signer, { subject: 'test', groups });
  let organizerAuth: Promise<string> | undefined;
  return {
    app,
    table,
    stores,
    dispatcher,
    year,
    setNow: (instant: Date) => {
      now = instant;
    },
    register: (body: unknown, headers: Record<string, string> = {}) =>
      app.request(`/editions/${year}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    organizerToken,
    /** A request as an organizer: JSON in, status, ETag, text and (for JSON answers) the body out. */
    organizer: async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      organizerAuth ??= organizerToken();
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${await organizerAuth}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        etag: response.headers.get('etag'),
        text,
        body: (response.headers.get('content-type')?.includes('json')
          ? JSON.parse(text)
          : null) as any,
      };
    },
  };
}

let counter = 0;
export interface Registrant extends Record<string, unknown> {
  name: string;
  email: string;
  audience: string;
  consent: boolean;
  affiliation?: string;
}

export function person(overrides: Record<string, unknown> = {}): Registrant {
  counter += 1;
  const someone: Registrant = {
    name: `Person ${counter}`,
    email: `person-${counter}-${randomBytes(3).toString('hex')}@example.org`,
    audience: 'developers',
    consent: true,
    ...overrides,
  };
  // Recorded for test/scan-logs.ts: none of this may appear in any log line.
  const values = [someone.name, someone.email, someone.affiliation].filter(
    (value) => typeof value === 'string',
  );
  appendFileSync(`${LOG_DIRECTORY}/registrants-${process.pid}.txt`, `${values.join('\n')}\n`);
  return someone;
}

/** An answer's status, content type, Cache-Control and JSON body, for one assertion on each. */
export const json = async (response: Response) => ({
  status: response.status,
  type: response.headers.get('content-type'),
  cache: response.headers.get('cache-control'),
  body: (await response.json()) as any,
});

type RegistrationApi = Awaited<ReturnType<typeof registrationApi>>;

/**
 * The public app a separate public function would run over the test API's table: the same
 * stores, its clock at REGISTRATION_OPEN_AT, and its own published editions (and, as given, its
 * rendered cache and answer memory).
 */
export function publicAppOver(
  api: RegistrationApi,
  own: Pick<PublicAppDependencies, 'published' | 'rendered' | 'answerMemory'>,
) {
  const { editions, registrations, agenda } = api.stores;
  return createPublicApp({
    store: editions,
    seats: registrations,
    releases: createReleaseFeed(agenda),
    clock: () => REGISTRATION_OPEN_AT,
    publicUrl: PUBLIC_URL,
    ...own,
  });
}
