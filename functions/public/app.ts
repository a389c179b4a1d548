import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { EditionReader } from '#functions/data/editions/edition-store.ts';
import {
  createPublishedEditions,
  type PublishedEditions,
} from '#functions/data/editions/published-editions.ts';
import type { ReleaseSummary } from '#functions/data/editions/release-history.ts';
import { agendaBody } from '#functions/data/editions/stored-agenda.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import type { AnswerMemory } from '#functions/http/answer-memory.ts';
import { createHttpApp } from '#functions/http/app.ts';
import { PUBLIC_CACHE_CONTROL, representationOf, strongEtag } from '#functions/http/caching.ts';
import { pageSchema, releaseSchema } from '#functions/http/openapi.ts';
import { RenderedCache, type Rendering, sendRendered } from '#functions/http/rendered.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { editionPath, noQuery, pageOf } from '#functions/http/validate.ts';
import { callState, callWindow } from '#shared/cfp/window.ts';
import type { AgendaChanges } from '#shared/draft/changes.ts';
import { type PublishedEdition, TALK_KINDS } from '#shared/edition/published.ts';
import { newestFirst } from '#shared/edition/series.ts';
import { NotFoundError } from '#shared/errors.ts';
import { publicRegistrationState, windowState } from '#shared/registration/rules.ts';
import {
  agendaSchema,
  changesSchema,
  editionDetailsSchema,
  editionSummarySchema,
  liveSlotSchema,
  personSchema,
  slotSchema,
  speakerSchema,
} from './answers.ts';
import { cachedRead } from './cached-read.ts';
import { registerExportRoutes } from './export-routes.ts';
import { answerFromVersion, answerStoredAgenda } from './front.ts';
import { serveNow } from './now-route.ts';
import {
  changesQuery,
  listQuery,
  nowQuery,
  personPath,
  speakerPath,
  talkPath,
  talksQuery,
} from './schemas.ts';

/** Public, read-only: editions, agenda, talks and speakers. */

const JSON_TYPE = 'application/json';
const json = (body: unknown): Rendering => ({ body: JSON.stringify(body), type: JSON_TYPE });

/**
 * The public reads, each declared once (http/route.ts): the handlers below serve these
 * declarations and validate with their schemas, and /openapi.json documents them (openapi.ts).
 */
export const publicRoutes = {
  editions: defineRoute({
    method: 'get',
    path: '/editions',
    query: listQuery,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Editions',
      summary: 'Published editions, newest first',
      success: {
        status: 200,
        description: 'A page of editions, newest first',
        schema: pageSchema(editionSummarySchema),
        cached: true,
      },
      problems: [400],
    },
  }),
  edition: cachedRead(
    '/editions/{year}',
    editionPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'One edition: details, segments, live registration state',
      success: { status: 200, description: 'The edition', schema: editionDetailsSchema },
    },
  ),
  agenda: cachedRead(
    '/editions/{year}/agenda',
    editionPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'The agenda: sessions and slots in order, with times',
      success: { status: 200, description: 'The agenda', schema: agendaSchema },
    },
  ),
  now: cachedRead(
    '/editions/{year}/now',
    editionPath,
    nowQuery,
    WITH_ROUTE_DOCS && {
      description:
        'Slots carry their live times (`liveStart`, `liveEnd`, `delayMinutes`: the planned ones when no delay applies). Answered with `Cache-Control: no-cache`: it depends on the clock.',
      summary: 'What runs now and what comes next, by the live times (for room screens)',
      success: {
        status: 200,
        description: 'The slot running at `at` (now by default) and the next one',
        schema: z.object({
          year: z.int(),
          at: z.string(),
          now: z.nullable(liveSlotSchema),
          next: z.nullable(liveSlotSchema),
        }),
      },
    },
  ),
  talks: cachedRead(
    '/editions/{year}/talks',
    editionPath,
    talksQuery,
    WITH_ROUTE_DOCS && {
      summary: 'Talks, panels and introductions, filtered, with their materials',
      success: { status: 200, description: 'A page of talks', schema: pageSchema(slotSchema) },
    },
  ),
  talk: cachedRead(
    '/editions/{year}/talks/{talkId}',
    talkPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'One talk, with its materials',
      success: { status: 200, description: 'The talk', schema: slotSchema },
    },
  ),
  speakers: cachedRead(
    '/editions/{year}/speakers',
    editionPath,
    listQuery,
    WITH_ROUTE_DOCS && {
      summary: 'Speakers with their talks',
      success: {
        status: 200,
        description: 'A page of speakers',
        schema: pageSchema(speakerSchema),
      },
    },
  ),
  speaker: cachedRead(
    '/editions/{year}/speakers/{speakerId}',
    speakerPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'One speaker',
      success: {
        status: 200,
        description: 'The speaker',
        schema: speakerSchema,
      },
    },
  ),
  person: cachedRead(
    '/speakers/{personId}',
    personPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary:
        'A person across the series: every edition they spoke at, with that year’s affiliation and talks',
      success: { status: 200, description: 'The person', schema: personSchema },
    },
  ),
  releases: cachedRead(
    '/editions/{year}/agenda/releases',
    editionPath,
    noQuery,
    WITH_ROUTE_DOCS && {
      summary: 'The schedule releases: numbers, names, dates, changelog comments',
      success: {
        status: 200,
        description: 'Releases, newest first',
        schema: z.object({ items: z.array(releaseSchema) }),
      },
    },
  ),
  changes: cachedRead(
    '/editions/{year}/agenda/changes',
    editionPath,
    changesQuery,
    WITH_ROUTE_DOCS && {
      summary: 'What changed between two releases (default: the latest and the one before)',
      success: {
        status: 200,
        description: 'Talks added, removed, moved, renamed',
        schema: changesSchema,
      },
    },
  ),
};

