import type { Context } from 'hono';
import type { EditionReader } from '#functions/data/editions/edition-store.ts';
import {
  createPublishedEditions,
  type PublishedEditions,
} from '#functions/data/editions/published-editions.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { createHttpApp } from '#functions/http/app.ts';
import { PAGE_CACHE_CONTROL, representationOf, strongEtag } from '#functions/http/caching.ts';
import { reportError } from '#functions/http/problem.ts';
import { RenderedCache, sendRendered } from '#functions/http/rendered.ts';
import { nowAndNext } from '#shared/agenda/now.ts';
import { callView, editionCallState } from '#shared/cfp/call-view.ts';
import { seriesOf } from '#shared/edition/series.ts';
import { NotFoundError } from '#shared/errors.ts';
import { publicRegistrationState } from '#shared/registration/rules.ts';
import { callFormKey } from './cfp-form.ts';
import { callPage } from './cfp-page.ts';
import type { SafeHtml } from './html.ts';
import { seriesSection } from './series.ts';
import { submissionPage } from './submission-pages.ts';
import { doorPage, editionPage, errorPage, managePage, nowPage, runningLate } from './views.ts';

/**
 * The public pages: `/` (the series, upcoming edition first), `/{year}`, `/{year}/cfp` (the call
 * for papers and talks), `/{year}/manage` (the manage link) and `/{year}/submission` (a
 * submission's private link).
 */

export interface PagesDependencies {
  store: EditionReader;
  seats: Pick<RegistrationStore, 'getSeatCounter'>;
  clock: () => Date;
  /** The published editions by version (shared with the public app); its own by default. */
  published?: PublishedEditions;
  /** The rendered pages (shared with the public app); its own by default. */
  rendered?: RenderedCache;
}

export function createPagesApp({
  store,
  seats,
  clock,
  published = createPublishedEditions({ store }),
  rendered = new RenderedCache(),
}: PagesDependencies) {
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

  /**
   * A page shows seats left, so it is read with the seat counter every time; the page itself is
   * rendered once per release and state (the ETag names both) and kept.
   */
  async function renderEdition(c: Context, year: number, series: SafeHtml | '' = '') {
    const [state, current] = await Promise.all([
      seats.getSeatCounter(year),
      published.current(year),
    ]);
    if (!current) throw missingEdition(year);
    const { edition } = current;
    const config = edition.details.registration;
    const now = clock();
    const registration = config ? publicRegistrationState(config, state, now) : null;
    // What the page says that depends on the time, besides the registration state.
    const notOpenYet = registration ? Date.parse(registration.opensAt) > now.getTime() : false;
    const etag = strongEtag(
      current.version,
      JSON.stringify(registration),
      notOpenYet,
      // The banner says how late the day runs now: it changes with the clock, not the content.
      runningLate(edition, now),
      // The page links to the call while it is open.
      editionCallState(edition.details, now) ?? 'no-call',
      series ? series.html : '',
      representationOf(c),
    );
    return sendRendered(c, rendered, {
      key: etag,
      etag: () => etag,
      cacheControl: PAGE_CACHE_CONTROL,
      render: () => ({
        body: editionPage(edition, registration, now, series),
        type: 'text/html; charset=UTF-8',
      }),
    });
  }

  // The series: the upcoming edition's page (the newest when all are over), then the others.
  app.get('/', async (c) => {
    const series = seriesOf(await store.listEditions(), clock());
    if (!series.featured) throw new NotFoundError('No edition is published yet.');
    return renderEdition(c, series.featured.year, seriesSection(series));
  });

  app.get('/:year{[0-9]{4}}', (c) => renderEdition(c, Number(c.req.param('year'))));

  // The call for papers and talks: rendered once per release and state of the call, and kept.
  app.get('/:year{[0-9]{4}}/cfp', async (c) => {
    const year = Number(c.req.param('year'));
    const current = await published.current(year);
    if (!current) throw missingEdition(year);
    const { details } = current.edition;
    const { cfp } = details;
    if (!cfp) throw new NotFoundError(`The ${year} edition has no call for papers and talks.`);
    const view = callView(year, cfp, details, clock());
    const etag = strongEtag(current.version, 'cfp', view.state, representationOf(c));
    return sendRendered(c, rendered, {
      key: etag,
      etag: () => etag,
      cacheControl: PAGE_CACHE_CONTROL,
      render: () => ({
        body: callPage({ ...details, cfp }, view, callFormKey(year, current.version, view.state)),
        type: 'text/html; charset=UTF-8',
      }),
    });
  });

  /** A page of one edition that its script fills in for one person: never cached. */
  const personalPage = (path: string, page: (year: number, title: string) => string) =>
    app.get(`/:year{[0-9]{4}}/${path}`, async (c) => {
      const year = Number(c.req.param('year'));
      const edition = await store.getEdition(year);
      if (!edition) throw missingEdition(year);
      c.header('cache-control', 'no-store');
      return c.html(page(year, `${edition.shortTitle}: ${edition.title}`));
    });
  personalPage('manage', managePage);
  personalPage('door', doorPage);
  personalPage('submission', submissionPage);

  // A room screen: it depends on the clock, so it is rendered on each request (it reloads itself).
  app.get('/:year{[0-9]{4}}/now', async (c) => {
    const year = Number(c.req.param('year'));
    const current = await published.current(year);
    if (!current) throw missingEdition(year);
    c.header('cache-control', 'no-store');
    return c.html(nowPage(current.edition, nowAndNext(current.edition, clock())));
  });

  return app;
}
