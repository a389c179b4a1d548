import { useEffect, useState } from 'preact/hooks';
import { api, problemText } from '../api.ts';
import { editions } from '../editions.ts';
import { Link } from '../link.tsx';
import { hrefOf } from '../router.ts';
import { user } from '../session.ts';
import type { ConsoleView } from './types.ts';

/**
 * The editions at a glance: seats, confirmed, waiting list, check-ins and mail problems per
 * edition. Organizers get them all from one call (GET /admin/overview); a reviewer, who may not
 * read registrations, sees the public seat figures (GET /editions/{year}) and "—" for the rest.
 */

interface Figures {
  seats?: number;
  confirmed?: number;
  waitlisted?: number;
  checkedIn?: number;
  mailProblems?: number;
}

let organizersOverview: Promise<Map<number, Figures>> | undefined;

/** One call for every edition, shared by the cards of one visit to the overview. */
function overviewFigures(): Promise<Map<number, Figures>> {
  organizersOverview ??= api.GET('/admin/overview').then(({ data, error }) => {
    if (error || !data) throw error;
    return new Map(
      data.items.map((item) => [
        item.year,
        {
          seats: item.seats,
          confirmed: item.confirmed,
          waitlisted: item.waitlisted,
          checkedIn: item.checkedIn,
          mailProblems: item.mail.failed + item.mail.undeliverable,
        },
      ]),
    );
  });
  return organizersOverview;
}

async function figuresOf(year: number): Promise<Figures> {
  if (user.value?.groups.includes('organizers')) return (await overviewFigures()).get(year) ?? {};
  const { data } = await api.GET('/editions/{year}', { params: { path: { year } } });
  const registration = data?.registration;
  return registration
    ? {
        seats: registration.capacity,
        confirmed: registration.capacity - registration.seatsLeft,
        waitlisted: registration.waitlistLength,
      }
    : {};
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
  // Fresh figures on every visit to the overview.
  organizersOverview = undefined;
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
