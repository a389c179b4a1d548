import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { useOutcome } from '../outcome.tsx';
import './agenda/agenda.css';
import type { Finding } from './agenda/model.ts';
import type { ConsoleView, ViewProps } from './types.ts';

/**
 * Releases: what the next release changes (GET …/draft/changes: the draft against the latest
 * release, as the public changes feed says it), then name, comment, a Reason when the lint asks
 * to force, whether to notify registrants of what moved; and the past releases.
 */

type Times = { start: string; end: string };
type Changes = {
  from: number;
  added: { id: string; title: string; start: string; end: string }[];
  removed: { id: string; title: string }[];
  moved: { id: string; title: string; from: Times; to: Times }[];
  renamed: { id: string; from: string; to: string }[];
  speakersChanged: { id: string; title: string; from: string[]; to: string[] }[];
  materialsChanged: { id: string; title: string }[];
  locationChanged: { from: { mode: string }; to: { mode: string } } | null;
  daysChanged: { from: string[]; to: string[] } | null;
};
type Release = {
  number: number;
  name: string;
  comment: string;
  releasedAt: string;
  forced: boolean;
  forceReason?: string;
};

const when = (iso: string) =>
  new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
const span = ({ start, end }: Times) =>
  `${new Date(start).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })}–${new Date(end).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;

function changeLines(changes: Changes): string[] {
  return [
    ...changes.added.map((talk) => `Added: ${talk.title} (${span(talk)})`),
    ...changes.removed.map((talk) => `Removed: ${talk.title}`),
    ...changes.renamed.map((talk) => `Renamed: “${talk.from}” → “${talk.to}”`),
    ...changes.moved.map((talk) => `Moved: ${talk.title}, ${span(talk.from)} → ${span(talk.to)}`),
    ...changes.speakersChanged.map(
      (talk) =>
        `Speakers of ${talk.title}: ${talk.from.join(', ') || 'none'} → ${talk.to.join(', ') || 'none'}`,
    ),
    ...changes.materialsChanged.map((item) => `Materials of ${item.title} changed`),
    ...(changes.locationChanged
      ? [`Place: ${changes.locationChanged.from.mode} → ${changes.locationChanged.to.mode}`]
      : []),
    ...(changes.daysChanged
      ? [`Days: ${changes.daysChanged.from.join(', ')} → ${changes.daysChanged.to.join(', ')}`]
      : []),
  ];
}

function Releases(props: ViewProps) {
  const { year } = props;
  const [changes, setChanges] = useState<Changes>();
  const [findings, setFindings] = useState<Finding[]>([]);
  const [releases, setReleases] = useState<Release[]>();
  const { fail, succeed, busy, run, messages } = useOutcome();
  const [name, setName] = useState('');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [notify, setNotify] = useState(true);

  async function load() {
    const path = { params: { path: { year } } };
    const [draft, changed, past] = await Promise.all([
      api.GET('/admin/editions/{year}/draft', path),
      api.GET('/admin/editions/{year}/draft/changes', path),
      api.GET('/editions/{year}/agenda/releases', {
        ...path,
        headers: { 'cache-control': 'no-cache' },
      }),
    ]);
    if (draft.data) setFindings(draft.data.findings as Finding[]);
    if (changed.data) setChanges(changed.data as unknown as Changes);
    if (past.data) setReleases(past.data.items as Release[]);
    const error = draft.error ?? changed.error ?? past.error;
    if (error) fail(error);
  }
  useEffect(() => {
    load().catch(fail);
  }, [year]);

  const errors = findings.filter((finding) => finding.severity === 'error');
  const forcing = errors.length > 0;

  async function release(event: Event) {
    event.preventDefault();
    await run(async () => {
      const { data, error } = await api.POST('/admin/editions/{year}/agenda/releases', {
        params: { path: { year } },
        body: {
          name,
          comment,
          notify,
          ...(forcing && reason.trim() ? { force: { reason } } : {}),
        },
      });
      if (!data) {
        // The lint may have found errors since this page read the draft: show them, ask why.
        const problem = error as { findings?: Finding[] } | undefined;
        if (problem?.findings) setFindings(problem.findings);
        fail(error);
        return;
      }
      const notified = data.notified.registrants + data.joinUrl.notified;
      succeed(
        `Released ${data.release.name} as release ${data.release.number}${data.release.forced ? ' (forced)' : ''}; ${notified} ${notified === 1 ? 'registrant' : 'registrants'} notified.`,
      );
      setName('');
      setComment('');
      setReason('');
      await load();
    });
  }

  const lines = changes ? changeLines(changes) : [];
  return (
    <>
      {messages}
      <h2>Changes since the last release</h2>
      {changes === undefined ? (
        <p aria-busy="true">Comparing the draft with the last release…</p>
      ) : lines.length === 0 ? (
        <p>Nothing changed since release {changes.from}.</p>
      ) : (
        <>
          <p class="muted">The draft against release {changes.from}:</p>
          <ul>
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <h2>Release the draft</h2>
      <form onSubmit={release}>
        {forcing ? (
          <div class="record">
            <p>
              The lint finds {errors.length} {errors.length === 1 ? 'error' : 'errors'}: releasing
              anyway needs a reason, kept with the release.
            </p>
            <ul class="findings">
              {errors.map((finding) => (
                <li key={`${finding.code}-${finding.ids.join()}`} class="error">
                  {finding.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div class="row">
          <label>
            Name
            <input
              required
              maxLength={100}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <label class="wide">
            Comment
            <textarea
              required
              rows={2}
              maxLength={2000}
              value={comment}
              onInput={(e) => setComment(e.currentTarget.value)}
            />
          </label>
          {forcing ? (
            <label class="wide">
              Reason
              <textarea
                required
                rows={2}
                maxLength={2000}
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </label>
          ) : null}
        </div>
        <p>
          <label class="check">
            <input
              type="checkbox"
              checked={notify}
              onChange={(e) => setNotify(e.currentTarget.checked)}
            />
            Notify registrants of moved talks, days or place
          </label>
        </p>
        <p>
          <button type="submit" disabled={busy}>
            Release
          </button>
        </p>
      </form>
      <h2>Past releases</h2>
      {releases === undefined ? (
        <p aria-busy="true">Loading the releases…</p>
      ) : (
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">Release</th>
                <th scope="col">Name</th>
                <th scope="col">When</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((item) => (
                <tr key={item.number}>
                  <td>{item.number}</td>
                  <td>{item.name}</td>
                  <td>{when(item.releasedAt)}</td>
                  <td>
                    {item.comment}
                    {item.forced ? (
                      <span class="muted"> (forced: {item.forceReason ?? 'no reason'})</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const releasesView: ConsoleView = {
  id: 'releases',
  title: 'Releases',
  scope: 'edition',
  groups: ['organizers'],
  component: Releases,
};