export interface PublicAppDependencies {
  store: EditionReader;
  /** The release history: its list and what changed between two releases. */
  releases: {
    listReleases(year: number): Promise<ReleaseSummary[]>;
    changes(
      year: number,
      from: number | undefined,
      to: number | undefined,
    ): Promise<AgendaChanges & { from: number; to: number }>;
  };
  /** The edition's seat counter: the seat counts and the registration window. */
  seats: Pick<RegistrationStore, 'getSeatCounter'>;
  clock: () => Date;
  /** Where the API is served (configuration, never the request's Host): links in exports. */
  publicUrl: string;
  /** The published editions by version (shared with the pages); one of its own by default. */
  published?: PublishedEditions;
  /** The rendered representations (shared with the pages); one of its own by default. */
  rendered?: RenderedCache;
  /** Told about each representation of a published version, to answer it before routing. */
  answerMemory?: AnswerMemory;
}

export function createPublicApp({
  store,
  seats,
  releases,
  clock,
  publicUrl,
  published = createPublishedEditions({ store }),
  rendered = new RenderedCache(),
  answerMemory,
}: PublicAppDependencies) {
  const app = createHttpApp();
  const missingEdition = (year: number) => new NotFoundError(`There is no edition ${year}.`);

  const answers = { rendered, answerMemory };

  /** A representation of the published edition (answerFromVersion), rendered from it. */
  async function fromPublishedEdition(
    c: Context,
    year: number,
    render: (edition: PublishedEdition) => Rendering,
  ): Promise<Response> {
    const current = await published.current(year);
    if (!current) throw missingEdition(year);
    return answerFromVersion(c, answers, { year, version: current.version }, () =>
      render(current.edition),
    );
  }

  /** A small item read whole: its ETag is a hash of what is sent. */
  const fromBody = (c: Context, body: unknown) => {
    const text = JSON.stringify(body);
    const etag = strongEtag(text, representationOf(c));
    return sendRendered(c, rendered, {
      key: etag,
      etag: () => etag,
      cacheControl: PUBLIC_CACHE_CONTROL,
      render: () => ({ body: text, type: JSON_TYPE }),
    });
  };

  serve(app, publicRoutes.editions, async (c, { query }) => {
    const editions = newestFirst(await store.listEditions());
    return fromBody(
      c,
      pageOf(editions, (edition) => String(edition.year), query, 'editions'),
    );
  });

  serve(app, publicRoutes.edition, async (c, { params: path }) => {
    // The counts read now; the edition from memory, its version checked within the bound.
    const [state, current] = await Promise.all([
      seats.getSeatCounter(path.year),
      published.current(path.year),
    ]);
    if (!state || !current) throw missingEdition(path.year);
    const now = clock();
    const open =
      state.opensAt !== undefined &&
      state.closesAt !== undefined &&
      windowState({ opensAt: state.opensAt, closesAt: state.closesAt }, now) === 'open';
    const { details } = current.edition;
    // The call's window, as the call's own route tells it: its state changes with the clock.
    const call = details.cfp ? callWindow(details.cfp, details.timezone) : null;
    const callOpen = call !== null && callState(call, now) === 'open';
    const etag = strongEtag(
      current.version,
      state.capacity,
      state.confirmed,
      state.waitlisted,
      open,
      callOpen,
      representationOf(c),
    );
    return sendRendered(c, rendered, {
      key: etag,
      etag: () => etag,
      cacheControl: PUBLIC_CACHE_CONTROL,
      render: () => {
        const { cfp: _config, ...described } = details;
        const registration =
          details.registration && publicRegistrationState(details.registration, state, now);
        return json({
          ...described,
          registration,
          cfp: call && { open: callOpen, ...call },
        });
      },
    });
  });

  // The agenda its release rendered and stored with the head, when it is the version now, as the
  // function's front answers it (front.ts); rendered from the edition otherwise.
  serve(app, publicRoutes.agenda, async (c, { params: path }) => {
    const stored = await published.storedAgenda(path.year);
    if (stored) return answerStoredAgenda(c, answers, path.year, stored);
    return fromPublishedEdition(c, path.year, (edition) => ({
      body: agendaBody(edition),
      type: JSON_TYPE,
    }));
  });

  serveNow(app, publicRoutes.now, { published, rendered, clock, answerMemory });

  serve(app, publicRoutes.talks, async (c, { params: path, query }) =>
    fromPublishedEdition(c, path.year, ({ slots }) => {
      const talks = slots.filter(
        (slot) =>
          TALK_KINDS.includes(slot.kind) &&
          (query.kind === undefined || slot.kind === query.kind) &&
          (query.segment === undefined || slot.segmentId === query.segment) &&
          (query.session === undefined || slot.sessionId === query.session) &&
          (query.speaker === undefined || slot.speakerIds.includes(query.speaker)),
      );
      const filters = ['kind', 'segment', 'session', 'speaker'] as const;
      const scope = `talks/${path.year}?${filters.map((name) => `${name}=${query[name] ?? ''}`).join('&')}`;
      return json(pageOf(talks, (slot) => slot.id, query, scope));
    }),
  );

  serve(app, publicRoutes.releases, async (c, { params: path }) => {
    const items = await releases.listReleases(path.year);
    if (items.length === 0) throw missingEdition(path.year);
    return fromBody(c, { items: items.map(({ releasedBy: _by, ...release }) => release) });
  });

  serve(app, publicRoutes.changes, async (c, { params: path, query }) =>
    fromBody(c, await releases.changes(path.year, query.from, query.to)),
  );

  // Before /talks/{talkId}, which would otherwise take "x.ics" as an id.
  registerExportRoutes(app, { fromPublishedEdition, publicUrl });

  serve(app, publicRoutes.talk, async (c, { params: path }) =>
    fromPublishedEdition(c, path.year, ({ slots }) => {
      const slot = slots.find((candidate) => candidate.id === path.talkId);
      if (slot && TALK_KINDS.includes(slot.kind)) return json(slot);
      throw new NotFoundError(`Edition ${path.year} has no talk "${path.talkId}".`);
    }),
  );

  serve(app, publicRoutes.speakers, async (c, { params: path, query }) =>
    fromPublishedEdition(c, path.year, ({ speakers }) =>
      json(pageOf(speakers, (speaker) => speaker.id, query, `speakers/${path.year}`)),
    ),
  );

  serve(app, publicRoutes.speaker, async (c, { params: path }) =>
    fromPublishedEdition(c, path.year, ({ speakers }) => {
      const speaker = speakers.find((candidate) => candidate.id === path.speakerId);
      if (speaker) return json(speaker);
      throw new NotFoundError(`Edition ${path.year} has no speaker "${path.speakerId}".`);
    }),
  );

  serve(app, publicRoutes.person, async (c, { params: path }) => {
    const person = await store.getPerson(path.personId);
    if (!person) throw new NotFoundError(`No edition has a speaker "${path.personId}".`);
    return fromBody(c, person);
  });

  return app;
}
