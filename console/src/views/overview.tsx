import { useEffect, useState } from 'preact/hooks';
import { api, problemText } from '../api.ts';
import { editions } from '../editions.ts';
import { Link } from '../link.tsx';
import { hrefOf } from '../router.ts';
import { user } from '../session.ts';
import type { ConsoleView } from './types.ts';

/**
 * The editions at a glance: seats, confirmed, waiting list, check-ins and mail problems per
 * edition, from the existing routes (GET /editions/{year}, the attendance and the failed mail of
 * the organizers' API). A figure the user may not read (a reviewer) shows as "—".
 */

interface Figures {
  seats?: number;
  confirmed?: number;
  waitlisted?: number;
  checkedIn?: number;
  mailProblems?: number;
}

async function figuresOf(year: number): Promise<Figures> {
  const path = { params: { path: { year } } };
  const [edition, attendance, failed] = await Promise.all([
    api.GET('/editions/{year}', path),
    api.GET('/admin/editions/{year}/attendance', path),
    api.GET('/admin/editions/{year}/mail/failed', path),
  ]);
  const registration = edition.data?.registration;
  return {
    ...(registration
      ? {
          seats: registration.capacity,
          confirmed: registration.capacity - registration.seatsLeft,
          waitlisted: registration.waitlistLength,
        }
      : {}),
    ...(attendance.data
      ? { confirmed: attendance.data.confirmed, checkedIn: attendance.data.checkedIn }
      : {}),
    ...(failed.data ? { mailProblems: failed.data.items.length } : {}),
  };
}

const shown = (value: number | undefined) => (value === undefined ? '—' : String(value));

function EditionCard(props: { year: number; title: string; date: string }) {
  const [figures, setFigures] = useState<Figures>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    figuresOf(props.year).then(setFigures, (error: unknown) => setFailure(problemText(error)));
  }, [props.year]);
  return (
    <li>
      <h2>{props.title}</h2>
      <p class="muted">{props.date}</p>
      {failure ? <p role="alert">{failure}</p> : null}
      <dl class="figures" aria-busy={figures === undefined}>
        <dt>Seats</dt>
        <dd>{shown(figures?.seats)}</dd>
        <dt>Confirmed</dt>
        <dd>{shown(figures?.confirmed)}</dd>
        <dt>Waiting list</dt>
        <dd>{shown(figures?.waitlisted)}</dd>
        <dt>Checked in</dt>
        <dd>{shown(figures?.checkedIn)}</dd>
        <dt>Mail problems</dt>
        <dd>{shown(figures?.mailProblems)}</dd>
      </dl>
      {user.value?.groups.includes('organizers') ? (
        <p class="row">
          <Link href={hrefOf('registrations', props.year)}>Registrations {props.year}</Link>
          <Link href={hrefOf('day', props.year)}>Workshop day {props.year}</Link>
        </p>
      ) : null}
    </li>
  );
}

function Overview() {
  const list = editions.value;
  if (!list) return <p aria-busy="true">Loading the editions…</p>;
  if (list.length === 0) return <p>No edition is published yet.</p>;
  return (
    <ul class="cards">
      {list.map((edition) => (
        <EditionCard key={edition.year} {...edition} />
      ))}
    </ul>
  );
}

export const overviewView: ConsoleView = {
  id: 'overview',
  title: 'Overview',
  scope: 'console',
  groups: ['organizers', 'reviewers'],
  component: Overview,
};
