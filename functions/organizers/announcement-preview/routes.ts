import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { announcementMessage } from '#shared/mail/announcement.ts';
import { manageUrl } from '#shared/registration/manage-link.ts';
import { organizerRoute } from '../openapi/organizer-route.ts';
import { announcementBody } from '../schemas.ts';

/**
 * An announcement as its recipients will read it, before it is sent: the mail renderer's own
 * message (shared/mail/announcement.ts) for a stand-in recipient, nothing sent, nothing stored.
 */

/** Who the preview is addressed to: no registrant's name leaves the server in a preview. */
const RECIPIENT = 'Ada Lovelace';
/** Without a configured public URL, the links start with this stand-in. */
const NO_PUBLIC_URL = 'https://public-url.invalid';

const previewAnswer = z.object({
  subject: z.string(),
  text: z.string().register(z.globalRegistry, { description: 'The plain-text part, whole' }),
  html: z.string().register(z.globalRegistry, { description: 'The HTML part, whole' }),
});

export const announcementPreviewRoutes = {
  preview: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/announcements/preview',
    params: editionPath,
    body: z.pick(announcementBody, { subject: true, text: true }),
    docs: WITH_ROUTE_DOCS && {
      summary:
        'An announcement as a recipient will read it (subject, text and HTML parts), addressed to a stand-in name; nothing is sent or stored',
      example: { subject: 'Room change', text: 'We have moved to Hall 3, next door.' },
      success: { status: 200, description: 'The message', schema: previewAnswer },
      problems: [400, 401, 403, 404, 415],
    },
  }),
};

export function registerAnnouncementPreviewRoutes(
  app: Hono,
  {
    editions,
    publicUrl,
  }: {
    editions: Pick<EditionStore, 'getPublishedEdition'>;
    /** The configured public URL the messages' links start with (none: a stand-in). */
    publicUrl: string | undefined;
  },
) {
  serve(app, announcementPreviewRoutes.preview, async (c, { params: { year }, body }) => {
    const announcement = await body();
    const edition = await editions.getPublishedEdition(year);
    if (!edition) throw new NotFoundError(`There is no edition ${year}.`);
    const origin = publicUrl ?? NO_PUBLIC_URL;
    const { subject, text, html } = announcementMessage({
      edition,
      publicUrl: origin,
      name: RECIPIENT,
      // Each copy links its recipient's own manage page; the preview shows where it goes.
      manageUrl: manageUrl(origin, year, 'reg_their_own', 'their-own-token'),
      announcement,
    });
    return c.json({ subject, text, html });
  });
}
