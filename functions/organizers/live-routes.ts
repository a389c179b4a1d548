import type { Hono } from 'hono';
import type { AgendaStore } from '#functions/data/agenda-store.ts';
import type { EditionStore } from '#functions/data/edition-store.ts';
import type { LiveStore } from '#functions/data/live-store.ts';
import type { EventSink } from '#functions/data/outbox.ts';
import { noPublicCache, type PublicCache } from '#functions/edge/public-cache.ts';
import { editionPath, parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
import { type Delay, liveAgenda } from '#shared/agenda/live.ts';
import { InvalidRequestError, NotFoundError } from '#shared/errors.ts';
import { newEvent, type WebhookEvent } from '#shared/events.ts';
import { delayBody } from './schemas.ts';

/** The workshop day: delays organizers set on the live layer (never a release). */

export interface LiveRouteDependencies {
  editions: EditionStore;
  live: LiveStore;
  agenda: AgendaStore;
  events: EventSink;
  clock: () => Date;
  /** The front door's cache: a delay changes the public answers as a release does. */
  publicCache?: PublicCache;
}

export function registerLiveRoutes(
  app: Hono,
  { editions, live, agenda, events, clock, publicCache = noPublicCache }: LiveRouteDependencies,
) {
  app.post('/admin/editions/:year/live/delays', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const body = parseRequestPart(delayBody, await readJsonBody(c), 'body');
    const edition = await editions.getPublishedEdition(year);
    if (!edition) throw new NotFoundError(`Edition ${year} is not published.`);
    const slotIds = new Set(edition.slots.map((slot) => slot.id));
    for (const field of ['from', 'until'] as const) {
      const id = body[field];
      if (id !== undefined && !slotIds.has(id)) {
        throw new InvalidRequestError([
          { name: field, in: 'body', detail: `no slot of the ${year} agenda has the id "${id}"` },
        ]);
      }
    }
    const now = clock();
    const delay: Delay = {
      from: body.from,
      minutes: body.minutes,
      ...(body.until === undefined ? {} : { until: body.until }),
      setAt: now.toISOString(),
    };
    let event: WebhookEvent | undefined;
    const layer = await live.addDelay(year, delay, (version) => {
      event = newEvent(
        'agenda.delayed',
        year,
        { from: delay.from, minutes: delay.minutes, until: delay.until ?? null, version },
        now,
      );
      return event;
    });
    if (event) events.committed([event]);
    await publicCache.released(year, layer.version);
    const who = c.get('organizerId');
    await agenda.appendAudit(year, {
      at: now.toISOString(),
      who,
      action: 'delay',
      target: `slot ${delay.from}`,
      summary:
        delay.minutes === 0
          ? `Cleared the delay from ${delay.from}`
          : `Running ${delay.minutes} min ${delay.minutes > 0 ? 'late' : 'early'} from ${delay.from}${delay.until ? ` until ${delay.until}` : ''}`,
    });
    const { slots, findings } = liveAgenda(edition, layer.delays);
    return c.json({ version: layer.version, delay, slots, findings }, 201);
  });
}
