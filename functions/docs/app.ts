import { createHttpApp } from '#functions/http/app.ts';
import type { ApiDescription } from '#functions/http/openapi.ts';
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
      problems: [],
    },
    {
      method: 'get',
      path: '/docs',
      tag: 'Pages',
      summary: 'Interactive documentation of this API',
      success: { status: 200, description: 'HTML', contentType: 'text/html' },
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
  app.get('/openapi.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(openApiDocument(new URL(c.req.url).origin, all));
  });
  app.get('/docs', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.html(DOCS_PAGE);
  });
  return app;
}
