import type { Context, MiddlewareHandler } from 'hono';
import { log } from '#functions/log.ts';
import { matchesIfNoneMatch } from './caching.ts';
import { negotiateEncoding } from './encoding.ts';
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
}

interface Held extends Offer {
  headers: [string, string][];
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
    if (request.method !== 'GET' || request.headers.has('origin')) return undefined;
    const held = this.#held.get(request.url);
    if (!held || !this.#isCurrent(held.year, held.version)) return undefined;
    const entry = this.#cache.get(held.key);
    if (!entry) return undefined;
    const started = performance.now();
    const response = this.#answer(request, entry, held.headers);
    log.info('request', {
      method: 'GET',
      path: pathOf(request.url),
      status: response.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
    return response;
  }

  /** Takes note of what the full path answered with a representation offered by its route. */
  readonly middleware: MiddlewareHandler = async (context, next) => {
    const { raw } = context.req;
    await next();
    if (raw.method !== 'GET' || raw.headers.has('origin')) return;
    const offer = this.#offers.get(raw);
    if (!offer || context.res.status !== 200 || context.res.headers.get('content-encoding')) return;
    const headers = [...context.res.headers].filter(([name]) => !PER_ANSWER.has(name));
    this.#held.delete(raw.url);
    this.#held.set(raw.url, { ...offer, headers });
    for (const url of this.#held.keys()) {
      if (this.#held.size <= MAX_URLS) break;
      this.#held.delete(url);
    }
  };

  #answer(request: Request, entry: Rendered, headers: [string, string][]): Response {
    const coding = negotiateEncoding(request.headers.get('accept-encoding') ?? undefined);
    const etag = codedEtag(entry.etag, coding);
    if (matchesIfNoneMatch(request.headers.get('if-none-match') ?? undefined, etag)) {
      return new Response(null, {
        status: 304,
        headers: [...headers.filter(([name]) => name !== 'content-type'), ['etag', etag]],
      });
    }
    const answer: [string, string][] = [...headers, ['etag', etag]];
    if (coding !== 'identity') answer.push(['content-encoding', coding]);
    return new Response(this.#cache.bytesOf(entry, coding), { status: 200, headers: answer });
  }
}
