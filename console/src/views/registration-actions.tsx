import { useEffect, useState } from 'preact/hooks';
import { api, problemText } from '../api.ts';

/**
 * The organizers' registration actions: cancel with a reason, move from the waiting list, add one
 * by hand, change capacity (the routes of functions/organizers/registrations/, with self-service's
 * rules: whoever a freed or added seat goes to is told).
 */

const REASONS = [
  ['spam', 'Spam'],
  ['duplicate', 'Duplicate'],
  ['requested', 'Asked to be cancelled'],
  ['other', 'Other'],
] as const;

function useResult(done: () => void) {
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run(call: Promise<{ error?: unknown }>) {
    setBusy(true);
    const { error } = await call.catch((caught: unknown) => ({ error: caught }));
    setBusy(false);
    if (error) return setFailure(problemText(error));
    setFailure(undefined);
    done();
  }
  return { failure, busy, run };
}

export function RecordActions(props: {
  year: number;
  id: string;
  name: string;
  status: string;
  done: () => void;
}) {
  const { year, id, name, status } = props;
  const [reason, setReason] = useState<(typeof REASONS)[number][0]>('spam');
  const [note, setNote] = useState('');
  const [notify, setNotify] = useState(true);
  const { failure, busy, run } = useResult(props.done);
  if (status === 'cancelled') return null;
  return (
    <>
      {failure ? <p role="alert">{failure}</p> : null}
      {status === 'waitlisted' ? (
        <p>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              run(
                api.POST('/admin/editions/{year}/registrations/{registrationId}/promote', {
                  params: { path: { year, registrationId: id } },
                }),
              )
            }
          >
            Move {name} to confirmed
          </button>
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          run(
            api.POST('/admin/editions/{year}/registrations/{registrationId}/cancel', {
              params: { path: { year, registrationId: id } },
              body: { reason, ...(note ? { note } : {}), notify },
            }),
          );
        }}
      >
        <fieldset>
          <legend>Cancel {name}'s registration</legend>
          <label>
            Reason
            <select
              value={reason}
              onChange={(event) =>
                setReason(event.currentTarget.value as (typeof REASONS)[number][0])
              }
            >
              {REASONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Note (optional)
            <input value={note} onInput={(event) => setNote(event.currentTarget.value)} />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={notify}
              onChange={(event) => setNotify(event.currentTarget.checked)}
            />
            Tell them by email
          </label>
          <button type="submit" disabled={busy}>
            Cancel registration
          </button>
        </fieldset>
      </form>
    </>
  );
}

export function EditionActions(props: { year: number; seats?: number; done: () => void }) {
  const { year } = props;
  const [seats, setSeats] = useState(String(props.seats ?? ''));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [audiences, setAudiences] = useState<{ id: string; label: string }[]>([]);
  const [audience, setAudience] = useState('');
  useEffect(() => {
    api.GET('/editions/{year}', { params: { path: { year } } }).then(
      ({ data }) => {
        const list = data?.registration?.audiences ?? [];
        setAudiences(list);
        setAudience(list[0]?.id ?? '');
      },
      () => undefined,
    );
  }, [year]);
  const { failure, busy, run } = useResult(props.done);
  return (
    <>
      {failure ? <p role="alert">{failure}</p> : null}
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          run(
            api.PUT('/admin/editions/{year}/capacity', {
              params: { path: { year } },
              body: { seats: Number(seats) },
            }),
          );
        }}
      >
        <label>
          Seats
          <input
            type="number"
            min="0"
            required
            value={seats}
            onInput={(event) => setSeats(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Change capacity
        </button>
      </form>

      <form
        onSubmit={(event) => {
          event.preventDefault();
          run(
            api.POST('/admin/editions/{year}/registrations', {
              params: { path: { year } },
              body: { name, email, audience, notify: true },
            }),
          );
        }}
      >
        <fieldset>
          <legend>Add a registration by hand</legend>
          <label>
            Name
            <input required value={name} onInput={(event) => setName(event.currentTarget.value)} />
          </label>
          <label>
            Email
            <input
              type="email"
              required
              value={email}
              onInput={(event) => setEmail(event.currentTarget.value)}
            />
          </label>
          <label>
            Audience
            <select value={audience} onChange={(event) => setAudience(event.currentTarget.value)}>
              {audiences.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy}>
            Add registration
          </button>
        </fieldset>
      </form>
    </>
  );
}
