import { brotliDecompressSync } from 'node:zlib';
import type { Context, Hono } from 'hono';
import type { PublishedEditions } from '#functions/data/editions/published-editions.ts';
import type { AnswerMemory } from '#functions/http/answer-memory.ts';
import { createHttpApp, handOver } from '#functions/http/app.ts';
import { PUBLIC_CACHE_CONTROL, representationOf, strongEtag } from '#functions/http/caching.ts';
import { PLAIN_YEAR } from '#functions/http/plain-request.ts';
import { type RenderedCache, type Rendering, sendRendered } from '#functions/http/rendered.ts';

/**
 * The public function's cold path. The agenda is the read a fresh process meets most (the
 * workshop's site and schedule apps open with it), and its release stored it rendered on the
 * edition's head (data/editions/stored-agenda.ts): the front answers it with the head read alone,
 * without the edition model, the route schemas or the exports, and hands every other request
 * (and an agenda it cannot answer so) to the whole public app (app.ts), loaded on first use.
 * Both answer the agenda with `answerStoredAgenda`: the same bytes, headers and ETag.
 */

export interface VersionAnswers {
  rendered: RenderedCache;
  /** Told about each representation of a published version, to answer it before routing. */
  answerMemory?: AnswerMemory | undefined;
}

/**
 * A representation of a published version, rendered once and kept: its ETag is the version plus
 * the URL, and the version is the one checked within the staleness bound
 * (published-editions.ts), so a warm answer, 200 or 304, needs no DynamoDB read.
 */
export async function answerFromVersion(
  c: Context,
  { rendered, answerMemory }: VersionAnswers,
  at: { year: number; version: string },
  render: () => Rendering,
): Promise<Response> {
  const representation = representationOf(c);
  const key = `${at.version}\u0000${representation}`;
  const response = await sendRendered(c, rendered, {
    key,
    etag: () => strongEtag(at.version, representation),
    cacheControl: PUBLIC_CACHE_CONTROL,
    render,
  });
  if (answerMemory && response.status === 200) answerMemory.offer(c, { ...at, key });
  return response;
}

/** The agenda its release stored: sent compressed as stored, or decompressed once. */
export const answerStoredAgenda = (
  c: Context,
  answers: VersionAnswers,
  year: number,
  stored: { version: string; br: Uint8Array },
) =>
  answerFromVersion(c, answers, { year, version: stored.version }, () => ({
    body: new Uint8Array(brotliDecompressSync(stored.br)),
    type: 'application/json',
    forms: { br: new Uint8Array(stored.br) },
  }));

export function createPublicFront({
  published,
  app: load,
  ...answers
}: VersionAnswers & {
  published: Pick<PublishedEditions, 'storedAgenda'>;
  /** The whole public app, made on first use. */
  app: () => Promise<Hono>;
}): Hono {
  const front = createHttpApp();
  const toApp = handOver(load);
  front.get('/editions/:year/agenda', async (c) => {
    const year = c.req.param('year');
    // A query (the agenda takes none: a 400) is the app's to answer, as is a year it would refuse.
    if (!PLAIN_YEAR.test(year) || c.req.url.includes('?')) return toApp(c);
    const stored = await published.storedAgenda(Number(year));
    return stored ? answerStoredAgenda(c, answers, Number(year), stored) : toApp(c);
  });
  front.all('*', toApp);
  return front;
}
