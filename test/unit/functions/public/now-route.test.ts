import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEditionHeads } from '#functions/data/editions/edition-head.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { AnswerMemory } from '#functions/http/answer-memory.ts';
import { createRootApp } from '#functions/http/app.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createPublicApp } from '#functions/public/app.ts';
import { storedItems } from '../../../support/published.ts';
import { releasesOf } from '../../../support/releases.ts';

/**
 * GET /now under room screens: one answer per second and version, the same bytes and ETag for
 * every request in that second (from the answer memory), a new one the next second, and only
 * the last second's bytes kept.
 */

const TABLE = 'workshop-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({ region: 'local' });
const seed = storedItems();

function publicFunction(clock: () => Date) {
  const store = createEditionStore({ client, tableName: TABLE });
  const published = createPublishedEditions({
    store,
    heads: createEditionHeads({ client, tableName: TABLE }),
    now: () => 0,
  });
  const rendered = new RenderedCache();
  const answerMemory = new AnswerMemory(rendered, published.isCurrent);
  const app = createRootApp(
    [
      createPublicApp({
        store,
        seats: createRegistrationStore({ client, tableName: TABLE }),
        releases: releasesOf(createStores({ client, tableName: TABLE })),
        clock,
        publicUrl: 'http://localhost',
        published,
        rendered,
        answerMemory,
      }),
    ],
    { answerMemory },
  );
  const nowEntries = () => [...rendered.entries()].filter(([key]) => key.startsWith('now\u0000'));
  return { app, nowEntries };
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: seed.partition });
  dynamo.on(GetCommand).resolves({});
});

const instant = (time: string) => new Date(`2020-06-25T${time}+02:00`);

async function now(app: ReturnType<typeof publicFunction>['app'], query = '') {
  const response = await app.request(`/editions/2020/now${query}`, {
    headers: { 'accept-encoding': 'br' },
  });
  const text = await (await app.request(`/editions/2020/now${query}`)).text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    bytes: Buffer.from(await response.arrayBuffer()),
    body: JSON.parse(text) as { at: string; now: { id: string } | null },
  };
}

describe('GET /editions/{year}/now, polled', () => {
  it('answers for the whole second: the same bytes and ETag within it, and anew the next second', async () => {
    let at = instant('09:35:12.345');
    const { app, nowEntries } = publicFunction(() => at);
    const first = await now(app);
    expect(first.status).toBe(200);
    expect(first.body.at).toBe('2020-06-25T07:35:12.000Z');
    expect(first.body.now?.id).toBe('runtime-the-state-of-container-runtimes');
    dynamo.resetHistory();
    at = instant('09:35:12.999');
    const same = await now(app);
    expect(dynamo.calls()).toHaveLength(0);
    expect(same.etag).toBe(first.etag);
    expect(same.bytes).toEqual(first.bytes);
    at = instant('09:35:13.000');
    const next = await now(app);
    expect(next.body.at).toBe('2020-06-25T07:35:13.000Z');
    expect(next.etag).not.toBe(first.etag);
    // The second gone by is dropped: one second's bytes are kept, not one per request.
    expect(nowEntries()).toHaveLength(1);
  });

  it('answers the slot of the instant at a slot boundary, the second it starts', async () => {
    let at = instant('09:44:59.999');
    const { app } = publicFunction(() => at);
    expect((await now(app)).body.now?.id).toBe('runtime-the-state-of-container-runtimes');
    at = instant('09:45:00.000');
    expect((await now(app)).body.now?.id).toBe('runtime-panel-discussion');
  });

  it('answers an `at` to the millisecond, whatever the clock says, and 304 for the ETag it gave', async () => {
    let at = instant('09:35:12.345');
    const { app } = publicFunction(() => at);
    const asked = await now(app, '?at=2020-06-25T09:20:00.250%2B02:00');
    expect(asked.body.at).toBe('2020-06-25T07:20:00.250Z');
    at = instant('11:00:00.000');
    const again = await app.request('/editions/2020/now?at=2020-06-25T09:20:00.250%2B02:00', {
      headers: { 'accept-encoding': 'br', 'if-none-match': String(asked.etag) },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(asked.etag);
  });
});
