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
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { inProcessSignIn, organizerToken as signedToken } from '../../support/auth/sign-in.ts';
import { storedItems } from '../../support/published.ts';
import { registrationEdition } from '../../support/registration-app.ts';
import {
  draft,
  FORM_TEMPLATES,
  looksLikeToken,
  PAGE_TEMPLATES,
  request,
} from './api-fuzz/requests.ts';

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
  authenticate: inProcessSignIn().authenticate,
});
const seed = storedItems(registrationEdition());

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
  organizerToken = await signedToken(inProcessSignIn().signer, {
    subject: 'fuzz',
    expiresIn: 3600,
  });
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
