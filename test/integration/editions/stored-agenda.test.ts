import { brotliDecompressSync } from 'node:zlib';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentVersion, headKey } from '#functions/data/editions/edition-head.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { agendaBody } from '#functions/data/editions/stored-agenda.ts';
import { createRootApp } from '#functions/http/app.ts';
import { strongEtag } from '#functions/http/caching.ts';
import { PUBLIC_URL, publicAppOver, registrationApi } from '../../support/registration-app.ts';

/**
 * The agenda a release stores with the edition head, on DynamoDB Local: a fresh public function
 * answers it from the head alone, with the bytes rendering gives; a release replaces it in the
 * write that makes it current, so no answer pairs one release's bytes with another's ETag; a head
 * without one (a release from before it) or a delay set since is rendered as before.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi();
});

/** A fresh public function over the table, counting its DynamoDB reads by key. */
function freshPublicFunction() {
  const { editions, agenda, heads, live } = api.stores;
  const reads: string[] = [];
  const count = <T extends object>(target: T, name: string): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          reads.push(`${name}.${String(property)}`);
          return value.apply(object, args);
        };
      },
    });
  const published = createPublishedEditions({
    store: count(editions, 'editions'),
    heads: count(heads, 'heads'),
    releases: count(agenda, 'releases'),
    live: count(live, 'live'),
  });
  const app = createRootApp([publicAppOver(api, { published })]);
  return { app, reads };
}

const head = async () =>
  (
    await api.table.client.send(
      new GetCommand({ TableName: api.table.tableName, Key: headKey(2030), ConsistentRead: true }),
    )
  ).Item ?? {};

/** The agenda as rendering gives it: from the document publish stores. */
async function renderedAgenda() {
  const snapshot = await api.stores.editions.getSnapshot(2030);
  if (!snapshot) throw new Error('no snapshot');
  return { body: agendaBody(snapshot), version: snapshot.details.version };
}

async function release(title: string) {
  const draft = await api.organizer('GET', '/admin/editions/2030/draft/sessions/one');
  const renamed = await api.organizer(
    'PATCH',
    '/admin/editions/2030/draft/sessions/one',
    { title },
    { 'if-match': String(draft.etag) },
  );
  expect(renamed.status).toBe(200);
  return api.organizer('POST', '/admin/editions/2030/agenda/releases', {
    name: title,
    comment: 'A new title.',
  });
}

describe('the agenda stored with the edition head', () => {
  it('is what rendering gives, and a fresh function answers it from the head read alone', async () => {
    const expected = await renderedAgenda();
    const stored = await head();
    expect(stored.agendaVersion).toBe(expected.version);
    expect(brotliDecompressSync(stored.agenda as Uint8Array).toString('utf8')).toBe(expected.body);

    const { app, reads } = freshPublicFunction();
    const identity = await app.request(`${PUBLIC_URL}/editions/2030/agenda`);
    expect(identity.status).toBe(200);
    expect(await identity.text()).toBe(expected.body);
    expect(identity.headers.get('etag')).toBe(
      strongEtag(expected.version, `${PUBLIC_URL}/editions/2030/agenda`),
    );
    expect(reads).toEqual(['heads.getHead']);
    // Asked in brotli, the stored bytes themselves.
    const br = await app.request('/editions/2030/agenda', { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(Buffer.from(await br.arrayBuffer())).toEqual(Buffer.from(stored.agenda as Uint8Array));
    expect(reads).toEqual(['heads.getHead']);
  });

  it('is replaced by a release in its transaction: racing readers pair each ETag with its own bytes', async () => {
    const before = await renderedAgenda();
    const answers: Promise<{ etag: string | null; body: string }>[] = [];
    const reading = (async () => {
      for (let round = 0; round < 40; round += 1) {
        const { app } = freshPublicFunction();
        answers.push(
          Promise.resolve(app.request(`${PUBLIC_URL}/editions/2030/agenda`)).then(
            async (response) => ({
              etag: response.headers.get('etag'),
              body: await response.text(),
            }),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const released = await release('Renamed while read');
    await reading;
    expect(released.status).toBe(201);
    const after = await renderedAgenda();
    expect(after.version).not.toBe(before.version);
    expect((await head()).agendaVersion).toBe(after.version);

    const bodyOf = new Map([
      [strongEtag(before.version, `${PUBLIC_URL}/editions/2030/agenda`), before.body],
      [strongEtag(after.version, `${PUBLIC_URL}/editions/2030/agenda`), after.body],
    ]);
    for (const answer of await Promise.all(answers)) {
      expect(bodyOf.has(String(answer.etag))).toBe(true);
      expect(answer.body).toBe(bodyOf.get(String(answer.etag)));
    }
    const { app } = freshPublicFunction();
    expect(await (await app.request(`${PUBLIC_URL}/editions/2030/agenda`)).text()).toBe(after.body);
  });

  it('is rendered as before when the head has none (a release from before it)', async () => {
    const expected = await renderedAgenda();
    await api.table.client.send(
      new UpdateCommand({
        TableName: api.table.tableName,
        Key: headKey(2030),
        UpdateExpression: 'REMOVE agenda, agendaVersion, agendaFormat',
      }),
    );
    const { app, reads } = freshPublicFunction();
    const response = await app.request(`${PUBLIC_URL}/editions/2030/agenda`);
    expect(await response.text()).toBe(expected.body);
    expect(response.headers.get('etag')).toBe(
      strongEtag(expected.version, `${PUBLIC_URL}/editions/2030/agenda`),
    );
    expect(reads).toContain('editions.getSnapshot');
  });

  it('is not served once a delay is set: the agenda shows the live times', async () => {
    expect((await release('Stored again')).status).toBe(201);
    expect((await head()).agenda).toBeInstanceOf(Uint8Array);
    const delayed = await api.organizer('POST', '/admin/editions/2030/live/delays', {
      from: 'one',
      minutes: 10,
    });
    expect(delayed.status, delayed.text).toBe(201);
    const { version } = await renderedAgenda();
    const { app } = freshPublicFunction();
    const response = await app.request(`${PUBLIC_URL}/editions/2030/agenda`);
    expect(response.headers.get('etag')).toBe(
      strongEtag(contentVersion(version, 1), `${PUBLIC_URL}/editions/2030/agenda`),
    );
    const agenda = (await response.json()) as { slots: { id: string; delayMinutes?: number }[] };
    expect(agenda.slots.some((slot) => slot.delayMinutes === 10)).toBe(true);
  });
});
