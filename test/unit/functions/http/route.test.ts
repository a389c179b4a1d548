import { bodyLimit } from 'hono/body-limit';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createHttpApp } from '#functions/http/app.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { editionPath, pageQuery, slugId } from '#functions/http/validate.ts';
import { PayloadTooLargeError } from '#shared/errors.ts';

/** One declaration drives the route: its method and path, and the checks of path, query and body. */

const talks = defineRoute({
  method: 'get',
  path: '/editions/{year}/talks',
  params: editionPath,
  query: z.strictObject(pageQuery(10)),
  docs: {
    tag: 'Things',
    summary: 'Talks',
    success: { status: 200, description: 'Talks' },
    problems: [400],
  },
});
const talkCalendar = defineRoute({
  method: 'get',
  path: '/editions/{year}/talks/{talkId}.ics',
  params: z.extend(editionPath, { talkId: slugId }),
  docs: {
    tag: 'Things',
    summary: 'A talk as iCalendar',
    success: { status: 200, description: 'iCalendar' },
    problems: [400, 404],
  },
});
const talk = defineRoute({
  method: 'get',
  path: '/editions/{year}/talks/{talkId}',
  params: z.extend(editionPath, { talkId: slugId }),
  docs: {
    tag: 'Things',
    summary: 'A talk',
    success: { status: 200, description: 'The talk' },
    problems: [400, 404],
  },
});
const rename = defineRoute({
  method: 'patch',
  path: '/editions/{year}/talks/{talkId}',
  params: z.extend(editionPath, { talkId: slugId }),
  body: z.strictObject({ title: z.string().check(z.minLength(1)) }),
  docs: {
    tag: 'Things',
    summary: 'Rename a talk',
    example: { title: 'Runtimes' },
    success: { status: 200, description: 'The talk' },
    problems: [400, 413, 415],
  },
});

function testApp() {
  const app = createHttpApp();
  const bodiesRead: string[] = [];
  serve(app, talks, (c, { params, query }) => c.json({ year: params.year, limit: query.limit }));
  serve(app, talkCalendar, (c, { params }) => c.text(`calendar of ${params.talkId}`));
  serve(app, talk, (c, { params }) => c.json({ id: params.talkId }));
  serve(
    app,
    rename,
    bodyLimit({
      maxSize: 64,
      onError: () => {
        throw new PayloadTooLargeError('At most 64 bytes.');
      },
    }),
    async (c, { params, body }) => {
      // A talk that cannot be renamed is refused before its body is read.
      if (params.talkId === 'locked') return c.json({ locked: true }, 409);
      const { title } = await body();
      bodiesRead.push(title);
      return c.json({ id: params.talkId, title });
    },
  );
  return { app, bodiesRead };
}

const problemOf = async (response: Response) =>
  (await response.json()) as { status: number; errors?: { name: string; in: string }[] };

describe('serve', () => {
  it('answers under the declared method and path, with the path and query as the schemas make them', async () => {
    const { app } = testApp();
    const response = await app.request('/editions/2020/talks?limit=3');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ year: 2020, limit: 3 });
    expect(await (await app.request('/editions/2020/talks')).json()).toEqual({
      year: 2020,
      limit: 10,
    });
    expect((await app.request('/editions/2020/talks', { method: 'POST' })).status).toBe(404);
  });

  it('refuses a bad path parameter and an unknown or repeated query parameter, each named', async () => {
    const { app } = testApp();
    const badYear = await app.request('/editions/20x0/talks');
    expect(badYear.status).toBe(400);
    expect((await problemOf(badYear)).errors).toEqual([
      expect.objectContaining({ name: 'year', in: 'path' }),
    ]);
    // No query declared: any query parameter is a 400 naming it.
    const unknown = await app.request('/editions/2020/talks/runtimes?verbose=1');
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown)).errors).toEqual([
      expect.objectContaining({ name: 'verbose', in: 'query' }),
    ]);
    const repeated = await app.request('/editions/2020/talks?limit=1&limit=2');
    expect((await problemOf(repeated)).errors).toEqual([
      expect.objectContaining({ name: 'limit', in: 'query' }),
    ]);
  });

  it('takes `{talkId}.ics` as the talk id without its suffix, checked as an id', async () => {
    const { app } = testApp();
    expect(await (await app.request('/editions/2020/talks/runtimes.ics')).text()).toBe(
      'calendar of runtimes',
    );
    expect(await (await app.request('/editions/2020/talks/runtimes')).json()).toEqual({
      id: 'runtimes',
    });
    const bad = await app.request('/editions/2020/talks/Not_An_Id.ics');
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([
      expect.objectContaining({ name: 'talkId', in: 'path' }),
    ]);
  });

  it('reads the body only when the handler asks, with the declared schema, after the middleware', async () => {
    const { app, bodiesRead } = testApp();
    const send = (talkId: string, body: string, type = 'application/json') =>
      app.request(`/editions/2020/talks/${talkId}`, {
        method: 'PATCH',
        headers: { 'content-type': type },
        body,
      });
    const renamed = await send('runtimes', '{"title":"Runtimes"}');
    expect(await renamed.json()).toEqual({ id: 'runtimes', title: 'Runtimes' });
    expect((await send('locked', 'not json at all')).status).toBe(409);
    expect((await send('runtimes', '{"title":"x"}', 'text/plain')).status).toBe(415);
    const invalid = await send('runtimes', '{"title":"","extra":1}');
    expect(invalid.status).toBe(400);
    expect(
      (await problemOf(invalid)).errors?.map(({ name, in: where }) => `${where} ${name}`).sort(),
    ).toEqual(['body extra', 'body title']);
    expect((await send('runtimes', JSON.stringify({ title: 'x'.repeat(100) }))).status).toBe(413);
    expect(bodiesRead).toEqual(['Runtimes']);
  });
});
