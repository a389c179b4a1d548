import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { createEditionHeadReader } from '#functions/data/editions/edition-head.ts';
import { createEditionReader } from '#functions/data/editions/edition-store.ts';
import { createLiveReader } from '#functions/data/editions/live-reader.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { createReleaseHistory } from '#functions/data/editions/release-history.ts';
import { createSeatCounterReader } from '#functions/data/registrations/seat-counter.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { AnswerMemory } from '#functions/http/answer-memory.ts';
import { createRootApp } from '#functions/http/app.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createReleaseFeed } from '#functions/releases/service.ts';
import { createPublicApp } from './app.ts';

const table = lambdaTable();
const editions = createEditionReader(table);
// Of the registrations, only the seat counter is read here (the counts and the window).
const seats = createSeatCounterReader(table);
const history = createReleaseHistory(table);
const clock = () => new Date();
const releases = createReleaseFeed(history);
// The edition read once per version (its head checked once a second), each representation
// rendered once; the agenda not even once, while its release's rendering is current.
const published = createPublishedEditions({
  store: editions,
  heads: createEditionHeadReader(table),
  releases: history,
  live: createLiveReader(table),
});
const rendered = new RenderedCache();
const answerMemory = new AnswerMemory(rendered, published.isCurrent);

/** Public reads and exports (JSON, iCalendar, frab XML); the pages are pages/handler.ts's. */
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
        answerMemory,
      }),
    ],
    { answerMemory, originCheck: lambdaOriginCheck() },
  ),
);
