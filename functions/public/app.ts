import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { ReleaseSummary } from '#functions/data/agenda-store.ts';
import type { EditionStore } from '#functions/data/edition-store.ts';
import {
  createPublishedEditions,
  type PublishedEditions,
} from '#functions/data/published-editions.ts';
import type { RegistrationStore } from '#functions/data/registration-store.ts';
import { createHttpApp } from '#functions/http/app.ts';
import {
  PAGE_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  representationOf,
  strongEtag,
} from '#functions/http/caching.ts';
import type { Front } from '#functions/http/front.ts';
import { RenderedCache, type Rendering, sendRendered } from '#functions/http/rendered.ts';
import {
  editionPath,
  noQuery,
  pageOf,
  parseRequestPart,
  singleValuedQuery,
  slugId,
} from '#functions/http/validate.ts';
import { nowAndNext } from '#shared/agenda/now.ts';
import type { AgendaChanges } from '#shared/draft/changes.ts';
import { type PublishedEdition, summarize, TALK_KINDS } from '#shared/edition/published.ts';
import { newestFirst } from '#shared/edition/series.ts';
import { InvalidRequestError, NotFoundError } from '#shared/errors.ts';
import { frabJson, frabXml } from '#shared/exports/frab.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import { publicRegistrationState, windowState } from '#shared/registration/rules.ts';
import {
  changesQuery,
  instantOf,
  listQuery,
  nowQuery,
  personPath,
  speakerPath,
  talkPath,
  talksQuery,
} from './schemas.ts';

/** Public, read-only: editions, agenda, talks and speakers. */

const ICAL_TYPE = 'text/calendar; charset=utf-8';
const JSON_TYPE = 'application/json';
const json = (body: unknown): Rendering => ({ body: JSON.stringify(body), type: JSON_TYPE });

/** Path and query of a request, validated: unknown or repeated query parameters are errors. */
function readRequest<Path extends z.ZodMiniType, Query extends z.ZodMiniType>(
  context: Context,
  pathSchema: Path,
  querySchema: Query,
) {
  return {
    path: parseRequestPart(pathSchema, context.req.param(), 'path'),
    query: parseRequestPart(querySchema, singleValuedQuery(context.req.queries()), 'query'),
  };
}

export interface PublicAppDependencies {
  store: EditionStore;
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
  front?: Front;
}

