import * as z from 'zod/mini';
import { isoInstant, isoWithMillis } from '#functions/http/openapi.ts';

/** What the live routes answer (live-routes.ts declares them), and a release about the delays it dropped. */

export const liveSlotSchema = z.object({
  id: z.string(),
  liveStart: z.string(),
  liveEnd: z.string(),
  delayMinutes: z.int(),
});

export const delaySchema = z.object({
  from: z.string(),
  minutes: z.int(),
  until: z.optional(z.string()),
  setAt: isoWithMillis,
});

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
