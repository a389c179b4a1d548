import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { RegistrationRecord } from '#functions/data/registrations/registration-store.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createRegistrationApp } from '#functions/registrations/app.ts';
import { createRegistrationFront } from '#functions/registrations/front.ts';
import { createRegistrantReader } from '#functions/registrations/registrant.ts';
import { hashToken } from '#functions/registrations/secrets.ts';
import { createRegistrationService } from '#functions/registrations/service.ts';
import { TemporarilyUnavailableError } from '#shared/errors.ts';

/** The registration function's cold path: one's own registration read, the rest handed over. */

const ID = '01j0000000000000000000000a';
const WAITING_ID = '01j0000000000000000000000b';
const TOKEN = 'manage-token-of-ada';
const KEY = 'email-hash-key';
const JOIN_URL = 'https://meet.example.org/hpcw-2020';

const record = (id: string, status: 'confirmed' | 'waitlisted'): RegistrationRecord => ({
  id,
  year: 2020,
  status,
  name: 'Ada Lovelace',
  email: 'ada@example.org',
  audience: 'software-developers',
  tokenHash: hashToken(TOKEN),
  createdAt: '2020-04-01T10:00:00.000Z',
  ...(status === 'confirmed' ? { confirmedAt: '2020-04-01T10:00:00.000Z' } : { waitTicket: 7 }),
  history: [{ status, at: '2020-04-01T10:00:00.000Z' }],
  expiresAt: 1_700_000_000,
});

/** What the front and the whole app read: two registrations, the edition's join URL. */
function records() {
  const stored = new Map([
    [ID, record(ID, 'confirmed')],
    [WAITING_ID, record(WAITING_ID, 'waitlisted')],
  ]);
  return {
    registrations: {
      getRegistration: vi.fn(async (_year: number, id: string) => stored.get(id)),
      waitlistPosition: vi.fn(async () => 3),
    },
    onlineAccess: { get: async () => ({ edition: { url: JOIN_URL }, sessions: [] }) },
    emailHashKey: KEY,
  };
}

function frontWith(reader = createRegistrantReader(records())) {
  const whole = new Hono();
  whole.all('*', (c) => c.text(`whole app: ${c.req.method} ${c.req.path}`, 299 as never));
  const load = vi.fn(async () => whole);
  const front = createRootApp([createRegistrationFront({ registrant: reader, app: load })]);
  return { front, load };
}

const bearer = (token = TOKEN) => ({ authorization: `Bearer ${token}` });

describe('the registration front', () => {
  it('answers one’s own registration without loading the whole app', async () => {
    const { front, load } = frontWith();
    const answer = await front.request(`/editions/2020/registrations/${ID}`, {
      headers: bearer(),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: ID, status: 'confirmed', name: 'Ada Lovelace' });
    expect(body.online).toEqual({ edition: { url: JOIN_URL }, sessions: [] });
    expect(body.checkInCode).toEqual(expect.any(String));
    expect(load).not.toHaveBeenCalled();
  });

  it('answers as the whole app answers: status, headers and body, found or not', async () => {
    const { front } = frontWith();
    const never = () => {
      throw new Error('reading one’s registration reads nothing else');
    };
    const dependencies = records();
    const whole = createRootApp([
      createRegistrationApp({
        service: createRegistrationService({
          ...dependencies,
          registrations: { ...dependencies.registrations, register: never } as never,
          editions: { getEdition: never } as never,
          clock: () => new Date('2020-04-01T10:00:00Z'),
          publicUrl: 'https://hpcw.example.org',
        }),
      }),
    ]);
    for (const [id, headers] of [
      [ID, bearer()],
      [WAITING_ID, bearer()],
      [ID, bearer('someone-else')],
      [ID, {}],
      [ID, { authorization: 'Basic YWRhOmFkYQ==' }],
      ['01j0000000000000000000000z', bearer()],
    ] as const) {
      const path = `/editions/2020/registrations/${id}`;
      const [fromFront, fromWhole] = await Promise.all([
        front.request(path, { headers }),
        whole.request(path, { headers }),
      ]);
      expect(fromFront.status, `${id} ${JSON.stringify(headers)}`).toBe(fromWhole.status);
      expect(Object.fromEntries(fromFront.headers)).toEqual(Object.fromEntries(fromWhole.headers));
      expect(await fromFront.text()).toBe(await fromWhole.text());
    }
  });

  it('tells a waiting registrant their place, and never a join URL or check-in code', async () => {
    const { front } = frontWith();
    const body = await (
      await front.request(`/editions/2020/registrations/${WAITING_ID}`, { headers: bearer() })
    ).json();
    expect(body).toMatchObject({ status: 'waitlisted', waitlistPosition: 3 });
    expect(body).not.toHaveProperty('online');
    expect(body).not.toHaveProperty('checkInCode');
  });

  it.each([
    ['a year the path schema refuses', `/editions/0999/registrations/${ID}`],
    ['a year of 5,000 digits', `/editions/${'9'.repeat(5000)}/registrations/${ID}`],
    ['an id in upper case', `/editions/2020/registrations/${ID.toUpperCase()}`],
    ['an id of 10,000 characters', `/editions/2020/registrations/${'a'.repeat(10_000)}`],
    ['an id with a space', `/editions/2020/registrations/${ID.slice(1)}%20`],
    ['a query (the read takes none)', `/editions/2020/registrations/${ID}?x=1`],
    ['the check-in code', `/editions/2020/registrations/${ID}/check-in.svg`],
    ['a registration', '/editions/2020/registrations'],
    ['an unknown path', '/nothing/here'],
  ])('hands %s to the whole app', async (_what, path) => {
    const dependencies = records();
    const { front, load } = frontWith(createRegistrantReader(dependencies));
    const answer = await front.request(path, { headers: bearer() });
    expect(answer.status).toBe(299);
    expect(await answer.text()).toMatch(/^whole app: /);
    expect(load).toHaveBeenCalledOnce();
    expect(dependencies.registrations.getRegistration).not.toHaveBeenCalled();
  });

  it('hands over every other method, a storm of them loading the whole app once', async () => {
    const { front, load } = frontWith();
    const path = `/editions/2020/registrations/${ID}`;
    const answers = await Promise.all(
      ['DELETE', 'POST', 'PUT', 'PATCH'].flatMap((method) =>
        Array.from({ length: 10 }, () => front.request(path, { method, headers: bearer() })),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(299));
    expect(await answers[0]?.text()).toBe(`whole app: DELETE ${path}`);
    expect(load).toHaveBeenCalledOnce();
  });

  it('answers 503 with Retry-After when DynamoDB is frozen, and 500 without details for a fault', async () => {
    const failing = (error: Error) => {
      const dependencies = records();
      dependencies.registrations.getRegistration.mockRejectedValue(error);
      return frontWith(createRegistrantReader(dependencies));
    };
    const path = `/editions/2020/registrations/${ID}`;
    const frozen = failing(new TemporarilyUnavailableError('DynamoDB did not answer in time', 2));
    const busy = await frozen.front.request(path, { headers: bearer() });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(busy.headers.get('content-type')).toBe('application/problem+json');
    const broken = failing(new Error('socket hang up at 10.0.0.7'));
    const fault = await broken.front.request(path, { headers: bearer() });
    expect(fault.status).toBe(500);
    expect(await fault.text()).not.toMatch(/10\.0\.0\.7|Ada|ada@example|meet\.example/);
    // A failed read is not a reason to load the whole app.
    expect(frozen.load).not.toHaveBeenCalled();
    expect(broken.load).not.toHaveBeenCalled();
  });
});
