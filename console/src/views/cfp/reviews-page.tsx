import { useEffect, useState } from 'preact/hooks';
import { useOutcome } from '../../outcome.tsx';
import type { ViewProps } from '../types.ts';
import {
  distinct,
  kindLabel,
  loadSubmissions,
  loadTracks,
  type Named,
  nameOf,
  type Submission,
} from './model.ts';
import { SubmissionCard } from './parts.tsx';
import { ReviewForm } from './review-form.tsx';

/**
 * Reviews: the edition's submissions to review (GET /admin/editions/{year}/submissions, every
 * page), filtered by track and kind; each with its text, the reviewer's own score and comment
 * (cfp/review-form.tsx) and, once reviewed, everyone's summary. Decided ones are marked and
 * read-only. For reviewers and organizers.
 */

export default function Reviews(props: ViewProps) {
  const { year } = props;
  const [items, setItems] = useState<Submission[]>();
  const [tracks, setTracks] = useState<Named[]>([]);
  const [track, setTrack] = useState('');
  const [kind, setKind] = useState('');
  const { fail, messages } = useOutcome();

  useEffect(() => {
    let stale = false;
    Promise.all([loadSubmissions(year), loadTracks(year)]).then(([submissions, segments]) => {
      if (stale) return;
      setItems(submissions);
      setTracks(segments);
    }, fail);
    return () => {
      stale = true;
    };
  }, [year]);

  const replace = (updated: Submission) =>
    setItems((current) => current?.map((item) => (item.id === updated.id ? updated : item)));

  const shown = items?.filter(
    (item) => (!track || item.segment === track) && (!kind || item.kind === kind),
  );
  const toReview = items?.filter((item) => item.status === 'submitted' && !item.myReview).length;

  return (
    <>
      {messages}
      <search class="row">
        <label>
          Track
          <select value={track} onChange={(event) => setTrack(event.currentTarget.value)}>
            <option value="">All tracks</option>
            {distinct(items ?? [], 'segment').map((id) => (
              <option key={id} value={id}>
                {nameOf(tracks, id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={kind} onChange={(event) => setKind(event.currentTarget.value)}>
            <option value="">All kinds</option>
            {distinct(items ?? [], 'kind').map((id) => (
              <option key={id} value={id}>
                {kindLabel(id)}
              </option>
            ))}
          </select>
        </label>
      </search>
      {shown === undefined ? (
        <p aria-busy="true">Loading the submissions…</p>
      ) : (
        <>
          <p class="muted">
            {shown.length} of {items?.length ?? 0} submissions shown; {toReview} still to review by
            you.
          </p>
          {shown.length === 0 ? <p>No submission here yet.</p> : null}
          <ol class="submissions">
            {shown.map((submission) => (
              <SubmissionCard key={submission.id} submission={submission} tracks={tracks}>
                <ReviewForm year={year} submission={submission} onSaved={replace} />
              </SubmissionCard>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
