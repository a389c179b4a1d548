import { useEffect, useState } from 'preact/hooks';
import { useOutcome } from '../outcome.tsx';
import './agenda/agenda.css';
import { Editor } from './agenda/editor.tsx';
import {
  addSpeaker,
  addTalk,
  type Draft,
  type Finding,
  findingsOf,
  type Kind,
  loadDraft,
  moveTalk,
  removeItem,
  type Session,
  type Speaker,
  type Talk,
} from './agenda/model.ts';
import type { ConsoleView, ViewProps } from './types.ts';

/**
 * The agenda's draft (the next release): sessions with their talks, breaks and speakers, each
 * editable in place (agenda/editor.tsx, with the conflict view on a 412), talks reordered, added
 * and removed, speakers added and removed, and the lint findings beside the item they name.
 */

type Editing = { kind: Kind; id: string; label: string };

function Findings(props: { findings: readonly Finding[]; id: string }) {
  const mine = findingsOf(props.findings, props.id);
  if (mine.length === 0) return null;
  return (
    <ul class="findings">
      {mine.map((finding) => (
        <li key={`${finding.code}-${finding.ids.join()}`} class={finding.severity}>
          <strong>{finding.severity === 'error' ? 'Lint error' : 'Lint warning'}:</strong>{' '}
          {finding.message}
        </li>
      ))}
    </ul>
  );
}

const time = (at: string | undefined, duration: number | undefined) =>
  [at, duration === undefined ? undefined : `${duration} min`].filter(Boolean).join(' · ');

function AddForm(props: {
  label: string;
  button: string;
  second?: string;
  onAdd: (value: string, second: string) => Promise<void>;
}) {
  const [value, setValue] = useState('');
  const [second, setSecond] = useState('');
  return (
    <form
      class="row add"
      onSubmit={async (event) => {
        event.preventDefault();
        await props.onAdd(value, second);
        setValue('');
        setSecond('');
      }}
    >
      <label>
        {props.label}
        <input required value={value} onInput={(event) => setValue(event.currentTarget.value)} />
      </label>
      {props.second ? (
        <label>
          {props.second}
          <input value={second} onInput={(event) => setSecond(event.currentTarget.value)} />
        </label>
      ) : null}
      <button type="submit" class="secondary">
        {props.button}
      </button>
    </form>
  );
}

