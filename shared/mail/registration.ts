import type { OnlineAccess, OnlineRoom } from '../edition/online.ts';
import type { EditionDetails } from '../edition/published.ts';
import { agendaCalendarToPublish } from '../exports/ical.ts';
import { acronymOf } from '../exports/identifiers.ts';
import { type Block, heading, type Link, link, list, paragraph } from './blocks.ts';
import { agendaFeedUrl, editionPageUrl, type MailContext, message, whenAndWhere } from './frame.ts';
import type { MailAttachment, MailContent } from './message.ts';

/** The messages of a registration's life: confirmed, waitlisted, promoted, cancelled. */

export interface ManagedContext extends MailContext {
  /** The addressee's manage page (view, cancel): it carries their manage token. */
  manageUrl: string;
}

export interface SeatContext extends ManagedContext {
  /** The private join URLs of an online or hybrid edition (shared/edition/online.ts). */
  online?: OnlineAccess;
  /** What to show at the door (shared/registration/check-in-code.ts). */
  checkInCode?: string;
}

/** The door code of an in-person or hybrid edition, with where to find it as a QR code. */
function atTheDoor(details: EditionDetails, code: string | undefined): Block[] {
  if (!code || details.location.mode === 'online') return [];
  return [
    heading('At the door'),
    paragraph(`Your check-in code: ${code}`),
    paragraph('Show it at the entrance, or its QR code on your manage page.'),
  ];
}

export interface WaitlistContext extends ManagedContext {
  /** The exact place on the waiting list, 1 for the next to get a seat. */
  position: number;
}

export const registeredFooter = (context: MailContext) =>
  `You receive this email because you registered for ${context.edition.details.title} at ${editionPageUrl(context)}.`;

const roomLabel = (room: OnlineRoom, fallback: string) => room.room ?? fallback;

/** The stream or meeting links: only in the messages that give a confirmed person their seat. */
export function joiningOnline(details: EditionDetails, online: OnlineAccess | undefined): Block[] {
  const sessions = online?.sessions ?? [];
  if (details.location.mode === 'in-person' && sessions.length === 0) return [];
  const links: Link[] = [
    ...(online?.edition
      ? [{ label: roomLabel(online.edition, 'Join online'), url: online.edition.url }]
      : []),
    ...sessions.map((session) => ({
      label: `${session.title} (${roomLabel(session, 'online')})`,
      url: session.url,
    })),
  ];
  if (links.length === 0) {
    return [
      heading('Joining online'),
      paragraph('The link to join online is not published yet; it will be on your manage page.'),
    ];
  }
  return [
    heading('Joining online'),
    paragraph('These links are for you as a registered participant; please do not pass them on.'),
    list(links),
  ];
}

/**
 * The agenda as a calendar file: the same events and UIDs as agenda.ics, METHOD:PUBLISH, with
 * `sequence` as SEQUENCE when given (a release's notice).
 */
export function agendaAttachment(context: MailContext, sequence?: number): MailAttachment {
  return {
    filename: `${acronymOf(context.edition.details.shortTitle) || 'agenda'}.ics`,
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: agendaCalendarToPublish(context.edition, context.publicUrl, sequence),
  };
}

function seat(context: SeatContext, topic: string, opening: string): MailContent {
  const { details } = context.edition;
  const attachment = agendaAttachment(context);
  return message(
    context,
    topic,
    [
      paragraph(opening),
      heading('When and where'),
      list(whenAndWhere(details)),
      ...joiningOnline(details, context.online),
      ...atTheDoor(details, context.checkInCode),
      heading('The agenda'),
      link('The agenda', editionPageUrl(context)),
      paragraph(
        `${attachment.filename}, attached, puts every session and talk into your calendar. To follow changes, subscribe to the same calendar instead:`,
      ),
      link('Agenda calendar', agendaFeedUrl(context)),
      heading('Your registration'),
      link('View or cancel your registration', context.manageUrl),
      paragraph(
        'If you cannot come after all, please cancel: your seat goes to the first person on the waiting list.',
      ),
    ],
    { footer: registeredFooter(context), attachments: [attachment] },
  );
}

export function confirmedMessage(context: SeatContext): MailContent {
  return seat(
    context,
    'Your seat is confirmed',
    `Your seat at ${context.edition.details.title} is confirmed. We look forward to seeing you.`,
  );
}

/** A seat came free and the first person waiting has it now: the confirmation, told as news. */
export function promotedMessage(context: SeatContext): MailContent {
  return seat(
    context,
    'You have a seat now',
    `A seat at ${context.edition.details.title} has come free, and it is yours now: you have moved up from the waiting list, and your seat is confirmed.`,
  );
}

export function waitlistedMessage(context: WaitlistContext): MailContent {
  const { position } = context;
  if (!Number.isInteger(position) || position < 1) {
    throw new RangeError(`A waiting-list position is a whole number from 1, not ${position}.`);
  }
  const { details } = context.edition;
  return message(
    context,
    `You are number ${position} on the waiting list`,
    [
      paragraph(
        `${details.title} is fully booked, so you are on its waiting list, at position ${position}.`,
      ),
      heading('What happens next'),
      paragraph(
        'When someone with a seat cancels, the first person on the waiting list gets it. Your place only moves up. When a seat is yours, we write to you at once, with everything you need; until then there is nothing to do.',
      ),
      heading('When and where'),
      list(whenAndWhere(details)),
      heading('Your registration'),
      link('View your place or leave the waiting list', context.manageUrl),
    ],
    { footer: registeredFooter(context) },
  );
}

export function cancelledMessage(context: MailContext): MailContent {
  const { details } = context.edition;
  return message(
    context,
    'Your registration is cancelled',
    [
      paragraph(`Your registration for ${details.title} is cancelled.`),
      paragraph(
        'We have erased the personal data you registered with (your name, email address and affiliation). This is the last email you get from us about this registration.',
      ),
      paragraph('Changed your mind? While registration is open, you can register again:'),
      link(details.title, editionPageUrl(context)),
    ],
    {
      footer: `You receive this email because a registration for ${details.title} was cancelled at ${editionPageUrl(context)}.`,
    },
  );
}
