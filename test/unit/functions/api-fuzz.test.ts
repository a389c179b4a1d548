import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { sign } from 'hono/jwt';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { createDocumentClient } from '#functions/data/client.ts';
import { createStores } from '#functions/data/stores.ts';
import { localJwtAuthenticator } from '#functions/http/auth.ts';
import { createCursors, cursorKey, publicCursors } from '#functions/http/cursor.ts';
import { withExplicitIds } from '#shared/draft/edits.ts';
import { storedItems } from '../../support/published.ts';
import { registrationEdition } from '../../support/registration-app.ts';

/**
 * Fuzzing every route with generated paths, queries, headers and bodies: no answer is a 5xx, every
 * error is a well-formed problem, and a refused request writes nothing. The mocked DynamoDB
 * refuses what the real one refuses (keys over their size, start keys outside the query), so an
 * id or cursor that would reach it unchecked shows up as a 500 here too.
 */

const TABLE = 'fuzz';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({ region: 'local' });
const api = createApi({
  ...createStores({ client, tableName: TABLE }),
  clock: () => new Date('2030-05-01T12:00:00+02:00'),
  publicUrl: 'http://localhost',
  emailHashKey: 'fuzz',
  authenticate: localJwtAuthenticator('fuzz-secret'),
});
const seed = storedItems(registrationEdition());
const draft = JSON.stringify(withExplicitIds(registrationEdition()));

/** DynamoDB's ValidationException for what it refuses outright: the SDK does not check these. */
function refused(message: string): Error {
  return Object.assign(new Error(message), { name: 'ValidationException' });
}

const SORT_KEYS = new Set(['sk', 'gsi1sk']);
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk']);

/** Key values: non-empty strings, partition keys at most 2,048 bytes, sort keys 1,024. */
function checkKeys(item: Record<string, unknown> | undefined) {
  for (const [name, value] of Object.entries(item ?? {})) {
    if (!KEY_ATTRIBUTES.has(name)) continue;
    const bytes = typeof value === 'string' ? Buffer.byteLength(value) : -1;
    if (bytes < 1 || bytes > (SORT_KEYS.has(name) ? 1024 : 2048)) {
      throw refused(`One or more parameter values were invalid: key ${name} of ${bytes} bytes`);
    }
  }
}

/** A Query's partition value and start key: the start key must lie inside what is queried. */
function checkQuery(input: QueryCommandInput) {
  const values = input.ExpressionAttributeValues ?? {};
  checkKeys({ pk: values[':pk'] });
  const start = input.ExclusiveStartKey;
  if (!start) return;
  checkKeys(start);
  const partition = input.IndexName ? 'gsi1pk' : 'pk';
  const names = Object.keys(start).sort().join(',');
  const expected = input.IndexName ? 'gsi1pk,gsi1sk,pk,sk' : 'pk,sk';
  const prefix = values[':prefix'];
  if (
    names !== expected ||
    start[partition] !== values[':pk'] ||
    (typeof prefix === 'string' && !String(start.sk).startsWith(prefix))
  ) {
    throw refused('The provided starting key is outside query boundaries');
  }
}

