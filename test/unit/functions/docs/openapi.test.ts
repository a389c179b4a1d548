import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createApi } from '#functions/api.ts';
import { reviewsDescription } from '#functions/cfp/reviews/openapi.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { docsDescription } from '#functions/docs/app.ts';
import { openApiDocument } from '#functions/docs/document.ts';
import type { ApiDescription, RouteDoc } from '#functions/http/openapi.ts';
import { organizersDescription } from '#functions/organizers/openapi.ts';
import { pagesDescription, problemPagesDescription } from '#functions/pages/openapi.ts';
import { publicDescription } from '#functions/public/openapi.ts';
import { registrationsDescription } from '#functions/registrations/openapi.ts';
import { editionSchema } from '#shared/edition/schema.ts';

const client = createDocumentClient({ region: 'local' });
const api = createApi({
  ...createStores({ client, tableName: 't' }),
  clock: () => new Date(),
  publicUrl: 'http://localhost',
  emailHashKey: 'k',
  authenticate: async () => undefined,
});

/** Hono's route syntax to OpenAPI's: ":year" -> "{year}", a suffixed parameter -> "{talkId}.ics". */
const openApiPath = (path: string) =>
  path
    .replace(/:(\w+)\{\[\^\/\]\+\\(\.\w+)\}/g, '{$1}$2')
    .replace(/:(\w+)\{(?:[^{}]|\{[^{}]*\})*\}/g, '{$1}')
    .replace(/:(\w+)/g, '{$1}');

const appRoutes = [
  ...new Set(
    api.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`),
  ),
].sort();

const descriptions = [
  publicDescription,
  registrationsDescription,
  organizersDescription,
  reviewsDescription,
  problemPagesDescription,
  docsDescription,
];
const routeCount = descriptions.reduce((count, { routes }) => count + routes.length, 0);
/** The website's pages: served, described for this test, but not part of the API document. */
const pageRoutes = pagesDescription.routes.map((route) => `${route.method} ${route.path}`);
let document: ReturnType<typeof openApiDocument>;

beforeAll(async () => {
  document = (await (await api.request('/openapi.json')).json()) as typeof document;
});

describe('/openapi.json', () => {
  it('describes every API route the apps serve, and no route they do not; the pages apart', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();
    expect([...documented, ...pageRoutes].sort()).toEqual(appRoutes);
    expect(documented).toHaveLength(routeCount);
    expect(documented.some((route) => route.includes('/{year}/manage'))).toBe(false);
  });

  it('gives every request body an example that the handler’s schema accepts', () => {
    const withBodies = descriptions
      .flatMap(({ routes }) => routes)
      .filter((route): route is RouteDoc & { body: NonNullable<RouteDoc['body']> } =>
        Boolean(route.body),
      );
    expect(withBodies.length).toBeGreaterThan(10);
    for (const route of withBodies) {
      const parsed = z.safeParse(route.body, route.docs.example);
      expect(parsed.error?.issues ?? [], `${route.method} ${route.path}`).toEqual([]);
    }
    const replaceDraft = withBodies.find(
      (route) => route.method === 'put' && route.path === '/admin/editions/{year}/draft',
    );
    // The whole-draft example is a whole edition source, as an edition file would be checked.
    expect(editionSchema.safeParse(replaceDraft?.docs.example).error?.issues ?? []).toEqual([]);
  });

  it('declares security on every operation: none, a private link’s token, or an organizer’s or reviewer’s', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const security = (operation as { security: Record<string, string[]>[] }).security;
        const expected = path.startsWith('/admin/editions/{year}/submissions')
          ? [{ reviewer: [] }]
          : path.startsWith('/admin/')
            ? [{ organizer: [] }]
            : path.startsWith('/editions/{year}/registrations/{id}')
              ? [{ manageToken: [] }]
              : /^\/editions\/\{year\}\/submissions\/\{submissionId\}\/(confirm|decline)$/.test(
                    path,
                  )
                ? [{ submissionToken: [] }]
                : [];
        expect(security, `${method} ${path}`).toEqual(expected);
      }
    }
  });

  it('types whole numbers in paths and queries as integers', () => {
    const parameter = (path: string, name: string) => {
      const get = document.paths[path]?.get as
        | { parameters: { name: string; schema: unknown }[] }
        | undefined;
      return get?.parameters.find((candidate) => candidate.name === name)?.schema;
    };
    expect(parameter('/editions/{year}/agenda', 'year')).toEqual({
      type: 'integer',
      minimum: 1000,
      maximum: 9999,
    });
    expect(parameter('/editions/{year}/talks', 'limit')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 100,
    });
  });

  it('is assembled from the descriptions of every context the local server runs', () => {
    expect(document).toEqual(openApiDocument('http://localhost', descriptions));
  });

  it('is OpenAPI 3.1 with unique operation ids and a parameter for every path template variable', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.values(methods).map((operation) => ({
        path,
        operation: operation as { operationId: string; parameters: { name: string; in: string }[] },
      })),
    );
    expect(new Set(operations.map(({ operation }) => operation.operationId)).size).toBe(
      operations.length,
    );
    for (const { path, operation } of operations) {
      const variables = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const pathParameters = operation.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      expect(pathParameters.sort(), path).toEqual(variables.sort());
    }
  });

  it('documents the registration body from the schema the handler validates with', () => {
    const post = document.paths['/editions/{year}/registrations']?.post as any;
    const schema = post.requestBody.content['application/json'].schema;
    expect(schema.required.sort()).toEqual(['audience', 'consent', 'email', 'name']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(post.responses).sort()).toEqual([
      '201',
      '400',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '503',
    ]);
    expect(post.parameters.map((parameter: { name: string }) => parameter.name)).toContain(
      'Idempotency-Key',
    );
  });

  it('is served at /openapi.json, with an interactive page at /docs', async () => {
    const served = await api.request('/openapi.json');
    expect(served.status).toBe(200);
    expect(((await served.json()) as any).servers).toEqual([{ url: 'http://localhost' }]);
    const page = await api.request('/docs');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain("fetch('/openapi.json')");
  });
});

describe('assembling the document', () => {
  const route = (
    overrides: Partial<RouteDoc> = {},
    words: Partial<RouteDoc['docs']> = {},
  ): RouteDoc => ({
    method: 'get',
    path: '/things',
    ...overrides,
    docs: {
      tag: 'Things',
      summary: 'Things',
      success: { status: 200, description: 'Things' },
      problems: [],
      ...words,
    },
  });
  const described = (routes: RouteDoc[]): ApiDescription => ({
    tags: [{ name: 'Things', description: 'Things and more' }],
    routes,
  });

  it('refuses a route described twice, by one context or by two', () => {
    expect(() => openApiDocument('http://x', [described([route(), route()])])).toThrow(
      'get /things is described twice',
    );
    expect(() => openApiDocument('http://x', [described([route()]), described([route()])])).toThrow(
      'get /things is described twice',
    );
  });

  it('refuses a tag or a security scheme that no description declares', () => {
    expect(() => openApiDocument('http://x', [described([route({}, { tag: 'Other' })])])).toThrow(
      'no tag "Other"',
    );
    expect(() =>
      openApiDocument('http://x', [described([route({}, { security: 'organizer' })])]),
    ).toThrow('no security scheme "organizer"');
  });

  it('lists a tag once when several contexts declare it', () => {
    const tags = openApiDocument('http://x', [
      described([route()]),
      described([route({ path: '/other' })]),
    ]).tags;
    expect(tags).toEqual([{ name: 'Things', description: 'Things and more' }]);
  });
});
