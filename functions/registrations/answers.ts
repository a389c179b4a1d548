import * as z from 'zod/mini';
import { isoWithMillis } from '#functions/http/openapi.ts';

/** What the registration routes answer, as their declarations (app.ts) document it; contract tests hold the answers to these shapes. */

export const registrationCreatedSchema = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'waitlisted']),
  waitlistPosition: z.optional(z.int()),
  manageToken: z.string(),
  manageUrl: z.string(),
});

const onlineRoom = z.object({
  url: z.string().register(z.globalRegistry, { description: 'The stream or meeting URL' }),
  room: z.optional(z.string()),
});

const status = z.enum(['confirmed', 'waitlisted', 'cancelled']);

export const registrantSchema = z.object({
  id: z.string(),
  edition: z.int(),
  status,
  waitlistPosition: z.optional(z.int()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  affiliation: z.optional(z.string()),
  audience: z.string(),
  registeredAt: isoWithMillis,
  confirmedAt: z.optional(isoWithMillis),
  cancelledAt: z.optional(isoWithMillis),
  history: z.array(z.object({ status, at: isoWithMillis })),
  checkInCode: z.optional(
    z.string().register(z.globalRegistry, {
      description:
        'While confirmed: the code to show at the door (26 characters in groups of four; the manage page shows it as a QR code)',
    }),
  ),
  checkedInAt: z.optional(isoWithMillis),
  online: z.optional(
    z
      .object({
        edition: z.optional(onlineRoom),
        sessions: z.array(z.extend(onlineRoom, { sessionId: z.string(), title: z.string() })),
      })
      .register(z.globalRegistry, {
        description:
          'Only while the registration is confirmed, and only for an online or hybrid edition or session: the stream or meeting URL of the edition, and of each session that has its own. Never in any public answer, page or export.',
      }),
  ),
});
