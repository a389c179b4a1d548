import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { useOutcome } from '../outcome.tsx';
import { Scroll } from '../scroll.tsx';
import type { ConsoleView, ViewProps } from './types.ts';

/**
 * The workshop day: what runs now and next (GET /editions/{year}/now), each session's delay with
 * "running late" +5/+10/+15 and Clear (POST /admin/editions/{year}/live/delays from the session's
 * first slot: its live delay plus the step, or 0), and the door page for check-in.
 */

type Session = {
  id: string;
  title: string;
  day: string;
  start: string;
  end: string;
  slotIds: string[];
};
type Slot = { id: string; delayMinutes?: number };
type NowItem = { title: string; liveStart: string; liveEnd: string; delayMinutes: number } | null;

const STEPS = [5, 10, 15] as const;

const timeOf = (iso: string, zone: string | undefined) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZone: zone });

function Day(props: ViewProps) {
  const { year } = props;
  const [sessions, setSessions] = useState<Session[]>();
  const [delays, setDelays] = useState<Map<string, number>>(new Map());
  const [zone, setZone] = useState<string>();
  const [now, setNow] = useState<{ now: NowItem; next: NowItem }>();
  const { fail, succeed, messages } = useOutcome();

  async function load() {
    const path = { params: { path: { year } } };
    const [agenda, live, current] = await Promise.all([
      api.GET('/editions/{year}/agenda', { ...path, headers: { 'cache-control': 'no-cache' } }),
      api.GET('/admin/editions/{year}/live', path),
      api.GET('/editions/{year}/now', path),
    ]);
    if (!agenda.data) return fail(agenda.error);
    setZone(agenda.data.edition.timezone);
    setSessions(agenda.data.sessions);
    const slots = new Map<string, Slot>(agenda.data.slots.map((slot) => [slot.id, slot]));
    const byFrom = new Map<string, number>();
    for (const slot of live.data?.slots ?? []) slots.set(slot.id, slot);
    for (const session of agenda.data.sessions) {
      const first = session.slotIds[0];
      byFrom.set(session.id, (first && slots.get(first)?.delayMinutes) || 0);
    }
    setDelays(byFrom);
    if (!live.data) fail(live.error);
    if (current.data) setNow({ now: current.data.now, next: current.data.next });
  }

  useEffect(() => {
    load().catch(fail);
  }, [year]);

  async function delay(session: Session, minutes: number) {
    const from = session.slotIds[0];
    if (!from) return;
    const { error } = await api.POST('/admin/editions/{year}/live/delays', {
      params: { path: { year } },
      body: { from, minutes },
    });
    if (error) return fail(error);
    await load();
    succeed(
      minutes === 0
        ? `${session.title}: back on time.`
        : `${session.title}: running ${minutes} minutes late.`,
    );
  }

  const item = (label: string, value: NowItem) => (
    <>
      <dt>{label}</dt>
      <dd>
        {value
          ? `${value.title} (${timeOf(value.liveStart, zone)}–${timeOf(value.liveEnd, zone)}${value.delayMinutes ? `, ${value.delayMinutes} min late` : ''})`
          : 'nothing'}
      </dd>
    </>
  );

  return (
    <>
      {messages}
      <dl class="figures">
        {item('Now', now?.now ?? null)}
        {item('Next', now?.next ?? null)}
      </dl>
      <p>
        <a href={`/${year}/door`}>Door check-in page</a>
      </p>
      <h2>Running late</h2>
      {sessions === undefined ? (
        <p aria-busy="true">Loading the agenda…</p>
      ) : (
        <Scroll label="Sessions">
          <table>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Planned</th>
                <th scope="col">Late by</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => {
                const late = delays.get(session.id) ?? 0;
                return (
                  <tr key={session.id}>
                    <th scope="row">{session.title}</th>
                    <td>
                      {session.day} {timeOf(session.start, zone)}–{timeOf(session.end, zone)}
                    </td>
                    <td>{late ? `${late} min` : 'on time'}</td>
                    <td class="row">
                      {STEPS.map((step) => (
                        <button
                          key={step}
                          type="button"
                          class="secondary"
                          aria-label={`+${step} minutes for ${session.title}`}
                          onClick={() => delay(session, late + step)}
                        >
                          +{step}
                        </button>
                      ))}
                      <button
                        type="button"
                        class="secondary"
                        aria-label={`Clear the delay of ${session.title}`}
                        disabled={late === 0}
                        onClick={() => delay(session, 0)}
                      >
                        Clear
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Scroll>
      )}
    </>
  );
}

export const dayView: ConsoleView = {
  id: 'day',
  title: 'Workshop day',
  scope: 'edition',
  groups: ['organizers'],
  component: Day,
};
