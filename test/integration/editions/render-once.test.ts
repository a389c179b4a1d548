import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPublishedEditions,
  VERSION_CHECK_MS,
} from '#functions/data/editions/published-editions.ts';
import { createRootApp } from '#functions/http/app.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import {
  person,
  publicAppOver,
  REGISTRATION_OPEN_AT,
  registrationApi,
} from '../../support/registration-app.ts';

/**
 * Render once per release, on DynamoDB Local: a release made through the organizer API is served
 * by a separate public function (as in AWS) within the staleness bound, and nothing personal or
 * organizer-only ever lands among the representations kept in memory.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
const rendered = new RenderedCache();

beforeAll(async () => {
  api = await registrationApi(undefined, {}, { rendered });
});

/** The public function of the stack: its own memory, over the same table; `now` in ms. */
function publicFunction(now?: () => number) {
  const { editions, registrations, agenda } = api.stores;
  const published = createPublishedEditions({
    store: editions,
    heads: api.stores.heads,
    releases: agenda,
    ...(now ? { now } : {}),
  });
  const cache = new RenderedCache();
  const clock = () => REGISTRATION_OPEN_AT;
  return createRootApp([
    publicAppOver(api, { published, rendered: cache }),
    createPagesApp({ store: editions, seats: registrations, clock, published, rendered: cache }),
  ]);
}

const sessionTitle = async (app: { request: (path: string) => Response | Promise<Response> }) => {
  const agenda = (await (await app.request('/editions/2030/agenda')).json()) as {
    sessions: { id: string; title: string }[];
  };
  return agenda.sessions.find((session) => session.id === 'one')?.title;
};

async function release(title: string) {
  const draft = await api.organizer('GET', '/admin/editions/2030/draft/sessions/one');
  const renamed = await api.organizer(
    'PATCH',
    '/admin/editions/2030/draft/sessions/one',
    { title },
    { 'if-match': String(draft.etag) },
  );
  expect(renamed.status).toBe(200);
  const released = await api.organizer('POST', '/admin/editions/2030/agenda/releases', {
    name: title,
    comment: 'A new title.',
  });
  expect(released.status).toBe(201);
}

describe('a release, served within the staleness bound', () => {
  it(`is served by another function's memory no later than ${VERSION_CHECK_MS} ms after it`, async () => {
    let ticks = 0;
    const other = publicFunction(() => ticks);
    expect(await sessionTitle(other)).toBe('ONE');
    await release('Renamed once');
    // The process that released sees it at once (the local server); the other within the bound.
    expect(await sessionTitle(api.app)).toBe('Renamed once');
    ticks += VERSION_CHECK_MS - 1;
    expect(['ONE', 'Renamed once']).toContain(await sessionTitle(other));
    ticks += 1;
    expect(await sessionTitle(other)).toBe('Renamed once');
  });

  it('is served within the bound by the clock', async () => {
    const other = publicFunction();
    await sessionTitle(other);
    await release('Renamed twice');
    const released = performance.now();
    while ((await sessionTitle(other)) !== 'Renamed twice') {
      expect(performance.now() - released).toBeLessThan(VERSION_CHECK_MS + 250);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('changes the ETag, so that a revalidation gets the release', async () => {
    const first = await api.app.request('/editions/2030/agenda', {
      headers: { 'accept-encoding': 'br' },
    });
    await release('Renamed thrice');
    const again = await api.app.request('/editions/2030/agenda', {
      headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.get('etag')) },
    });
    expect(again.status).toBe(200);
    expect(brotliDecompressSync(Buffer.from(await again.arrayBuffer())).toString()).toContain(
      'Renamed thrice',
    );
  });
});

describe('the edition document publish stores', () => {
  it('is, after every release, what a Query of the partition assembles', async () => {
    await release('Renamed for the document');
    const { editions } = api.stores;
    const [document, partition] = await Promise.all([
      editions.getSnapshot(2030),
      editions.getPublishedEdition(2030),
    ]);
    expect(document?.details.version).toBe(partition?.details.version);
    expect(JSON.stringify(document)).toBe(JSON.stringify(partition));
  });
});

describe('what is kept in memory is public', () => {
  const PUBLIC_PATHS = [
    '/editions/2030',
    '/editions/2030/agenda',
    '/editions/2030/talks',
    '/editions/2030/speakers',
    '/editions/2030/agenda.ics',
    '/editions/2030/schedule.json',
    '/editions/2030/schedule.xml',
    '/2030',
    '/',
  ];

  it('never holds a registrant, a token or an organizer answer, and says so in the headers', async () => {
    const someone = person({ affiliation: 'Render Once Institute' });
    const created = await api.register(someone);
    expect(created.status).toBe(201);
    const { id, manageToken } = (await created.json()) as { id: string; manageToken: string };
    const asRegistrant = { authorization: `Bearer ${manageToken}`, 'accept-encoding': 'br, gzip' };

    // Personal and organizer answers: never stored by anyone.
    const personal = [
      await api.app.request(`/editions/2030/registrations/${id}`, { headers: asRegistrant }),
      await api.app.request('/2030/manage', { headers: asRegistrant }),
    ];
    for (const response of personal) {
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    for (const path of [
      '/admin/editions/2030/registrations',
      '/admin/editions/2030/registrations.csv',
      '/admin/editions/2030/draft',
    ]) {
      const answer = await api.organizer('GET', path, undefined, { 'accept-encoding': 'br' });
      expect(answer.status).toBe(200);
      expect(answer.text).not.toBe('');
    }
    const organizerAnswer = await api.app.request('/admin/editions/2030/registrations', {
      headers: { authorization: `Bearer ${await api.organizerToken()}` },
    });
    expect(organizerAnswer.headers.get('cache-control')).toBe('no-store');
    expect(await organizerAnswer.text()).toContain(someone.email);

    // Public answers, asked for with the registrant's credentials too: the same for everyone.
    for (const path of PUBLIC_PATHS) {
      for (const headers of [{ 'accept-encoding': 'gzip' }, asRegistrant]) {
        const response = await api.app.request(path, { headers });
        expect(response.status).toBe(200);
        expect(response.headers.get('vary')).toBe('accept-encoding');
        expect(response.headers.get('cache-control')).toMatch(/^(public|no-cache)/);
        expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      }
    }

    const secrets = [someone.name, someone.email, 'Render Once Institute', id, manageToken];
    const held = [...rendered.entries()];
    expect(held.length).toBeGreaterThanOrEqual(PUBLIC_PATHS.length);
    for (const [key, entry] of held) {
      const texts = [
        key,
        Buffer.from(entry.identity).toString(),
        entry.forms.br ? brotliDecompressSync(entry.forms.br).toString() : '',
        entry.forms.gzip ? gunzipSync(entry.forms.gzip).toString() : '',
      ];
      for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(held.some(([, entry]) => entry.type.startsWith('text/html'))).toBe(true);
  });
});
