import { handle } from 'hono/aws-lambda';
import { createEditionHeadReader } from '#functions/data/editions/edition-head.ts';
import { createEditionReader } from '#functions/data/editions/edition-store.ts';
import { createLiveReader } from '#functions/data/editions/live-reader.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { createReleaseHistory } from '#functions/data/editions/release-history.ts';
import { createSeatCounterReader } from '#functions/data/registrations/seat-counter.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp, lambdaRouter } from '#functions/http/app.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createPagesApp } from './app.ts';
import { createProblemPagesApp } from './problems.ts';

/**
 * The public pages (HTML) and the problem types' pages: the API's default route. A function of
 * their own, so that the JSON reads' function (public/handler.ts) loads none of their views,
 * forms, style or script on a cold start. Read-only, as the public function.
 */

const table = lambdaTable();
const editions = createEditionReader(table);
// The edition read once per version (its head checked once a second), each page rendered once.
const published = createPublishedEditions({
  store: editions,
  heads: createEditionHeadReader(table),
  releases: createReleaseHistory(table),
  live: createLiveReader(table),
});

export const handler = handle(
  createRootApp(
    [
      createPagesApp({
        store: editions,
        // Of the registrations, only the seat counter is read here (the counts and the window).
        seats: createSeatCounterReader(table),
        clock: () => new Date(),
        published,
        rendered: new RenderedCache(),
      }),
      createProblemPagesApp(),
    ],
    { originCheck: lambdaOriginCheck(), router: lambdaRouter() },
  ),
);
