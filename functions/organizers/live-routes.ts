import type { Hono } from 'hono';
import type { EditionStore } from '#functions/data/edition-store.ts';
import type { LiveStore } from '#functions/data/live-store.ts';
import type { EventSink } from '#functions/data/outbox.ts';
import { noPublicCache, type PublicCache } from '#functions/edge/public-cache.ts';
import { editionPath, parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
import { type DelaySlots, delaySlots } from '#shared/agenda/delay-slots.ts';
import { type Delay, liveAgenda } from '#shared/agenda/live.ts';
import type { PublishedEdition } from '#shared/edition/published.ts';
import { NotFoundError } from '#shared/errors.ts';
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
  /** The edition as published: the snapshot, one small read where the partition is a Query. */
  async function publishedEdition(year: number) {
    const edition =
      (await editions.getSnapshot(year)) ?? (await editions.getPublishedEdition(year));
    if (!edition) throw new NotFoundError(`Edition ${year} is not published.`);
    return edition;
  }

  app.get('/admin/editions/:year/live', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const edition = await publishedEdition(year);
    const layer = await live.getLive(year, { consistent: true });
    const { slots, findings } = liveAgenda(edition, layer.delays);
    return c.json({ version: layer.version, delays: layer.delays, slots, findings });
  });

  app.post('/admin/editions/:year/live/delays', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const body = parseRequestPart(delayBody, await readJsonBody(c), 'body');
    const edition = await publishedEdition(year);
    const named = await namedSlots(year, edition, body);
    const now = clock();
    const delay: Delay = {
      from: named.from,
      minutes: body.minutes,
      ...(named.until === undefined ? {} : { until: named.until }),
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
        summary: `${delaySummary(delay, replaced)}${asNamed(body, delay)}`,
      }),
    });
    if (layer.event) events.committed([layer.event]);
    await publicCache.released(year, layer.version);
    const { slots, findings } = liveAgenda(edition, layer.delays);
    return c.json({ version: layer.version, delay, slots, findings }, 201);
  });

  /**
   * The slots a delay names (slot or session ids, delay-slots.ts). A delay in force on a slot the
   * agenda no longer has (set before releases reconciled the layer) can still be cleared.
   */
  async function namedSlots(
    year: number,
    edition: Pick<PublishedEdition, 'slots'>,
    body: { from: string; minutes: number; until?: string | undefined },
  ): Promise<DelaySlots> {
    try {
      return delaySlots(edition, year, body);
    } catch (error) {
      if (body.minutes !== 0 || body.until !== undefined) throw error;
      const layer = await live.getLive(year, { consistent: true });
      if (!layer.delays.some((delay) => delay.from === body.from)) throw error;
      return { from: body.from };
    }
  }
}

/** How the organizer named the delay, when it was by session: said in the audit entry. */
function asNamed(named: { from: string; until?: string | undefined }, delay: Delay): string {
  const sessions = [
    named.from === delay.from ? '' : `from the session ${named.from}`,
    named.until === undefined || named.until === delay.until
      ? ''
      : `until the end of the session ${named.until}`,
  ].filter(Boolean);
  return sessions.length === 0 ? '' : ` (posted as ${sessions.join(', ')})`;
}
