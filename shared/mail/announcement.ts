import { link, paragraph, quoted } from './blocks.ts';
import { editionPageUrl, message } from './frame.ts';
import type { MailContent } from './message.ts';
import type { ManagedContext } from './registration.ts';

export interface AnnouncementContext extends ManagedContext {
  /** The organizers' subject and text, as they wrote them (plain text). */
  announcement: { subject: string; text: string };
}

/** What the organizers write to registrants: their words, framed by the edition. */
export function announcementMessage(context: AnnouncementContext): MailContent {
  const { details } = context.edition;
  return message(
    context,
    context.announcement.subject,
    [
      paragraph(`A message from the organizers of ${details.title}:`),
      quoted(context.announcement.text),
      link('View or cancel your registration', context.manageUrl),
    ],
    {
      footer: `You receive this email because you registered for ${details.title} at ${editionPageUrl(context)}.`,
    },
  );
}
