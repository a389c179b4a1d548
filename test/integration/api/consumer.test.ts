import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkshopClient, type WorkshopClient } from '../../../client/index.ts';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { OPENAPI_FILE } from '../../../scripts/openapi.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import { person } from '../../support/registration-app.ts';

/**
 * An API consumer's journey with the client generated from the OpenAPI document (client/): read
 * the agenda, register, read one's record with the token, an organizer lists and exports, cancel,
 * and problems. Every answer is checked against the committed document, on the local server.
 */

const SECRETS = { emailHashKey: 'consumer-test' };
const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(document.components.schemas.Problem, '#/components/schemas/Problem');

let stack: LocalStack;
let api: WorkshopClient;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    now: new Date('2020-04-01T10:00:00+02:00'),
    secrets: SECRETS,
  });
  api = createWorkshopClient(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** The answer conforms to what the document says of this operation and status. */
function expectDocumented(method: string, path: string, response: Response, body: unknown) {
  const answer = document.paths[path]?.[method]?.responses?.[String(response.status)];
  expect(answer, `${method} ${path} ${response.status} is documented`).toBeDefined();
  const [contentType, media] = Object.entries(answer.content ?? {})[0] as [
    string,
    { schema?: Record<string, unknown> },
  ];
  expect(response.headers.get('content-type')).toContain(contentType.split(';')[0]);
  if (!media.schema) return;
  const schema = media.schema.$ref
    ? document.components.schemas.Problem
    : (media.schema as Record<string, unknown>);
  ajv.validate(schema, body);
  expect(ajv.errors ?? [], `${method} ${path} ${response.status}`).toEqual([]);
}

const organizer = () => organizerToken(stack, { subject: 'chair' });

describe('a consumer of the generated client', () => {
  let registration: { id: string; manageToken: string };

  it('reads the agenda, with year a number', async () => {
    const { data, response } = await api.GET('/editions/{year}/agenda', {
      params: { path: { year: 2020 } },
    });
    expect(response.status).toBe(200);
    expectDocumented('get', '/editions/{year}/agenda', response, data);
    expect(data?.edition.year).toBe(2020);
    expect(data?.slots.find((slot) => slot.kind === 'talk')?.title).toBeTruthy();
  });

  it('registers, and reads the registration back with its manage token', async () => {
    const someone = person({ audience: 'software-developers' });
    const created = await api.POST('/editions/{year}/registrations', {
      params: { path: { year: 2020 } },
      body: {
        name: someone.name,
        email: someone.email,
        audience: 'software-developers',
        consent: true,
      },
    });
    expect(created.response.status).toBe(201);
    expectDocumented('post', '/editions/{year}/registrations', created.response, created.data);
    if (!created.data) throw new Error('no 201 body');
    registration = created.data;
    expect(created.data.status).toBe('confirmed');

    const own = await api.GET('/editions/{year}/registrations/{id}', {
      params: { path: { year: 2020, id: registration.id } },
      headers: { authorization: `Bearer ${registration.manageToken}` },
    });
    expect(own.response.status).toBe(200);
    expectDocumented('get', '/editions/{year}/registrations/{id}', own.response, own.data);
    expect(own.data?.email).toBe(someone.email);
  });

  it('lets an organizer list and export the registrations', async () => {
    const headers = { authorization: `Bearer ${await organizer()}` };
    const list = await api.GET('/admin/editions/{year}/registrations', {
      params: { path: { year: 2020 }, query: { status: 'confirmed', limit: 10 } },
      headers,
    });
    expect(list.response.status).toBe(200);
    expectDocumented('get', '/admin/editions/{year}/registrations', list.response, list.data);
    expect(list.data?.items.map((item) => item.id)).toContain(registration.id);

    const csv = await api.GET('/admin/editions/{year}/registrations.csv', {
      params: { path: { year: 2020 } },
      headers,
      parseAs: 'text',
    });
    expect(csv.response.status).toBe(200);
    expectDocumented('get', '/admin/editions/{year}/registrations.csv', csv.response, undefined);
    expect(String(csv.data)).toContain(registration.id);
  });

  it('cancels with the manage token', async () => {
    const cancelled = await api.DELETE('/editions/{year}/registrations/{id}', {
      params: { path: { year: 2020, id: registration.id } },
      headers: { authorization: `Bearer ${registration.manageToken}` },
    });
    expect(cancelled.response.status).toBe(200);
    expectDocumented(
      'delete',
      '/editions/{year}/registrations/{id}',
      cancelled.response,
      cancelled.data,
    );
    expect(cancelled.data?.status).toBe('cancelled');
  });

  it('gets problems as the document describes them: 400 naming the field, 401, 404', async () => {
    const invalid = await api.POST('/editions/{year}/registrations', {
      params: { path: { year: 2020 } },
      // A consumer's mistake that the types allow: consent must be true.
      body: { name: 'Ada', email: 'not an address', audience: 'other', consent: true },
    });
    expect(invalid.response.status).toBe(400);
    expectDocumented('post', '/editions/{year}/registrations', invalid.response, invalid.error);
    expect(invalid.error?.errors?.map((error) => error.name)).toContain('email');

    const anonymous = await api.GET('/admin/editions/{year}/registrations', {
      params: { path: { year: 2020 } },
    });
    expect(anonymous.response.status).toBe(401);
    expectDocumented(
      'get',
      '/admin/editions/{year}/registrations',
      anonymous.response,
      anonymous.error,
    );

    const missing = await api.GET('/editions/{year}', { params: { path: { year: 1999 } } });
    expect(missing.response.status).toBe(404);
    expectDocumented('get', '/editions/{year}', missing.response, missing.error);
    expect(missing.error?.type).toBe('/problems/not-found');
  });
});
