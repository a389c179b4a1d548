import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEditionHeads } from '#functions/data/editions/edition-head.ts';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { createRegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { CURSOR_DETAIL } from '#functions/http/cursor.ts';
import { createPublicApp } from '#functions/public/app.ts';
import { printedEdition } from '../../../support/editions.ts';
import { storedItems } from '../../../support/published.ts';
import { releasesOf } from '../../../support/releases.ts';

const TABLE = 'workshop-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({ region: 'local' });
// A new app for each test: a cold function, whose memory holds no edition yet.
const newApp = () =>
  createPublicApp({
    store: createEditionStore({ client, tableName: TABLE }),
    published: createPublishedEditions({
      store: createEditionStore({ client, tableName: TABLE }),
      heads: createEditionHeads({ client, tableName: TABLE }),
    }),
    seats: createRegistrationStore({ client, tableName: TABLE }),
    releases: releasesOf(createStores({ client, tableName: TABLE })),
    clock: () => new Date('2020-04-01T10:00:00+02:00'),
    publicUrl: 'http://localhost',
  });
let app = newApp();
const seed = storedItems();
const SLUG_DETAIL =
  'expected a lower-case id of letters, digits and hyphens, at most 100 characters';

const partitionQuery = (pk: string) => ({
  TableName: TABLE,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': pk },
});

beforeEach(() => {
  app = newApp();
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(QueryCommand, partitionQuery('EDITION#2020')).resolves({ Items: seed.partition });
  dynamo.on(QueryCommand, partitionQuery('CATALOG')).resolves({ Items: seed.catalog });
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'META' } })
    .resolves({ Item: seed.item('META') });
});

afterEach(() => {
  expect(dynamo).not.toHaveReceivedCommand(ScanCommand);
});

async function getJson(path: string) {
  const response = await app.request(path);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as any,
  };
}

describe('GET /editions/{year}/agenda', () => {
  it('is, in a cold function, consistent reads of the edition head and of the stored document, then (none stored) one Query of the edition partition, answered with timed slots', async () => {
    dynamo
      .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'HEAD' } })
      .resolves({ Item: { version: seed.published.details.version, release: 1 } });
    const { status, body } = await getJson('/editions/2020/agenda');
    expect(status).toBe(200);
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, partitionQuery('EDITION#2020'));
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: 'EDITION#2020', sk: 'HEAD' },
      ConsistentRead: true,
    });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: 'SNAPSHOT#2020', sk: 'EDITION' },
      ConsistentRead: true,
    });
    expect(body.edition).toMatchObject({
      year: 2020,
      shortTitle: 'HPCW20',
      timezone: 'Europe/Berlin',
    });
    expect(body.slots).toHaveLength(44);
    expect(body.slots[0]).toEqual({
      id: 'intro-workshop-introduction',
      position: 0,
      day: '2020-06-25',
      kind: 'intro',
      sessionId: 'intro',
      segmentId: null,
      title: 'Workshop Introduction',
      start: '2020-06-25T08:45:00+02:00',
      end: '2020-06-25T08:53:00+02:00',
      durationMinutes: 8,
      speakerIds: [],
    });
    expect(body.sessions.find((session: { id: string }) => session.id === 'runtime')).toMatchObject(
      {
        start: '2020-06-25T09:00:00+02:00',
        end: '2020-06-25T10:00:00+02:00',
      },
    );
    expect(body.slots.map((slot: { kind: string }) => slot.kind)).toEqual(
      seed.published.slots.map((slot) => slot.kind),
    );
  });

  it('serves an agenda written with start times only with each talk ending where the next begins', async () => {
    const printed = storedItems(printedEdition());
    dynamo.on(QueryCommand, partitionQuery('EDITION#2018')).resolves({ Items: printed.partition });
    const { status, body } = await getJson('/editions/2018/agenda');
    expect(status).toBe(200);
    expect(
      body.slots.map((slot: { id: string; start: string; end: string }) => [
        slot.id,
        slot.start.slice(11, 16),
        slot.end.slice(11, 16),
      ]),
    ).toEqual([
      ['runtime-welcome', '09:00', '09:20'],
      ['runtime-runtimes-compared', '09:20', '09:35'],
      ['runtime-rootless-containers', '09:35', '10:00'],
      ['coffee-break-1000', '10:00', '10:30'],
      ['orchestration-batch-schedulers-meet-kubernetes', '10:30', '11:10'],
      ['orchestration-discussion', '11:10', '12:00'],
      ['end-of-the-workshop', '12:00', '12:00'],
    ]);
  });

  it('answers 404 problem+json for an unknown year', async () => {
    const { status, type, body } = await getJson('/editions/2019/agenda');
    expect(status).toBe(404);
    expect(type).toBe('application/problem+json');
    expect(body).toEqual({
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'There is no edition 2019.',
      instance: '/editions/2019/agenda',
    });
  });
});

