import type { EditionDetails, PublishedEdition } from '../edition/published.ts';
import { type Block, paragraph, renderHtml, renderText } from './blocks.ts';
import { dayLine, editionDates, zoneLabel } from './dates.ts';
import type { MailAttachment, MailContent } from './message.ts';

/** What every message is written from: the edition, the public URL and who it is addressed to. */
export interface MailContext {
  edition: PublishedEdition;
  /** The configured public URL: every link starts with it (never with a request's Host). */
  publicUrl: string;
  /** The addressee's own name: the only personal data a message holds. */
  name: string;
}

/** One line, whatever an organizer typed: a header never carries a line break. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** "Your seat is confirmed: 6th Annual … Workshop, 25 June 2020". */
function subjectLine(topic: string, details: EditionDetails): string {
  return oneLine(`${topic}: ${details.title}, ${editionDates(details)}`);
}

export const editionPageUrl = ({ edition, publicUrl }: MailContext) =>
  `${publicUrl}/${edition.details.year}`;

export const agendaFeedUrl = ({ edition, publicUrl }: MailContext) =>
  `${publicUrl}/editions/${edition.details.year}/agenda.ics`;

/** The days with their times, and where (the venue line; "Online" for an online edition). */
export function whenAndWhere(details: EditionDetails): string[] {
  const label = zoneLabel(details);
  return [...details.days.map((day) => dayLine(day, label)), details.venue].filter(Boolean);
}

export function message(
  context: MailContext,
  topic: string,
  body: Block[],
  { footer, attachments }: { footer: string; attachments?: MailAttachment[] },
): MailContent {
  const { details } = context.edition;
  const subject = subjectLine(topic, details);
  const blocks = [
    paragraph(`Hello ${context.name},`),
    ...body,
    paragraph(`The ${details.shortTitle} organizers`),
    paragraph(footer),
  ];
  return {
    subject,
    text: renderText(blocks),
    html: renderHtml(subject, blocks),
    ...(attachments ? { attachments } : {}),
  };
}
