import { brotliDecompressSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { createRootApp } from '#functions/http/app.ts';
import { compress, RenderedCache } from '#functions/http/rendered.ts';
import { createPublicApp } from '#functions/public/app.ts';
import { createPublicFront } from '#functions/public/front.ts';
import { TemporarilyUnavailableError } from '#shared/errors.ts';

/** The public function's cold path: the stored agenda from the head, the rest handed over. */

const AGENDA = JSON.stringify({ edition: { year: 2020 }, sessions: [], slots: [{ id: 'a' }] });
const STORED = { version: 'v1', br: compress(new TextEncoder().encode(AGENDA), 'br') };

/** `null`: no rendering stored for the version now. */
function frontWith(stored: typeof STORED | null = STORED) {
  const published = { storedAgenda: vi.fn(async (_year: number) => stored ?? undefined) };
  const whole = new Hono();
  whole.all('*', (c) => c.text(`whole app: ${c.req.path}`, 299 as never));
  const load = vi.fn(async () => whole);
  const rendered = new RenderedCache();
  const front = createRootApp([createPublicFront({ published, rendered, app: load })]);
  return { front, published, load };
}

describe('the public front', () => {
  it('answers the stored agenda from the head alone, without loading the whole app', async () => {
    const { front, published, load } = frontWith();
    const plain = await front.request('/editions/2020/agenda');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await plain.text()).toBe(AGENDA);
    const etag = plain.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);

    const compressed = await front.request('/editions/2020/agenda', {
      headers: { 'accept-encoding': 'br' },
    });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    const bytes = new Uint8Array(await compressed.arrayBuffer());
    expect(brotliDecompressSync(bytes).toString()).toBe(AGENDA);

    const revalidated = await front.request('/editions/2020/agenda', {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(revalidated.status).toBe(304);
    expect(published.storedAgenda).toHaveBeenCalledWith(2020);
    expect(load).not.toHaveBeenCalled();
  });

  it('answers as the whole app answers the same stored agenda: status, body and headers', async () => {
    const { front } = frontWith();
    const never = () => {
      throw new Error('the stored agenda reads nothing else');
    };
    const whole = createRootApp([
      createPublicApp({
        store: { listEditions: never, getPerson: never } as never,
        seats: { getSeatCounter: never },
        releases: { listReleases: never, changes: never },
        clock: () => new Date('2020-04-01T10:00:00Z'),
        publicUrl: 'https://hpcw.example.org',
        published: {
          storedAgenda: async () => STORED,
          current: never,
          isCurrent: () => true,
          forget: () => undefined,
        },
      }),
    ]);
    for (const headers of [{}, { 'accept-encoding': 'gzip, br' }]) {
      const [fromFront, fromWhole] = await Promise.all([
        front.request('/editions/2020/agenda', { headers }),
        whole.request('/editions/2020/agenda', { headers }),
      ]);
      expect(fromFront.status).toBe(fromWhole.status);
      expect(Object.fromEntries(fromFront.headers)).toEqual(Object.fromEntries(fromWhole.headers));
      expect(new Uint8Array(await fromFront.arrayBuffer())).toEqual(
        new Uint8Array(await fromWhole.arrayBuffer()),
      );
    }
  });

  it.each([
    ['a year the path schema refuses', '/editions/0999/agenda'],
    ['a year of five digits', '/editions/20201/agenda'],
    ['a word for a year', '/editions/abc/agenda'],
    ['a year of 5,000 digits', `/editions/${'9'.repeat(5000)}/agenda`],
    ['an encoded year', '/editions/%32%30%32%30x/agenda'],
    ['a query (the agenda takes none)', '/editions/2020/agenda?limit=1'],
    ['an empty query', '/editions/2020/agenda?'],
    ['another read', '/editions/2020/talks'],
    ['an unknown path', '/nothing/here'],
  ])('hands %s to the whole app', async (_what, path) => {
    const { front, published, load } = frontWith();
    const answer = await front.request(path);
    expect(answer.status).toBe(299);
    expect(await answer.text()).toMatch(/^whole app: /);
    expect(load).toHaveBeenCalledOnce();
    expect(published.storedAgenda).not.toHaveBeenCalled();
  });

  it('hands the agenda over when no rendering is stored for the version now', async () => {
    const { front, load } = frontWith(null);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => front.request('/editions/2020/agenda')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(299));
    // Twenty requests at once load the whole app once.
    expect(load).toHaveBeenCalledOnce();
  });

  it('answers 503 with Retry-After when the head cannot be read, and 500 without details for a fault', async () => {
    const rendered = new RenderedCache();
    const load = vi.fn(async () => new Hono());
    const failing = (error: Error) =>
      createRootApp([
        createPublicFront({
          published: { storedAgenda: async () => Promise.reject(error) },
          rendered,
          app: load,
        }),
      ]);
    const frozen = await failing(
      new TemporarilyUnavailableError('DynamoDB did not answer in time', 2),
    ).request('/editions/2020/agenda');
    expect(frozen.status).toBe(503);
    expect(frozen.headers.get('retry-after')).toBe('2');
    expect(frozen.headers.get('content-type')).toBe('application/problem+json');
    const broken = await failing(new Error('socket hang up at 10.0.0.7')).request(
      '/editions/2020/agenda',
    );
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain('10.0.0.7');
    // A failed read is not a reason to load the whole app.
    expect(load).not.toHaveBeenCalled();
  });
});
