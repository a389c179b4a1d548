import { useEffect, useRef, useState } from 'preact/hooks';
import { api, problemText } from '../api.ts';
import { Scroll } from '../scroll.tsx';
import { EditionActions, RecordActions } from './registration-actions.tsx';
import type { ConsoleView, ViewProps } from './types.ts';

/**
 * Registrations: every registration of the edition (GET /admin/editions/{year}/registrations,
 * all pages), filtered by status on the server and by a search over name, email and affiliation
 * here; a person's record; the actions of registration-actions.tsx where the API has them.
 */

type Status = 'confirmed' | 'waitlisted' | 'cancelled';
type Registration = {
  id: string;
  name: string | null;
  email: string | null;
  affiliation: string | null;
  audience: string;
  status: Status;
  waitlistPosition: number | null;
  registeredAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  checkedInAt: string | null;
  mailUndeliverable: string | null;
};

const STATUSES: [Status | '', string][] = [
  ['', 'All'],
  ['confirmed', 'Confirmed'],
  ['waitlisted', 'Waiting list'],
  ['cancelled', 'Cancelled'],
];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const statusText = (registration: Registration) =>
  registration.status === 'waitlisted' && registration.waitlistPosition !== null
    ? `waiting list #${registration.waitlistPosition}`
    : registration.status;

function matches(registration: Registration, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return [registration.name, registration.email, registration.affiliation, registration.id].some(
    (field) => field?.toLowerCase().includes(needle),
  );
}

function Record(props: { year: number; registration: Registration; reload: () => void }) {
  const { registration } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [registration.id]);
  const name = registration.name ?? '(name erased)';
  return (
    <section class="record" aria-labelledby="record-heading">
      <h2 id="record-heading" ref={heading} tabIndex={-1}>
        {name}
      </h2>
      <dl class="figures">
        <dt>Email</dt>
        <dd>{registration.email ?? '—'}</dd>
        <dt>Affiliation</dt>
        <dd>{registration.affiliation ?? '—'}</dd>
        <dt>Audience</dt>
        <dd>{registration.audience}</dd>
        <dt>Status</dt>
        <dd>{statusText(registration)}</dd>
        <dt>Registered</dt>
        <dd>{when(registration.registeredAt)}</dd>
        <dt>Confirmed</dt>
        <dd>{when(registration.confirmedAt)}</dd>
        <dt>Cancelled</dt>
        <dd>{when(registration.cancelledAt)}</dd>
        <dt>Checked in</dt>
        <dd>{when(registration.checkedInAt)}</dd>
        <dt>Mail</dt>
        <dd>
          {registration.mailUndeliverable
            ? `undeliverable: ${registration.mailUndeliverable}`
            : 'fine'}
        </dd>
        <dt>Id</dt>
        <dd>
          <code>{registration.id}</code>
        </dd>
      </dl>
      <RecordActions
        year={props.year}
        id={registration.id}
        name={name}
        status={registration.status}
        done={props.reload}
      />
    </section>
  );
}

function Registrations(props: ViewProps) {
  const { year } = props;
  const [status, setStatus] = useState<Status | ''>('');
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Registration[]>();
  const [open, setOpen] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [loads, setLoads] = useState(0);

  useEffect(() => {
    let stale = false;
    (async () => {
      const all: Registration[] = [];
      let cursor: string | undefined;
      do {
        const { data, error } = await api.GET('/admin/editions/{year}/registrations', {
          params: {
            path: { year },
            query: { limit: 100, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
          },
        });
        if (!data) throw error;
        all.push(...data.items);
        cursor = data.nextCursor ?? undefined;
      } while (cursor);
      if (!stale) {
        setItems(all);
        setFailure(undefined);
      }
    })().catch((error: unknown) => {
      if (!stale) setFailure(problemText(error));
    });
    return () => {
      stale = true;
    };
  }, [year, status, loads]);

  const reload = () => setLoads((count) => count + 1);
  const shown = items?.filter((registration) => matches(registration, q.trim()));
  const record = items?.find((registration) => registration.id === open);

  return (
    <>
      {failure ? <p role="alert">{failure}</p> : null}
      <search class="row">
        <label>
          Status
          <select
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as Status | '')}
          >
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input
            type="search"
            name="q"
            value={q}
            placeholder="name, email, affiliation"
            onInput={(event) => setQ(event.currentTarget.value)}
          />
        </label>
      </search>
      {record ? <Record year={year} registration={record} reload={reload} /> : null}
      {shown === undefined ? (
        <p aria-busy="true">Loading the registrations…</p>
      ) : (
        <Scroll label="Registrations">
          <table>
            <caption class="muted">
              {shown.length} of {items?.length ?? 0} registrations
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((registration) => (
                <tr key={registration.id}>
                  <td>
                    <button
                      type="button"
                      class="link"
                      aria-expanded={open === registration.id}
                      onClick={() =>
                        setOpen(open === registration.id ? undefined : registration.id)
                      }
                    >
                      {registration.name ?? '(name erased)'}
                    </button>
                  </td>
                  <td>{registration.email ?? '—'}</td>
                  <td>{statusText(registration)}</td>
                  <td>{when(registration.registeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <h2>Capacity and adding by hand</h2>
      <EditionActions year={year} done={reload} />
    </>
  );
}

export const registrationsView: ConsoleView = {
  id: 'registrations',
  title: 'Registrations',
  scope: 'edition',
  groups: ['organizers'],
  component: Registrations,
};
