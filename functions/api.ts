import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createCfpApp } from './cfp/app.ts';
import type { SubmitPort } from './cfp/forms/submission-forms.ts';
import { CORS_SETTINGS } from './contract.ts';
import type { AgendaStore } from './data/editions/agenda-store.ts';
import type { EditionHeads } from './data/editions/edition-head.ts';
import type { EditionStore } from './data/editions/edition-store.ts';
import type { LiveStore } from './data/editions/live-store.ts';
import type { OnlineAccessStore } from './data/editions/online-access.ts';
import { createPublishedEditions } from './data/editions/published-editions.ts';
import type { AnnouncementStore } from './data/mail/announcement-store.ts';
import type { MailOutbox, MailSink } from './data/mail/mail-outbox.ts';
import type { CheckIns } from './data/registrations/check-ins.ts';
import type { RegistrationStore } from './data/registrations/registration-store.ts';
import type { ScheduleNotices } from './data/registrations/schedule-notices.ts';
import type { ReviewStore } from './data/submissions/review-store.ts';
import type { SpeakerDirectory } from './data/submissions/speaker-directory.ts';
import type { SpeakerStore } from './data/submissions/speaker-store.ts';
import type { SubmissionStore } from './data/submissions/submission-store.ts';
import { LOCAL_REQUEST_BUDGET_MS } from './data/table/retry.ts';
import type { EventSink } from './data/webhooks/event-outbox.ts';
import type { WebhookStore } from './data/webhooks/webhook-store.ts';
import { API_DESCRIPTIONS } from './descriptions.ts';
import { createDocsApp } from './docs/app.ts';
import { describedDocument } from './docs/document.ts';
import type { SignInConfig } from './docs/sign-in.ts';
import type { PublicCache } from './edge/public-cache.ts';
import { AnswerMemory } from './http/answer-memory.ts';
import { createRootApp } from './http/app.ts';
import type { Authenticator } from './http/auth.ts';
import { createCursors, cursorKey } from './http/cursor.ts';
import { RenderedCache } from './http/rendered.ts';
import { createAgendaService } from './organizers/agenda-service.ts';
import { type OrganizerDayDependencies, registerDayRoutes } from './organizers/app.ts';
import { type EditorDependencies, registerEditorRoutes } from './organizers/editor/app.ts';
import { organizerHttpApp } from './organizers/guards.ts';
import { type OfficeDependencies, registerOfficeRoutes } from './organizers/office/routes.ts';
import { createPagesApp } from './pages/app.ts';
import { renderSubmissionView } from './pages/cfp-page.ts';
import { createProblemPagesApp } from './pages/problems.ts';
import { renderRegistrationView } from './pages/registration-pages.ts';
import { renderSpeakerPageView } from './pages/submission-pages.ts';
import { createPublicApp } from './public/app.ts';
import { createRegistrationApp } from './registrations/app.ts';
import { createRegistrationService } from './registrations/service.ts';
import { createTalkMaterials } from './releases/materials.ts';
import { createReleaseFeed } from './releases/service.ts';

/**
 * Every bounded context's app under one router, for the local server. In AWS each context is its
 * own Lambda function behind the same HTTP API, so the routes are the same in both.
 */
export interface ApiDependencies {
  editions: EditionStore;
  heads: EditionHeads;
  registrations: RegistrationStore;
  agenda: AgendaStore;
  onlineAccess: OnlineAccessStore;
  webhooks: WebhookStore;
  mailOutbox: MailOutbox;
  announcements: AnnouncementStore;
  scheduleNotices: ScheduleNotices;
  checkIns: CheckIns;
  live: LiveStore;
  submissions: SubmissionStore;
  submissionReviews: ReviewStore;
  speakerDirectory: SpeakerDirectory;
  /** Confirmed submissions' speakers (functions/cfp/speakers). */
  submissionSpeakers: SpeakerStore;
  events: EventSink;
  mails: MailSink;
  clock: () => Date;
  emailHashKey: string;
  authenticate: Authenticator;
  /** Where the server is reached: absolute links (manage links, exports) start with it. */
  publicUrl: string;
  /** Web origins allowed to call the API from a browser; API Gateway does this in AWS. */
  allowedOrigins?: string[];
  /** How long a request may wait on DynamoDB (retry.ts); the local server's budget by default. */
  requestBudgetMs?: number;
  /** The public representations kept in memory; given by tests that look inside. */
  rendered?: RenderedCache;
  /** A front door's cache to tell of releases and delays (none locally; tests watch it). */
  publicCache?: PublicCache;
  /** Told of registrations exports and new webhooks (organizers/organizer-notices.ts). */
  organizersMail?: readonly string[];
  /** Where organizers sign in, served at /auth/config (the local provider). */
  signIn?: SignInConfig;
  /** Another submissions service behind the call's form than the real one (the form's tests). */
  cfpSubmissions?: SubmitPort;
}

