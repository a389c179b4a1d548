import { useEffect, useState } from 'preact/hooks';
import { api, problemText } from '../api.ts';
import { Scroll } from '../scroll.tsx';
import type { ConsoleView, ViewProps } from './types.ts';

/** The audit log, newest first, a page at a time (GET /admin/editions/{year}/audit). */

type Entry = { action: string; at: string; summary: string; target: string; who: string };

const PAGE = 50;

function Audit(props: ViewProps) {
  const [entries, setEntries] = useState<Entry[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function load(from?: string) {
    setBusy(true);
    const { data, error } = await api.GET('/admin/editions/{year}/audit', {
      params: {
        path: { year: props.year },
        query: from ? { cursor: from, limit: PAGE } : { limit: PAGE },
      },
    });
    setBusy(false);
    if (!data) return setFailure(problemText(error));
    setFailure(undefined);
    setEntries((previous) => [...(from ? (previous ?? []) : []), ...data.items]);
    setCursor(data.nextCursor);
  }

  useEffect(() => {
    setEntries(undefined);
    load().catch((error: unknown) => setFailure(problemText(error)));
  }, [props.year]);

  return (
    <>
      {failure ? <p role="alert">{failure}</p> : null}
      {entries === undefined ? (
        <p aria-busy="true">Loading the audit log…</p>
      ) : entries.length === 0 ? (
        <p>Nothing has been audited for this edition yet.</p>
      ) : (
        <Scroll label="Audit log">
          <table>
            <caption class="muted">{entries.length} entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={`${entry.at}-${entry.action}-${entry.target}`}>
                  <td>
                    <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
                  </td>
                  <td>{entry.who}</td>
                  <td>{entry.action}</td>
                  <td>{entry.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {cursor ? (
        <p>
          <button type="button" disabled={busy} onClick={() => load(cursor)}>
            Older entries
          </button>
        </p>
      ) : null}
    </>
  );
}

export const auditView: ConsoleView = {
  id: 'audit',
  title: 'Audit log',
  scope: 'edition',
  groups: ['organizers'],
  component: Audit,
};
