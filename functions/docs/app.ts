import { createHttpApp } from '#functions/http/app.ts';
import type { ApiDescription } from '#functions/http/openapi.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { DOCS_PAGE } from './page.ts';

/** The docs' own routes, declared like every context's (served below). */
const docsRoutes = {
  document: defineRoute({
    method: 'get',
    path: '/openapi.json',
    docs: WITH_ROUTE_DOCS && {
      tag: 'Pages',
      summary: 'This document',
      success: { status: 200, description: 'OpenAPI 3.1', contentType: 'application/json' },
      database: false,
      problems: [],
    },
  }),
  page: defineRoute({
    method: 'get',
    path: '/docs',
    docs: WITH_ROUTE_DOCS && {
      tag: 'Pages',
      summary: 'Interactive documentation of this API',
      success: { status: 200, description: 'HTML', contentType: 'text/html' },
      database: false,
      problems: [],
    },
  }),
};

export const docsDescription: ApiDescription = {
  tags: [{ name: 'Pages', description: 'Documents and pages' }],
  routes: Object.values(docsRoutes),
};

export interface DocsAppDependencies {
  /**
   * The document served at /openapi.json for a request's origin: made from the contexts' route
   * declarations (document.ts `describedDocument`, the local server), or the committed
   * openapi/openapi.json (the docs Lambda, which then carries neither the routes nor zod).
   */
  document: (origin: string) => unknown;
}

/** The API's own description: /openapi.json and an interactive page at /docs. */
export function createDocsApp({ document }: DocsAppDependencies) {
  const app = createHttpApp();
  // Like every route, these take no query they do not know: a 400 names the parameter.
  serve(app, docsRoutes.document, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(document(new URL(c.req.url).origin));
  });
  serve(app, docsRoutes.page, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.html(DOCS_PAGE);
  });
  return app;
}
