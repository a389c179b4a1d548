import type { CallWindow } from '../cfp/call.ts';
import { heading, link, list, paragraph } from './blocks.ts';
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
  /** The call's window: until it closes the submission can be edited or withdrawn. */
  window: CallWindow;
  /** The speakers' page of the submission: it carries the private token. */
  manageUrl: string;
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
        `Until the call closes (${context.window.closesAt}) you can read, edit or withdraw it with this private link. Please do not pass it on: it opens the submission without a password.`,
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
