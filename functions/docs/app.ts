import type { Context } from 'hono';
import { createHttpApp } from '#functions/http/app.ts';
import type { ApiDescription } from '#functions/http/openapi.ts';
import { noQuery, parseRequestPart, singleValuedQuery } from '#functions/http/validate.ts';
import { openApiDocument } from './document.ts';
import { DOCS_PAGE } from './page.ts';

/** The docs' own routes, described like every context's. */
export const docsDescription: ApiDescription = {
  tags: [{ name: 'Pages', description: 'Documents and pages' }],
  routes: [
    {
      method: 'get',
      path: '/openapi.json',
      tag: 'Pages',
      summary: 'This document',
      success: { status: 200, description: 'OpenAPI 3.1', contentType: 'application/json' },
      database: false,
      problems: [],
    },
    {
      method: 'get',
      path: '/docs',
      tag: 'Pages',
      summary: 'Interactive documentation of this API',
      success: { status: 200, description: 'HTML', contentType: 'text/html' },
      database: false,
      problems: [],
    },
  ],
};

export interface DocsAppDependencies {
  /** What the other contexts serve; the composition root collects them. */
  descriptions: ApiDescription[];
}

/** The API's own description: /openapi.json and an interactive page at /docs. */
export function createDocsApp({ descriptions }: DocsAppDependencies) {
  const all = [...descriptions, docsDescription];
  const app = createHttpApp();
  // Like every route, these take no query they do not know: a 400 names the parameter.
  const refuseQuery = (c: Context) =>
    parseRequestPart(noQuery, singleValuedQuery(c.req.queries()), 'query');
  app.get('/openapi.json', (c) => {
    refuseQuery(c);
    c.header('cache-control', 'public, max-age=300');
    return c.json(openApiDocument(new URL(c.req.url).origin, all));
  });
  app.get('/docs', (c) => {
    refuseQuery(c);
    c.header('cache-control', 'public, max-age=300');
    return c.html(DOCS_PAGE);
  });
  return app;
}
