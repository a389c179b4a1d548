import * as z from 'zod/mini';
import { isoInstant, isoWithMillis, type RouteDoc, type Schema } from '#functions/http/openapi.ts';
import { editionPath } from '#functions/http/validate.ts';
import { MAX_ACTIVE_DELAYS } from '#shared/agenda/live.ts';
import { delayBody } from '../schemas.ts';

/** The workshop day's routes under /admin for /openapi.json (organizers/openapi.ts adds them). */

const liveSlotSchema = z.object({
  id: z.string(),
  liveStart: z.string(),
  liveEnd: z.string(),
  delayMinutes: z.int(),
});

const delaySchema = z.object({
  from: z.string(),
  minutes: z.int(),
  until: z.optional(z.string()),
  setAt: isoWithMillis,
});

/** The live routes, given the findings' schema the agenda routes share. */
export function liveRoutes(findingSchema: Schema): Omit<RouteDoc, 'tag' | 'security'>[] {
  return [
    {
      method: 'post',
      path: '/admin/editions/{year}/live/delays',
      summary: 'Say the day runs late (or early) from a slot on; 0 minutes clears it',
      description: [
        'From `from` on, slots shift by `minutes` until a break absorbs the delay (it keeps its planned end and shrinks; what it cannot absorb carries on after it), the end of the day, an item with its own time, or `until` (the first slot back on time). Not a release: the released times stay, the live times are a layer on top with their own version, an audit entry and an `agenda.delayed` webhook event.',
        '`from` and `until` each take a slot id or a session id: `from` a session is its first slot ("the RUNTIME session runs 10 minutes late"), `until` a session ends the delay with that session (the slot after it that day is the first back on time; the answer’s `delay` gives the slot ids). `until` on another day than `from`, or not after it, answers 400 naming `until`. A delay in force on a slot a release removed can still be cleared (0 minutes); releases drop such delays themselves.',
        `The layer keeps the delays in force only, one per \`from\` slot: a new delay from the same slot replaces the one in force there (the audit entry says what it replaced), 0 minutes clears it, the delays from other slots stay and compose as before. At most ${MAX_ACTIVE_DELAYS} delays are in force at once: a delay from one more slot answers 400 naming \`from\`; replacing or clearing one always works. Every delay, a clear included, makes a new version.`,
        'Delays posted at the same time all apply, merged on the server; if the layer keeps changing past the request’s deadline the answer is 503 with `Retry-After`, and posting the same delay again is safe.',
        'The answer holds the slots whose times change and the findings the delay causes.',
      ].join('\n\n'),
      params: editionPath,
      body: delayBody,
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
    {
      method: 'get',
      path: '/admin/editions/{year}/live',
      summary: 'The delays in force, and the live slots and findings they make',
      description:
        'The live layer as it is now: its version, the delays in force (one per `from` slot, as `POST …/live/delays` left them, slot ids), the slots whose times they change and the findings they cause. A release drops the delays whose slots it removed or moved (its answer’s `liveDelaysDropped`).',
      params: editionPath,
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
  ];
}

/** What a release answers about the delays it dropped (agenda-service.ts, live-store.ts). */
export const droppedDelaySchema = z.object({
  from: z.string(),
  until: z.optional(z.string()),
  minutes: z.int(),
  slotId: z.string().register(z.globalRegistry, {
    description: 'The slot removed or moved: the delay’s `from` or `until`',
  }),
  reason: z.enum(['removed', 'moved']).register(z.globalRegistry, {
    description:
      '`removed`: the slot is not in the released agenda (or an earlier release removed it); `moved`: it is on another day or at another time',
  }),
  start: z.optional(isoInstant).register(z.globalRegistry, {
    description: 'For `moved`: the slot’s planned start now',
  }),
});
