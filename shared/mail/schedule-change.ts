import type {
  MovedTalk,
  NoticeEdition,
  NoticeTime,
  ScheduleNotice,
} from '../draft/schedule-notice.ts';
import type { LocationMode } from '../edition/location.ts';
import { type Block, heading, link, list, paragraph } from './blocks.ts';
import { dayLine, editionDates } from './dates.ts';
import { agendaFeedUrl, editionPageUrl, message } from './frame.ts';
import type { MailContent } from './message.ts';
import {
  agendaAttachment,
  joiningOnline,
  registeredFooter,
  type SeatContext,
} from './registration.ts';

/**
 * A release moved the programme: each confirmed and waiting registrant gets one summary of what
 * moved (old and new times in each edition's zone, the new place or way of joining), the whole
 * agenda attached again with the same UIDs and a higher SEQUENCE, and, when confirmed, the links
 * to join online (read when the message is sent, as the seat messages do).
 */

export interface ScheduleChangeContext extends SeatContext {
  notice: ScheduleNotice;
  /** The release that made the change: the attachment's SEQUENCE is above every earlier one. */
  release: number;
}

/** At most this many talks are listed; the agenda page has the rest. */
const MOVED_LISTED = 40;

const MODE: Record<LocationMode, string> = {
  'in-person': 'in person',
  online: 'online',
  hybrid: 'in person and online',
};

/** "Thursday, 25 June 2020, 09:05–09:20 CEST, at ISC High Performance". */
function when(time: NoticeTime, withPlace: boolean): string {
  const line = dayLine(
    { date: time.start.slice(0, 10), startsAt: time.start, endsAt: time.end },
    time.zone,
  );
  return withPlace ? `${line}, ${placeOf(time)}` : line;
}

const placeOf = ({ place, mode }: { place: string; mode: LocationMode }) =>
  mode === 'online' ? `online (${place})` : `${MODE[mode]}: ${place}`;

const datesOf = (edition: NoticeEdition) =>
  editionDates({ date: edition.dates[0] ?? '', lastDate: edition.dates.at(-1) ?? '' });

function editionLines({ from, to }: NonNullable<ScheduleNotice['edition']>): string[] {
  return [`Before: ${datesOf(from)}, ${placeOf(from)}`, `Now: ${datesOf(to)}, ${placeOf(to)}`];
}

const samePlace = (a: NoticeTime | NoticeEdition, b: NoticeTime | NoticeEdition) =>
  a.place === b.place && a.mode === b.mode;

/** A talk's new and old time, with the place when it moved other than the edition did. */
function movedLine(talk: MovedTalk, edition: ScheduleNotice['edition']): string {
  const withEdition =
    edition && samePlace(talk.from, edition.from) && samePlace(talk.to, edition.to);
  const placeMoved = !samePlace(talk.from, talk.to) && !withEdition;
  return `${talk.title}: ${when(talk.to, placeMoved)} (was ${when(talk.from, placeMoved)})`;
}

/** What the subject says: the way of joining, when it switched, or else that the programme changed. */
function topic(notice: ScheduleNotice): string {
  const edition = notice.edition;
  if (edition && edition.from.mode !== edition.to.mode) {
    const days =
      edition.from.dates.join() === edition.to.dates.join() ? '' : `, ${datesOf(edition.to)}`;
    return edition.to.mode === 'online'
      ? `Now online${days}`
      : `Now ${MODE[edition.to.mode]}${days}`;
  }
  if (edition && edition.from.dates.join() !== edition.to.dates.join())
    return `New dates, ${datesOf(edition.to)}`;
  return 'The programme has changed';
}

export function scheduleChangedMessage(context: ScheduleChangeContext): MailContent {
  const { notice } = context;
  const { details } = context.edition;
  const attachment = agendaAttachment(
    context,
    context.release + (context.edition.liveVersion ?? 0),
  );
  const listed = notice.moved.slice(0, MOVED_LISTED);
  const more = notice.moved.length - listed.length;
  const body: Block[] = [
    paragraph(`The organizers of ${details.title} have changed the programme.`),
    ...(notice.edition
      ? [
          paragraph(
            `${details.title} now takes place ${MODE[notice.edition.to.mode]}, ${datesOf(notice.edition.to)}.`,
          ),
          heading('When and where'),
          list(editionLines(notice.edition)),
        ]
      : []),
    // Only a confirmed person is given the links; a waiting one gets them with their seat.
    ...(context.online ? joiningOnline(details, context.online) : []),
    ...(listed.length > 0
      ? [
          heading('What moved'),
          list(listed.map((talk) => movedLine(talk, notice.edition))),
          ...(more > 0 ? [paragraph(`And ${more} more: see the agenda.`)] : []),
        ]
      : []),
    heading('The agenda'),
    link('The agenda', editionPageUrl(context)),
    paragraph(
      `${attachment.filename}, attached, updates the sessions and talks in your calendar if you added them from an earlier email. To follow changes, subscribe to the calendar instead:`,
    ),
    link('Agenda calendar', agendaFeedUrl(context)),
    heading('Your registration'),
    link('View or cancel your registration', context.manageUrl),
  ];
  return message(context, topic(notice), body, {
    footer: registeredFooter(context),
    attachments: [attachment],
  });
}
