import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { createDocumentClient } from '#functions/data/client.ts';
import { createStores } from '#functions/data/stores.ts';
import { localJwtAuthenticator } from '#functions/http/auth.ts';
import { storedItems } from '../../support/published.ts';
import { registrationEdition } from '../../support/registration-app.ts';

/**
 * Fuzzing every route with generated paths, queries, headers and bodies: no answer is a 5xx, every
 * error is a well-formed problem, and a refused request writes nothing.
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

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'EDITION#2030' } })
    .resolves({ Items: seed.partition });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CATALOG' } })
    .resolves({ Items: seed.catalog });
  dynamo.on(GetCommand).resolves({});
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2030', sk: 'META' } })
    .resolves({ Item: seed.item('META') });
  dynamo.on(GetCommand, { Key: { pk: 'REG#2030', sk: 'COUNTER' } }).resolves({
    Item: {
      seatCapacity: 2,
      confirmed: 0,
      waitlisted: 0,
      version: 'v',
      opensAt: '2030-04-01T00:00:00+02:00',
      closesAt: '2030-06-01T00:00:00+02:00',
    },
  });
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(BatchWriteCommand).resolves({});
});

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
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
const segment = nasty.map((value) => encodeURIComponent(value));
/** What HTTP can carry in a header value: visible ASCII and spaces. */
const headerValue = fc
  .oneof(nasty, fc.string({ maxLength: 300 }))
  .map((value) => value.replace(/[^\x20-\x7e]/g, '?'));
const template = fc.constantFrom(
  '/editions',
  '/editions/:y',
  '/editions/:y/agenda',
  '/editions/:y/talks',
  '/editions/:y/talks/:x',
  '/editions/:y/talks/:x.ics',
  '/editions/:y/speakers',
  '/editions/:y/speakers/:x',
  '/editions/:y/agenda.ics',
  '/editions/:y/schedule.json',
  '/editions/:y/schedule.xml',
  '/editions/:y/agenda/releases',
  '/editions/:y/agenda/changes',
  '/editions/:y/registrations',
  '/editions/:y/registrations/:x',
  '/admin/editions/:y/registrations',
  '/admin/editions/:y/draft',
  '/admin/editions/:y/webhooks',
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
const request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
  template,
  year: fc.oneof(fc.constant('2030'), segment),
  id: segment,
  query: fc.array(
    fc.tuple(
      fc.constantFrom('limit', 'cursor', 'segment', 'kind', 'from', 'to', 'status', 'x'),
      nasty,
    ),
    { maxLength: 3 },
  ),
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/json; charset=utf-8',
    'multipart/form-data',
    '',
  ),
  authorization: fc.constantFrom(
    undefined,
    'Bearer x',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x',
    'Basic abc',
  ),
  ifNoneMatch: fc.option(headerValue, { nil: undefined }),
  idempotencyKey: fc.option(headerValue, { nil: undefined }),
  body: fc.oneof(
    registrationBody.map((body) => JSON.stringify(body)),
    fc.string({ maxLength: 200 }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.constant('x'.repeat(17_000)),
  ),
});

describe('fuzzing every route', () => {
  it('never answers 5xx, always with a valid problem on error, and writes nothing when it refuses', async () => {
    let requests = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        dynamo.resetHistory();
        const path = generated.template.replace(':y', generated.year).replace(':x', generated.id);
        const query = new URLSearchParams(generated.query).toString();
        const headers: Record<string, string> = {};
        if (generated.contentType) headers['content-type'] = generated.contentType;
        if (generated.authorization) headers.authorization = generated.authorization;
        if (generated.ifNoneMatch) headers['if-none-match'] = generated.ifNoneMatch;
        if (generated.idempotencyKey) headers['idempotency-key'] = generated.idempotencyKey;
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
          expect(response.headers.get('content-type')).toBe('application/problem+json');
          const problem = (await response.json()) as Record<string, unknown>;
          expect(problem).toMatchObject({
            type: expect.stringMatching(/^\/problems\//),
            title: expect.any(String),
            status: response.status,
            detail: expect.any(String),
          });
          expect(JSON.stringify(problem)).not.toMatch(/\n\s+at |node_modules|\.ts:\d/);
          const writes = [
            ...dynamo.commandCalls(PutCommand),
            ...dynamo.commandCalls(UpdateCommand),
            ...dynamo.commandCalls(TransactWriteCommand),
            ...dynamo.commandCalls(BatchWriteCommand),
          ];
          expect(writes, `${generated.method} ${path} wrote on refusal`).toEqual([]);
        } else {
          await response.arrayBuffer();
        }
      }),
      { numRuns: 10_000 },
    );
    expect(requests).toBeGreaterThanOrEqual(10_000);
    // The fuzzing reached past validation too: some requests succeeded.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
  }, 120_000);
});
