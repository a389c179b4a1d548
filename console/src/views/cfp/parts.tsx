import type { ComponentChildren } from 'preact';
import { kindLabel, type Named, nameOf, type Submission } from './model.ts';

/**
 * What Reviews and Submissions both show of a submission: its heading, kind, track and status,
 * its abstract and notes, and its speakers (names and affiliations; a blind call shows reviewers
 * only how many there are).
 */

const headingId = (submission: Submission) => `submission-${submission.id}`;

const STATUS_WORDS: Record<Submission['status'], string> = {
  submitted: 'Submitted: open for review',
  accepted: 'Accepted: waiting for the speakers',
  rejected: 'Rejected',
  confirmed: 'Confirmed by the speakers',
  declined: 'Declined by the speakers',
  withdrawn: 'Withdrawn by the speakers',
};

function statusWords(submission: Submission, sessions: readonly Named[] = []): string {
  const words = STATUS_WORDS[submission.status];
  const session = submission.decision?.session;
  return session && submission.status !== 'rejected'
    ? `${words} (session ${nameOf(sessions, session)})`
    : words;
}

/** One submission's card: an article named by its title, `children` below its text. */
export function SubmissionCard(props: {
  submission: Submission;
  tracks: readonly Named[];
  sessions?: readonly Named[];
  /** Before the heading (the organizers' selection box). */
  before?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const { submission, tracks } = props;
  const decided = submission.status !== 'submitted';
  return (
    <li>
      <article
        class={decided ? 'submission decided' : 'submission'}
        aria-labelledby={headingId(submission)}
      >
        {props.before}
        <h3 id={headingId(submission)}>{submission.title}</h3>
        <p class="muted">
          {kindLabel(submission.kind)} · {nameOf(tracks, submission.segment)} · submitted{' '}
          {new Date(submission.submittedAt).toLocaleDateString()}
        </p>
        <p class={decided ? 'state closed' : 'state'}>
          <strong>{statusWords(submission, props.sessions)}</strong>
        </p>
        <p class="abstract">{submission.abstract}</p>
        {submission.notes ? (
          <p>
            <span class="muted">Notes: </span>
            {submission.notes}
          </p>
        ) : null}
        {submission.speakers ? (
          <ul class="speakers" aria-label="Speakers">
            {submission.speakers.map((speaker) => (
              <li key={`${speaker.name}-${speaker.affiliation}`}>
                {speaker.name} <span class="muted">({speaker.affiliation})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">
            {submission.speakerCount === 1 ? '1 speaker' : `${submission.speakerCount} speakers`}:
            names and affiliations are hidden, the review is blind.
          </p>
        )}
        {props.children}
      </article>
    </li>
  );
}
