import { createHttpApp } from '#functions/http/app.ts';
import { openApiDocument } from '#functions/openapi/document.ts';
import { DOCS_PAGE } from './page.ts';

/** The API's own description: /openapi.json and an interactive page at /docs. */
export function createDocsApp() {
  const app = createHttpApp();
  app.get('/openapi.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(openApiDocument(new URL(c.req.url).origin));
  });
  app.get('/docs', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.html(DOCS_PAGE);
  });
  return app;
}
