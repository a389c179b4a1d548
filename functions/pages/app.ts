import type { Context } from 'hono';
import type { EditionStore } from '#functions/data/edition-store.ts';
import type { RegistrationStore } from '#functions/data/registration-store.ts';
import { createHttpApp } from '#functions/http/app.ts';
import {
  cachedResponse,
  PAGE_CACHE_CONTROL,
  representationOf,
  strongEtag,
} from '#functions/http/caching.ts';
import { reportError } from '#functions/http/problem.ts';
import { seriesOf } from '#shared/edition/series.ts';
import { NotFoundError } from '#shared/errors.ts';
import { publicRegistrationState } from '#shared/registration/rules.ts';
import type { SafeHtml } from './html.ts';
import { seriesSection } from './series.ts';
import { editionPage, errorPage, managePage } from './views.ts';

/** The public pages: `/` (the series, upcoming edition first), `/{year}`, and `/{year}/manage` (the manage link). */

export interface PagesDependencies {
  store: EditionStore;
  seats: Pick<RegistrationStore, 'getSeatCounter'>;
  clock: () => Date;
}

export function createPagesApp({ store, seats, clock }: PagesDependencies) {
  const app = createHttpApp();
  // People get a page, with the status and Retry-After of the problem (logged as usual).
  app.onError((error, c) => {
    const { problem, headers } = reportError(error, c);
    const { title, detail, status } = problem;
    return c.html(errorPage({ title, detail, status }), status, {
      ...headers,
      'cache-control': 'no-store',
    });
  });
  const missingEdition = (year: number) => new NotFoundError(`There is no edition ${year}.`);

  async function renderEdition(c: Context, year: number, series: SafeHtml | '' = '') {
    const [edition, state] = await Promise.all([
      store.getPublishedEdition(year),
      seats.getSeatCounter(year),
    ]);
    if (!edition) throw missingEdition(year);
    const config = edition.details.registration;
    const now = clock();
    const page = editionPage(
      edition,
      config ? publicRegistrationState(config, state, now) : null,
      now,
      series,
    );
    return cachedResponse(
      c,
      strongEtag(page, representationOf(c)),
      () => c.html(page),
      PAGE_CACHE_CONTROL,
    );
  }

  // The series: the upcoming edition's page (the newest when all are over), then the others.
  app.get('/', async (c) => {
    const series = seriesOf(await store.listEditions(), clock());
    if (!series.featured) throw new NotFoundError('No edition is published yet.');
    return renderEdition(c, series.featured.year, seriesSection(series));
  });

  app.get('/:year{[0-9]{4}}', (c) => renderEdition(c, Number(c.req.param('year'))));

  app.get('/:year{[0-9]{4}}/manage', async (c) => {
    const year = Number(c.req.param('year'));
    const edition = await store.getEdition(year);
    if (!edition) throw missingEdition(year);
    c.header('cache-control', 'no-store');
    return c.html(managePage(year, `${edition.shortTitle}: ${edition.title}`));
  });

  return app;
}
