import { handle } from 'hono/aws-lambda';
import { createAgendaStore } from '#functions/data/agenda-store.ts';
import { lambdaTable, requiredEnv } from '#functions/data/client.ts';
import { createEditionHeads } from '#functions/data/content-version.ts';
import { createEditionStore } from '#functions/data/edition-store.ts';
import { createLiveReader } from '#functions/data/live-reader.ts';
import { createPublishedEditions } from '#functions/data/published-editions.ts';
import { createSeatCounterReader } from '#functions/data/seat-counter.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp } from '#functions/http/app.ts';
import { Front } from '#functions/http/front.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { createProblemPagesApp } from '#functions/pages/problems.ts';
import { createReleaseFeed } from '#functions/releases/service.ts';
import { createPublicApp } from './app.ts';

const table = lambdaTable();
const editions = createEditionStore(table);
// Of the registrations, only the seat counter is read here (the counts and the window).
const seats = createSeatCounterReader(table);
const agenda = createAgendaStore(table);
const clock = () => new Date();
const releases = createReleaseFeed(agenda);
// One memory for both apps: the edition read once per version (its head checked once a second),
// each representation rendered once.
const published = createPublishedEditions({
  store: editions,
  heads: createEditionHeads(table),
  releases: agenda,
  live: createLiveReader(table),
});
const rendered = new RenderedCache();
const front = new Front(rendered, published.isCurrent);

/** Public reads, exports, the public pages and the problem types' pages. */
export const handler = handle(
  createRootApp(
    [
      createPublicApp({
        store: editions,
        seats,
        releases,
        clock,
        publicUrl: requiredEnv('PUBLIC_URL'),
        published,
        rendered,
        front,
      }),
      createPagesApp({ store: editions, seats, clock, published, rendered }),
      // The pages behind every problem's `type`: the default route brings /problems/* here.
      createProblemPagesApp(),
    ],
    { front, originCheck: lambdaOriginCheck() },
  ),
);
