import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AgendaStore } from '#functions/data/editions/agenda-store.ts';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { MailOutbox, MailRecord, MailSink } from '#functions/data/mail/mail-outbox.ts';
import { isoWithMillis, nullableString } from '#functions/http/openapi.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { organizerRoute } from './openapi/organizer-route.ts';

/**
 * Attendee messages that were given up (refused for good, or no use any more: the person is
 * flagged in mailUndeliverable), and the redrive that tries them again: back to pending with a
 * fresh deadline, the flag that giving up set cleared, an audit entry. Locally the mail
 * dispatcher sends them at once; in AWS the schedule queues them within 15 minutes.
 */

/** How long a redriven message is worth trying when the request does not say. */
const REDRIVE_HOURS = 48;

const MAIL_ID = /^mail_[A-Za-z0-9_-]{1,195}$/;

const redriveBody = z.strictObject({
  ids: z.optional(
    z
      .array(z.string().check(z.regex(MAIL_ID, 'expected a message id such as mail_01J…')))
      .check(
        z.minLength(1, 'expected at least one message id'),
        z.maxLength(500, 'expected at most 500 message ids'),
      ),
  ),
  hours: z.optional(
    z
      .int()
      .check(
        z.minimum(1, 'expected at least 1 hour'),
        z.maximum(30 * 24, 'expected at most 720 hours (30 days)'),
      ),
  ),
});

const failedSchema = z.object({
  id: z.string(),
  kind: z.string(),
  registrationId: z.string(),
  attempts: z.int(),
  reason: nullableString,
  queuedAt: isoWithMillis,
});

/** Each route declared once: served below with these schemas, documented by /openapi.json. */
export const mailRoutes = {
  failed: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/mail/failed',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Attendee messages given up: refused for good, or no use any more',
      description:
        'A message is retried with a backoff capped at an hour for as long as it is useful (a confirmation, promotion or reminder until the workshop starts; a cancellation or announcement until it ends). Given up, it is listed here and its person is flagged in `mailUndeliverable` (list and CSV).',
      success: {
        status: 200,
        description: 'Given-up messages, oldest first; ids, kinds and reasons, no addresses',
        schema: z.object({ items: z.array(failedSchema) }),
      },
      problems: [400, 401, 403, 404],
    },
  }),
  redrive: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/mail/redrive',
    params: editionPath,
    body: redriveBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Try given-up messages again (all, or those of `ids`) with a fresh deadline',
      description:
        'Puts the given-up messages back to pending, worth trying for `hours` (48 by default), and clears the `mailUndeliverable` flag that giving up set (not one a bounce, a complaint or a refusal set). Audited. Locally they are sent at once; in AWS the schedule queues them within 15 minutes. A message no longer given up is left alone.',
      example: { ids: ['mail_01JZ8Y6V9Q2X7M4K3N5P0R1S2T'], hours: 24 },
      success: {
        status: 200,
        description: 'How many messages were put back, their ids and their new deadline',
        schema: z.object({
          redriven: z.int(),
          ids: z.array(z.string()),
          usefulUntil: isoWithMillis,
        }),
      },
      problems: [400, 401, 403, 404, 415],
    },
  }),
};

/** A given-up message as organizers see it: ids, kind and why, never an address. */
function failedView(mail: MailRecord) {
  return {
    id: mail.id,
    kind: mail.kind,
    registrationId: mail.registrationId,
    attempts: mail.attempts,
    reason: mail.reason ?? null,
    queuedAt: mail.queuedAt,
  };
}

export interface MailRouteDependencies {
  editions: Pick<EditionStore, 'getEdition'>;
  mailOutbox: Pick<MailOutbox, 'listFailed' | 'redrive'>;
  /** Told of the messages put back (the local dispatcher sends them at once). */
  mails: MailSink;
  agenda: Pick<AgendaStore, 'appendAudit'>;
  clock: () => Date;
}

export function registerMailRoutes(app: Hono, dependencies: MailRouteDependencies) {
  const { editions, mailOutbox, mails, agenda, clock } = dependencies;
  const requireEdition = async (year: number) => {
    if (!(await editions.getEdition(year))) throw new NotFoundError(`There is no edition ${year}.`);
  };

  serve(app, mailRoutes.failed, async (c, { params: { year } }) => {
    await requireEdition(year);
    return c.json({ items: (await mailOutbox.listFailed(year)).map(failedView) });
  });

  serve(app, mailRoutes.redrive, async (c, { params: { year }, body }) => {
    const request = await body();
    await requireEdition(year);
    const now = clock();
    const usefulUntil = new Date(now.getTime() + (request.hours ?? REDRIVE_HOURS) * 3_600_000);
    const redriven = await mailOutbox.redrive(year, now, usefulUntil, request.ids);
    mails.committed(redriven);
    await agenda.appendAudit(year, {
      at: now.toISOString(),
      who: c.get('organizerId'),
      action: 'mail-redrive',
      target: request.ids ? `${request.ids.length} message ids` : 'all given-up messages',
      summary: `Put ${redriven.length} given-up message(s) back to sending until ${usefulUntil.toISOString()}`,
    });
    return c.json({
      redriven: redriven.length,
      ids: redriven.map((mail) => mail.id),
      usefulUntil: usefulUntil.toISOString(),
    });
  });
}
