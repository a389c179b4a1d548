import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registrationsDescription } from '#functions/registrations/openapi.ts';
import {
  person,
  type Registrant,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * The registration form and the manage page without JavaScript (issue 21): browsers post them
 * form-encoded and read pages, through the same service as the JSON API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
beforeEach(async () => {
  api = await registrationApi();
});

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** The hidden form key of the edition page, as a browser would send it back. */
async function pageFormKey(): Promise<string> {
  const page = await (await api.app.request('/2030')).text();
  const key = /name="formKey" value="([^"]+)"/.exec(page)?.[1];
  expect(key).toBeTruthy();
  return key as string;
}

function formOf(someone: Registrant, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    name: someone.name,
    email: someone.email,
    affiliation: String(someone.affiliation ?? ''),
    audience: someone.audience,
    ...(someone.consent ? { consent: 'true' } : {}),
    ...extra,
  };
  return new URLSearchParams(fields).toString();
}

const post = (path: string, body: string, headers: Record<string, string> = SAME_ORIGIN) =>
  api.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

const postForm = (body: string, headers?: Record<string, string>) =>
  post('/editions/2030/registrations', body, headers);

const counts = () => api.stores.registrations.getSeatCounts(2030);

/** The value of a hidden field of a page. */
const hidden = (page: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1];

