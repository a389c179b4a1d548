import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

/**
 * A typed client of the workshop API, generated from its OpenAPI document (`npm run openapi`
 * writes openapi/openapi.json and client/schema.ts). Paths, parameters, bodies and answers are
 * typed: `year` is a number, problems are RFC 9457 objects.
 *
 *   const api = createWorkshopClient('http://localhost:3000');
 *   const { data } = await api.GET('/editions/{year}/agenda', { params: { path: { year: 2020 } } });
 */
export function createWorkshopClient(
  baseUrl: string,
  options: Omit<ClientOptions, 'baseUrl'> = {},
) {
  return createClient<paths>({ ...options, baseUrl });
}

export type WorkshopClient = ReturnType<typeof createWorkshopClient>;
export type Problem = components['schemas']['Problem'];
export type { components, paths };
