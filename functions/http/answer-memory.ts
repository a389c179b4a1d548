import type { Context, MiddlewareHandler } from 'hono';
import { log } from '#functions/log.ts';
import { matchesIfNoneMatch } from './caching.ts';
import { type ContentCoding, negotiateEncoding } from './encoding.ts';
import { codedEtag, type Rendered, type RenderedCache } from './rendered.ts';

/**
 * The answer memory of a public function: a GET for a URL whose representation was rendered for an
 * edition's version that is still current (checked within the staleness bound) is answered from
 * memory before the router, validation and the middleware run, with the headers the full
 * pipeline gave it the first time (security headers included), its coding negotiated and its
 * If-None-Match honoured as sendRendered does. Only version-keyed representations of a published
 * edition are offered (fromPublishedEdition); answers that show seat counts, personal or
 * organizer answers never are. A request with an Origin header takes the full path, where CORS
 * answers it.
 */

interface Offer {
  year: number;
  version: string;
  /** The representation's key in the rendered cache: the bytes stay there, within its budget. */
  key: string;
  /** For a representation that depends on the clock too: held while this says it still holds. */
  holds?: () => boolean;
}

/** What a remembered answer is made of, for a server to send as it sends answers. */
export interface HeldAnswer {
  status: 200 | 304;
  /** Lower-case names, in order, Content-Length excluded (the sender counts the body). Shared: read only. */
  headers: [string, string][];
  body: Uint8Array | null;
}

/** The request header of a name (lower case), undefined when the request has none. */
type HeaderOf = (name: string) => string | undefined;

/** A coding's ETag and headers, made on first use for the rendered entry they were made from. */
interface Made {
  etag: string;
  ok: [string, string][];
  notModified: [string, string][];
}

interface Held extends Offer {
  headers: [string, string][];
  made?: { entry: Rendered; byCoding: Map<ContentCoding, Made> };
}

/** Headers that differ per coding or per answer: set on each. */
const PER_ANSWER = new Set(['etag', 'content-encoding', 'content-length']);

/** URLs the memory holds (their headers and cache keys); the least recently remembered go first. */
const MAX_URLS = 1000;

/** The path of an absolute URL, without its query (the log never holds query strings). */
function pathOf(url: string): string {
  const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  const query = path.indexOf('?');
  return query < 0 ? path : path.slice(0, query);
}

export class AnswerMemory {
  readonly #offers = new WeakMap<Request, Offer>();
  readonly #held = new Map<string, Held>();
  readonly #isCurrent: (year: number, version: string) => boolean;
  readonly #cache: RenderedCache;

  constructor(cache: RenderedCache, isCurrent: (year: number, version: string) => boolean) {
    this.#cache = cache;
    this.#isCurrent = isCurrent;
  }

  /** Called by a route that answered with a representation of a published version. */
  offer(context: Context, offer: Offer): void {
    this.#offers.set(context.req.raw, offer);
  }

  /**
   * The answer from memory, or undefined when the request takes the full path. Called before the
   * app's router, so it writes the request's log line itself.
   */
  answer(request: Request): Response | undefined {
    return this.send(
      request.method,
      request.url,
      (name) => request.headers.get(name) ?? undefined,
      ({ status, headers, body }) => new Response(body, { status, headers }),
    );
  }

  /**
   * The same answer for a server that sends it its own way, before it builds a Request (the
   * local server): by method, absolute URL (as the Request's) and request headers. Writes the
   * log line of the request with the time `send` took.
   */
  send<Sent>(
    method: string,
    url: string,
    header: HeaderOf,
    send: (answer: HeldAnswer) => Sent,
  ): Sent | undefined {
    if (method !== 'GET' || header('origin') !== undefined) return undefined;
    const held = this.#held.get(url);
    if (!held || !this.#isCurrent(held.year, held.version)) return undefined;
    if (held.holds && !held.holds()) return undefined;
    const entry = this.#cache.get(held.key);
    if (!entry) return undefined;
    const started = performance.now();
    const answer = this.#answer(header, entry, held);
    const sent = send(answer);
    log.info('request', {
      method: 'GET',
      path: pathOf(url),
      status: answer.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
    return sent;
  }

  /** Takes note of what the full path answered with a representation offered by its route. */
  readonly middleware: MiddlewareHandler = async (context, next) => {
    const { raw } = context.req;
    await next();
    if (raw.method !== 'GET' || raw.headers.has('origin')) return;
    const offer = this.#offers.get(raw);
    // Any coding's answer will do: the headers that differ per coding are set on each.
    if (!offer || context.res.status !== 200) return;
    const headers = [...context.res.headers].filter(([name]) => !PER_ANSWER.has(name));
    this.#held.delete(raw.url);
    this.#held.set(raw.url, { ...offer, headers });
    for (const url of this.#held.keys()) {
      if (this.#held.size <= MAX_URLS) break;
      this.#held.delete(url);
    }
  };

  #answer(header: HeaderOf, entry: Rendered, held: Held): HeldAnswer {
    const coding = negotiateEncoding(header('accept-encoding'));
    const made = this.#made(held, entry, coding);
    if (matchesIfNoneMatch(header('if-none-match'), made.etag)) {
      return { status: 304, headers: made.notModified, body: null };
    }
    return { status: 200, headers: made.ok, body: this.#cache.bytesOf(entry, coding) };
  }

  /** The headers of each coding, made once per held answer and rendered entry. */
  #made(held: Held, entry: Rendered, coding: ContentCoding): Made {
    if (held.made?.entry !== entry) held.made = { entry, byCoding: new Map() };
    const known = held.made.byCoding.get(coding);
    if (known) return known;
    const etag = codedEtag(entry.etag, coding);
    const ok: [string, string][] = [...held.headers, ['etag', etag]];
    if (coding !== 'identity') ok.push(['content-encoding', coding]);
    const made = {
      etag,
      ok: inOrder(ok),
      notModified: inOrder([
        ...held.headers.filter(([name]) => name !== 'content-type'),
        ['etag', etag],
      ]),
    };
    held.made.byCoding.set(coding, made);
    return made;
  }
}

/** Headers in the order a Headers object gives them: by name. */
const inOrder = (headers: [string, string][]) =>
  headers.sort(([one], [other]) => (one < other ? -1 : one > other ? 1 : 0));
