import type { Hono } from 'hono';
import type { EditionStore } from '#functions/data/edition-store.ts';
import type { LiveStore } from '#functions/data/live-store.ts';
import type { EventSink } from '#functions/data/outbox.ts';
import { noPublicCache, type PublicCache } from '#functions/edge/public-cache.ts';
import { editionPath, parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
import { type Delay, liveAgenda } from '#shared/agenda/live.ts';
import { InvalidRequestError, NotFoundError } from '#shared/errors.ts';
import { newEvent } from '#shared/events.ts';
import { delayBody } from './schemas.ts';

/** The workshop day: delays organizers set on the live layer (never a release). */

export interface LiveRouteDependencies {
  editions: EditionStore;
  live: LiveStore;
  events: EventSink;
  clock: () => Date;
  /** The front door's cache: a delay changes the public answers as a release does. */
  publicCache?: PublicCache;
}

const running = ({ minutes }: Delay) =>
  `${Math.abs(minutes)} min ${minutes > 0 ? 'late' : 'early'}`;

/** The audit trail's line for a delay: the history of the live layer, which keeps only what is in force. */
function delaySummary(delay: Delay, replaced: Delay | undefined): string {
  const before = replaced
    ? `was ${running(replaced)}${replaced.until ? ` until ${replaced.until}` : ''}`
    : '';
  if (delay.minutes === 0) {
    return `Cleared the delay from ${delay.from} (${before || 'none was in force'})`;
  }
  return `Running ${running(delay)} from ${delay.from}${delay.until ? ` until ${delay.until}` : ''}${before ? ` (${before})` : ''}`;
}

export function registerLiveRoutes(
  app: Hono,
  { editions, live, events, clock, publicCache = noPublicCache }: LiveRouteDependencies,
) {
  app.post('/admin/editions/:year/live/delays', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const body = parseRequestPart(delayBody, await readJsonBody(c), 'body');
    // The snapshot: one small read where the partition is a Query of every item, for each delay.
    const edition =
      (await editions.getSnapshot(year)) ?? (await editions.getPublishedEdition(year));
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
    const who = c.get('organizerId');
    const layer = await live.addDelay(year, delay, {
      event: (version) =>
        newEvent(
          'agenda.delayed',
          year,
          { from: delay.from, minutes: delay.minutes, until: delay.until ?? null, version },
          now,
        ),
      audit: (replaced) => ({
        at: delay.setAt,
        who,
        action: 'delay',
        target: `slot ${delay.from}`,
        summary: delaySummary(delay, replaced),
      }),
    });
    if (layer.event) events.committed([layer.event]);
    await publicCache.released(year, layer.version);
    const { slots, findings } = liveAgenda(edition, layer.delays);
    return c.json({ version: layer.version, delay, slots, findings }, 201);
  });
}
