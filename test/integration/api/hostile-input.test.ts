import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { seedEdition } from '../../support/editions.ts';
import { person, REGISTRATION_OPEN_AT, registrationApi } from '../../support/registration-app.ts';

/**
 * What an anonymous prober sends: ids far longer than any DynamoDB key allows, cursors forged or
 * carried over from another list, and oversized headers. On DynamoDB Local, whose limits are the
 * real ones: every answer is a 4xx problem naming the field, never a 5xx.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let auth: Record<string, string>;

const LONG_SPEAKER = 'a'.repeat(1020);
const LONG_TALK = 'a'.repeat(2000);
const TALK = 'runtime-container-runtimes-overview';
const base64url = (text: string) => Buffer.from(text).toString('base64url');

beforeAll(async () => {
  // 2030 takes registrations (capacity 2); 2020 is the real edition file, in the same table.
  api = await registrationApi();
  await publishEditionFile(api.stores, seedEdition(), REGISTRATION_OPEN_AT);
  auth = { authorization: `Bearer ${await api.organizerToken()}` };
  for (let i = 0; i < 5; i += 1) expect((await api.register(person())).status).toBe(201);
});

async function send(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const response = await api.app.request(path, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const type = response.headers.get('content-type');
  return {
    status: response.status,
    type,
    body: type?.includes('json') ? ((await response.json()) as any) : await response.text(),
  };
}

const expectInvalid = (
  answer: Awaited<ReturnType<typeof send>>,
  name: string,
  location: 'path' | 'query' | 'header' | 'body',
) => {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
  expect(answer.type).toBe('application/problem+json');
  expect(answer.body.type).toBe('/problems/invalid-request');
  expect(answer.body.errors).toContainEqual(expect.objectContaining({ name, in: location }));
};

describe('ids longer than a DynamoDB key', () => {
  it.each([
    ['/editions/2020/speakers/:long1020', 'speakerId'],
    ['/speakers/:long1020', 'personId'],
    ['/editions/2020/talks/:long2000', 'talkId'],
    ['/editions/2020/talks/:long2000.ics', 'talkId'],
    ['/editions/2020/talks/:long1020', 'talkId'],
  ])('answers GET %s with 400 naming %s', async (template, name) => {
    const path = template.replace(':long1020', LONG_SPEAKER).replace(':long2000', LONG_TALK);
    expectInvalid(await send(path), name, 'path');
  });

  it.each([
    ['speakers', 'speakerId'],
    ['talks', 'talkId'],
    ['sessions', 'sessionId'],
    ['breaks', 'breakId'],
  ])(
    'answers an organizer GET of a draft %s id of 2,000 characters with 400 naming %s',
    async (collection, name) => {
      const answer = await send(`/admin/editions/2020/draft/${collection}/${LONG_TALK}`, {
        headers: auth,
      });
      expectInvalid(answer, name, 'path');
    },
  );

  it('answers a filter of 2,000 characters with 400 naming it', async () => {
    expectInvalid(await send(`/editions/2020/talks?speaker=${LONG_TALK}`), 'speaker', 'query');
    expectInvalid(await send(`/editions/2020/talks?limit=${'1'.repeat(2000)}`), 'limit', 'query');
  });

  it('refuses a speaker or talk id of 1,020 characters in a body, so that no release can fail on it', async () => {
    const speaker = await send('/admin/editions/2020/draft/speakers', {
      method: 'POST',
      headers: auth,
      body: { id: LONG_SPEAKER, name: 'Long Id' },
    });
    expectInvalid(speaker, 'id', 'body');
    const talk = await send('/admin/editions/2020/draft/sessions/runtime/talks', {
      method: 'POST',
      headers: auth,
      body: { id: LONG_SPEAKER, title: 'Long Id' },
    });
    expectInvalid(talk, 'id', 'body');
  });

  it('refuses an id made from a title or name when it would be longer than an id may be', async () => {
    const talk = await send('/admin/editions/2020/draft/sessions/runtime/talks', {
      method: 'POST',
      headers: auth,
      body: { title: 'Word '.repeat(59).trim() },
    });
    expectInvalid(talk, 'id', 'body');
    const speaker = await send('/admin/editions/2020/draft/speakers', {
      method: 'POST',
      headers: auth,
      body: { name: '!!!' },
    });
    expectInvalid(speaker, 'id', 'body');
  });
});

describe('cursors', () => {
  const list = '/admin/editions/2030/registrations';

  async function nextCursor(path: string) {
    const page = await send(path, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    return String(page.body.nextCursor);
  }

  it.each([
    ['a forged key outside the listed range', { pk: 'REG#2020', sk: 'EMAIL#0' }, 2020],
    ['a forged key of 2,000 characters', { pk: 'REG#2030', sk: `EMAIL#${'0'.repeat(2000)}` }, 2030],
    ['a forged key of 1,100 characters', { pk: 'REG#2030', sk: `REG#${'0'.repeat(1100)}` }, 2030],
    [
      'a forged index key without the table key',
      { gsi1pk: 'REGSTATUS#2030#confirmed', gsi1sk: 'x' },
      2030,
    ],
  ])('answers %s with 400 naming cursor', async (_case, key, year) => {
    const cursor = base64url(JSON.stringify(key));
    for (const query of [`?cursor=${cursor}`, `?status=confirmed&cursor=${cursor}`]) {
      const answer = await send(`/admin/editions/${year}/registrations${query}`, {
        headers: auth,
      });
      expectInvalid(answer, 'cursor', 'query');
    }
  });

  it('answers a forged audit cursor and a cursor of 4,000 characters with 400 naming cursor', async () => {
    const forged = base64url(`01${'z'.repeat(1500)}`);
    expectInvalid(
      await send(`/admin/editions/2020/audit?cursor=${forged}`, { headers: auth }),
      'cursor',
      'query',
    );
    expectInvalid(
      await send(`${list}?cursor=${'A'.repeat(4000)}`, { headers: auth }),
      'cursor',
      'query',
    );
  });

  it('follows its own list to the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await send(`${list}${query}`, { headers: auth });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
  });

  it('keeps working with another limit, which is no part of the list', async () => {
    const cursor = await nextCursor(`${list}?limit=1`);
    const page = await send(`${list}?limit=3&cursor=${cursor}`, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(3);
  });

  it('refuses a cursor from another edition, status or list with 400 naming cursor', async () => {
    const all = await nextCursor(`${list}?limit=1`);
    const waitlisted = await nextCursor(`${list}?status=waitlisted&limit=1`);
    for (const [path, cursor] of [
      ['/admin/editions/2020/registrations', all],
      [`${list}?status=confirmed&`, all],
      [`${list}?status=confirmed&`, waitlisted],
      [list, waitlisted],
      ['/admin/editions/2030/audit', all],
    ] as const) {
      const separator = path.includes('?') ? '' : '?';
      const answer = await send(`${path}${separator}cursor=${cursor}`, { headers: auth });
      expectInvalid(answer, 'cursor', 'query');
    }
  });

  it('refuses a cursor of a public list on another public list or edition', async () => {
    const talks = await send('/editions/2020/talks?limit=1');
    const cursor = String(talks.body.nextCursor);
    expect((await send(`/editions/2020/talks?limit=1&cursor=${cursor}`)).status).toBe(200);
    expect(talks.body.items[0].kind).toBe('intro');
    for (const path of [
      // The talk the cursor names is in this list too: still another list.
      `/editions/2020/talks?kind=intro&cursor=${cursor}`,
      `/editions/2020/speakers?cursor=${cursor}`,
      `/editions/2020/talks?segment=runtime&cursor=${cursor}`,
      `/editions/2030/talks?cursor=${cursor}`,
      `/editions?cursor=${cursor}`,
    ]) {
      expectInvalid(await send(path), 'cursor', 'query');
    }
  });

  it('refuses a cursor, or any query, on routes that take none, webhook deliveries included', async () => {
    const created = await send('/admin/editions/2030/webhooks', {
      method: 'POST',
      headers: auth,
      body: { url: 'https://hooks.example.com/in', events: ['registration.confirmed'] },
    });
    expect(created.status).toBe(201);
    const cursor = await nextCursor(`${list}?limit=1`);
    for (const path of [
      '/admin/editions/2030/webhooks',
      `/admin/editions/2030/webhooks/${created.body.id}/deliveries`,
      '/admin/editions/2030/draft',
      '/admin/editions/2030/registrations.csv',
    ]) {
      const answer = await send(`${path}?cursor=${cursor}`, { headers: auth });
      expectInvalid(answer, 'cursor', 'query');
      expect(answer.body.errors[0].detail).toBe('unknown parameter');
    }
    const registration = await send(
      `/editions/2030/registrations/01hzzzzzzzzzzzzzzzzzzzzzzz?x=${LONG_TALK}`,
    );
    expectInvalid(registration, 'x', 'query');
  });

  it('refuses a tampered cursor with 400 naming cursor', async () => {
    const cursor = await nextCursor(`${list}?limit=1`);
    const flipped = `${cursor.slice(0, 3)}${cursor[3] === 'A' ? 'B' : 'A'}${cursor.slice(4)}`;
    for (const tampered of [flipped, cursor.slice(0, -1), `${cursor}A`, `x${cursor}`]) {
      expectInvalid(await send(`${list}?cursor=${tampered}`, { headers: auth }), 'cursor', 'query');
    }
  });
});

describe('hostile headers', () => {
  const huge = 'a'.repeat(10 * 1024);

  it.each([
    [
      'Idempotency-Key on registering',
      'POST',
      '/editions/2030/registrations',
      'idempotency-key',
      400,
    ],
    [
      'If-Match on a draft edit',
      'PATCH',
      `/admin/editions/2020/draft/talks/${TALK}`,
      'if-match',
      412,
    ],
    [
      'Authorization on an organizer list',
      'GET',
      '/admin/editions/2030/registrations',
      'authorization',
      401,
    ],
    [
      'Authorization on a registration',
      'GET',
      '/editions/2030/registrations/01hzzzzzzzzzzzzzzzzzzzzzzz',
      'authorization',
      404,
    ],
  ])('answers a 10 KB %s with a problem, %s', async (_case, method, path, header, status) => {
    const value = header === 'authorization' ? `Bearer ${huge}` : huge;
    const headers = { ...(path.startsWith('/admin') ? auth : {}), [header]: value };
    const answer = await send(path, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body: method === 'POST' ? person() : { title: 'x' } }),
    });
    expect(answer.status).toBe(status);
    expect(answer.type).toBe('application/problem+json');
    if (status === 400) expect(answer.body.errors[0]).toMatchObject({ name: header, in: 'header' });
  });

  it.each(['/editions/2020/agenda', `/editions/2020/talks/${TALK}`])(
    'ignores a 10 KB If-None-Match on %s, which matches no ETag',
    async (path) => {
      const answer = await send(path, { headers: { 'if-none-match': huge } });
      expect(answer.status).toBe(200);
    },
  );

  describe('over HTTP', () => {
    let server: ReturnType<typeof serve>;
    let port: number;

    beforeAll(async () => {
      await new Promise<void>((resolve) => {
        server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
          port = (info as AddressInfo).port;
          resolve();
        });
      });
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const get = (path: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const call = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        });
        call.on('error', reject);
        call.end();
      });

    it.each([
      ['8 KB of letters', 'a'.repeat(8 * 1024)],
      ['20 KB of letters', 'a'.repeat(20 * 1024)],
      ['a bracket left open', '[::1'],
      ['a port out of range', 'example.org:99999'],
      ['a path', 'example.org/../x'],
      ['user information', 'user:pass@example.org'],
    ])('answers a Host of %s without a 5xx', async (_case, host) => {
      for (const path of ['/editions/2020/agenda.ics', '/editions/2020/talks', '/2020']) {
        const status = await get(path, { host });
        expect(status, `${path} with Host ${host.slice(0, 40)}`).toBeGreaterThanOrEqual(200);
        expect(status, `${path} with Host ${host.slice(0, 40)}`).toBeLessThan(500);
      }
    });
  });
});

describe('deeply nested JSON', () => {
  const nested = (depth: number, inside = '') =>
    `{"agenda":${'['.repeat(depth)}${inside}${']'.repeat(depth)}}`;
  const put = async (text: string, path = '/admin/editions/2030/draft') => {
    const response = await api.app.request(path, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json', 'if-match': '*' },
      body: text,
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('answers a draft nested 5,000 levels deep with 400 naming the limit, before parsing it', async () => {
    for (const depth of [5_000, 100_000]) {
      const answer = await put(nested(depth));
      expect(answer.status, `depth ${depth}`).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          name: 'body',
          in: 'body',
          detail: 'expected JSON nested at most 64 levels deep (arrays and objects)',
        },
      ]);
    }
    // Every JSON route reads its body the same way: a registration as well.
    const registration = await api.register(JSON.parse(nested(60)));
    expect(registration.status).toBe(400);
    const deep = await api.app.request('/editions/2030/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: nested(5_000),
    });
    expect(deep.status).toBe(400);
    expect(JSON.stringify(await deep.json())).toContain('at most 64 levels');
  });

  it('counts only brackets outside strings; 64 levels are still read', async () => {
    // Brackets inside a string (escaped quotes included) are text: the body is 2 levels deep.
    const answer = await put(`{"agenda":[],"title":"\\"${'['.repeat(5_000)}"}`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain('levels deep');
    const sixtyFour = await put(nested(63));
    expect(sixtyFour.status).toBe(400);
    expect(JSON.stringify(sixtyFour.body)).not.toContain('levels deep');
  });
});
