import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { codedEtag, RenderedCache, rendered, sendRendered } from '#functions/http/rendered.ts';

/** Representations rendered once, sent in the coding the client accepts, each with its own ETag. */

const BODY = JSON.stringify({ items: Array.from({ length: 200 }, (_, index) => ({ index })) });
const ETAG = '"abcdefghijklmnopqrstuvwxyz0"';

function appWith(cache = new RenderedCache()) {
  let renders = 0;
  const app = new Hono();
  app.get('/thing', (c) =>
    sendRendered(c, cache, {
      key: 'k',
      etag: () => ETAG,
      cacheControl: 'public, max-age=60',
      render: () => {
        renders += 1;
        return { body: BODY, type: 'application/json' };
      },
    }),
  );
  return { app, cache, renders: () => renders };
}

describe('sendRendered', () => {
  it.each([
    ['br', (bytes: Buffer) => brotliDecompressSync(bytes), '"abcdefghijklmnopqrstuvwxyz0-br"'],
    ['gzip', (bytes: Buffer) => gunzipSync(bytes), '"abcdefghijklmnopqrstuvwxyz0-gz"'],
    ['identity', (bytes: Buffer) => bytes, ETAG],
  ])(
    'sends %s bytes that decode to the representation, with their own ETag and Vary',
    async (coding, decode, etag) => {
      const { app } = appWith();
      const response = await app.request('/thing', { headers: { 'accept-encoding': coding } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe(coding === 'identity' ? null : coding);
      expect(response.headers.get('etag')).toBe(etag);
      expect(response.headers.get('vary')).toBe('accept-encoding');
      expect(response.headers.get('content-type')).toBe('application/json');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(decode(bytes).toString('utf8')).toBe(BODY);
      if (coding !== 'identity') expect(bytes.byteLength).toBeLessThan(BODY.length / 4);
    },
  );

  it('renders once and compresses each coding once', async () => {
    const { app, cache, renders } = appWith();
    for (const coding of ['br', 'gzip', 'br', 'identity', 'gzip']) {
      await app.request('/thing', { headers: { 'accept-encoding': coding } });
    }
    expect(renders()).toBe(1);
    const [[key, entry]] = [...cache.entries()] as [[string, ReturnType<typeof rendered>]];
    expect(key).toBe('k');
    expect(Object.keys(entry.forms).sort()).toEqual(['br', 'gzip']);
    expect(cache.bytes).toBe(
      entry.identity.byteLength +
        (entry.forms.br?.byteLength ?? 0) +
        (entry.forms.gzip?.byteLength ?? 0),
    );
  });

  it.each([
    ['gzip', codedEtag(ETAG, 'gzip'), 304],
    ['gzip', `W/${codedEtag(ETAG, 'gzip')}`, 304],
    ['br', codedEtag(ETAG, 'gzip'), 200],
    ['identity', codedEtag(ETAG, 'br'), 200],
    ['br', `"x", ${codedEtag(ETAG, 'br')}`, 304],
    ['gzip', '*', 304],
  ])(
    'with Accept-Encoding %s and If-None-Match %s answers %i',
    async (coding, ifNoneMatch, status) => {
      const { app, renders } = appWith();
      const response = await app.request('/thing', {
        headers: { 'accept-encoding': coding, 'if-none-match': ifNoneMatch },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('vary')).toBe('accept-encoding');
      if (status === 304) {
        expect(await response.text()).toBe('');
        expect(renders()).toBe(0);
        expect(response.headers.get('etag')).toBe(codedEtag(ETAG, coding as 'gzip' | 'br'));
      }
    },
  );

  it('keeps Vary: Origin set before it', async () => {
    const cache = new RenderedCache();
    const app = new Hono();
    app.use(async (c, next) => {
      c.header('vary', 'origin', { append: true });
      await next();
    });
    app.get('/thing', (c) =>
      sendRendered(c, cache, {
        key: 'k',
        etag: () => ETAG,
        cacheControl: 'no-cache',
        render: () => ({ body: BODY, type: 'application/json' }),
      }),
    );
    expect((await app.request('/thing')).headers.get('vary')).toBe('origin, accept-encoding');
  });
});

describe('RenderedCache', () => {
  const entry = (size: number) => rendered('x'.repeat(size), 'text/plain', '"e"');

  it('stays within its byte budget, dropping the least recently used first', () => {
    const cache = new RenderedCache(1000);
    cache.put('a', entry(200));
    cache.put('b', entry(200));
    cache.put('c', entry(200));
    cache.get('a');
    cache.put('d', entry(200));
    cache.put('e', entry(200));
    expect(cache.bytes).toBeLessThanOrEqual(1000);
    cache.put('f', entry(200));
    expect([...cache.entries()].map(([key]) => key)).toEqual(['c', 'a', 'd', 'e', 'f']);
    expect(cache.bytes).toBe(1000);
  });

  it('counts compressed forms in the budget', () => {
    const cache = new RenderedCache(10_000);
    const kept = cache.put('a', entry(2000));
    cache.bytesOf(kept, 'gzip');
    expect(cache.bytes).toBe(2000 + (kept.forms.gzip?.byteLength ?? 0));
  });

  it('does not keep a representation bigger than a quarter of the budget', () => {
    const cache = new RenderedCache(1000);
    cache.put('big', entry(300));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});