let organizerToken = '';
beforeAll(async () => {
  organizerToken = await sign(
    { sub: 'fuzz', 'cognito:groups': ['organizers'], exp: Math.floor(Date.now() / 1000) + 3600 },
    'fuzz-secret',
    'HS256',
  );
});

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    checkQuery(input);
    return { Items: [] };
  });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'EDITION#2030' } })
    .resolves({ Items: seed.partition });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CATALOG' } })
    .resolves({ Items: seed.catalog });
  dynamo.on(GetCommand).callsFake((input: { Key?: Record<string, unknown> }) => {
    checkKeys(input.Key);
    return {};
  });
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2030', sk: 'META' } })
    .resolves({ Item: seed.item('META') });
  dynamo
    .on(GetCommand, { Key: { pk: 'DRAFT#2030', sk: 'DRAFT' } })
    .resolves({ Item: { pk: 'DRAFT#2030', sk: 'DRAFT', source: draft, revision: 1 } });
  dynamo.on(GetCommand, { Key: { pk: 'SEATS#2030', sk: 'COUNTER' } }).resolves({
    Item: {
      seatCapacity: 2,
      confirmed: 0,
      waitlisted: 0,
      version: 'v',
      opensAt: '2030-04-01T00:00:00+02:00',
      closesAt: '2030-06-01T00:00:00+02:00',
    },
  });
  const written = (item: { Key?: Record<string, unknown>; Item?: Record<string, unknown> }) => {
    checkKeys(item.Key ?? item.Item);
    return {};
  };
  dynamo.on(PutCommand).callsFake(written);
  dynamo.on(UpdateCommand).callsFake(written);
  dynamo.on(DeleteCommand).callsFake(written);
  dynamo
    .on(TransactWriteCommand)
    .callsFake(
      (input: {
        TransactItems?: Record<
          string,
          { Key?: Record<string, unknown>; Item?: Record<string, unknown> }
        >[];
      }) => {
        for (const action of input.TransactItems ?? [])
          for (const part of Object.values(action)) written(part);
        return {};
      },
    );
  dynamo
    .on(BatchWriteCommand)
    .callsFake(
      (input: {
        RequestItems?: Record<string, { PutRequest?: { Item?: Record<string, unknown> } }[]>;
      }) => {
        for (const requests of Object.values(input.RequestItems ?? {}))
          for (const request of requests) written({ Item: request.PutRequest?.Item });
        return {};
      },
    );
});

/** Ids as a prober sends them: far too long, unicode, NULs, traversal, almost right. */
const hostileId = fc.oneof(
  fc.string({ minLength: 90, maxLength: 2100 }),
  fc.string({ unit: 'grapheme', maxLength: 600 }),
  fc.nat({ max: 2100 }).map((length) => 'a'.repeat(length)),
  fc.stringMatching(/^[a-z0-9]{1,40}(-[a-z0-9]{1,40}){0,60}$/),
  fc.constantFrom(
    'a'.repeat(100),
    'a'.repeat(101),
    'a'.repeat(1020),
    'a'.repeat(2000),
    `x-${'🦄'.repeat(600)}`,
    'ｒｕｎｔｉｍｅ',
    'runtime\u202e',
    'run\u0000time',
    '../../etc/passwd',
    '..\\..\\windows',
    'one-one-talk',
    'wh_00000000000000000000000000',
  ),
);
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  hostileId,
  fc.constantFrom(
    '2030',
    '2020',
    '0000',
    '-1',
    '20300',
    'runtime',
    '..',
    '%00',
    '%2F..%2F',
    '<script>',
    "' OR 1=1 --",
    '{{7*7}}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, verbatim on purpose
    '${jndi:x}',
    'a'.repeat(3000),
  ),
);
/** Path segments: encoded values, and raw ones as a prober types them into the URL. */
const segment = fc.oneof(
  { weight: 4, arbitrary: nasty.map((value) => encodeURIComponent(value)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%00',
      'a%00b',
      `${'a'.repeat(1500)}%00`,
      '..',
      '.',
      '%2e%2e',
      '..%2F..%2Fetc%2Fpasswd',
      '%2F',
      '%5C',
      '%ZZ',
      '%E0%A4%A',
      '%C0%AE%C0%AE',
      '%F0%9F%A6%84'.repeat(300),
      'runtime;x=1',
    ),
  },
);