describe('GET /editions and /editions/{year}', () => {
  it('lists the editions from the catalog partition', async () => {
    const { status, body } = await getJson('/editions');
    expect(status).toBe(200);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, partitionQuery('CATALOG'));
    expect(body).toEqual({
      items: [expect.objectContaining({ year: 2020, shortTitle: 'HPCW20' })],
      nextCursor: null,
      limit: 100,
    });
  });

  it('reads the live seat counts with one GetItem, and the details from the edition read for its version', async () => {
    dynamo.on(GetCommand, { Key: { pk: 'SEATS#2020', sk: 'COUNTER' } }).resolves({
      Item: {
        seatCapacity: 100,
        confirmed: 100,
        waitlisted: 7,
        version: 'v1',
        opensAt: '2020-03-02T09:00:00+01:00',
        closesAt: '2020-06-25T08:45:00+02:00',
      },
    });
    const { status, body } = await getJson('/editions/2020');
    expect(status).toBe(200);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: 'SEATS#2020', sk: 'COUNTER' },
    });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, partitionQuery('EDITION#2020'));
    expect(Object.keys(body)).toEqual([
      'year',
      'version',
      'title',
      'shortTitle',
      'website',
      'venue',
      'date',
      'lastDate',
      'timezone',
      'startsAt',
      'endsAt',
      'location',
      'talkCount',
      'abstract',
      'topicAreas',
      'keywords',
      'targetAudience',
      'format',
      'displayTimeZones',
      'segments',
      'days',
      'registration',
      'cfp',
    ]);
    expect(body.location).toEqual({ mode: 'in-person', venue: 'ISC High Performance' });
    expect(body.displayTimeZones).toEqual([{ timeZone: 'Europe/Berlin', label: 'CEST' }]);
    expect(body.days).toEqual([
      {
        date: '2020-06-25',
        startsAt: '2020-06-25T08:45:00+02:00',
        endsAt: '2020-06-25T18:00:00+02:00',
      },
    ]);
    expect(body.segments).toHaveLength(8);
    expect(body.segments[0]).toEqual({
      id: 'runtime',
      name: 'RUNTIME',
      description:
        'Discussion about different runtimes within the container ecosystem and how they differ',
    });
    expect(body.registration).toEqual({
      open: true,
      opensAt: '2020-03-02T09:00:00+01:00',
      closesAt: '2020-06-25T08:45:00+02:00',
      capacity: 100,
      seatsLeft: 0,
      waitlistLength: 7,
      audiences: [
        { id: 'system-operators', label: 'System Operators and Administrators' },
        { id: 'system-engineers', label: 'System Engineers/Architects' },
        { id: 'software-developers', label: 'Software Developers' },
        { id: 'data-engineers', label: 'Data Engineers/Scientists' },
        { id: 'other', label: 'Other' },
      ],
    });
  });
});

