import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { docsDescription } from '#functions/docs/app.ts';
import { openApiDocument } from '#functions/docs/document.ts';
import { organizersDescription } from '#functions/organizers/openapi.ts';
import { pagesDescription } from '#functions/pages/openapi.ts';
import { publicDescription } from '#functions/public/openapi.ts';
import { registrationsDescription } from '#functions/registrations/openapi.ts';
import { person, registrationApi } from '../../support/registration-app.ts';

/** Real answers, validated against the schemas /openapi.json publishes for them. */

const document = openApiDocument('http://localhost', [
  publicDescription,
  registrationsDescription,
  organizersDescription,
  pagesDescription,
  docsDescription,
]) as any;
const ajv = new Ajv2020({ strict: false, allErrors: true });
let api: Awaited<ReturnType<typeof registrationApi>>;

beforeAll(async () => {
  api = await registrationApi();
});

function schemaOf(method: string, template: string, status: number) {
  const response = document.paths[template][method].responses[status];
  const content =
    response.content['application/json'] ?? response.content['application/problem+json'];
  return content.schema.$ref ? document.components.schemas.Problem : content.schema;
}

async function expectConforming(method: string, template: string, response: Response) {
  const body = await response.json();
  const schema = schemaOf(method, template, response.status);
  expect(schema.type).toBe('object');
  expect(schema.required?.length).toBeGreaterThan(0);
  const valid = ajv.validate(schema, body);
  expect(ajv.errors ?? [], `${method} ${template} ${response.status}`).toEqual([]);
  expect(valid).toBe(true);
  return body as any;
}

describe('answers match the OpenAPI document', () => {
  it('for the public reads', async () => {
    await expectConforming('get', '/editions', await api.app.request('/editions'));
    await expectConforming('get', '/editions/{year}', await api.app.request('/editions/2030'));
    const agenda = await expectConforming(
      'get',
      '/editions/{year}/agenda',
      await api.app.request('/editions/2030/agenda'),
    );
    await expectConforming(
      'get',
      '/editions/{year}/talks',
      await api.app.request('/editions/2030/talks?limit=1'),
    );
    await expectConforming(
      'get',
      '/editions/{year}/talks/{talkId}',
      await api.app.request(`/editions/2030/talks/${agenda.slots[0].id}`),
    );
    await expectConforming(
      'get',
      '/editions/{year}/speakers',
      await api.app.request('/editions/2030/speakers'),
    );
  });

  it('for registering, reading and cancelling, and for organizers', async () => {
    const created = await expectConforming(
      'post',
      '/editions/{year}/registrations',
      await api.register(person({ affiliation: 'HLRS' })),
    );
    const auth = { headers: { authorization: `Bearer ${created.manageToken}` } };
    const path = `/editions/2030/registrations/${created.id}`;
    await expectConforming(
      'get',
      '/editions/{year}/registrations/{id}',
      await api.app.request(path, auth),
    );
    await expectConforming(
      'delete',
      '/editions/{year}/registrations/{id}',
      await api.app.request(path, { method: 'DELETE', ...auth }),
    );
    await expectConforming(
      'get',
      '/admin/editions/{year}/registrations',
      await api.app.request('/admin/editions/2030/registrations', {
        headers: { authorization: `Bearer ${await api.organizerToken()}` },
      }),
    );
  });

  it("for the organizers' registration routes (issue 24)", async () => {
    const organizer = async (method: string, path: string, body?: unknown) =>
      api.app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${await api.organizerToken()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const { consent: _consent, ...fields } = person({ affiliation: 'HLRS' });
    const added = await expectConforming(
      'post',
      '/admin/editions/{year}/registrations',
      await organizer('POST', '/admin/editions/2030/registrations', fields),
    );
    const one = '/admin/editions/{year}/registrations/{registrationId}';
    await expectConforming(
      'get',
      one,
      await organizer('GET', `/admin/editions/2030/registrations/${added.id}`),
    );
    const conflict = await expectConforming(
      'post',
      `${one}/promote`,
      await organizer('POST', `/admin/editions/2030/registrations/${added.id}/promote`),
    );
    expect(conflict.field).toBe('status');
    await expectConforming(
      'post',
      `${one}/cancel`,
      await organizer('POST', `/admin/editions/2030/registrations/${added.id}/cancel`, {
        reason: 'requested',
      }),
    );
    await expectConforming(
      'get',
      one,
      await organizer('GET', `/admin/editions/2030/registrations/${added.id}`),
    );
    await expectConforming(
      'put',
      '/admin/editions/{year}/capacity',
      await organizer('PUT', '/admin/editions/2030/capacity', { seats: 3 }),
    );
    await expectConforming('get', '/admin/overview', await organizer('GET', '/admin/overview'));
  });

  it('for problems', async () => {
    await expectConforming('get', '/editions/{year}', await api.app.request('/editions/1999'));
    await expectConforming(
      'post',
      '/editions/{year}/registrations',
      await api.register(person({ email: 'nope' })),
    );
    await expectConforming(
      'get',
      '/admin/editions/{year}/registrations',
      await api.app.request('/admin/editions/2030/registrations'),
    );
  });
});
