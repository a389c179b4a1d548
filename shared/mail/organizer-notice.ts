import { paragraph } from './blocks.ts';
import { type MailContext, message } from './frame.ts';
import type { MailContent } from './message.ts';

/**
 * What the organizers' list is told when someone takes data out of the edition or opens a way to
 * it (a registrations export, a new webhook): who, when, what, how much. Never a registrant's
 * name or address: a notice names organizers and counts, nothing else.
 */
export interface OrganizerNotice {
  /** "Registrations exported". */
  topic: string;
  /** One sentence each, written from the audit entry. */
  lines: string[];
}

export function organizerNoticeMessage(context: MailContext, notice: OrganizerNotice): MailContent {
  const { details } = context.edition;
  return message(
    context,
    notice.topic,
    [
      ...notice.lines.map(paragraph),
      paragraph(
        'If none of you did this, an organizer account may be in the wrong hands: sign it out (revoke its tokens) and read the audit trail.',
      ),
    ],
    {
      footer: `You receive this email because your address is on the organizers' list of ${details.title}.`,
    },
  );
}
