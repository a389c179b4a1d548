import { afterEach, describe, expect, it, vi } from 'vitest';
import { person, registrationApi } from '../../support/registration-app.ts';

/** Nothing personal in the logs: a whole register / view / cancel / export cycle, captured. */

const logLevel = process.env.LOG_LEVEL;
afterEach(() => {
  vi.restoreAllMocks();
  process.env.LOG_LEVEL = logLevel;
});

describe('logs', () => {
  it('never contain a name, an email, an affiliation or a token', async () => {
    const api = await registrationApi();
    const lines: string[] = [];
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation(capture);
    }
    process.env.LOG_LEVEL = 'debug';

    const secrets: string[] = [];
    const register = async (someone: ReturnType<typeof person>, key?: string) => {
      secrets.push(someone.name, someone.email, String(someone.affiliation));
      const response = await api.register(someone, key ? { 'idempotency-key': key } : {});
      const body = (await response.json()) as any;
      if (body.manageToken) secrets.push(body.manageToken);
      return body;
    };
    const adaRequest = person({
      name: 'Ada Quietly',
      email: 'ada.quietly@example.org',
      affiliation: 'Analytical Engines',
    });
    const ada = await register(adaRequest, 'k1');
    await register(
      person({ name: 'Grace Silent', email: 'grace.silent@example.org', affiliation: 'Navy' }),
    );
    const waiting = await register(
      person({ name: 'Alan Hush', email: 'alan.hush@example.org', affiliation: 'Bletchley' }),
    );
    await register(adaRequest, 'k1');
    await register(
      person({ name: 'Dup Licate', email: 'ADA.quietly@example.org ', affiliation: 'Again' }),
    );
    await register(
      person({ name: 'Bad Mail', email: 'bad-mail-at-example', affiliation: 'Nowhere' }),
    );

    const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    await api.app.request(`/editions/2030/registrations/${ada.id}`, auth(ada.manageToken));
    await api.app.request(`/editions/2030/registrations/${waiting.id}`, auth('wrong-token-value'));
    await api.app.request(`/editions/2030/registrations/${ada.id}`, {
      method: 'DELETE',
      ...auth(ada.manageToken),
    });
    const organizer = await api.organizerToken();
    secrets.push(organizer);
    await api.app.request('/admin/editions/2030/registrations', auth(organizer));
    await api.app.request('/admin/editions/2030/registrations.csv', auth(organizer));

    expect(lines.length).toBeGreaterThan(10);
    const output = lines.join('\n').toLowerCase();
    for (const secret of [...secrets, 'wrong-token-value']) {
      expect(output).not.toContain(secret.toLowerCase());
    }
    expect(output).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