const ORGANIZER_SCOPES = ['registrations/2030/all', 'registrations/2030/confirmed', 'audit/2030'];
const PUBLIC_SCOPES = ['editions', 'speakers/2030', 'talks/2030?kind=&segment=&session=&speaker='];
const serverCursors = createCursors(cursorKey('fuzz'));
/** Cursors: forged DynamoDB keys, oversized, malformed, and well signed for odd positions. */
const cursor = fc.oneof(
  nasty,
  fc
    .record(
      {
        pk: fc.constantFrom('REG#2030', 'REG#2030', 'REG#2020', 'AUDIT#2030', ''),
        sk: fc.oneof(
          hostileId,
          fc.constantFrom('EMAIL#0', 'COUNTER', 'REG#', 'WAIT#0', `REG#${'0'.repeat(1100)}`),
        ),
        gsi1pk: fc.constantFrom('REGSTATUS#2030#confirmed', 'REGSTATUS#2030#waitlisted'),
        gsi1sk: hostileId,
      },
      { requiredKeys: ['pk', 'sk'] },
    )
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')),
  fc.nat({ max: 6000 }).map((length) => 'A'.repeat(length)),
  fc
    .tuple(fc.string({ maxLength: 136 }), fc.string({ minLength: 40, maxLength: 46 }))
    .map(([position, mac]) => `${Buffer.from(position).toString('base64url')}.${mac}`),
  fc
    .tuple(fc.constantFrom(...ORGANIZER_SCOPES), hostileId)
    .map(([scope, position]) => serverCursors.after(scope, position)),
  fc
    .tuple(fc.constantFrom(...PUBLIC_SCOPES), hostileId)
    .map(([scope, position]) => publicCursors.after(scope, position)),
  fc
    .constantFrom(...ORGANIZER_SCOPES)
    .map((scope) => serverCursors.after(scope, '01hzzzzzzzzzzzzzzzzzzzzzzz')),
);
/** What HTTP can carry in a header value: visible ASCII and spaces, up to 10 KB and more. */
const headerValue = fc
  .oneof(
    nasty,
    fc.string({ maxLength: 300 }),
    fc.nat({ max: 12 * 1024 }).map((length) => 'a'.repeat(length)),
    fc.string({ minLength: 9000, maxLength: 10_500 }),
  )
  .map((value) => value.replace(/[^\x20-\x7e]/g, '?'));
/** Templates that can land on a page (`/`, `/{year}`, `/{year}/manage`), which fail in HTML. */
const PAGE_TEMPLATES = ['/', '/:y', '/:y/manage', '/:x'];
/** Templates that take a form post and answer with a page (the registration form, manage). */
const FORM_TEMPLATES = ['/:y/manage', '/editions/:y/registrations'];
const template = fc.constantFrom(
  '/editions',
  '/editions/:y',
  '/editions/:y/agenda',
  '/editions/:y/talks',
  '/editions/:y/talks/:x',
  '/editions/:y/talks/:x.ics',
  '/editions/:y/speakers',
  '/editions/:y/speakers/:x',
  '/speakers/:x',
  '/editions/:y/agenda.ics',
  '/editions/:y/schedule.json',
  '/editions/:y/schedule.xml',
  '/editions/:y/agenda/releases',
  '/editions/:y/agenda/changes',
  '/editions/:y/registrations',
  '/editions/:y/registrations/:x',
  '/admin/editions/:y/registrations',
  '/admin/editions/:y/registrations.csv',
  '/admin/editions/:y/audit',
  '/admin/editions/:y/announcements',
  '/admin/editions/:y/announcements/:x',
  '/admin/editions/:y/draft',
  '/admin/editions/:y/draft/speakers',
  '/admin/editions/:y/draft/speakers/:x',
  '/admin/editions/:y/draft/talks/:x',
  '/admin/editions/:y/draft/sessions/:x',
  '/admin/editions/:y/draft/sessions/:x/talks',
  '/admin/editions/:y/draft/breaks/:x',
  '/admin/editions/:y/agenda/releases',
  '/admin/editions/:y/webhooks',
  '/admin/editions/:y/webhooks/:x',
  '/admin/editions/:y/webhooks/:x/deliveries',
  '/admin/editions/:y/check-ins',
  '/admin/editions/:y/attendance',
  '/admin/editions/:y/live/delays',
  '/admin/editions/:y/mail/failed',
  '/admin/editions/:y/mail/redrive',
  '/:y',
  '/:y/manage',
  '/openapi.json',
  '/:x',
);
const registrationBody = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null)),
    email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 30 })),
    affiliation: fc.oneof(fc.string({ maxLength: 30 }), fc.boolean()),
    audience: fc.constantFrom('developers', 'other', 'nobody', ''),
    consent: fc.oneof(fc.constant(true), fc.boolean(), fc.string({ maxLength: 3 })),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
