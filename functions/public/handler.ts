import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/contract.ts';
import { createEditionHeadReader } from '#functions/data/editions/edition-head.ts';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { AnswerMemory } from '#functions/http/answer-memory.ts';
import { createRootApp, lambdaRouter, loadOnce } from '#functions/http/app.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createPublicFront } from './front.ts';

const table = lambdaTable();
const publicUrl = requiredEnv('PUBLIC_URL');
// The readers and the whole app load with the first request that needs them (one dynamic
// import): a fresh process asked for the agenda loads the front alone (front.ts).
const whole = loadOnce(() => import('./whole-app.ts'));
const readers = loadOnce(async () => (await whole()).createPublicReaders(table));
// The edition read once per version (its head checked once a second), each representation
// rendered once; the agenda not even once, while its release's rendering is current.
const published = createPublishedEditions({
  heads: createEditionHeadReader(table),
  store: {
    getSnapshot: async (year) => (await readers()).editions.getSnapshot(year),
    getPublishedEdition: async (year) => (await readers()).editions.getPublishedEdition(year),
  },
  releases: {
    getRelease: async (year, number) => (await readers()).history.getRelease(year, number),
  },
  live: { getLive: async (year, options) => (await readers()).live.getLive(year, options) },
});
const rendered = new RenderedCache();
const answerMemory = new AnswerMemory(rendered, published.isCurrent);

async function createWholeApp() {
  const [module, loaded] = await Promise.all([whole(), readers()]);
  return module.createWholeApp(loaded, { publicUrl, published, rendered, answerMemory });
}

/** Public reads and exports (JSON, iCalendar, frab XML); the pages are pages/handler.ts's. */
export const handler = handle(
  createRootApp([createPublicFront({ published, rendered, answerMemory, app: createWholeApp })], {
    answerMemory,
    originCheck: lambdaOriginCheck(),
    router: lambdaRouter(),
  }),
);