describe('GET /editions/{year}/talks', () => {
  it.each([
    ['', 40],
    ['?segment=orchestration', 6],
    ['?session=orchestration-2', 2],
    ['?kind=panel', 8],
    ['?speaker=ada-lovelace', 2],
    ['?speaker=grace-hopper&kind=panel', 1],
    ['?segment=unknown-segment', 0],
  ])('filters %s to %i talks, never breaks', async (query, count) => {
    const { status, body } = await getJson(`/editions/2020/talks${query}`);
    expect(status).toBe(200);
    expect(body.items).toHaveLength(count);
    expect(
      body.items.every((slot: { kind: string }) => ['intro', 'talk', 'panel'].includes(slot.kind)),
    ).toBe(true);
  });

  it.each([
    ['?segmnt=runtime', 'segmnt', 'unknown parameter'],
    ['?segment=Runtime!', 'segment', SLUG_DETAIL],
    [`?segment=${'a'.repeat(101)}`, 'segment', SLUG_DETAIL],
    [`?limit=${'1'.repeat(400)}`, 'limit', 'expected a whole number from 1 to 100'],
    ['?cursor=eyJwayI6IkVESVRJT04jMjAyMCJ9', 'cursor', CURSOR_DETAIL],
    [`?cursor=${'A'.repeat(3000)}`, 'cursor', CURSOR_DETAIL],
    ['?kind=tutorial', 'kind', expect.stringContaining('expected one of')],
    ['?segment=a&segment=b', 'segment', 'expected a single value'],
  ])('rejects %s with 400 naming the parameter', async (query, name, detail) => {
    const { status, type, body } = await getJson(`/editions/2020/talks${query}`);
    expect(status).toBe(400);
    expect(type).toBe('application/problem+json');
    expect(body.type).toBe('/problems/invalid-request');
    expect(body.errors).toEqual([{ name, in: 'query', detail }]);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });
});

describe('GET /editions/{year}/talks/{talkId}', () => {
  it.each([
    ['an id of 101 characters', 'a'.repeat(101)],
    ['an id of 2,000 characters', 'a'.repeat(2000)],
    ['an upper-case id', 'Runtime'],
    ['an encoded NUL', 'run%00time'],
    ['a traversal', '..%2F..%2Fetc'],
  ])('answers %s with 400 naming talkId, without reading DynamoDB', async (_case, id) => {
    const { status, body } = await getJson(`/editions/2020/talks/${id}`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ name: 'talkId', in: 'path', detail: SLUG_DETAIL }]);
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
  });

  it('reads the edition from the document publish stored, with no Query, when it is the version the head names', async () => {
    const { published } = seed;
    dynamo.on(GetCommand, { Key: { pk: 'SEATS#2020', sk: 'COUNTER' } }).resolves({
      Item: { seatCapacity: 1, confirmed: 0, waitlisted: 0 },
    });
    dynamo
      .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'HEAD' } })
      .resolves({ Item: { version: published.details.version, release: 1 } });
    const stores = createStores({ client, tableName: TABLE });
    dynamo.on(PutCommand).resolves({});
    await stores.editions.putSnapshot(published);
    const [put] = dynamo.commandCalls(PutCommand);
    dynamo
      .on(GetCommand, { Key: { pk: 'SNAPSHOT#2020', sk: 'EDITION' } })
      .resolves({ Item: put?.args[0].input.Item });
    dynamo.resetHistory();
    const { status, body } = await getJson('/editions/2020/agenda');
    expect(status).toBe(200);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
    expect(body.slots).toHaveLength(44);
    // The same bytes as from the partition: a strong ETag names one representation.
    const paths = ['/editions/2020', '/editions/2020/agenda', '/editions/2020/speakers'];
    const texts = async () =>
      Promise.all(paths.map(async (path) => (await app.request(path)).text()));
    const fromDocument = await texts();
    dynamo.on(GetCommand, { Key: { pk: 'SNAPSHOT#2020', sk: 'EDITION' } }).resolves({});
    app = newApp();
    expect(await texts()).toEqual(fromDocument);
    expect(dynamo).toHaveReceivedCommand(QueryCommand);
  });

  it('answers one talk as stored, from the edition read once for its version', async () => {
    const { status, body } = await getJson(
      '/editions/2020/talks/runtime-container-runtimes-overview',
    );
    expect(status).toBe(200);
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(body).toEqual(
      JSON.parse(
        JSON.stringify(
          seed.published.slots.find((slot) => slot.id === 'runtime-container-runtimes-overview'),
        ),
      ),
    );
    expect(body).toMatchObject({
      title: 'Container Runtimes Overview',
      start: '2020-06-25T09:15:00+02:00',
      end: '2020-06-25T09:30:00+02:00',
      speakerIds: ['ada-lovelace'],
    });
  });

  it('does not serve a break as a talk', async () => {
    dynamo
      .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'SLOT#lunch-break-1300' } })
      .resolves({ Item: seed.item('SLOT#lunch-break-1300') });
    const { status, body } = await getJson('/editions/2020/talks/lunch-break-1300');
    expect(status).toBe(404);
    expect(body.detail).toBe('Edition 2020 has no talk "lunch-break-1300".');
  });

  it('tells an unknown edition from an unknown talk', async () => {
    const { status, body } = await getJson('/editions/2031/talks/anything');
    expect(status).toBe(404);
    expect(body.detail).toBe('There is no edition 2031.');
  });
});

