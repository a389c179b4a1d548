import type { Context, Hono } from 'hono';
import type { PublishedEditions } from '#functions/data/editions/published-editions.ts';
import type { AnswerMemory } from '#functions/http/answer-memory.ts';
import { PAGE_CACHE_CONTROL, representationOf, strongEtag } from '#functions/http/caching.ts';
import type { RouteDoc } from '#functions/http/openapi.ts';
import { type RenderedCache, sendRendered } from '#functions/http/rendered.ts';
import { serve } from '#functions/http/route.ts';
import type { editionPath } from '#functions/http/validate.ts';
import { nowAndNext } from '#shared/agenda/now.ts';
import { InvalidRequestError, NotFoundError } from '#shared/errors.ts';
import { instantOf, type nowQuery } from './schemas.ts';

/**
 * GET /editions/{year}/now, what room screens and phones poll all day: rendered once per second
 * and live version, not once per request. Without `at`, the answer is for the whole second the
 * clock is in: slots and their live times begin and end on whole minutes, so the slot running
 * and the next one are those of any instant in that second. A second's answer goes to the
 * answer memory (the local server and the Lambda front answer it before the router) for as long
 * as the clock stays in that second and its version stays current; the second before's bytes
 * leave the rendered cache when the next second's are made. With `at`, the answer is the same for
 * as long as the version is: remembered as any representation of a version is.
 */

const JSON_TYPE = 'application/json';
const SECOND_MS = 1000;

/** Default URLs whose last second's bytes are tracked (a year, a host): far more than enough. */
const MAX_TRACKED = 100;

type NowRoute = RouteDoc & { params: typeof editionPath; query: typeof nowQuery };

export interface NowRouteDependencies {
  published: PublishedEditions;
  rendered: RenderedCache;
  clock: () => Date;
  answerMemory?: AnswerMemory | undefined;
}

const wholeSecond = (instant: Date) =>
  new Date(Math.floor(instant.getTime() / SECOND_MS) * SECOND_MS);

export function serveNow(
  app: Hono,
  route: NowRoute,
  { published, rendered, clock, answerMemory }: NowRouteDependencies,
) {
  /** Per URL without `at`: the key of the second last rendered, dropped when the next comes. */
  const lastSecond = new Map<string, string>();

  // Depends on the clock: answered fresh (no-cache) with an ETag of what it says.
  serve(app, route, async (c, { params: path, query }) => {
    const current = await published.current(path.year);
    if (!current) throw new NotFoundError(`There is no edition ${path.year}.`);
    const at = query.at === undefined ? wholeSecond(clock()) : instantOf(query.at);
    if (Number.isNaN(at.getTime())) {
      throw new InvalidRequestError([{ name: 'at', in: 'query', detail: 'not a valid instant' }]);
    }
    const representation = representationOf(c);
    const key = `now\u0000${current.version}\u0000${at.getTime()}\u0000${representation}`;
    let text: string | undefined;
    const textOf = () => {
      text ??= JSON.stringify({ year: path.year, ...nowAndNext(current.edition, at) });
      return text;
    };
    const response = await sendRenderedNow(c, key, textOf, representation);
    if (query.at === undefined) forgetSecondBefore(representation, key);
    if (answerMemory && response.status === 200) {
      const second = at.getTime();
      answerMemory.offer(c, {
        year: path.year,
        version: current.version,
        key,
        ...(query.at === undefined
          ? { holds: () => wholeSecond(clock()).getTime() === second }
          : {}),
      });
    }
    return response;
  });

  function sendRenderedNow(c: Context, key: string, textOf: () => string, representation: string) {
    return sendRendered(c, rendered, {
      key,
      etag: () => strongEtag(textOf(), representation),
      cacheControl: PAGE_CACHE_CONTROL,
      render: () => ({ body: textOf(), type: JSON_TYPE }),
    });
  }

  function forgetSecondBefore(representation: string, key: string) {
    const before = lastSecond.get(representation);
    if (before === key) return;
    if (before !== undefined) rendered.delete(before);
    lastSecond.delete(representation);
    lastSecond.set(representation, key);
    if (lastSecond.size > MAX_TRACKED) {
      const [oldest] = lastSecond.keys();
      if (oldest !== undefined) lastSecond.delete(oldest);
    }
  }
}
