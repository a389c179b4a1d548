import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEditionHeads } from '#functions/data/editions/edition-head.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import {
  createPublishedEditions,
  VERSION_CHECK_MS,
} from '#functions/data/editions/published-editions.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { ifMatchVersions, matchesIfMatch, matchesIfNoneMatch } from '#functions/http/caching.ts';
import { createPublicApp } from '#functions/public/app.ts';
import { storedItems } from '../../../support/published.ts';
import { releasesOf } from '../../../support/releases.ts';

/**
 * ETags, Cache-Control and 304s: a revalidation costs at most one small DynamoDB read, and none
 * while the edition's version was checked within the staleness bound.
 */

const TABLE = 'workshop-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({ region: 'local' });
const seed = storedItems();
const version = seed.published.details.version;
const state = (counts: { confirmed: number; waitlisted: number }) => ({
  Item: {
    seatCapacity: 100,
    ...counts,
    opensAt: '2020-03-02T09:00:00+01:00',
    closesAt: '2020-06-25T08:45:00+02:00',
  },
});
let ticks = 0;
const store = createEditionStore({ client, tableName: TABLE });
const seats = createRegistrationStore({ client, tableName: TABLE });
const newApp = () =>
  createPublicApp({
    store,
    seats,
    releases: releasesOf(createStores({ client, tableName: TABLE })),
    clock: () => new Date('2020-04-01T10:00:00+02:00'),
    publicUrl: 'http://localhost',
    published: createPublishedEditions({
      store,
      heads: createEditionHeads({ client, tableName: TABLE }),
      now: () => ticks,
    }),
  });
let app = newApp();

beforeEach(() => {
  app = newApp();
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(GetCommand).resolves({});
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'EDITION#2020' } })
    .resolves({ Items: seed.partition });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CATALOG' } })
    .resolves({ Items: seed.catalog });
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'META' } })
    .resolves({ Item: seed.item('META') });
  dynamo
    .on(GetCommand, { Key: { pk: 'SEATS#2020', sk: 'COUNTER' } })
    .resolves(state({ confirmed: 10, waitlisted: 0 }));
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'HEAD' } })
    .resolves({ Item: { version, release: 1 } });
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'SLOT#runtime-panel-discussion' } })
    .resolves({ Item: seed.item('SLOT#runtime-panel-discussion') });
});

async function revalidate(path: string) {
  const first = await app.request(path);
  const etag = first.headers.get('etag');
  expect(first.status).toBe(200);
  expect(etag).toMatch(/^"[\w-]{27}"$/);
  expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
  dynamo.resetHistory();
  const second = await app.request(path, { headers: { 'if-none-match': String(etag) } });
  return { etag, second };
}

describe('public GETs', () => {
  it.each([
    '/editions/2020/agenda',
    '/editions/2020/talks?segment=runtime',
    '/editions/2020/speakers',
    '/editions/2020/agenda.ics',
    '/editions/2020/schedule.json',
    '/editions/2020/schedule.xml',
    '/editions/2020/talks/runtime-panel-discussion.ics',
    '/editions/2020/talks/runtime-panel-discussion',
    '/editions/2020/speakers/grace-hopper',
  ])(
    '%s answers 304 with no body from memory, then after one small GetItem of the edition head once the bound has passed',
    async (path) => {
      const { etag, second } = await revalidate(path);
      expect(second.status).toBe(304);
      expect(await second.text()).toBe('');
      expect(second.headers.get('etag')).toBe(etag);
      expect(second.headers.get('vary')).toBe('accept-encoding');
      expect(dynamo.calls()).toHaveLength(0);
      ticks += VERSION_CHECK_MS;
      const third = await app.request(path, { headers: { 'if-none-match': String(etag) } });
      expect(third.status).toBe(304);
      expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
      expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
        Key: { pk: 'EDITION#2020', sk: 'HEAD' },
        ConsistentRead: true,
      });
      expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
    },
  );

  it.each(['/editions'])('%s answers 304 after its one small read', async (path) => {
    const { second } = await revalidate(path);
    expect(second.status).toBe(304);
    expect(dynamo.calls()).toHaveLength(1);
  });

  it('revalidates the edition details on the seat counter alone, and changes the ETag when seats change', async () => {
    const { etag, second } = await revalidate('/editions/2020');
    expect(second.status).toBe(304);
    expect(dynamo.calls()).toHaveLength(1);
    dynamo
      .on(GetCommand, { Key: { pk: 'SEATS#2020', sk: 'COUNTER' } })
      .resolves(state({ confirmed: 11, waitlisted: 0 }));
    const changed = await app.request('/editions/2020', {
      headers: { 'if-none-match': String(etag) },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as any).registration.seatsLeft).toBe(89);
  });

  it('gives another ETag to another query or another host (exports carry absolute links)', async () => {
    const etagOf = async (path: string, host?: string) =>
      (await app.request(`${host ?? 'http://localhost'}${path}`)).headers.get('etag');
    expect(await etagOf('/editions/2020/talks?segment=runtime')).not.toBe(
      await etagOf('/editions/2020/talks?segment=security'),
    );
    expect(await etagOf('/editions/2020/schedule.json', 'https://a.example')).not.toBe(
      await etagOf('/editions/2020/schedule.json', 'https://b.example'),
    );
  });

  it('sends no ETag with a problem', async () => {
    const response = await app.request('/editions/2020/talks/lunch-break-1300.ics');
    expect(response.status).toBe(404);
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('If-None-Match', () => {
  it.each([
    ['"abc"', '"abc"', true],
    ['W/"abc"', '"abc"', true],
    ['"x", "abc"', '"abc"', true],
    ['*', '"abc"', true],
    ['"abd"', '"abc"', false],
    [undefined, '"abc"', false],
  ])('%s matches %s: %s', (header, etag, expected) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(expected);
  });
});

describe('If-Match (strong comparison, RFC 9110 13.1.1)', () => {
  it.each([
    ['"abc"', '"abc"', true],
    ['"x", "abc"', '"abc"', true],
    ['*', '"abc"', true],
    ['W/"abc"', '"abc"', false],
    ['"abc"', 'W/"abc"', false],
    ['"abd"', '"abc"', false],
  ])('%s matches %s: %s', (header, etag, expected) => {
    expect(matchesIfMatch(header, etag)).toBe(expected);
  });
});

describe('the versions If-Match names', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['*', '*'],
    ['"abc"', ['abc']],
    ['"abc", W/"def", "ghi"', ['abc', 'ghi']],
    ['W/"abc"', []],
    ['abc', []],
  ])('%j names %j', (header, expected) => {
    expect(ifMatchVersions(header)).toEqual(expected);
  });
});
