import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { useOutcome } from '../outcome.tsx';
import './agenda/agenda.css';
import type { ConsoleView, ViewProps } from './types.ts';

/**
 * Announcements: compose (subject, text, who gets it), preview it as a recipient will read it
 * (POST …/announcements/preview: the mail renderer's own message), send it (once: an
 * Idempotency-Key per composed message), and the past ones with how many they went to.
 */

type Announcement = {
  id: string;
  subject: string;
  audience: 'confirmed' | 'confirmed-and-waitlisted';
  createdAt: string;
  recipients: number | null;
};
type Preview = { subject: string; text: string };

const when = (iso: string) =>
  new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
const newKey = () => `console-${crypto.randomUUID()}`;

function Announcements(props: ViewProps) {
  const { year } = props;
  const [items, setItems] = useState<Announcement[]>();
  const { fail, setFailure, succeed, busy, run, messages } = useOutcome();
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [waitlisted, setWaitlisted] = useState(false);
  const [preview, setPreview] = useState<Preview>();
  const [key, setKey] = useState(newKey);

  async function load() {
    const { data, error } = await api.GET('/admin/editions/{year}/announcements', {
      params: { path: { year } },
    });
    if (data) setItems(data.items);
    else fail(error);
  }
  useEffect(() => {
    load().catch(fail);
  }, [year]);

  /** A change of the message: the preview is of the old one, and a send is a new one. */
  const edited = (apply: () => void) => {
    apply();
    setPreview(undefined);
    setKey(newKey());
  };

  async function showPreview() {
    const { data, error } = await api.POST('/admin/editions/{year}/announcements/preview', {
      params: { path: { year } },
      body: { subject, text },
    });
    if (!data) return fail(error);
    setFailure(undefined);
    setPreview({ subject: data.subject, text: data.text });
  }

  async function send(event: Event) {
    event.preventDefault();
    await run(async () => {
      const { data, error } = await api.POST('/admin/editions/{year}/announcements', {
        params: { path: { year }, header: { 'Idempotency-Key': key } },
        body: { subject, text, includeWaitlisted: waitlisted },
      });
      if (!data) return fail(error);
      succeed(
        `Sent “${data.subject}” to the ${waitlisted ? 'confirmed and waiting' : 'confirmed'} registrants.`,
      );
      edited(() => {
        setSubject('');
        setText('');
      });
      await load();
    });
  }

  return (
    <>
      {messages}
      <h2>Compose</h2>
      <form onSubmit={send}>
        <div class="row">
          <label class="wide">
            Subject
            <input
              required
              maxLength={200}
              value={subject}
              onInput={(e) => edited(() => setSubject(e.currentTarget.value))}
            />
          </label>
          <label class="wide">
            Message
            <textarea
              required
              rows={6}
              maxLength={20000}
              value={text}
              onInput={(e) => edited(() => setText(e.currentTarget.value))}
            />
          </label>
        </div>
        <fieldset>
          <legend>Audience</legend>
          <label class="check">
            <input
              type="radio"
              name="audience"
              checked={!waitlisted}
              onChange={() => edited(() => setWaitlisted(false))}
            />
            Confirmed registrants
          </label>
          <label class="check">
            <input
              type="radio"
              name="audience"
              checked={waitlisted}
              onChange={() => edited(() => setWaitlisted(true))}
            />
            Confirmed and waiting list
          </label>
        </fieldset>
        <p class="row">
          <button
            type="button"
            class="secondary"
            disabled={!subject.trim() || !text.trim()}
            onClick={() => showPreview().catch(fail)}
          >
            Preview
          </button>
          <button type="submit" disabled={busy}>
            Send
          </button>
        </p>
      </form>
      {preview ? (
        <section class="preview" aria-labelledby="preview-heading">
          <h3 id="preview-heading">As a recipient reads it</h3>
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          <pre>{preview.text}</pre>
        </section>
      ) : null}
      <h2>Sent</h2>
      {items === undefined ? (
        <p aria-busy="true">Loading the announcements…</p>
      ) : items.length === 0 ? (
        <p class="muted">No announcement yet.</p>
      ) : (
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Sent</th>
                <th scope="col">To</th>
                <th scope="col">Recipients</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.subject}</td>
                  <td>{when(item.createdAt)}</td>
                  <td>{item.audience === 'confirmed' ? 'Confirmed' : 'Confirmed and waiting'}</td>
                  <td>{item.recipients ?? 'being queued'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const announcementsView: ConsoleView = {
  id: 'announcements',
  title: 'Announcements',
  scope: 'edition',
  groups: ['organizers'],
  component: Announcements,
};