describe('the registration form without JavaScript', () => {
  it('posts form-encoded to the registration route, never as a query string', async () => {
    const page = await (await api.app.request('/2030')).text();
    const form = /<form id="registration-form"[^>]*>/.exec(page)?.[0] ?? '';
    expect(form).toContain('method="post"');
    expect(form).toContain('action="/editions/2030/registrations"');
    expect(page).not.toMatch(/<form(?![^>]*method="post")[^>]*>/);
  });

  it('answers a page: confirmed with the manage link, then waitlisted with the exact position', async () => {
    const formKey = await pageFormKey();
    const first = await postForm(formOf(person(), { formKey }));
    expect(first.status).toBe(201);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const confirmed = await first.text();
    expect(confirmed).toContain('your seat is confirmed');
    expect(confirmed).toMatch(/href="http:\/\/localhost\/2030\/manage#id=\w{26}&amp;token=[\w-]+"/);
    expect(hidden(confirmed, 'token')).toMatch(/^[\w-]{43}$/);

    await postForm(formOf(person()));
    const third = await postForm(formOf(person(), { formKey: await pageFormKey() }));
    expect(third.status).toBe(201);
    expect(await third.text()).toContain('You are on the waiting list, at position 1.');
    const fourth = await postForm(formOf(person()));
    expect(await fourth.text()).toContain('at position 2.');
    expect(await counts()).toMatchObject({ confirmed: 2, waitlisted: 2 });
  });

  it('shows the form again with each field’s error beside it, the values kept and escaped', async () => {
    const someone = person({
      name: 'Eve <script>alert(1)</script> "Quote"',
      email: 'not-an-address',
      affiliation: 'Labs & Co',
      consent: false,
    });
    const response = await postForm(formOf(someone, { formKey: await pageFormKey() }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('value="Eve &lt;script&gt;alert(1)&lt;/script&gt; &quot;Quote&quot;"');
    expect(page).toContain('value="not-an-address" aria-invalid="true" autofocus');
    expect(page).toContain('value="Labs &amp; Co"');
    expect(page).toMatch(/<option value="developers" selected>/);
    expect(page).toMatch(/id="email-error">expected an email address like name@example.org</);
    expect(page).toMatch(/id="consent-error">expected true: registering needs consent/);
    expect(page).toMatch(/id="name-error"><\/p>/);
    // One field takes the focus: the first in error.
    expect(page.match(/ autofocus/g)).toHaveLength(1);
    expect(page).toContain('<a href="#email">Email: ');
    expect(await counts()).toMatchObject({ confirmed: 0, waitlisted: 0 });
  });

  it('registers once when the same form is sent again, and says so without the manage link', async () => {
    const formKey = await pageFormKey();
    const body = formOf(person(), { formKey });
    const first = await (await postForm(body)).text();
    const again = await postForm(body);
    expect(again.status).toBe(201);
    const page = await again.text();
    expect(page).toContain('your seat is confirmed');
    expect(page).toContain('This form had been sent already');
    expect(page).not.toContain(hidden(first, 'token') as string);
    expect(page).not.toContain('manage#id=');
    expect(await counts()).toMatchObject({ confirmed: 1, waitlisted: 0 });

    // Cancelled since: the same form registers anew instead of repeating a stale answer.
    const cancel = new URLSearchParams({
      id: hidden(first, 'id') as string,
      token: hidden(first, 'token') as string,
      intent: 'cancel-confirmed',
    });
    expect((await post('/2030/manage', cancel.toString())).status).toBe(200);
    expect(await counts()).toMatchObject({ confirmed: 0 });
    const anew = await (await postForm(body)).text();
    expect(anew).toContain('manage#id=');
    expect(await counts()).toMatchObject({ confirmed: 1 });
  });

  it('queues the same mail as the JSON route, once for a form sent twice', async () => {
    const queued: { id: string }[] = [];
    api = await registrationApi(
      registrationEdition(),
      {},
      {
        mails: { committed: (mails) => queued.push(...mails) },
      },
    );
    expect((await api.register(person())).status).toBe(201);
    const byJson = queued.length;
    expect(byJson).toBeGreaterThan(0);
    const body = formOf(person(), { formKey: await pageFormKey() });
    await postForm(body);
    await postForm(body);
    expect(queued).toHaveLength(2 * byJson);
  });

  it('refuses the same address twice above the form, the values kept', async () => {
    const someone = person();
    await postForm(formOf(someone));
    const twice = await postForm(formOf({ ...someone, name: 'Someone Else' }));
    expect(twice.status).toBe(409);
    const page = await twice.text();
    expect(page).toMatch(/id="form-error" role="alert">Already registered: /);
    expect(page).toContain('value="Someone Else"');
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['an Origin of another site', { origin: 'https://attacker.example' }],
    ['Origin: null', { origin: 'null' }],
  ])(
    'refuses a post from another site (%s) with a 403 page, registering nobody',
    async (_, headers) => {
      const response = await postForm(formOf(person()), headers);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('this site’s own pages only');
      const manage = await post('/2030/manage', 'link=x', headers);
      expect(manage.status).toBe(403);
      expect(await counts()).toMatchObject({ confirmed: 0, waitlisted: 0 });
    },
  );

  it.each([
    ['the site’s own Origin', { origin: 'http://localhost' }],
    ['Sec-Fetch-Site: none (a reload)', { 'sec-fetch-site': 'none' }],
    ['neither header (an older browser)', {} as Record<string, string>],
  ])('takes a post with %s', async (_, headers) => {
    expect((await postForm(formOf(person()), headers)).status).toBe(201);
  });

  it('keeps the JSON API as it was: other content types are still a 415 problem', async () => {
    const response = await api.app.request('/editions/2030/registrations', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: formOf(person()),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers a form over 16 KB with a 413 page', async () => {
    const response = await postForm(formOf(person({ name: 'x'.repeat(17 * 1024) })));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('the documented form', () => {
  it('is what the handler takes: its example registers', async () => {
    const route = registrationsDescription.routes.find((candidate) => candidate.docs.form);
    expect(route?.path).toBe('/editions/{year}/registrations');
    const example = { ...route?.docs.form?.example, audience: 'developers' };
    const response = await postForm(new URLSearchParams(example).toString());
    expect(response.status).toBe(201);
    expect(await counts()).toMatchObject({ confirmed: 1 });
  });
});

describe('the manage page without JavaScript', () => {
  it('shows the registration from the pasted link, asks before cancelling, then cancels', async () => {
    const someone = person({ name: 'Manage Me' });
    const registered = await (await postForm(formOf(someone))).text();
    const link = /href="(http:\/\/localhost\/2030\/manage#[^"]+)"/.exec(registered)?.[1] ?? '';
    const manageLink = link.replaceAll('&amp;', '&');

    const page = await (await api.app.request('/2030/manage')).text();
    expect(page).toMatch(/<noscript><form method="post" action="\/2030\/manage"/);
    expect(page).toContain('name="link"');

    const shown = await post('/2030/manage', new URLSearchParams({ link: manageLink }).toString());
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    const view = await shown.text();
    expect(view).toContain('Your seat is confirmed.');
    expect(view).toContain(`Registered as Manage Me &lt;${someone.email}&gt;.`);
    expect(view).toContain('class="check-in-code"');
    expect(view).toContain('<svg');

    const fields = { id: hidden(view, 'id') as string, token: hidden(view, 'token') as string };
    const ask = await (
      await post('/2030/manage', new URLSearchParams({ ...fields, intent: 'cancel' }).toString())
    ).text();
    expect(ask).toContain('Cancel your registration?');
    expect(await counts()).toMatchObject({ confirmed: 1 });

    const done = await post(
      '/2030/manage',
      new URLSearchParams({ ...fields, intent: 'cancel-confirmed' }).toString(),
    );
    expect(done.status).toBe(200);
    const cancelled = await done.text();
    expect(cancelled).toContain('Your registration is cancelled.');
    expect(cancelled).not.toContain(someone.email);
    expect(await counts()).toMatchObject({ confirmed: 0 });
  });

  it.each([
    ['a wrong token', (id: string) => `id=${id}&token=wrong`, 404],
    ['text that is no link', () => 'link=hello', 400],
    ['an id of another shape', () => 'id=..%2F..&token=x', 404],
  ])(
    'answers %s with a page, the same 404 for every wrong id or token',
    async (_, body, status) => {
      const registered = await (await postForm(formOf(person()))).text();
      const response = await post('/2030/manage', body(hidden(registered, 'id') as string));
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('href="/2030/manage"');
    },
  );
});

describe('logs of the forms', () => {
  const logLevel = process.env.LOG_LEVEL;
  afterEach(() => {
    vi.restoreAllMocks();
    process.env.LOG_LEVEL = logLevel;
  });

  it('hold no name, email, affiliation or token, and no form field', async () => {
    const lines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      });
    }
    process.env.LOG_LEVEL = 'debug';
    const someone = person({ name: 'Quiet Former', affiliation: 'Hushed Labs' });
    const formKey = await pageFormKey();
    const page = await (await postForm(formOf(someone, { formKey }))).text();
    await postForm(formOf(someone, { formKey }));
    await postForm(formOf({ ...someone, email: 'broken' }));
    const fields = { id: hidden(page, 'id') as string, token: hidden(page, 'token') as string };
    await post('/2030/manage', new URLSearchParams(fields).toString());
    await post(
      '/2030/manage',
      new URLSearchParams({ ...fields, intent: 'cancel-confirmed' }).toString(),
    );
    await postForm(formOf(person()), { 'sec-fetch-site': 'cross-site' });
    // What a browser without JavaScript sent before: the request line leaves the query out.
    await api.app.request(`/2030?${formOf(someone)}`);

    expect(lines.some((line) => line.includes('/editions/2030/registrations'))).toBe(true);
    const output = lines.join('\n').toLowerCase();
    for (const secret of [someone.name, someone.email, 'hushed labs', fields.token, formKey]) {
      expect(output).not.toContain(secret.toLowerCase());
    }
    expect(output).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
