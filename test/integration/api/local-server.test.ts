import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { seedEdition } from '../../support/editions.ts';
import { messageOf } from '../../support/mail/mail-fixtures.ts';
import { waitForEmails } from '../../support/mail/maildev.ts';
import { person } from '../../support/registration-app.ts';

/** HTTP through the local server: the same stack `npm start` runs, on a free port. */

let stack: LocalStack;

beforeAll(async () => {
  // Spring 2020: the 2020 edition takes registrations.
  stack = await startLocalStack({
    port: 0,
    now: new Date('2020-04-01T10:00:00+02:00'),
    mail: true,
  });
});

/** node:http, because fetch will not send a Host header of the caller's choosing. */
function withHost(path: string, host: string, method = 'GET', body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = httpRequest(
      `${stack.url}${path}`,
      {
        method,
        headers: { host, ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

afterAll(async () => {
  await stack?.stop();
});

const get = async (path: string) => {
  const response = await fetch(`${stack.url}${path}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as any,
  };
};

describe('the local API with the 2020 edition loaded', () => {
  it('serves the 2020 agenda with the times of the proposal', async () => {
    const { status, body } = await get('/editions/2020/agenda');
    expect(status).toBe(200);
    const spans = Object.fromEntries(
      body.sessions.map((session: { id: string; start: string; end: string }) => [
        session.id,
        `${session.start.slice(11, 16)}-${session.end.slice(11, 16)}`,
      ]),
    );
    expect(spans).toMatchObject({
      intro: '08:45-09:00',
      runtime: '09:00-10:00',
      'orchestration-1': '12:30-13:30',
      'orchestration-2': '14:30-15:00',
      'hpc-specifics': '15:00-16:00',
      'use-cases': '16:30-17:15',
      'future-directions': '17:15-18:00',
    });
    const coffee = body.slots.find((slot: { id: string }) => slot.id === 'coffee-break-1100');
    expect(coffee).toMatchObject({
      kind: 'break',
      start: '2020-06-25T11:00:00+02:00',
      end: '2020-06-25T11:30:00+02:00',
    });
    expect(body.slots.at(-1)).toMatchObject({ kind: 'end', start: '2020-06-25T18:00:00+02:00' });
  });

  it('lists the edition and its details', async () => {
    const list = await get('/editions');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        year: 2020,
        title: '6th Annual High Performance Containers Workshop',
      }),
    ]);
    const details = await get('/editions/2020');
    expect(details.body.segments).toHaveLength(8);
  });

  it('serves talks filtered by segment and one talk by id', async () => {
    const talks = await get('/editions/2020/talks?segment=security');
    expect(talks.body.items.map((talk: { title: string }) => talk.title)).toEqual([
      'Introduction and Scope',
      'Security at Scale',
      'Reproducibility and signing',
      'Runtime Security',
      'Panel Discussion',
    ]);
    const talk = await get('/editions/2020/talks/future-directions-does-k8s-take-over');
    expect(talk.body).toMatchObject({
      title: 'Does K8s take over?',
      segmentId: 'future-directions',
    });
  });

  it('has no speakers yet for 2020, and says so with an empty list', async () => {
    expect((await get('/editions/2020/speakers')).body).toEqual({
      items: [],
      nextCursor: null,
      limit: 100,
    });
  });

  it.each([
    ['/editions/2019/agenda', 404],
    ['/editions/2020/talks/nope', 404],
    ['/editions/year/agenda', 400],
    ['/editions/2020/talks?page=2', 400],
  ])('%s answers %i as problem+json', async (path, status) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status, instance: path.split('?')[0] });
  });
});

describe('HTTP caching and CORS on the local server', () => {
  it('answers a revalidation of the agenda with 304 and no body', async () => {
    const first = await fetch(`${stack.url}/editions/2020/agenda`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const second = await fetch(`${stack.url}/editions/2020/agenda`, {
      headers: { 'if-none-match': String(etag) },
    });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('sends security headers: those of every answer, and those a browser reads on a page', async () => {
    const page = await fetch(`${stack.url}/2020`);
    const json = await fetch(`${stack.url}/editions/2020/agenda`);
    for (const response of [page, json]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      // Legacy headers no current browser reads.
      expect(response.headers.get('x-xss-protection')).toBeNull();
      expect(response.headers.get('x-download-options')).toBeNull();
    }
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(json.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(json.headers.get('referrer-policy')).toBeNull();
  });

  it('allows the edition origins, and only them', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.url}/editions/2020/registrations`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('http://qnib.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://qnib.org');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${stack.url}/editions/2020/agenda`, {
      headers: { origin: 'https://qnib.org' },
    });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://qnib.org');
    expect(read.headers.get('access-control-expose-headers')).toContain('etag');
    expect(read.headers.get('vary')).toContain('Origin');
    // No CORS header without an Origin; Vary still tells caches the answer depends on one.
    const plain = await fetch(`${stack.url}/editions/2020/agenda`);
    expect(plain.headers.get('access-control-expose-headers')).toBeNull();
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('vary')).toContain('Origin');
  });

  it.each(['PUT', 'PATCH'])(
    'lets a browser send an organizer %s with If-Match across origins',
    async (method) => {
      const preflight = await fetch(`${stack.url}/admin/editions/2020/draft/speakers/someone`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://qnib.org',
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization, content-type, if-match',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')?.split(',')).toContain(method);
      const allowedHeaders =
        preflight.headers.get('access-control-allow-headers')?.split(',') ?? [];
      expect(allowedHeaders).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'if-match']),
      );
    },
  );
});

describe('absolute links', () => {
  it('come from the configured URL, never from a forged Host header', async () => {
    const registration = await withHost(
      '/editions/2020/registrations',
      'evil.example',
      'POST',
      JSON.stringify(
        person({ audience: 'software-developers', email: `host-${Date.now()}@example.org` }),
      ),
    );
    expect(registration.status).toBe(201);
    expect(JSON.parse(registration.text).manageUrl).toMatch(
      new RegExp(`^${stack.url}/2020/manage#id=`),
    );
    for (const path of [
      '/editions/2020/agenda.ics',
      '/editions/2020/schedule.json',
      '/editions/2020/schedule.xml',
    ]) {
      const answer = await withHost(path, 'evil.example');
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('evil.example');
      expect(answer.text).toContain(stack.url);
    }
  });
});

describe('local mail', () => {
  it("sends through the stack's mail sender into MailDev, whose REST API lists it", async () => {
    const mail = stack.mail;
    expect(mail?.webUrl).toMatch(/^http:\/\/localhost:\d+$/);
    if (!mail) return;
    const someone = person();
    const outcome = await mail.sender.send({
      id: `local-${Date.now()}`,
      to: { name: someone.name, address: someone.email },
      content: messageOf('waitlisted', seedEdition(), {
        name: someone.name,
        manageUrl: `${stack.url}/2020/manage`,
      }),
    });
    expect(outcome).toEqual({ sent: true });
    // Other tests' registrations got their messages too: find this one by its address.
    await mail.dispatcher.idle();
    const emails = await waitForEmails(mail.webUrl, 1);
    const email = emails.find((each) => each.to[0]?.address === someone.email);
    expect(email).toMatchObject({
      subject: expect.stringMatching(/^You are number 4 on the waiting list: /),
      to: [{ address: someone.email, name: someone.name }],
      from: [{ address: 'workshop@mail.localhost', name: 'Workshop (local)' }],
    });
  });
});

describe('--persist', () => {
  it('keeps the data between runs, so a restart writes nothing new', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'workshop-persist-'));
    try {
      const first = await startLocalStack({ port: 0, persistPath: directory });
      await first.stop();
      const second = await startLocalStack({ port: 0, persistPath: directory });
      await second.stop();
      expect(first.mail).toBeUndefined();
      expect(first.editions[0]?.published.written).toBeGreaterThan(40);
      expect(second.editions[0]?.published).toEqual({
        written: 0,
        deleted: 0,
        unchanged: first.editions[0]?.published.written,
        promoted: 0,
        release: 1,
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    // Two starts of DynamoDB Local (a JVM each) one after the other: slow on a loaded machine.
  }, 120_000);
});
