import { beforeAll, describe, expect, it } from 'vitest';
import { organizersDescription } from '#functions/organizers/openapi.ts';
import { json, person, registrationApi } from '../../support/registration-app.ts';

/**
 * Roles: the groups `organizers` and `reviewers` of the series user pool (and of the local
 * provider). Everything under /admin is for organizers; a reviewer's token is a valid token
 * that gets 403 naming the group it lacks, never the registrants' personal data.
 */

let api: Awaited<ReturnType<typeof registrationApi>>;
let registrationId: string;

beforeAll(async () => {
  api = await registrationApi();
  const registered = await json(await api.register(person()));
  expect(registered.status).toBe(201);
  registrationId = registered.body.id;
});

async function call(method: string, path: string, groups?: string[]) {
  const token = groups && (await api.organizerToken(groups));
  const response = await api.app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
    },
    ...(method === 'GET' ? {} : { body: '{}' }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

describe('the organizer routes, by group', () => {
  const list = '/admin/editions/2030/registrations';
  const csv = '/admin/editions/2030/registrations.csv';
  const record = () => `/admin/editions/2030/registrations/${registrationId}`;

  it('gives a reviewer 403 naming the organizers group on the list, the CSV and a record', async () => {
    for (const path of [list, csv, record()]) {
      const refused = await call('GET', path, ['reviewers']);
      expect(refused.status, path).toBe(403);
      expect(refused.type).toBe('application/problem+json');
      expect(JSON.parse(refused.text)).toMatchObject({
        type: '/problems/forbidden',
        detail: 'This needs membership in the "organizers" group.',
      });
      expect(refused.text).not.toContain('@example.org');
    }
  });

  it('lets an organizer list and export (200)', async () => {
    const listed = await call('GET', list, ['organizers']);
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.text).items.map((item: { id: string }) => item.id)).toContain(
      registrationId,
    );
    const exported = await call('GET', csv, ['organizers']);
    expect(exported.status).toBe(200);
    expect(exported.text).toContain(registrationId);
  });

  it('answers 401 without a token and 403 to a token of no group', async () => {
    for (const path of [list, csv, record()]) {
      const none = await call('GET', path);
      expect(none.status, path).toBe(401);
      const noGroup = await call('GET', path, []);
      expect(noGroup.status, path).toBe(403);
      expect(JSON.parse(noGroup.text).detail).toBe(
        'This needs membership in the "organizers" group.',
      );
    }
  });

  it('refuses a reviewer (403) on every organizer route the API documents', async () => {
    const routes = organizersDescription.routes;
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      const path = route.path.replace('{year}', '2030').replace(/\{\w+\}/g, 'x');
      const refused = await call(route.method.toUpperCase(), path, ['reviewers']);
      expect(refused.status, `${route.method} ${route.path}`).toBe(403);
    }
  });
});
