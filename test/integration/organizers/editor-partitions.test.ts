import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { EDITOR_PARTITIONS } from '#functions/contract.ts';
import { createStores } from '#functions/data/stores.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { inProcessSignIn, organizerToken } from '../../support/auth/sign-in.ts';
import { freshTable } from '../../support/dynamodb.ts';
import {
  PUBLIC_URL,
  person,
  REGISTRATION_OPEN_AT,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * The editor function's role may touch only EDITOR_PARTITIONS (dynamodb:LeadingKeys, in
 * infra/series-stack.ts). Read from what its routes do on DynamoDB Local: the draft read, replaced
 * and edited, what a release would change, and a release that moves a talk, adds a seat (the
 * waiting person is promoted) and tells the registrants; every partition key of every call.
 */

const YEAR = 2030;
let app: ReturnType<typeof createApi>;
let token: string;
const touched = new Set<string>();
let recording = false;

/** The partition keys a DynamoDB call names: keys, items, transactions, batches, queries. */
function partitionsOf(input: Record<string, any>): string[] {
  const text = (value: any) => (typeof value === 'string' ? value : value?.S);
  const keys: string[] = [];
  const ofItem = (item: any) => item && keys.push(text(item.pk));
  ofItem(input.Key);
  ofItem(input.Item);
  for (const entry of input.TransactItems ?? []) {
    for (const operation of Object.values(entry) as any[]) ofItem(operation.Key ?? operation.Item);
  }
  for (const requests of Object.values(input.RequestItems ?? {}) as any[]) {
    for (const request of requests.Keys ?? requests) {
      ofItem(request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? request);
    }
  }
  if (input.KeyConditionExpression) {
    const hashKey = input.IndexName ? 'gsi1pk' : 'pk';
    const placeholder = new RegExp(`(?:^|\\s|\\()${hashKey}\\s*=\\s*(:\\w+)`).exec(
      input.KeyConditionExpression,
    )?.[1];
    const named = Object.entries(input.ExpressionAttributeNames ?? {}).find(
      ([, name]) => name === hashKey,
    )?.[0];
    const byName =
      named && new RegExp(`${named}\\s*=\\s*(:\\w+)`).exec(input.KeyConditionExpression)?.[1];
    const value = input.ExpressionAttributeValues?.[placeholder ?? byName ?? ''];
    keys.push(text(value) ?? `unparsed query: ${input.KeyConditionExpression}`);
  }
  return keys.filter(Boolean);
}

const allowed = (partition: string) =>
  EDITOR_PARTITIONS.some((allowedKey) =>
    allowedKey.endsWith('#') ? partition.startsWith(allowedKey) : partition === allowedKey,
  );

/** A request as an organizer: JSON in, status, ETag, text and the JSON body out. */
async function organizer(method: string, path: string, body?: unknown, headers = {}) {
  const response = await app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    text,
    body: JSON.parse(text),
  };
}

beforeAll(async () => {
  const table = await freshTable();
  // As in AWS: the table's stream delivers events and mail, no local dispatcher reads the table.
  const stores = createStores(table);
  await publishEditionFile(stores, registrationEdition(), REGISTRATION_OPEN_AT);
  const signIn = inProcessSignIn();
  app = createApi({
    ...stores,
    clock: () => REGISTRATION_OPEN_AT,
    publicUrl: PUBLIC_URL,
    emailHashKey: 'test-email-key',
    authenticate: signIn.authenticate,
  });
  token = await organizerToken(signIn.signer, { subject: 'test', groups: ['organizers'] });
  table.client.middlewareStack.add(
    (next) => async (args) => {
      if (recording) {
        for (const partition of partitionsOf(args.input as Record<string, any>)) {
          touched.add(partition);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordPartitions' },
  );
  // Two seats: two confirmed, one waiting (the day's routes, not recorded).
  for (let index = 0; index < 3; index += 1) {
    const registered = await app.request(`/editions/${YEAR}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person()),
    });
    expect(registered.status).toBe(201);
  }
});

describe("the editor's partitions", () => {
  it('are the only ones its routes touch, through a release that promotes and notifies', async () => {
    recording = true;
    const year = YEAR;
    const draft = await organizer('GET', `/admin/editions/${year}/draft`);
    expect(draft.status).toBe(200);
    const source = draft.body.source;
    const moved = {
      ...source,
      title: `${source.title} (revised)`,
      registration: { ...source.registration, capacity: 3 },
      agenda: source.agenda.map((entry: any, index: number) =>
        index === 0 ? { ...entry, at: '11:00' } : entry,
      ),
    };
    const replaced = await organizer('PUT', `/admin/editions/${year}/draft`, moved, {
      'if-match': String(draft.etag),
    });
    expect(replaced.status, replaced.text).toBe(200);
    const added = await organizer('POST', `/admin/editions/${year}/draft/speakers`, {
      id: 'grace-hopper',
      name: 'Grace Hopper',
    });
    expect(added.status, added.text).toBe(201);
    expect((await organizer('GET', `/admin/editions/${year}/draft/changes`)).status).toBe(200);
    const release = await organizer('POST', `/admin/editions/${year}/agenda/releases`, {
      name: 'v2',
      comment: 'moved, one more seat',
      force: { reason: 'test' },
    });
    expect(release.status, release.text).toBe(201);
    recording = false;

    expect(release.body.notified.registrants).toBe(3);
    const waiting = await organizer(
      'GET',
      `/admin/editions/${year}/registrations?status=waitlisted`,
    );
    expect(waiting.body.items).toEqual([]);
    const partitions = [...touched].sort();
    // What the release wrote is among them: the draft, the release, its mail and its seats.
    for (const expected of [`DRAFT#${year}`, `RELEASES#${year}`, `MAIL#${year}`, `SEATS#${year}`]) {
      expect(partitions).toContain(expected);
    }
    expect(partitions.filter((partition) => !allowed(partition))).toEqual([]);
  });
});
