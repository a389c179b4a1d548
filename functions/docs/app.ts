import { createHttpApp } from '#functions/http/app.ts';
import type { ApiDescription } from '#functions/http/openapi.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { NotFoundError } from '#shared/errors.ts';
import { DOCS_PAGE } from './page.ts';
import { type SignInConfig, signInConfigSchema } from './sign-in.ts';

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
  signIn: defineRoute({
    method: 'get',
    path: '/auth/config',
    docs: WITH_ROUTE_DOCS && {
      tag: 'Pages',
      summary: 'Where organizers and reviewers sign in',
      description:
        "The OpenID Connect issuer, public client and scopes the console and `npm run login` use (authorization code flow with PKCE). The API trusts that issuer's tokens for this client; the `organizers` and `reviewers` groups authorize. 404 when the deployment has no sign-in.",
      success: {
        status: 200,
        description: 'The sign-in configuration',
        schema: signInConfigSchema,
      },
      database: false,
      problems: [404],
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
  /** Where organizers sign in; none: /auth/config answers 404. */
  signIn?: SignInConfig | undefined;
}

/** The API's own description: /openapi.json, an interactive page at /docs, where to sign in. */
export function createDocsApp({ document, signIn }: DocsAppDependencies) {
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
  serve(app, docsRoutes.signIn, (c) => {
    if (!signIn) throw new NotFoundError('This deployment has no sign-in configured.');
    c.header('cache-control', 'public, max-age=300');
    return c.json(signIn);
  });
  return app;
}
