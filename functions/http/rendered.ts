import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { matchesIfNoneMatch } from './caching.ts';
import { type ContentCoding, negotiateEncoding } from './encoding.ts';

/**
 * Public representations rendered once and kept in the warm function's memory: the bytes, their
 * gzip and brotli forms (each compressed once, on first use) and the strong ETag. The cache is an
 * LRU bounded by bytes. Only public representations go in: keys name an edition's content version
 * (or the state a representation shows) and the request's path and query, never a person, a token
 * or a header; personal and organizer answers never use this module.
 */

type Bytes = Uint8Array<ArrayBuffer>;

export interface Rendered {
  readonly type: string;
  /** The strong ETag of the identity form; each content coding gets its own (codedEtag). */
  readonly etag: string;
  readonly identity: Bytes;
  readonly forms: Partial<Record<Exclude<ContentCoding, 'identity'>, Bytes>>;
}

/** About 16 MB: the whole of several editions in every coding, a small part of a 256 MB function. */
const DEFAULT_RENDERED_BYTES = 16 * 2 ** 20;

const encoder = new TextEncoder();

export function rendered(body: string | Bytes, type: string, etag: string): Rendered {
  return {
    type,
    etag,
    identity: typeof body === 'string' ? encoder.encode(body) : body,
    forms: {},
  };
}

const sizeOf = (entry: Rendered) =>
  entry.identity.byteLength +
  (entry.forms.br?.byteLength ?? 0) +
  (entry.forms.gzip?.byteLength ?? 0);

const BROTLI_QUALITY = 6;

export function compress(bytes: Bytes, coding: Exclude<ContentCoding, 'identity'>): Bytes {
  // Once per version, on the request that first asks. Brotli quality 6 compresses the agenda in
  // about a millisecond, within 12 % of quality 11, which takes 100 to 300 ms: too long for a
  // request in a cold start.
  if (coding === 'gzip') return gzipSync(bytes, { level: 9 });
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  });
}

/**
 * RFC 9110 8.8.3: a strong ETag differs for each content coding of a representation, so a cache
 * never takes the gzip bytes for the brotli ones (or a byte range of one for the other).
 */
export function codedEtag(etag: string, coding: ContentCoding): string {
  return coding === 'identity' ? etag : `${etag.slice(0, -1)}-${coding === 'br' ? 'br' : 'gz'}"`;
}

export class RenderedCache {
  readonly #entries = new Map<string, Rendered>();
  #bytes = 0;

  readonly maxBytes: number;

  constructor(maxBytes = DEFAULT_RENDERED_BYTES) {
    this.maxBytes = maxBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** What the cache holds: for tests that prove nothing personal is ever kept. */
  entries(): IterableIterator<[string, Rendered]> {
    return this.#entries.entries();
  }

  /** The entry for a key, most recently used from now on. */
  get(key: string): Rendered | undefined {
    const found = this.#entries.get(key);
    if (found) {
      this.#entries.delete(key);
      this.#entries.set(key, found);
    }
    return found;
  }

  /** Keeps an entry (replacing the key's), evicting the least recently used beyond the budget. */
  put(key: string, entry: Rendered): Rendered {
    // A representation bigger than a quarter of the budget would push out everything else.
    if (sizeOf(entry) > this.maxBytes / 4) return entry;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= sizeOf(previous);
    }
    this.#entries.set(key, entry);
    this.#bytes += sizeOf(entry);
    this.#evict();
    return entry;
  }

  /** Drops an entry that will not be asked for again (a representation of a second gone by). */
  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= sizeOf(entry);
  }

  /** The bytes in a content coding, compressed on first use and kept with the entry. */
  bytesOf(entry: Rendered, coding: ContentCoding): Bytes {
    if (coding === 'identity') return entry.identity;
    const kept = entry.forms[coding];
    if (kept) return kept;
    const form = compress(entry.identity, coding);
    entry.forms[coding] = form;
    if ([...this.#entries.values()].includes(entry)) {
      this.#bytes += form.byteLength;
      this.#evict();
    }
    return form;
  }

  #evict() {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) return;
      this.#entries.delete(key);
      this.#bytes -= sizeOf(entry);
    }
  }
}

/** What a route renders: the body and its media type. */
export interface Rendering {
  body: string | Bytes;
  type: string;
  /** Coded forms made before (a rendering stored compressed): kept, not compressed again. */
  forms?: Rendered['forms'];
}

/**
 * Answers with a representation from the cache in the coding the client accepts: 304 when its
 * copy is current (checked before rendering: the ETag is a hash of the key, what the
 * representation depends on), else the bytes. Every answer carries `Vary: Accept-Encoding`,
 * 304s included. A problem thrown while rendering leaves as usual, with no ETag, and is not kept.
 */
export async function sendRendered(
  context: Context,
  cache: RenderedCache,
  {
    key,
    etag,
    cacheControl,
    render,
  }: {
    /** What the representation depends on, e.g. the edition's version and the URL. */
    key: string;
    /** The strong ETag of the identity form, a hash of the key: made only on a miss. */
    etag: () => string;
    cacheControl: string;
    render: () => Rendering | Promise<Rendering>;
  },
): Promise<Response> {
  const coding = negotiateEncoding(context.req.header('accept-encoding'));
  let entry = cache.get(key);
  const identityEtag = entry ? entry.etag : etag();
  const headers: Record<string, string> = {
    etag: codedEtag(identityEtag, coding),
    'cache-control': cacheControl,
  };
  // Appended: CORS may already vary on Origin.
  context.header('vary', 'accept-encoding', { append: true });
  if (matchesIfNoneMatch(context.req.header('if-none-match'), headers.etag as string)) {
    return context.body(null, 304, headers);
  }
  if (!entry) {
    const { body, type, forms } = await render();
    entry = cache.put(key, { ...rendered(body, type, identityEtag), forms: { ...forms } });
  }
  headers['content-type'] = entry.type;
  if (coding !== 'identity') headers['content-encoding'] = coding;
  return context.body(cache.bytesOf(entry, coding), 200, headers);
}
