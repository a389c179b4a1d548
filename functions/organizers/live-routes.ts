import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { LiveStore } from '#functions/data/editions/live-store.ts';
import type { EventSink } from '#functions/data/webhooks/event-outbox.ts';
import { noPublicCache, type PublicCache } from '#functions/edge/public-cache.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import { type DelaySlots, delaySlots } from '#shared/agenda/delay-slots.ts';
import { type Delay, liveAgenda, MAX_ACTIVE_DELAYS } from '#shared/agenda/live.ts';
import type { PublishedEdition } from '#shared/edition/published.ts';
import { NotFoundError } from '#shared/errors.ts';
import { newEvent } from '#shared/events.ts';
import { findingSchema } from './openapi/answers.ts';
import { delaySchema, liveSlotSchema } from './openapi/live.ts';
import { organizerRoute } from './openapi/organizer-route.ts';
import { delayBody } from './schemas.ts';

/** The workshop day: delays organizers set on the live layer (never a release). */

/** Each route declared once: served below with these schemas, documented by /openapi.json. */
export const liveRoutes = {
  delay: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/live/delays',
    params: editionPath,
    body: delayBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Say the day runs late (or early) from a slot on; 0 minutes clears it',
      description: [
        'From `from` on, slots shift by `minutes` until a break absorbs the delay (it keeps its planned end and shrinks; what it cannot absorb carries on after it), the end of the day, an item with its own time, or `until` (the first slot back on time). Not a release: the released times stay, the live times are a layer on top with their own version, an audit entry and an `agenda.delayed` webhook event.',
        '`from` and `until` each take a slot id or a session id: `from` a session is its first slot ("the RUNTIME session runs 10 minutes late"), `until` a session ends the delay with that session (the slot after it that day is the first back on time; the answer’s `delay` gives the slot ids). `until` on another day than `from`, or not after it, answers 400 naming `until`. A delay in force on a slot a release removed can still be cleared (0 minutes); releases drop such delays themselves.',
        `The layer keeps the delays in force only, one per \`from\` slot: a new delay from the same slot replaces the one in force there (the audit entry says what it replaced), 0 minutes clears it, the delays from other slots stay and compose as before. At most ${MAX_ACTIVE_DELAYS} delays are in force at once: a delay from one more slot answers 400 naming \`from\`; replacing or clearing one always works. Every delay, a clear included, makes a new version.`,
        'Delays posted at the same time all apply, merged on the server; if the layer keeps changing past the request’s deadline the answer is 503 with `Retry-After`, and posting the same delay again is safe.',
        'The answer holds the slots whose times change and the findings the delay causes.',
      ].join('\n\n'),
      example: { from: 'distribution-container-image-formats-oci-sif', minutes: 15 },
      success: {
        status: 201,
        description: 'The live layer’s new version, the delay, the live slots and the findings',
        schema: z.object({
          version: z.int(),
          delay: delaySchema,
          slots: z.array(liveSlotSchema),
          findings: z.array(findingSchema),
        }),
      },
      problems: [400, 401, 403, 404],
    },
  }),
  live: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/live',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'The delays in force, and the live slots and findings they make',
      description:
        'The live layer as it is now: its version, the delays in force (one per `from` slot, as `POST …/live/delays` left them, slot ids), the slots whose times they change and the findings they cause. A release drops the delays whose slots it removed or moved (its answer’s `liveDelaysDropped`).',
      success: {
        status: 200,
        description:
          'The live layer’s version, the delays in force, the live slots and the findings',
        schema: z.object({
          version: z.int(),
          delays: z.array(delaySchema),
          slots: z.array(liveSlotSchema),
          findings: z.array(findingSchema),
        }),
      },
      problems: [400, 401, 403, 404],
    },
  }),
};

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

  serve(app, liveRoutes.live, async (c, { params: { year } }) => {
    const edition = await publishedEdition(year);
    const layer = await live.getLive(year, { consistent: true });
    const { slots, findings } = liveAgenda(edition, layer.delays);
    return c.json({ version: layer.version, delays: layer.delays, slots, findings });
  });

  serve(app, liveRoutes.delay, async (c, input) => {
    const { year } = input.params;
    const body = await input.body();
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
    await publicCache.invalidateEdition(year, layer.version);
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