/** Organizer bodies with ids where ids go: long, unicode, traversal, almost right. */
const organizerBody = fc.record(
  {
    id: hostileId,
    name: fc.oneof(fc.string({ maxLength: 30 }), hostileId),
    title: fc.oneof(fc.string({ maxLength: 30 }), hostileId),
    speakers: fc.array(hostileId, { maxLength: 3 }),
    sessionId: hostileId,
    segment: fc.oneof(hostileId, fc.constant(null)),
    position: fc.integer(),
    url: fc.constantFrom('https://hooks.example/x', `https://${'a'.repeat(3000)}.example/`),
    events: fc.constant(['release.published']),
    code: fc.oneof(hostileId, fc.string({ maxLength: 40 })),
    scanId: hostileId,
    from: hostileId,
    minutes: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
    ids: fc.array(hostileId, { maxLength: 3 }),
    hours: fc.oneof(fc.integer(), fc.constant(1e9), fc.string({ maxLength: 5 })),
    subject: fc.oneof(fc.string({ maxLength: 30 }), hostileId),
    text: fc.string({ maxLength: 60 }),
    resend: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const fields = {
  method: fc.constantFrom('GET', 'GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
  template,
  year: fc.oneof(fc.constant('2030'), segment),
  id: fc.oneof(fc.constantFrom('one', 'one-one-talk', 'alpha'), segment),
  query: fc.array(
    fc.oneof(
      fc.tuple(
        fc.constantFrom('limit', 'cursor', 'segment', 'kind', 'from', 'to', 'status', 'x'),
        nasty,
      ),
      fc.tuple(fc.constant('cursor'), cursor),
      fc.tuple(fc.constantFrom('segment', 'session', 'speaker'), hostileId),
    ),
    { maxLength: 3 },
  ),
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/json; charset=utf-8',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
    '',
  ),
  authorization: fc.constantFrom(
    undefined,
    'organizer',
    'organizer',
    'Bearer x',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x',
    'Basic abc',
    'hostile',
  ),
  hostileAuthorization: headerValue,
  ifNoneMatch: fc.option(headerValue, { nil: undefined }),
  ifMatch: fc.option(headerValue, { nil: undefined }),
  idempotencyKey: fc.option(headerValue, { nil: undefined }),
  host: fc.option(headerValue, { nil: undefined }),
  body: fc.oneof(
    registrationBody.map((body) => JSON.stringify(body)),
    organizerBody.map((body) => JSON.stringify(body)),
    fc.string({ maxLength: 200 }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.constant('x'.repeat(17_000)),
  ),
};
/** Lists with a cursor and little else, so that cursors get past every other check. */
const listProbe = {
  ...fields,
  method: fc.constant('GET'),
  template: fc.constantFrom(
    '/admin/editions/:y/registrations',
    '/admin/editions/:y/audit',
    '/editions/:y/talks',
    '/editions/:y/speakers',
    '/editions',
  ),
  year: fc.constant('2030'),
  authorization: fc.constant('organizer'),
  query: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constant('cursor'), cursor) },
      fc.tuple(fc.constant('status'), fc.constantFrom('confirmed', 'waitlisted')),
      fc.tuple(fc.constant('limit'), fc.constantFrom('1', '100')),
    ),
    { minLength: 1, maxLength: 2 },
  ),
};
const request = fc.oneof(
  { weight: 3, arbitrary: fc.record(fields) },
  { weight: 1, arbitrary: fc.record(listProbe) },
);

