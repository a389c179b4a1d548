import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_LIST } from '#functions/http/problem.ts';
import { person, registrationApi } from '../../support/registration-app.ts';

/**
 * What a consumer of the API notices: a created registration says where it is (Location), and
 * every problem's `type` is a page that explains it, linked from the OpenAPI document.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi();
});

/** Every `/problems/<name>` written anywhere in the server's code, and every name of the table. */
function problemTypesInCode(): string[] {
  const found = new Set<string>();
  const sources = ['functions', 'shared'].flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(folder, file)),
  );
  expect(sources.length).toBeGreaterThan(100);
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(/\/problems\/([a-z][a-z-]*)/g)) if (name) found.add(name);
  }
  // The table in problem.ts: [ErrorClass, 'name', 'title', status], and the 500's own.
  const table = readFileSync('functions/http/problem.ts', 'utf8');
  for (const [, name] of table.matchAll(/\[\s*\w+Error,\s*'([a-z-]+)',/g))
    if (name) found.add(name);
  for (const [, name] of table.matchAll(/slug: '([a-z-]+)'/g)) if (name) found.add(name);
  return [...found].sort();
}

describe('a created registration', () => {
  it('answers 201 with Location: the registration, read with the manage token', async () => {
    const created = await api.register(person());
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; manageToken: string };
    const location = created.headers.get('location');
    expect(location).toBe(`/editions/2030/registrations/${body.id}`);
    const read = await api.app.request(location ?? '', {
      headers: { authorization: `Bearer ${body.manageToken}` },
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(body.id);
  });

  it('keeps the Location on an Idempotency-Key replay', async () => {
    const someone = person();
    const first = await api.register(someone, { 'idempotency-key': 'location-replay-0001' });
    const second = await api.register(someone, { 'idempotency-key': 'location-replay-0001' });
    expect(second.status).toBe(201);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
  });
});

describe('problem types', () => {
  it('has a page for every type the code answers with (200, HTML, what it means and what to do)', async () => {
    const names = problemTypesInCode();
    expect(names).toEqual(PROBLEM_TYPE_LIST.map((problem) => problem.slug).sort());
    expect(names).toEqual(
      expect.arrayContaining(['invalid-request', 'check-in-closed', 'internal-error']),
    );
    for (const name of names) {
      const page = await api.app.request(`/problems/${name}`);
      expect(page.status, name).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const text = await page.text();
      expect(text, name).toContain(`<code>/problems/${name}</code>`);
      expect(text, name).toMatch(/<h2>What it means<\/h2>\s*<p id="means">.{20,}<\/p>/);
      expect(text, name).toMatch(/<h2>What to do<\/h2>\s*<p id="todo">.{10,}<\/p>/);
    }
    const index = await api.app.request('/problems');
    expect(index.status).toBe(200);
    const list = await index.text();
    for (const name of names) expect(list).toContain(`href="/problems/${name}"`);
  });

  it('resolves the type of a real problem answer', async () => {
    const refused = await api.register({ name: 'No Email' });
    expect(refused.status).toBe(400);
    const { type } = (await refused.json()) as { type: string };
    expect(type).toBe('/problems/invalid-request');
    expect((await api.app.request(type)).status).toBe(200);
  });

  it('answers an unknown type with a 404 problem', async () => {
    for (const path of ['/problems/no-such-problem', '/problems/NOT-FOUND', '/problems/x/y']) {
      const missing = await api.app.request(path);
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(((await missing.json()) as { type: string }).type).toBe('/problems/not-found');
    }
  });

  it('are linked from the OpenAPI document', async () => {
    const document = (await (await api.app.request('/openapi.json')).json()) as {
      components: {
        schemas: {
          Problem: { description: string; properties: { type: { description: string } } };
        };
      };
      paths: Record<string, unknown>;
    };
    const problem = document.components.schemas.Problem;
    expect(problem.description).toContain('[/problems](/problems)');
    expect(problem.properties.type.description).toContain('/problems/invalid-request');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/problems', '/problems/{name}']),
    );
  });
});
