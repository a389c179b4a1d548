import { heading, link, list, paragraph } from './blocks.ts';
import { message, whenAndWhere } from './frame.ts';
import type { MailContent } from './message.ts';
import { joiningOnline, registeredFooter, type SeatContext } from './registration.ts';

/**
 * A release changed the stream or meeting URL: every confirmed registrant gets the links as they
 * are now (read when the message is sent), or word that there is no online part any more.
 */
export function joinLinkChangedMessage(context: SeatContext): MailContent {
  const { details } = context.edition;
  const links = joiningOnline(details, context.online);
  return message(
    context,
    'The link to join online has changed',
    [
      paragraph(
        links.length > 0
          ? `The organizers of ${details.title} have changed the link to join online. The links that came before no longer apply.`
          : `${details.title} no longer takes place online: the link to join online has been withdrawn.`,
      ),
      ...links,
      heading('When and where'),
      list(whenAndWhere(details)),
      paragraph(
        'Not expecting this? The links are always on your manage page as well, and nowhere else.',
      ),
      link('View or cancel your registration', context.manageUrl),
    ],
    { footer: registeredFooter(context) },
  );
}
