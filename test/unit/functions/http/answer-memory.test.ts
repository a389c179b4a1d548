import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getRequestListener } from '@hono/node-server';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createEditionHeads } from '#functions/data/editions/edition-head.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import {
  createPublishedEditions,
  VERSION_CHECK_MS,
} from '#functions/data/editions/published-editions.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { AnswerMemory } from '#functions/http/answer-memory.ts';
import { createRootApp } from '#functions/http/app.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { createPublicApp } from '#functions/public/app.ts';
import { answeringRemembered } from '../../../../scripts/lib/remembered-answers.ts';
import { storedItems } from '../../../support/published.ts';
import { releasesOf } from '../../../support/releases.ts';

/** The front answers what it holds before the router, exactly as the full path did. */

const TABLE = 'workshop-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({ region: 'local' });
const seed = storedItems();
const counter = (confirmed: number) => ({
  Item: {
    version: seed.published.details.version,
    seatCapacity: 100,
    confirmed,
    waitlisted: 0,
    opensAt: '2020-03-02T09:00:00+01:00',
    closesAt: '2020-06-25T08:45:00+02:00',
  },
});
let ticks = 0;

function publicFunction(renderedBytes?: number) {
  const store = createEditionStore({ client, tableName: TABLE });
  const seats = createRegistrationStore({ client, tableName: TABLE });
  const published = createPublishedEditions({
    store,
    heads: createEditionHeads({ client, tableName: TABLE }),
    now: () => ticks,
  });
  const rendered = new RenderedCache(renderedBytes);
  const answerMemory = new AnswerMemory(rendered, published.isCurrent);
  const clock = () => new Date('2020-04-01T10:00:00+02:00');
  const root = createRootApp(
    [
      createPublicApp({
        store,
        seats,
        releases: releasesOf(createStores({ client, tableName: TABLE })),
        clock,
        publicUrl: 'http://localhost',
        published,
        rendered,
        answerMemory,
      }),
      createPagesApp({ store, seats, clock, published, rendered }),
    ],
    { answerMemory },
  );
  return Object.assign(root, { answerMemory });
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: seed.partition });
  dynamo.on(GetCommand).resolves(counter(10));
});

const headersOf = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name !== 'content-length'));

describe('the answerMemory', () => {
  it.each([
    ['identity', {}],
    ['brotli', { 'accept-encoding': 'br' }],
    ['gzip', { 'accept-encoding': 'gzip;q=0.5, br;q=0' }],
  ])(
    'answers again from memory with the same status, headers and %s bytes, reading nothing',
    async (_coding, headers) => {
      const app = publicFunction();
      const first = await app.request('/editions/2020/agenda', { headers });
      dynamo.resetHistory();
      const again = await app.request('/editions/2020/agenda', { headers });
      expect(dynamo.calls()).toHaveLength(0);
      expect(again.status).toBe(200);
      expect(headersOf(again)).toEqual(headersOf(first));
      expect(Buffer.from(await again.arrayBuffer())).toEqual(
        Buffer.from(await first.arrayBuffer()),
      );
    },
  );

  it('answers If-None-Match with a 304 carrying the ETag of the coding asked for', async () => {
    const app = publicFunction();
    const first = await app.request('/editions/2020/agenda', {
      headers: { 'accept-encoding': 'br' },
    });
    const etag = String(first.headers.get('etag'));
    const same = await app.request('/editions/2020/agenda', {
      headers: { 'accept-encoding': 'br', 'if-none-match': etag },
    });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    expect(same.headers.get('vary')).toBe('accept-encoding');
    const otherCoding = await app.request('/editions/2020/agenda', {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    });
    expect(otherCoding.status).toBe(200);
  });

  it('takes the full path again once the bound has passed, and for requests with an Origin', async () => {
    const app = publicFunction();
    await app.request('/editions/2020/agenda');
    dynamo.resetHistory();
    await app.request('/editions/2020/agenda', { headers: { origin: 'https://a.example' } });
    expect(dynamo.calls()).toHaveLength(0);
    ticks += VERSION_CHECK_MS;
    await app.request('/editions/2020/agenda');
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
  });

  it('holds no bytes of its own: what the rendered cache dropped takes the full path', async () => {
    // Too small to keep the agenda: every answer is rendered again, and still the same.
    const app = publicFunction(4096);
    const first = await (await app.request('/editions/2020/agenda')).text();
    const again = await app.request('/editions/2020/agenda');
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(first);
  });

  it('never holds what shows seat counts: the details and the page follow every registration', async () => {
    const app = publicFunction();
    const seatsLeft = async () =>
      (
        (await (await app.request('/editions/2020')).json()) as {
          registration: { seatsLeft: number };
        }
      ).registration.seatsLeft;
    expect(await seatsLeft()).toBe(90);
    const page = await (await app.request('/2020')).text();
    dynamo.on(GetCommand).resolves(counter(11));
    expect(await seatsLeft()).toBe(89);
    expect(await (await app.request('/2020')).text()).not.toBe(page);
  });
});

describe('the local server’s front', () => {
  /** GET over HTTP: status, headers but the date, and the bytes as sent. */
  const get = (url: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }>(
      (resolve, reject) => {
        httpRequest(url, { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const { date: _date, ...kept } = response.headers;
            resolve({
              status: response.statusCode ?? 0,
              headers: kept,
              bytes: Buffer.concat(chunks),
            });
          });
        })
          .on('error', reject)
          .end();
      },
    );

  it('sends what the memory holds before a Request is built: the same status, headers and bytes, 304 too', async () => {
    const app = publicFunction();
    const server = createServer(
      answeringRemembered(app.answerMemory, getRequestListener(app.fetch)),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/editions/2020/agenda`;
    const byRequest = vi.spyOn(app.answerMemory, 'answer');
    try {
      const full = await get(url, { 'accept-encoding': 'br' });
      expect(byRequest).toHaveBeenCalledTimes(1);
      const front = await get(url, { 'accept-encoding': 'br' });
      expect(byRequest).toHaveBeenCalledTimes(1);
      expect(front).toEqual(full);
      const notModified = await get(url, {
        'accept-encoding': 'br',
        'if-none-match': String(full.headers.etag),
      });
      expect(byRequest).toHaveBeenCalledTimes(1);
      expect(notModified.status).toBe(304);
      expect(notModified.headers.etag).toBe(full.headers.etag);
      expect(notModified.bytes).toHaveLength(0);
      // With an Origin, CORS answers on the full path.
      await get(url, { origin: 'https://a.example' });
      expect(byRequest).toHaveBeenCalledTimes(2);
    } finally {
      server.close();
    }
  });
});