function Agenda(props: ViewProps) {
  const { year } = props;
  const [draft, setDraft] = useState<Draft>();
  const [editing, setEditing] = useState<Editing>();
  const { failure, fail, succeed, messages } = useOutcome();

  const reload = () => loadDraft(year).then(setDraft).catch(fail);
  useEffect(() => {
    reload();
  }, [year]);

  /** Runs a change of the draft, then shows the draft (and its findings) as it is now. */
  async function change(action: () => Promise<void>, done: string) {
    try {
      await action();
    } catch (error) {
      fail(error);
      await reload();
      return;
    }
    await reload();
    // Said once the list shows it.
    succeed(done);
  }

  if (!draft) {
    return failure ? <p role="alert">{failure}</p> : <p aria-busy="true">Loading the draft…</p>;
  }
  const { agenda, speakers } = draft.source;
  const errors = draft.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = draft.findings.length - errors;

  const editButton = (kind: Kind, id: string, label: string, context?: string) => (
    <button
      type="button"
      class="secondary"
      id={`edit-${kind}-${id}`}
      aria-expanded={editing?.kind === kind && editing.id === id}
      aria-label={`Edit ${label}${context ? `, ${context}` : ''}`}
      onClick={() =>
        setEditing(editing?.kind === kind && editing.id === id ? undefined : { kind, id, label })
      }
    >
      Edit
    </button>
  );
  /** Closes the editor; the focus goes back to its Edit button. */
  const close = (kind: Kind, id: string) => {
    setEditing(undefined);
    requestAnimationFrame(() => document.getElementById(`edit-${kind}-${id}`)?.focus());
  };
  const editorOf = (kind: Kind, id: string) =>
    editing?.kind === kind && editing.id === id ? (
      <Editor
        key={`${kind}:${id}`}
        year={year}
        kind={kind}
        id={id}
        label={editing.label}
        speakers={speakers}
        onCancel={() => close(kind, id)}
        onSaved={(message) => {
          reload().then(() => {
            succeed(message);
            close(kind, id);
          });
        }}
      />
    ) : null;

  const speakerNames = (talk: Talk) =>
    (talk.speakers ?? []).map((id) => speakers.find((s) => s.id === id)?.name ?? id).join(', ');

  const talkRow = (session: Session, talk: Talk, index: number) => {
    const where = session.title;
    return (
      <li key={talk.id}>
        <div class="item">
          <span class="what">
            <span class="title">{talk.title}</span>{' '}
            <span class="muted">
              {[talk.kind ?? 'talk', time(talk.at, talk.duration), speakerNames(talk)]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </span>
          <span class="actions">
            {editButton('talks', talk.id, talk.title, where)}
            <button
              type="button"
              class="secondary"
              disabled={index === 0}
              aria-label={`Move ${talk.title} up, ${where}`}
              onClick={() =>
                change(() => moveTalk(year, talk.id, index - 1), `Moved ${talk.title} up.`)
              }
            >
              ↑
            </button>
            <button
              type="button"
              class="secondary"
              disabled={index === session.items.length - 1}
              aria-label={`Move ${talk.title} down, ${where}`}
              onClick={() =>
                change(() => moveTalk(year, talk.id, index + 1), `Moved ${talk.title} down.`)
              }
            >
              ↓
            </button>
            <button
              type="button"
              class="secondary"
              aria-label={`Remove ${talk.title}, ${where}`}
              onClick={() => {
                if (confirm(`Remove "${talk.title}" from ${where}?`)) {
                  change(() => removeItem(year, 'talks', talk.id), `Removed ${talk.title}.`);
                }
              }}
            >
              Remove
            </button>
          </span>
        </div>
        <Findings findings={draft.findings} id={talk.id} />
        {editorOf('talks', talk.id)}
      </li>
    );
  };

  return (
    <>
      {messages}
      <p class="muted">
        Draft revision {draft.revision}: {errors} lint {errors === 1 ? 'error' : 'errors'},{' '}
        {warnings} {warnings === 1 ? 'warning' : 'warnings'}. Edits go public with the next release
        (Releases).
      </p>
      <h2>Schedule</h2>
      <ol class="agenda">
        {agenda.map((entry) => {
          if (entry.kind === 'session') {
            return (
              <li key={entry.id} class="entry">
                <div class="item">
                  <h3 class="what">
                    {entry.title} <span class="muted">{time(entry.at, entry.duration)}</span>
                  </h3>
                  <span class="actions">
                    {editButton('sessions', entry.id, `session ${entry.title}`)}
                  </span>
                </div>
                <Findings findings={draft.findings} id={entry.id} />
                {editorOf('sessions', entry.id)}
                <ol class="talks">
                  {entry.items.map((talk, index) => talkRow(entry, talk, index))}
                </ol>
                <AddForm
                  label={`New talk in ${entry.title}`}
                  button="Add talk"
                  onAdd={(title) =>
                    change(
                      () => addTalk(year, entry.id, title),
                      `Added ${title} to ${entry.title}.`,
                    )
                  }
                />
              </li>
            );
          }
          if (entry.kind === 'break') {
            return (
              <li key={entry.id} class="entry break">
                <div class="item">
                  <h3 class="what">
                    {entry.title} <span class="muted">{time(entry.at, entry.duration)}</span>
                  </h3>
                  <span class="actions">
                    {editButton('breaks', entry.id, `break ${entry.title}`)}
                  </span>
                </div>
                <Findings findings={draft.findings} id={entry.id} />
                {editorOf('breaks', entry.id)}
              </li>
            );
          }
          return (
            <li key={entry.id ?? 'end'} class="entry break">
              <h3>
                {entry.title} <span class="muted">{entry.at}</span>
              </h3>
            </li>
          );
        })}
      </ol>
      <h2>Speakers</h2>
      {speakers.length === 0 ? <p class="muted">No speakers in the draft yet.</p> : null}
      <ul class="speakers">
        {speakers.map((speaker: Speaker) => (
          <li key={speaker.id}>
            <div class="item">
              <span class="what">
                {speaker.name} <span class="muted">{speaker.affiliation}</span>
              </span>
              <span class="actions">
                {editButton('speakers', speaker.id, speaker.name)}
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Remove ${speaker.name}`}
                  onClick={() => {
                    if (confirm(`Remove ${speaker.name} and take them off their talks?`)) {
                      change(
                        () => removeItem(year, 'speakers', speaker.id),
                        `Removed ${speaker.name}.`,
                      );
                    }
                  }}
                >
                  Remove
                </button>
              </span>
            </div>
            <Findings findings={draft.findings} id={speaker.id} />
            {editorOf('speakers', speaker.id)}
          </li>
        ))}
      </ul>
      <AddForm
        label="New speaker's name"
        second="Affiliation"
        button="Add speaker"
        onAdd={(name, affiliation) =>
          change(() => addSpeaker(year, name, affiliation), `Added ${name}.`)
        }
      />
    </>
  );
}

export const agendaView: ConsoleView = {
  id: 'agenda',
  title: 'Agenda',
  scope: 'edition',
  groups: ['organizers'],
  component: Agenda,
};