export function createPublicApp({
  store,
  seats,
  releases,
  clock,
  publicUrl,
  published = createPublishedEditions({ store }),
  rendered = new RenderedCache(),
  front,
}: PublicAppDependencies) {
  const app = createHttpApp();
  const missingEdition = (year: number) => new NotFoundError(`There is no edition ${year}.`);

  /**
   * A representation of the published edition, rendered once per version and kept: its ETag is
   * the edition's version plus the URL, and the version is the one checked within the staleness
   * bound (published-editions.ts), so a warm answer, 200 or 304, needs no DynamoDB read.
   */
  async function fromPublishedEdition(
    c: Context,
    year: number,
    render: (edition: PublishedEdition) => Rendering,
  ): Promise<Response> {
    const current = await published.current(year);
    if (!current) throw missingEdition(year);
    const representation = representationOf(c);
    const key = `${current.version}\u0000${representation}`;
    const response = await sendRendered(c, rendered, {
      key,
      etag: () => strongEtag(current.version, representation),
      cacheControl: PUBLIC_CACHE_CONTROL,
      render: () => render(current.edition),
    });
    if (front && response.status === 200) front.offer(c, { year, version: current.version, key });
    return response;
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

  app.get('/editions', async (c) => {
    const { query } = readRequest(c, z.object({}), listQuery);
    const editions = newestFirst(await store.listEditions());
    return fromBody(
      c,
      pageOf(editions, (edition) => String(edition.year), query, 'editions'),
    );
  });

  app.get('/editions/:year', async (c) => {
    const { path } = readRequest(c, editionPath, noQuery);
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
    const etag = strongEtag(
      current.version,
      state.confirmed,
      state.waitlisted,
      open,
      representationOf(c),
    );
    return sendRendered(c, rendered, {
      key: etag,
      etag: () => etag,
      cacheControl: PUBLIC_CACHE_CONTROL,
      render: () => {
        const { details } = current.edition;
        const registration =
          details.registration && publicRegistrationState(details.registration, state, now);
        return json({ ...details, registration });
      },
    });
  });

  app.get('/editions/:year/agenda', async (c) => {
    const { path } = readRequest(c, editionPath, noQuery);
    return fromPublishedEdition(c, path.year, ({ details, sessions, slots }) =>
      json({ edition: summarize(details), sessions, slots }),
    );
  });

  // Depends on the clock: answered fresh (no-cache) with an ETag of what it says.
  app.get('/editions/:year/now', async (c) => {
    const { path, query } = readRequest(c, editionPath, nowQuery);
    const current = await published.current(path.year);
    if (!current) throw missingEdition(path.year);
    const at = query.at === undefined ? clock() : instantOf(query.at);
    if (Number.isNaN(at.getTime())) {
      throw new InvalidRequestError([{ name: 'at', in: 'query', detail: 'not a valid instant' }]);
    }
    const text = JSON.stringify({ year: path.year, ...nowAndNext(current.edition, at) });
    const etag = strongEtag(text, representationOf(c));
    return sendRendered(c, rendered, {
      key: etag,
      etag: () => etag,
      cacheControl: PAGE_CACHE_CONTROL,
      render: () => ({ body: text, type: JSON_TYPE }),
    });
  });

  app.get('/editions/:year/talks', async (c) => {
    const { path, query } = readRequest(c, editionPath, talksQuery);
    return fromPublishedEdition(c, path.year, ({ slots }) => {
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
    });
  });

  app.get('/editions/:year/agenda/releases', async (c) => {
    const { path } = readRequest(c, editionPath, noQuery);
    const items = await releases.listReleases(path.year);
    if (items.length === 0) throw missingEdition(path.year);
    return fromBody(c, { items: items.map(({ releasedBy: _by, ...release }) => release) });
  });

  app.get('/editions/:year/agenda/changes', async (c) => {
    const { path, query } = readRequest(c, editionPath, changesQuery);
    return fromBody(c, await releases.changes(path.year, query.from, query.to));
  });

  app.get('/editions/:year/agenda.ics', async (c) => {
    const { path } = readRequest(c, editionPath, noQuery);
    return fromPublishedEdition(c, path.year, (edition) => ({
      body: agendaCalendar(edition, publicUrl),
      type: ICAL_TYPE,
    }));
  });

  app.get('/editions/:year/schedule.json', async (c) => {
    const { path } = readRequest(c, editionPath, noQuery);
    return fromPublishedEdition(c, path.year, (edition) => ({
      body: frabJson(edition, publicUrl),
      type: 'application/json; charset=utf-8',
    }));
  });

  app.get('/editions/:year/schedule.xml', async (c) => {
    const { path } = readRequest(c, editionPath, noQuery);
    return fromPublishedEdition(c, path.year, (edition) => ({
      body: frabXml(edition, publicUrl),
      type: 'application/xml; charset=utf-8',
    }));
  });

  // Registered before /talks/:talkId, which would otherwise take "x.ics" as an id.
  app.get('/editions/:year/talks/:file{[^/]+\\.ics}', async (c) => {
    const { path } = readRequest(c, z.extend(editionPath, { file: z.string() }), noQuery);
    const talkId = parseRequestPart(
      z.object({ talkId: slugId }),
      { talkId: path.file.slice(0, -'.ics'.length) },
      'path',
    ).talkId;
    return fromPublishedEdition(c, path.year, (edition) => {
      const slot = edition.slots.find((candidate) => candidate.id === talkId);
      if (!slot || !TALK_KINDS.includes(slot.kind)) {
        throw new NotFoundError(`Edition ${path.year} has no talk "${talkId}".`);
      }
      return { body: agendaCalendar(edition, publicUrl, talkId), type: ICAL_TYPE };
    });
  });

  app.get('/editions/:year/talks/:talkId', async (c) => {
    const { path } = readRequest(c, talkPath, noQuery);
    return fromPublishedEdition(c, path.year, ({ slots }) => {
      const slot = slots.find((candidate) => candidate.id === path.talkId);
      if (slot && TALK_KINDS.includes(slot.kind)) return json(slot);
      throw new NotFoundError(`Edition ${path.year} has no talk "${path.talkId}".`);
    });
  });

  app.get('/editions/:year/speakers', async (c) => {
    const { path, query } = readRequest(c, editionPath, listQuery);
    return fromPublishedEdition(c, path.year, ({ speakers }) =>
      json(pageOf(speakers, (speaker) => speaker.id, query, `speakers/${path.year}`)),
    );
  });

  app.get('/editions/:year/speakers/:speakerId', async (c) => {
    const { path } = readRequest(c, speakerPath, noQuery);
    return fromPublishedEdition(c, path.year, ({ speakers }) => {
      const speaker = speakers.find((candidate) => candidate.id === path.speakerId);
      if (speaker) return json(speaker);
      throw new NotFoundError(`Edition ${path.year} has no speaker "${path.speakerId}".`);
    });
  });

  app.get('/speakers/:personId', async (c) => {
    const { path } = readRequest(c, personPath, noQuery);
    const person = await store.getPerson(path.personId);
    if (!person) throw new NotFoundError(`No edition has a speaker "${path.personId}".`);
    return fromBody(c, person);
  });

  return app;
}