export function createApi(dependencies: ApiDependencies) {
  const {
    editions,
    registrations,
    agenda,
    onlineAccess,
    webhooks,
    mailOutbox,
    announcements,
    events,
    mails,
    clock,
    emailHashKey,
    authenticate,
    publicUrl,
  } = dependencies;
  const published = createPublishedEditions({
    store: editions,
    heads: dependencies.heads,
    releases: agenda,
    live: dependencies.live,
  });
  // One process serves both sides here: a release is public at once, not within the staleness
  // bound that separate functions in AWS keep to. The seat counter is what a release's
  // follow-up steps write last.
  const releasing: RegistrationStore = {
    ...registrations,
    ensureSeatCounter: async (year, settings) => {
      await registrations.ensureSeatCounter(year, settings);
      published.forget(year);
    },
  };
  // A speaker's materials leave the seat counter alone (releases/materials.ts): the head, which
  // every release marks done last, tells of those.
  const completing: EditionHeads = {
    ...dependencies.heads,
    complete: async (year, release) => {
      await dependencies.heads.complete(year, release);
      published.forget(year);
    },
  };
  // A delay too: the live layer is what the same transaction changed on the seat counter.
  const delaying: LiveStore = {
    ...dependencies.live,
    addDelay: async (year, delay, records) => {
      const layer = await dependencies.live.addDelay(year, delay, records);
      published.forget(year);
      return layer;
    },
  };
  const releaseStores = {
    editions,
    heads: completing,
    registrations: releasing,
    agenda,
    onlineAccess,
    webhooks,
    events,
    mailOutbox,
    mails,
    live: delaying,
    scheduleNotices: dependencies.scheduleNotices,
    submissionReviews: dependencies.submissionReviews,
  };
  const agendaService = createAgendaService(releaseStores, clock, dependencies.publicCache);
  // Speakers' materials are published at once through the release use case.
  const talkMaterials = createTalkMaterials(
    releaseStores,
    agendaService.edit,
    clock,
    dependencies.publicCache,
  );
  const releases = createReleaseFeed(agenda);
  const registrationService = createRegistrationService({
    editions,
    registrations,
    onlineAccess,
    clock,
    emailHashKey,
    publicUrl,
  });
  const rendered = dependencies.rendered ?? new RenderedCache();
  const answerMemory = new AnswerMemory(rendered, published.isCurrent);
  const root = createRootApp(
    [
      createPublicApp({
        store: editions,
        seats: registrations,
        releases,
        clock,
        publicUrl,
        published,
        rendered,
        answerMemory,
      }),
      createRegistrationApp({
        service: registrationService,
        // Forms posted without JavaScript are answered with pages.
        forms: { render: renderRegistrationView, publicUrl },
      }),
      createOrganizerApp({
        editions,
        registrations,
        agenda,
        webhooks,
        mailOutbox,
        announcements,
        mails,
        checkIns: dependencies.checkIns,
        live: delaying,
        events,
        checkInKey: emailHashKey,
        clock,
        agendaService,
        publicUrl,
        ...(dependencies.publicCache ? { publicCache: dependencies.publicCache } : {}),
        authenticate,
        // As in AWS: organizer cursors are signed with a key derived from the email HMAC key.
        cursors: createCursors(cursorKey(emailHashKey)),
        // The local server is the only place where webhooks may go to http://localhost.
        allowLoopbackWebhooks: true,
        // Organizers add people by hand through self-service's rules.
        addRegistration: registrationService.register,
        ...(dependencies.organizersMail ? { organizersMail: dependencies.organizersMail } : {}),
      }),
      createCfpApp({
        editions,
        submissions: dependencies.submissions,
        submissionReviews: dependencies.submissionReviews,
        speakerDirectory: dependencies.speakerDirectory,
        clock,
        emailHashKey,
        publicUrl,
        authenticate,
        cursors: createCursors(cursorKey(emailHashKey)),
        mails,
        events,
        // A confirmed talk joins the organizers' draft through their agenda service.
        draft: {
          read: async (year) => (await agendaService.loadDraft(year)).source,
          edit: agendaService.edit,
        },
        // Forms posted without JavaScript are answered with pages.
        forms: {
          render: renderSubmissionView,
          publicUrl,
          formKeySecret: emailHashKey,
          ...(dependencies.cfpSubmissions ? { port: dependencies.cfpSubmissions } : {}),
        },
        speakers: {
          submissions: dependencies.submissionSpeakers,
          published,
          editDraft: agendaService.edit,
          materials: talkMaterials,
          clock,
          // The speakers' page posted without JavaScript is answered with pages.
          page: { render: renderSpeakerPageView, publicUrl },
        },
      }),
      createDocsApp({ document: describedDocument(API_DESCRIPTIONS), signIn: dependencies.signIn }),
      createPagesApp({ store: editions, seats: registrations, clock, published, rendered }),
      createProblemPagesApp(),
    ],
    {
      answerMemory,
      requestBudgetMs: dependencies.requestBudgetMs ?? LOCAL_REQUEST_BUDGET_MS,
      ...(dependencies.allowedOrigins?.length
        ? { cors: corsFor(dependencies.allowedOrigins) }
        : {}),
    },
  );
  // The local server answers what it holds before it builds a Request (scripts/lib/local-stack.ts).
  return Object.assign(root, { answerMemory });
}

/**
 * CORS for the edition files' origins, as API Gateway answers it in AWS: its headers on requests
 * that carry an Origin (a browser's cross-origin ones), none on the others but `Vary: Origin`,
 * which tells caches that the answer depends on it.
 */
function corsFor(origins: string[]): MiddlewareHandler {
  const allowed = cors({
    origin: origins,
    allowMethods: [...CORS_SETTINGS.allowMethods],
    allowHeaders: [...CORS_SETTINGS.allowHeaders],
    exposeHeaders: [...CORS_SETTINGS.exposeHeaders],
    maxAge: CORS_SETTINGS.maxAge,
  });
  return async (c, next) => {
    if (c.req.header('origin') !== undefined) return allowed(c, next);
    await next();
    c.header('Vary', 'Origin', { append: true });
  };
}

/**
 * Every organizer route on one app, the office routes registered as they are: in AWS the day's
 * and the editor's are two functions (organizers/app.ts, organizers/editor/).
 */
function createOrganizerApp(
  dependencies: OrganizerDayDependencies & OfficeDependencies & EditorDependencies,
) {
  const app = organizerHttpApp(dependencies.authenticate);
  registerOfficeRoutes(app, dependencies, registerDayRoutes(app, dependencies));
  registerEditorRoutes(app, dependencies);
  return app;
}
