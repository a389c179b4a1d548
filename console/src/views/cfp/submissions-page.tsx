import { useEffect, useRef, useState } from 'preact/hooks';
import { useOutcome } from '../../outcome.tsx';
import type { ViewProps } from '../types.ts';
import { CsvExport } from './csv-export.tsx';
import { BulkDecisions, DecisionForm, isDecidable } from './decision-form.tsx';
import {
  loadSessions,
  loadSubmissions,
  loadTracks,
  type Named,
  STATUSES,
  type Status,
  type Submission,
} from './model.ts';
import { SubmissionCard } from './parts.tsx';

/**
 * Submissions (organizers): the edition's submissions with a status filter, each with its score
 * summary (count, mean, spread), every review, and the decision (cfp/decision-form.tsx): accept
 * into a session of the draft or reject, one at a time or several selected at once; the CSV
 * export (cfp/csv-export.tsx).
 */

const STATUS_LABELS: Record<Status, string> = {
  submitted: 'Submitted',
  accepted: 'Accepted',
  rejected: 'Rejected',
  confirmed: 'Confirmed',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

function Scores(props: { submission: Submission }) {
  const { reviews, reviewDetails = [] } = props.submission;
  return (
    <>
      <dl class="figures" aria-label="Score summary">
        <dt>Reviews</dt>
        <dd>{reviews.count}</dd>
        <dt>Mean</dt>
        <dd>{reviews.mean ?? '—'}</dd>
        <dt>Spread</dt>
        <dd>{reviews.spread ?? '—'}</dd>
      </dl>
      {reviewDetails.length === 0 ? (
        <p class="muted">No reviews yet.</p>
      ) : (
        <ul class="reviews" aria-label={`Reviews of ${props.submission.title}`}>
          {reviewDetails.map((review) => (
            <li key={review.reviewer}>
              <strong>{review.score}</strong> from {review.reviewer}
              {review.comment ? <>: {review.comment}</> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export default function Submissions(props: ViewProps) {
  const { year } = props;
  const [status, setStatus] = useState<Status | ''>('');
  const [items, setItems] = useState<Submission[]>();
  const [tracks, setTracks] = useState<Named[]>([]);
  const [sessions, setSessions] = useState<Named[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deciding, setDeciding] = useState<string>();
  const { fail, messages } = useOutcome();

  // Only the latest load shows: an earlier filter's answer arriving late is dropped.
  const latest = useRef(0);
  const reload = () => {
    latest.current += 1;
    const load = latest.current;
    return loadSubmissions(year, status || undefined).then((submissions) => {
      if (load !== latest.current) return;
      setItems(submissions);
      // What is no longer listed is no longer selected.
      setSelected(
        (current) => new Set(submissions.filter((s) => current.has(s.id)).map((s) => s.id)),
      );
    }, fail);
  };

  useEffect(() => {
    Promise.all([loadTracks(year), loadSessions(year)]).then(([segments, draftSessions]) => {
      setTracks(segments);
      setSessions(draftSessions);
    }, fail);
  }, [year]);
  useEffect(() => {
    setItems(undefined);
    reload();
  }, [year, status]);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const chosen = items?.filter((item) => selected.has(item.id)) ?? [];
  const decidable = items?.filter(isDecidable) ?? [];

  return (
    <>
      {messages}
      <div class="row">
        <label>
          Status
          <select
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as Status | '')}
          >
            <option value="">All</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <CsvExport year={year} status={status} />
      </div>
      {items === undefined ? (
        <p aria-busy="true">Loading the submissions…</p>
      ) : (
        <>
          <h2>Decide several at once</h2>
          <p class="muted">
            Select submissions below ({decidable.length} can be decided), then decide them here.
          </p>
          <BulkDecisions
            year={year}
            selected={chosen}
            sessions={sessions}
            onDecided={async () => {
              setSelected(new Set());
              await reload();
            }}
          />
          <h2>
            {items.length} {items.length === 1 ? 'submission' : 'submissions'}
          </h2>
          <ol class="submissions">
            {items.map((submission) => (
              <SubmissionCard
                key={submission.id}
                submission={submission}
                tracks={tracks}
                sessions={sessions}
                before={
                  isDecidable(submission) ? (
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={selected.has(submission.id)}
                        onChange={(event) => toggle(submission.id, event.currentTarget.checked)}
                      />
                      Select “{submission.title}”
                    </label>
                  ) : null
                }
              >
                <Scores submission={submission} />
                {isDecidable(submission) ? (
                  <>
                    <button
                      type="button"
                      class="secondary"
                      aria-expanded={deciding === submission.id}
                      aria-label={`Decide on ${submission.title}`}
                      onClick={() =>
                        setDeciding(deciding === submission.id ? undefined : submission.id)
                      }
                    >
                      Decide
                    </button>
                    {deciding === submission.id ? (
                      <DecisionForm
                        year={year}
                        submission={submission}
                        sessions={sessions}
                        onDecided={reload}
                      />
                    ) : null}
                  </>
                ) : null}
              </SubmissionCard>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
