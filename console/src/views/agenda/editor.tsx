import { useEffect, useRef, useState } from 'preact/hooks';
import { problemText } from '../../api.ts';
import { bodyOf, Fields, fieldsOf, LABELS, shown, type Values, valuesOf } from './fields.tsx';
import { type Kind, readItem, type Speaker, writeItem } from './model.ts';

/**
 * Edits one item of the draft: reads it with its ETag, saves it with If-Match. When someone else
 * saved it meanwhile (412), the conflict view shows their version beside the unsaved one, field
 * by field; "Keep mine" saves yours over theirs (their new ETag), "Take theirs" puts theirs in
 * the form. Neither is lost without being chosen.
 */

type Read = { item: Record<string, unknown>; etag: string; values: Values };

export function Editor(props: {
  year: number;
  kind: Kind;
  id: string;
  /** What the item is called, e.g. "Container Runtimes Overview". */
  label: string;
  speakers: readonly Speaker[];
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const { year, kind, id, label, speakers } = props;
  const [mine, setMine] = useState<Read>();
  const [theirs, setTheirs] = useState<Read>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const conflictHeading = useRef<HTMLHeadingElement>(null);

  const read = async (): Promise<Read> => {
    const { item, etag } = await readItem(year, kind, id);
    return { item, etag, values: valuesOf(item) };
  };

  useEffect(() => {
    read()
      .then(setMine)
      .catch((error: unknown) => setFailure(problemText(error)));
  }, [kind, id]);

  useEffect(() => {
    if (theirs) conflictHeading.current?.focus();
  }, [theirs]);
  // Opened from the keyboard: the first field takes the focus.
  const form = useRef<HTMLFormElement>(null);
  const loaded = Boolean(mine);
  useEffect(() => {
    if (loaded) form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [loaded]);

  async function save(over: Read | undefined) {
    if (!mine) return;
    setBusy(true);
    try {
      const base = over ?? mine;
      const answer = await writeItem(
        year,
        kind,
        id,
        bodyOf(kind, mine.values, base.item),
        base.etag,
      );
      if (answer.response.status === 412) {
        setTheirs(await read());
        return;
      }
      if (answer.error) return setFailure(problemText(answer.error));
      setTheirs(undefined);
      props.onSaved(`Saved ${label}.`);
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  }

  function takeTheirs() {
    if (!theirs) return;
    setMine(theirs);
    setTheirs(undefined);
    setFailure(undefined);
  }

  if (!mine) {
    return failure ? <p role="alert">{failure}</p> : <p aria-busy="true">Loading {label}…</p>;
  }
  return (
    <div class="editor">
      {theirs ? (
        <section class="conflict" aria-labelledby={`conflict-${id}`}>
          <h3 id={`conflict-${id}`} tabIndex={-1} ref={conflictHeading}>
            Someone else changed {label}
          </h3>
          <p>
            It was saved by someone else after you opened it. Nothing of yours is saved yet: keep
            your version (it replaces theirs) or take theirs into the form.
          </p>
          <div class="table">
            <table>
              <caption class="muted">Their version beside yours</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Their version (saved)</th>
                  <th scope="col">Your version (not saved)</th>
                </tr>
              </thead>
              <tbody>
                {fieldsOf(kind).map((field) => {
                  const their = shown(field, theirs.values, speakers);
                  const yours = shown(field, mine.values, speakers);
                  return (
                    <tr key={field} class={their === yours ? undefined : 'differs'}>
                      <th scope="row">
                        {LABELS[field]}
                        {their === yours ? null : <span class="muted"> (differs)</span>}
                      </th>
                      <td>{their}</td>
                      <td>{yours}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p class="row">
            <button type="button" disabled={busy} onClick={() => save(theirs)}>
              Keep mine
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={takeTheirs}>
              Take theirs
            </button>
          </p>
        </section>
      ) : null}
      <form
        ref={form}
        aria-label={`Edit ${label}`}
        onSubmit={(event) => {
          event.preventDefault();
          save(undefined);
        }}
      >
        {failure ? <p role="alert">{failure}</p> : null}
        <div class="row">
          <Fields
            kind={kind}
            values={mine.values}
            speakers={speakers}
            onChange={(values) => setMine({ ...mine, values })}
          />
        </div>
        <p class="row">
          <button type="submit" disabled={busy || Boolean(theirs)}>
            Save
          </button>
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        </p>
      </form>
    </div>
  );
}
