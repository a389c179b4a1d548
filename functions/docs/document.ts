import type { ApiDescription } from '#functions/http/openapi.ts';
import { docsDescription } from './app.ts';
import { jsonSchema, operation, problemSchema } from './operation.ts';

/** Where the API is served: a URL, or a template with its variables. */
export type ServerDoc =
  | string
  | {
      url: string;
      description: string;
      variables: Record<string, { default: string; description: string }>;
    };

/**
 * The OpenAPI 3.1 document of the contexts described to it. Each context declares its routes beside
 * their handlers (http/route.ts), with the schemas they validate with, and lists them with its tags
 * (its openapi.ts); the composition roots pass them in.
 */
export function openApiDocument(server: ServerDoc, descriptions: ApiDescription[]) {
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  const tags = new Map<string, string>();
  const securitySchemes: NonNullable<ApiDescription['securitySchemes']> = {};
  for (const description of descriptions) {
    for (const tag of description.tags)
      if (!tags.has(tag.name)) tags.set(tag.name, tag.description);
    Object.assign(securitySchemes, description.securitySchemes);
  }
  for (const description of descriptions) {
    for (const route of description.routes) {
      if (!tags.has(route.docs.tag))
        throw new Error(`${route.path}: no tag "${route.docs.tag}" is described`);
      if (route.docs.security && !securitySchemes[route.docs.security])
        throw new Error(`${route.path}: no security scheme "${route.docs.security}" is described`);
      paths[route.path] ??= {};
      const item = paths[route.path] as Record<string, ReturnType<typeof operation>>;
      if (item[route.method]) throw new Error(`${route.method} ${route.path} is described twice`);
      item[route.method] = operation(route);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Workshop API',
      version: '0.1.0',
      description:
        'Agenda, talks, speakers, exports and registrations of a yearly workshop. Every error is an RFC 9457 problem.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'The workshop backend maintainers (see the README)' },
    },
    servers: [typeof server === 'string' ? { url: server } : server],
    tags: [...tags].map(([name, description]) => ({ name, description })),
    paths,
    components: { schemas: { Problem: jsonSchema(problemSchema) }, securitySchemes },
  };
}

/** The document of the contexts' routes and the docs' own, for a request's origin (createDocsApp). */
export const describedDocument = (descriptions: ApiDescription[]) => (origin: string) =>
  openApiDocument(origin, [...descriptions, docsDescription]);
