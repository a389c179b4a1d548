import { useEffect, useState } from 'preact/hooks';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../shared/events.ts';
import { api, problemText } from '../api.ts';
import { Scroll } from '../scroll.tsx';
import type { ConsoleView, ViewProps } from './types.ts';

/**
 * Webhooks: the subscriptions, add one (URL and events), rotate a secret (the new one is shown
 * once), and each one's deliveries.
 */

type Webhook = {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  secretRotatedAt?: string;
};
type Delivery = {
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  deliveredAt?: string;
};

function Deliveries(props: { year: number; webhook: Webhook }) {
  const [items, setItems] = useState<Delivery[]>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    api
      .GET('/admin/editions/{year}/webhooks/{webhookId}/deliveries', {
        params: { path: { year: props.year, webhookId: props.webhook.id } },
      })
      .then(({ data, error }) => (data ? setItems(data.items) : setFailure(problemText(error))))
      .catch((error: unknown) => setFailure(problemText(error)));
  }, [props.webhook.id]);
  if (failure) return <p role="alert">{failure}</p>;
  if (!items) return <p aria-busy="true">Loading the deliveries…</p>;
  if (items.length === 0) return <p class="muted">No deliveries yet.</p>;
  return (
    <Scroll label="Deliveries">
      <table>
        <caption class="muted">Deliveries to {props.webhook.url}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.eventId}>
              <td>{item.type}</td>
              <td>{item.status}</td>
              <td>{item.attempts}</td>
              <td>{item.lastStatus ?? item.lastError ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

function Webhooks(props: ViewProps) {
  const { year } = props;
  const [hooks, setHooks] = useState<Webhook[]>();
  const [failure, setFailure] = useState<string>();
  const [secret, setSecret] = useState<{ url: string; secret: string }>();
  const [open, setOpen] = useState<string>();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['release.published']);

  async function load() {
    const { data, error } = await api.GET('/admin/editions/{year}/webhooks', {
      params: { path: { year } },
    });
    if (data) setHooks(data.items);
    else setFailure(problemText(error));
  }
  useEffect(() => {
    load().catch((error: unknown) => setFailure(problemText(error)));
  }, [year]);

  async function add(event: Event) {
    event.preventDefault();
    const { data, error } = await api.POST('/admin/editions/{year}/webhooks', {
      params: { path: { year } },
      body: { url, events },
    });
    if (!data) return setFailure(problemText(error));
    setFailure(undefined);
    setSecret({ url: data.url, secret: data.secret });
    setUrl('');
    await load();
  }

  async function rotate(hook: Webhook) {
    const { data, error } = await api.POST('/admin/editions/{year}/webhooks/{webhookId}/secret', {
      params: { path: { year, webhookId: hook.id } },
    });
    if (!data) return setFailure(problemText(error));
    setFailure(undefined);
    setSecret({ url: data.url, secret: data.secret });
    await load();
  }

  return (
    <>
      {failure ? <p role="alert">{failure}</p> : null}
      {secret ? (
        <p role="status" class="record">
          The signing secret of {secret.url}, shown once: <code>{secret.secret}</code>
        </p>
      ) : null}
      {hooks === undefined ? (
        <p aria-busy="true">Loading the webhooks…</p>
      ) : hooks.length === 0 ? (
        <p>No webhook yet.</p>
      ) : (
        <ul class="cards">
          {hooks.map((hook) => (
            <li key={hook.id}>
              <h2>{hook.url}</h2>
              <p class="muted">{hook.events.join(', ')}</p>
              <p class="row">
                <button
                  type="button"
                  class="secondary"
                  onClick={() => rotate(hook)}
                  aria-label={`Rotate the secret of ${hook.url}`}
                >
                  Rotate secret
                </button>
                <button
                  type="button"
                  class="secondary"
                  aria-expanded={open === hook.id}
                  aria-label={`Deliveries of ${hook.url}`}
                  onClick={() => setOpen(open === hook.id ? undefined : hook.id)}
                >
                  Deliveries
                </button>
              </p>
              {open === hook.id ? <Deliveries year={year} webhook={hook} /> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Add a webhook</h2>
      <form onSubmit={add}>
        <p>
          <label>
            URL (https)
            <input
              type="url"
              required
              value={url}
              onInput={(event) => setUrl(event.currentTarget.value)}
            />
          </label>
        </p>
        <fieldset>
          <legend>Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} class="check">
              <input
                type="checkbox"
                checked={events.includes(type)}
                onChange={(event) =>
                  setEvents(
                    event.currentTarget.checked
                      ? [...events, type]
                      : events.filter((kept) => kept !== type),
                  )
                }
              />
              {type}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit">Add webhook</button>
        </p>
      </form>
    </>
  );
}

export const webhooksView: ConsoleView = {
  id: 'webhooks',
  title: 'Webhooks',
  scope: 'edition',
  groups: ['organizers'],
  component: Webhooks,
};
