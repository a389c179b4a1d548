import { heading, link, list, paragraph } from './blocks.ts';
import { startLine } from './dates.ts';
import { editionPageUrl, message, whenAndWhere } from './frame.ts';
import type { MailContent } from './message.ts';
import type { ManagedContext } from './registration.ts';

/** Before the first day, to each confirmed person, once. */
export function reminderMessage(context: ManagedContext): MailContent {
  const { details } = context.edition;
  const online = details.location.mode !== 'in-person';
  return message(
    context,
    'Coming up',
    [
      paragraph(`${details.title} begins on ${startLine(details)}, and you have a seat.`),
      heading('When and where'),
      list(whenAndWhere(details)),
      ...(online ? [paragraph('The link to join online is on your manage page.')] : []),
      link('The agenda', editionPageUrl(context)),
      heading('Your registration'),
      link('View or cancel your registration', context.manageUrl),
      paragraph(
        'If you cannot come after all, please cancel: your seat goes to the first person on the waiting list.',
      ),
    ],
    {
      footer: `You receive this email because you registered for ${details.title} at ${editionPageUrl(context)}.`,
    },
  );
}
