import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { useOutcome } from '../../outcome.tsx';
import type { Named, Submission } from './model.ts';

/**
 * The organizers' decisions: accept into a session of the draft (with an optional message to
 * the speakers) or reject, one submission at a time (POST …/{id}/decision) or several at once
 * (POST …/decisions, each row's result shown). The speakers are mailed by the API.
 */

type Decision = 'accepted' | 'rejected';

/** A decision can change until the speakers answered. */
export const isDecidable = (submission: Submission) =>
  ['submitted', 'accepted', 'rejected'].includes(submission.status);

/** The fields both forms share: accept (into which session) or reject, and the message. */
function DecisionFields(props: {
  prefix: string;
  sessions: readonly Named[];
  decision: Decision;
  session: string;
  message: string;
  set: (change: Partial<{ decision: Decision; session: string; message: string }>) => void;
}) {
  const { prefix, decision } = props;
  return (
    <>
      <fieldset class="choice">
        <legend>Decision</legend>
        {(
          [
            ['accepted', 'Accept'],
            ['rejected', 'Reject'],
          ] as const
        ).map(([value, label]) => (
          <label class="check" key={value}>
            <input
              type="radio"
              name={`${prefix}-decision`}
              value={value}
              checked={decision === value}
              onChange={() => props.set({ decision: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {decision === 'accepted' ? (
        <label>
          Session
          <select
            required
            value={props.session}
            onChange={(event) => props.set({ session: event.currentTarget.value })}
          >
            <option value="">Choose a session of the draft</option>
            {props.sessions.map((session) => (
              <option key={session.id} value={session.id}>
                {session.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label class="comment">
        Message to the speakers (optional)
        <textarea
          rows={2}
          maxLength={2000}
          value={props.message}
          onInput={(event) => props.set({ message: event.currentTarget.value })}
        />
      </label>
    </>
  );
}

function useDecision(initial?: Submission['decision']) {
  const [fields, setFields] = useState({
    decision: (initial?.decision ?? 'accepted') as Decision,
    session: initial?.session ?? '',
    message: '',
  });
  const body = {
    decision: fields.decision,
    ...(fields.decision === 'accepted' ? { session: fields.session } : {}),
    ...(fields.message.trim() ? { message: fields.message.trim() } : {}),
  };
  const set = (change: Partial<typeof fields>) => setFields({ ...fields, ...change });
  return { fields, set, body };
}

const decidedWords = (decision: Decision) => (decision === 'accepted' ? 'accepted' : 'rejected');

export function DecisionForm(props: {
  year: number;
  submission: Submission;
  sessions: readonly Named[];
  onDecided: () => Promise<void>;
}) {
  const { year, submission } = props;
  const { fields, set, body } = useDecision(submission.decision);
  const { busy, run, succeed, messages } = useOutcome();
  return (
    <form
      class="decision"
      aria-label={`Decision on ${submission.title}`}
      onSubmit={(event) => {
        event.preventDefault();
        run(async () => {
          const { error } = await api.POST(
            '/admin/editions/{year}/submissions/{submissionId}/decision',
            { params: { path: { year, submissionId: submission.id } }, body },
          );
          if (error) throw error;
          await props.onDecided();
          succeed(
            `“${submission.title}” is ${decidedWords(fields.decision)}; its speakers are told.`,
          );
        });
      }}
    >
      <DecisionFields prefix={submission.id} sessions={props.sessions} {...fields} set={set} />
      <button type="submit" disabled={busy}>
        Send the decision
      </button>
      {messages}
    </form>
  );
}

type Result = { id: string; status: number; detail?: string };

export function BulkDecisions(props: {
  year: number;
  selected: readonly Submission[];
  sessions: readonly Named[];
  onDecided: () => Promise<void>;
}) {
  const { year, selected } = props;
  const { fields, set, body } = useDecision();
  const [results, setResults] = useState<{ title: string; result: Result }[]>();
  const { busy, run, succeed, messages } = useOutcome();
  const count = selected.length;
  return (
    <form
      class="decision"
      aria-label="Decide the selected submissions"
      onSubmit={(event) => {
        event.preventDefault();
        run(async () => {
          const titles = new Map(selected.map((submission) => [submission.id, submission.title]));
          const { data, error } = await api.POST('/admin/editions/{year}/submissions/decisions', {
            params: { path: { year } },
            body: { decisions: selected.map((submission) => ({ id: submission.id, ...body })) },
          });
          if (!data) throw error;
          setResults(
            data.results.map((result) => ({ title: titles.get(result.id) ?? result.id, result })),
          );
          await props.onDecided();
          const done = data.results.filter((result) => result.status === 200).length;
          succeed(`${done} of ${data.results.length} decisions sent; each result is listed.`);
        });
      }}
    >
      <fieldset>
        <legend>
          {count === 0
            ? 'Decide the selected submissions (none selected)'
            : `Decide the ${count === 1 ? 'selected submission' : `${count} selected submissions`}`}
        </legend>
        <DecisionFields prefix="bulk" sessions={props.sessions} {...fields} set={set} />
        <button type="submit" disabled={busy || count === 0}>
          Send {count === 1 ? 'the decision' : `${count} decisions`}
        </button>
      </fieldset>
      {messages}
      {results ? (
        <ul class="results" aria-label="Results of the decisions">
          {results.map(({ title, result }) => (
            <li key={result.id} class={result.status === 200 ? '' : 'error'}>
              {title}:{' '}
              {result.status === 200 ? 'done' : `${result.status}, ${result.detail ?? 'refused'}`}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