/**
 * Request paths are logged, and test/scan-logs.ts fails the run on anything shaped like a manage
 * token (43 characters of base64url): a generated path that happens to hold one is skipped.
 */
const TOKEN_SHAPED = /(?<![\w-])[\w-]{43}(?![\w-])/;
const looksLikeToken = (path: string) => {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {}
  return TOKEN_SHAPED.test(path) || TOKEN_SHAPED.test(decoded);
};

describe('fuzzing every route', () => {
  it('never answers 5xx, always with a valid problem on error, and writes nothing when it refuses', async () => {
    let requests = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        dynamo.resetHistory();
        const path = generated.template
          .replace(':y', () => generated.year)
          .replace(':x', () => generated.id);
        fc.pre(!looksLikeToken(path));
        const query = new URLSearchParams(generated.query).toString();
        const headers: Record<string, string> = {};
        if (generated.contentType) headers['content-type'] = generated.contentType;
        if (generated.authorization === 'organizer') {
          headers.authorization = `Bearer ${organizerToken}`;
        } else if (generated.authorization === 'hostile') {
          headers.authorization = `Bearer ${generated.hostileAuthorization}`;
        } else if (generated.authorization) {
          headers.authorization = generated.authorization;
        }
        if (generated.ifNoneMatch) headers['if-none-match'] = generated.ifNoneMatch;
        if (generated.ifMatch) headers['if-match'] = generated.ifMatch;
        if (generated.idempotencyKey) headers['idempotency-key'] = generated.idempotencyKey;
        if (generated.host) headers.host = generated.host;
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(generated.method);
        const response = await api.request(`${path}${query ? `?${query}` : ''}`, {
          method: generated.method,
          headers,
          ...(hasBody ? { body: generated.body } : {}),
        });
        requests += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${generated.method} ${path}`).toBeLessThan(500);
        if (response.status >= 400) {
          if (response.headers.get('content-type')?.startsWith('text/html')) {
            // The pages answer people with a page, never with a stack or a cached error; so do
            // the forms posted without JavaScript (functions/registrations/forms.ts).
            if (generated.method === 'POST') {
              expect(FORM_TEMPLATES).toContain(generated.template);
            } else {
              expect(['GET', 'HEAD']).toContain(generated.method);
              expect(PAGE_TEMPLATES).toContain(generated.template);
            }
            expect(response.headers.get('cache-control')).toBe('no-store');
            expect(await response.text()).not.toMatch(/\n\s+at |node_modules|\.ts:\d/);
          } else {
            expect(response.headers.get('content-type')).toBe('application/problem+json');
            const problem = (await response.json()) as Record<string, unknown>;
            expect(problem).toMatchObject({
              type: expect.stringMatching(/^\/problems\//),
              title: expect.any(String),
              status: response.status,
              detail: expect.any(String),
            });
            expect(JSON.stringify(problem)).not.toMatch(/\n\s+at |node_modules|\.ts:\d/);
          }
          const writes = [
            ...dynamo.commandCalls(PutCommand),
            ...dynamo.commandCalls(UpdateCommand),
            ...dynamo.commandCalls(TransactWriteCommand),
            ...dynamo.commandCalls(BatchWriteCommand),
            ...dynamo.commandCalls(DeleteCommand),
          ];
          expect(writes, `${generated.method} ${path} wrote on refusal`).toEqual([]);
        } else {
          await response.arrayBuffer();
        }
      }),
      // A failure prints its seed; FC_SEED=<seed> replays it.
      { numRuns: 10_000, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
    expect(requests).toBeGreaterThanOrEqual(10_000);
    // The fuzzing reached past validation too: some requests succeeded.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
  }, 120_000);
});