describe('speakers', () => {
  it('lists the speakers with the talks they are in', async () => {
    const { status, body } = await getJson('/editions/2020/speakers');
    expect(status).toBe(200);
    expect(body.items.map((speaker: { id: string }) => speaker.id)).toEqual([
      'ada-lovelace',
      'grace-hopper',
    ]);
    expect(body.items[0].talkIds).toEqual([
      'runtime-container-runtimes-overview',
      'runtime-panel-discussion',
    ]);
  });

  it('reads one speaker by id', async () => {
    dynamo
      .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'SPEAKER#grace-hopper' } })
      .resolves({ Item: seed.item('SPEAKER#grace-hopper') });
    const { status, body } = await getJson('/editions/2020/speakers/grace-hopper');
    expect(status).toBe(200);
    expect(body).toEqual({
      id: 'grace-hopper',
      name: 'Grace Hopper',
      links: [{ title: 'Site', url: 'https://grace.example/' }],
      talkIds: ['runtime-panel-discussion'],
    });
  });

  it('answers 404 for an unknown speaker of a known edition', async () => {
    const { status, body } = await getJson('/editions/2020/speakers/nobody');
    expect(status).toBe(404);
    expect(body.detail).toBe('Edition 2020 has no speaker "nobody".');
  });
});

describe('bad requests and failures', () => {
  it.each(['/editions/20x0/agenda', '/editions/02020', '/editions/2020/talks/Not_A_Slug'])(
    '%s is a 400 naming the path parameter',
    async (path) => {
      const { status, body } = await getJson(path);
      expect(status).toBe(400);
      expect(body.errors[0].in).toBe('path');
      expect(dynamo).not.toHaveReceivedAnyCommand();
    },
  );

  it('answers an unknown route with a 404 problem', async () => {
    const { status, type } = await getJson('/nothing/here');
    expect(status).toBe(404);
    expect(type).toBe('application/problem+json');
  });

  it('turns a DynamoDB failure into a 500 problem without internals, and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    dynamo
      .on(QueryCommand)
      .rejects(new Error('ProvisionedThroughputExceededException at arn:aws:dynamodb:secret'));
    const { status, type, body } = await getJson('/editions/2020/agenda');
    expect(status).toBe(500);
    expect(type).toBe('application/problem+json');
    expect(JSON.stringify(body)).not.toMatch(/arn:|Exception|\.ts:/);
    expect(log).toHaveBeenCalledOnce();
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
      level: 'error',
      path: '/editions/2020/agenda',
    });
    log.mockRestore();
  });
});
