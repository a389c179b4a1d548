import type { MovedTalk, NoticeTime } from '../draft/schedule-notice.ts';
import { heading, link, list, paragraph } from './blocks.ts';
import { dayLine, zoneLabel } from './dates.ts';
import { editionPageUrl, type MailContext, message } from './frame.ts';
import type { MailContent } from './message.ts';

/** The messages of a submission to the call for papers: its receipt; its talk moved. */

/** What a speaker's receipt tells of the submission: the speaker's own, so no one else's data. */
export interface SubmissionMailContext extends MailContext {
  submission: {
    title: string;
    /** The kind's label and duration, as the call names it: "Lightning talk (10 min)". */
    kind: string;
    /** The track's name. */
    track: string;
    /** Whether the addressee is the first speaker (who submitted) or a co-speaker. */
    submitter: boolean;
  };
  /**
   * The call's last day ("2020-04-15") or last minute ("2020-04-15T17:00") in the edition's zone:
   * until then the submission can be edited or withdrawn.
   */
  closes: string;
  /** The speakers' page of the submission: it carries the private token. */
  manageUrl: string;
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "the end of Wednesday, 15 April 2020 (CEST)", or "Wednesday, 15 April 2020 at 17:00 CEST". */
function closingLine(context: SubmissionMailContext): string {
  const { closes } = context;
  const day = DAY.format(new Date(`${closes.slice(0, 10)}T12:00:00Z`));
  const zone = zoneLabel(context.edition.details);
  return closes.length === 10
    ? `the end of ${day} (${zone})`
    : `${day} at ${closes.slice(11, 16)} ${zone}`;
}

export function submissionReceivedMessage(context: SubmissionMailContext): MailContent {
  const { details } = context.edition;
  const { submission } = context;
  return message(
    context,
    'Your submission is received',
    [
      paragraph(
        submission.submitter
          ? `Thank you for submitting to the call for papers of ${details.title}. We have received your submission:`
          : `You are named as a speaker on a submission to the call for papers of ${details.title}:`,
      ),
      list([
        `Title: ${submission.title}`,
        `Kind: ${submission.kind}`,
        `Track: ${submission.track}`,
      ]),
      heading('Your submission'),
      paragraph(
        `Until the call closes, at ${closingLine(context)}, you can read, edit or withdraw it with this private link. Please do not pass it on: it opens the submission without a password.`,
      ),
      link('Your submission', context.manageUrl),
      heading('What happens next'),
      paragraph(
        'After the call closes, reviewers read every submission, and the organizers decide. We write to each speaker with the decision; an accepted speaker confirms with the same link, and the talk joins the agenda.',
      ),
    ],
    {
      footer: `You receive this email because you were named as a speaker on a submission to the call for papers at ${editionPageUrl(context)}/cfp.`,
    },
  );
}

/**
 * A release moved a confirmed talk: each of its speakers is told its new day, time and place in
 * the edition's zone, with the submission's private link and whom to tell if it does not suit.
 */
export interface TalkChangedContext extends MailContext {
  talk: MovedTalk;
  /** The speakers' page of the submission (shared/cfp/submission-link.ts). */
  manageUrl: string;
}

/** "Thursday, 25 June 2020, 09:05–09:20 CEST". */
const when = (time: NoticeTime) =>
  dayLine({ date: time.start.slice(0, 10), startsAt: time.start, endsAt: time.end }, time.zone);

const where = ({ place, mode }: NoticeTime) => (mode === 'online' ? `online (${place})` : place);

export function talkChangedMessage(context: TalkChangedContext): MailContent {
  const { details } = context.edition;
  const { talk } = context;
  const placeMoved = talk.from.place !== talk.to.place || talk.from.mode !== talk.to.mode;
  return message(
    context,
    'Your talk has moved',
    [
      paragraph(`The organizers of ${details.title} have moved your talk "${talk.title}":`),
      list([
        `Now: ${when(talk.to)}${placeMoved || talk.to.place ? `, ${where(talk.to)}` : ''}`,
        `Before: ${when(talk.from)}${placeMoved || talk.from.place ? `, ${where(talk.from)}` : ''}`,
      ]),
      heading('If it does not suit you'),
      paragraph(
        'Please answer this email as soon as you can, so that the organizers can find another slot. You can read your talk with your private link; keep it to yourself: it opens your submission.',
      ),
      link('Your submission', context.manageUrl),
    ],
    {
      footer: `You receive this email because you are a speaker of a confirmed talk at ${editionPageUrl(context)}.`,
    },
  );
}
