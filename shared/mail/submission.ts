import { heading, link, list, paragraph } from './blocks.ts';
import { zoneLabel } from './dates.ts';
import { editionPageUrl, type MailContext, message } from './frame.ts';
import type { MailContent } from './message.ts';

/** The messages of a submission to the call for papers: its receipt. */

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
