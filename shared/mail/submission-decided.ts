import { link, paragraph, quoted } from './blocks.ts';
import { editionPageUrl, type MailContext, message } from './frame.ts';
import type { MailContent } from './message.ts';

/**
 * The organizers' decision on a submission, to each of its speakers: accepted, with the private
 * link to confirm or decline the talk, or not, with thanks. The organizers' message, if any, is
 * quoted as they wrote it.
 */
export interface SubmissionDecidedContext extends MailContext {
  submission: {
    title: string;
    decision: 'accepted' | 'rejected';
    message?: string;
    /** The speakers' page of the submission (shared/cfp/submission-link.ts). */
    link: string;
  };
}

export function submissionDecidedMessage(context: SubmissionDecidedContext): MailContent {
  const { details } = context.edition;
  const { submission } = context;
  const accepted = submission.decision === 'accepted';
  const note = submission.message
    ? [paragraph('A word from the organizers:'), quoted(submission.message)]
    : [];
  return message(
    context,
    accepted ? 'Your submission is accepted' : 'About your submission',
    accepted
      ? [
          paragraph(
            `Your submission "${submission.title}" is accepted for ${details.title}. Please confirm that you will give it, or decline, with your private link: once confirmed, it joins the agenda.`,
          ),
          ...note,
          link('Confirm or decline', submission.link),
          paragraph('Keep this link to yourself: it opens your submission.'),
        ]
      : [
          paragraph(
            `Thank you for submitting "${submission.title}" to ${details.title}. We are sorry: it could not be part of this year's programme.`,
          ),
          ...note,
          link('Your submission', submission.link),
        ],
    {
      footer: `You receive this email because you are a speaker of a submission to ${details.title} at ${editionPageUrl(context)}.`,
    },
  );
}
