import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '#functions/registrations/secrets.ts';
import { httpApiEvent } from '../../support/lambda-event.ts';
import { storedItems } from '../../support/published.ts';
import { person, registrationEdition } from '../../support/registration-app.ts';

/** The registration and organizer entry points, fed HTTP API events as API Gateway sends them. */

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;
type Result = { statusCode: number; headers: Record<string, string>; body: string };

const dynamo = mockClient(DynamoDBDocumentClient);
let registrationsHandler: Handler;
let organizersHandler: Handler;
let editorHandler: Handler;

beforeAll(async () => {
  process.env.TABLE_NAME = 'workshop-2030';
  process.env.EMAIL_HASH_KEY = 'lambda-test-key';
  process.env.PUBLIC_URL = 'https://hpcw.example.org';
  ({ handler: registrationsHandler } = (await import(
    '#functions/registrations/handler.ts'
  )) as unknown as { handler: Handler });
  ({ handler: organizersHandler } = (await import(
    '#functions/organizers/handler.ts'
  )) as unknown as { handler: Handler });
  ({ handler: editorHandler } = (await import(
    '#functions/organizers/editor/handler.ts'
  )) as unknown as { handler: Handler });
});

beforeEach(() => {
  dynamo.reset();
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2030', sk: 'META' } })
    .resolves({ Item: storedItems(registrationEdition()).item('META') });
  dynamo
    .on(GetCommand, { Key: { pk: 'SEATS#2030', sk: 'COUNTER' } })
    .resolves({ Item: { seatCapacity: 2, confirmed: 0, waitlisted: 0 } });
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] });
});

describe('the registrations Lambda handler', () => {
  it('registers from an HTTP API event, with the real clock deciding the window', async () => {
    const result = (await registrationsHandler(
      httpApiEvent('POST', '/editions/2030/registrations', { body: JSON.stringify(person()) }),
      {} as Context,
    )) as Result;
    // 2030's window is in the future for the real clock: the handler must say so, not register.
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body).type).toBe('/problems/registration-not-open');
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('reads one’s own registration with one GetItem, and hands the rest to the whole app', async () => {
    const id = '01j0000000000000000000000a';
    dynamo.on(GetCommand, { Key: { pk: 'REG#2030', sk: `REG#${id}` } }).resolves({
      Item: {
        id,
        year: 2030,
        status: 'waitlisted',
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        audience: 'software-developers',
        tokenHash: hashToken('the-manage-token'),
        waitTicket: 1,
        createdAt: '2030-04-01T10:00:00.000Z',
        history: [{ status: 'waitlisted', at: '2030-04-01T10:00:00.000Z' }],
        expiresAt: 1_900_000_000,
      },
    });
    dynamo.on(QueryCommand).resolves({ Count: 4, Items: [] });
    const withToken = (path: string) => {
      const event = httpApiEvent('GET', path);
      return { ...event, headers: { ...event.headers, authorization: 'Bearer the-manage-token' } };
    };
    const own = (await registrationsHandler(
      withToken(`/editions/2030/registrations/${id}`),
      {} as Context,
    )) as Result;
    expect(own.statusCode).toBe(200);
    expect(JSON.parse(own.body)).toMatchObject({ id, status: 'waitlisted', waitlistPosition: 4 });
    expect(own.headers['cache-control']).toBe('no-store');
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      { pk: 'REG#2030', sk: `REG#${id}` },
    ]);
    // An id the path schema refuses: the whole app's 400, naming the parameter.
    const shouting = (await registrationsHandler(
      withToken(`/editions/2030/registrations/${id.toUpperCase()}`),
      {} as Context,
    )) as Result;
    expect(shouting.statusCode).toBe(400);
    expect(shouting.body).toContain('"id"');
  });
});

describe('the organizers Lambda handler', () => {
  it('trusts the claims API Gateway verified', async () => {
    const result = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/registrations', {
        claims: { sub: 'o', 'cognito:groups': '[organizers]' },
      }),
      {} as Context,
    )) as Result;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ items: [], nextCursor: null, limit: 50 });
  });

  it('refuses an event without verified claims or without the group', async () => {
    const anonymous = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/registrations'),
      {} as Context,
    )) as Result;
    expect(anonymous.statusCode).toBe(401);
    const speaker = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/registrations', {
        claims: { sub: 's', 'cognito:groups': '[speakers]' },
      }),
      {} as Context,
    )) as Result;
    expect(speaker.statusCode).toBe(403);
  });
});

describe('the organizers function’s office routes, loaded on first use', () => {
  const organizer = { claims: { sub: 'o', 'cognito:groups': '[organizers]' } };

  it('answer behind the same guard as the door’s, and as problem+json when nothing matches', async () => {
    const anonymous = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/audit'),
      {} as Context,
    )) as Result;
    expect(anonymous.statusCode).toBe(401);
    const speaker = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/audit', {
        claims: { sub: 's', 'cognito:groups': '[speakers]' },
      }),
      {} as Context,
    )) as Result;
    expect(speaker.statusCode).toBe(403);
    const audit = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/audit', organizer),
      {} as Context,
    )) as Result;
    expect(audit.statusCode).toBe(200);
    expect(JSON.parse(audit.body)).toEqual({ items: [], nextCursor: null, limit: 50 });
    expect(audit.headers['cache-control']).toBe('no-store');
    expect(audit.headers['x-content-type-options']).toBe('nosniff');
    const unknown = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/live/nothing', organizer),
      {} as Context,
    )) as Result;
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('check the query as before: a bad limit names the field', async () => {
    const result = (await organizersHandler(
      {
        ...httpApiEvent('GET', '/admin/editions/2030/audit', organizer),
        rawQueryString: 'limit=0',
      },
      {} as Context,
    )) as Result;
    expect(result.statusCode).toBe(400);
    expect(JSON.stringify(JSON.parse(result.body))).toContain('limit');
  });
});

describe('the editor Lambda handler and the day’s', () => {
  const organizer = { claims: { sub: 'o', 'cognito:groups': '[organizers]' } };

  it('the editor serves the draft, behind the same guard', async () => {
    // No draft and no release of 2030 in the table: the draft of no edition.
    dynamo.on(GetCommand, { Key: { pk: 'DRAFT#2030', sk: 'DRAFT' } }).resolves({});
    const draft = (await editorHandler(
      httpApiEvent('GET', '/admin/editions/2030/draft', organizer),
      {} as Context,
    )) as Result;
    expect(draft.statusCode).toBe(404);
    expect(JSON.parse(draft.body).detail).toBe('There is no edition 2030.');
    expect(draft.headers['cache-control']).toBe('no-store');
    const anonymous = (await editorHandler(
      httpApiEvent('GET', '/admin/editions/2030/draft'),
      {} as Context,
    )) as Result;
    expect(anonymous.statusCode).toBe(401);
  });

  it('the day’s serves no draft, and the editor no registrations list', async () => {
    const draft = (await organizersHandler(
      httpApiEvent('GET', '/admin/editions/2030/draft', organizer),
      {} as Context,
    )) as Result;
    expect(draft.statusCode).toBe(404);
    expect(JSON.parse(draft.body).detail).not.toContain('edition 2030');
    const list = (await editorHandler(
      httpApiEvent('GET', '/admin/editions/2030/registrations', organizer),
      {} as Context,
    )) as Result;
    expect(list.statusCode).toBe(404);
  });
});
