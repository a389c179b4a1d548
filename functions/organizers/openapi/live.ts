import * as z from 'zod/mini';
import { isoWithMillis, type RouteDoc, type Schema } from '#functions/http/openapi.ts';
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

/** The live routes, given the findings' schema the agenda routes share. */
export function liveRoutes(findingSchema: Schema): Omit<RouteDoc, 'tag' | 'security'>[] {
  return [
    {
      method: 'post',
      path: '/admin/editions/{year}/live/delays',
      summary: 'Say the day runs late (or early) from a slot on; 0 minutes clears it',
      description: [
        'From `from` on, slots shift by `minutes` until a break absorbs the delay (it keeps its planned end and shrinks; what it cannot absorb carries on after it), the end of the day, an item with its own time, or `until` (the first slot back on time). Not a release: the released times stay, the live times are a layer on top with their own version, an audit entry and an `agenda.delayed` webhook event.',
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
          delay: z.object({
            from: z.string(),
            minutes: z.int(),
            until: z.optional(z.string()),
            setAt: isoWithMillis,
          }),
          slots: z.array(liveSlotSchema),
          findings: z.array(findingSchema),
        }),
      },
      problems: [400, 401, 403, 404],
    },
  ];
}
