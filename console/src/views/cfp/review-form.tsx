import { useState } from 'preact/hooks';
import { api, problemText } from '../../api.ts';
import { useOutcome } from '../../outcome.tsx';
import { isOpenForReview, loadSubmission, type Submission, summaryText } from './model.ts';

/**
 * A reviewer's own review of one submission: a score from 1 to 5 (a radio group: arrow keys move
 * through it) and a comment, saved with PUT …/review (a second save replaces the first). Decided
 * submissions show the review read-only; a 409 (decided meanwhile) is the alert. A reviewer who
 * speaks on the submission gets the API's 403 sentence instead of the form.
 */

const SCORES = [
  [1, 'reject'],
  [2, 'weak'],
  [3, 'acceptable'],
  [4, 'good'],
  [5, 'must have'],
] as const;

const scoreLabel = (score: number) =>
  `${score} – ${SCORES.find(([value]) => value === score)?.[1] ?? ''}`;

export function ReviewForm(props: {
  year: number;
  submission: Submission;
  onSaved: (submission: Submission) => void;
}) {
  const { year, submission } = props;
  const mine = submission.myReview;
  const [score, setScore] = useState<number | undefined>(mine?.score);
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [refused, setRefused] = useState<string>();
  const { busy, run, succeed, fail, messages } = useOutcome();
  const name = `score-${submission.id}`;

  async function save() {
    if (score === undefined) return fail(new Error('Choose a score from 1 to 5 first.'));
    const { error, response } = await api.PUT(
      '/admin/editions/{year}/submissions/{submissionId}/review',
      { params: { path: { year, submissionId: submission.id } }, body: { score, comment } },
    );
    if (response.status === 403) return setRefused(problemText(error));
    if (error) {
      fail(error);
      // Decided meanwhile (409): show it as it is now, read-only.
      if (response.status === 409) props.onSaved(await loadSubmission(year, submission.id));
      return;
    }
    props.onSaved(await loadSubmission(year, submission.id));
    succeed(`Your review of “${submission.title}” is saved: ${scoreLabel(score)}.`);
  }

  const summary =
    mine || !isOpenForReview(submission) ? (
      <p>
        <span class="muted">All reviews: </span>
        {summaryText(submission.reviews)}
      </p>
    ) : null;

  if (refused) return <p class="refused">{refused}</p>;
  if (!isOpenForReview(submission)) {
    return (
      <>
        {messages}
        <p class="muted">Reviews are closed: the submission is decided.</p>
        {mine ? (
          <p>
            Your review: <strong>{scoreLabel(mine.score)}</strong>
            {mine.comment ? ` · ${mine.comment}` : ''}
          </p>
        ) : (
          <p>You did not review it.</p>
        )}
        {summary}
      </>
    );
  }
  return (
    <>
      {summary}
      <form
        class="review"
        aria-label={`Your review of ${submission.title}`}
        onSubmit={(event) => {
          event.preventDefault();
          run(save);
        }}
      >
        <fieldset class="scores">
          <legend>Your score</legend>
          {SCORES.map(([value]) => (
            <label class="check" key={value}>
              <input
                type="radio"
                name={name}
                value={value}
                required
                checked={score === value}
                onChange={() => setScore(value)}
              />
              {scoreLabel(value)}
            </label>
          ))}
        </fieldset>
        <label class="comment">
          Your comment (for the organizers)
          <textarea
            rows={3}
            maxLength={5000}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {mine ? 'Update review' : 'Save review'}
        </button>
      </form>
      {messages}
    </>
  );
}
