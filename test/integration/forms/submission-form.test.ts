import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_FORM_BYTES } from '#functions/cfp/forms/submission-forms.ts';
import {
  IdempotencyInFlightError,
  TemporarilyUnavailableError,
  TooManyRequestsError,
} from '#shared/errors.ts';
import { CALL_CLOSED_AT, CALL_NOT_OPEN_AT, cfpFormApi } from '../../support/cfp/cfp-app.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { editionWith, endAt, session } from '../../support/editions.ts';

/**
 * The call's page /2020/cfp and its form without JavaScript (issue 25), through `createApi` with
 * the in-memory test double of the submissions service (test/support/cfp/submit-port.ts), and
 * once through the service itself.
 */

type Api = Awaited<ReturnType<typeof cfpFormApi>>;
let api: Api;
beforeEach(async () => {
  api = await cfpFormApi();
});

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

const FILLED: Record<string, string> = {
  title: 'Rootless builds in CI',
  abstract: 'How we build container images without a daemon, and what it costs us.',
  kind: 'lightning',
  segment: 'build-test',
  consent: 'true',
  'speakers.0.name': 'Mira Cfpform',
  'speakers.0.email': 'mira.cfpform@example.org',
  'speakers.0.affiliation': 'Builders Ltd',
};

const post = (body: string, headers: Record<string, string> = SAME_ORIGIN, year = 2020) =>
  api.app.request(`/editions/${year}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function pageFormKey(): Promise<string> {
  const page = await (await api.app.request('/2020/cfp')).text();
  const key = /name="formKey" value="([^"]+)"/.exec(page)?.[1];
  expect(key).toMatch(/^[\w-]{32}$/);
  return key as string;
}

/** The value attribute of an input, or the text of a textarea, by id. */
const fieldValue = (page: string, id: string) =>
  new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(page)?.[1] ??
  new RegExp(`<textarea id="${id}"[^>]*>([^<]*)</textarea>`).exec(page)?.[1];

describe('the call page /2020/cfp', () => {
  it('explains the call: window in the edition’s zone, kinds, tracks, limits, review, what follows', async () => {
    const response = await api.app.request('/2020/cfp');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('etag')).toBeTruthy();
    const page = await response.text();
    expect(page).toContain('<h1>Call for papers and talks</h1>');
    expect(page).toContain(
      '<a href="/2020">HPCW20: 6th Annual High Performance Containers Workshop</a>',
    );
    expect(page).toMatch(/data-state="open"/);
    expect(page).toContain(
      'until the end of <time datetime="2020-04-16T00:00:00+02:00">Wednesday, 15 April 2020</time> (Europe/Berlin time, CEST)',
    );
    expect(page).toContain('Saturday, 1 February 2020</time> (Europe/Berlin time, CET)');
    expect(page).toMatch(/Lightning talk <span class="muted">&middot; 10 minutes<\/span>/);
    expect(page).toMatch(/Research paper <span class="muted">&middot; 20 minutes<\/span>/);
    expect(page).toContain('A condensed, crisp talk in one segment');
    for (const track of ['RUNTIME', 'BUILD &amp; TEST', 'DISTRIBUTION', 'SECURITY']) {
      expect(page).toContain(`<strong>${track}</strong>`);
    }
    expect(page).toContain('at most 150 characters, an abstract of at most 3000');
    expect(page).toContain('Up to 4 speakers per submission');
    expect(page).toContain('with the speakers’ names and affiliations; never their emails');
    expect(page).toContain('What happens after submitting');
    expect(page).toContain('deleted 90 days after the workshop');
    // The form: posted form-encoded, four speaker rows, the first required; no script at all.
    const formTag = /<form id="submission-form"[^>]*>/.exec(page)?.[0] ?? '';
    expect(formTag).toContain('method="post"');
    expect(formTag).toContain('action="/editions/2020/submissions"');
    expect(page.match(/<fieldset class="speaker"/g)).toHaveLength(4);
    expect(page).toMatch(/name="speakers\.0\.email"[^>]*required/);
    expect(page).not.toMatch(/name="speakers\.1\.email"[^>]*required/);
    expect(page).toMatch(/<textarea id="abstract"[^>]*maxlength="3000"/);
    expect(page).toMatch(/type="radio" id="kind-lightning" name="kind" value="lightning"/);
    expect(page).toMatch(/<select id="segment" name="segment"/);
    expect(page).not.toContain('<script');
  });

  it('says when it opens, or that it closed, and holds no form then', async () => {
    api.setNow(CALL_NOT_OPEN_AT);
    const early = await (await api.app.request('/2020/cfp')).text();
    expect(early).toContain('data-state="not-yet-open"');
    expect(early).toContain('It opens on <time datetime="2020-02-01T00:00:00+01:00">');
    expect(early).not.toContain('<form');
    api.setNow(CALL_CLOSED_AT);
    const late = await (await api.app.request('/2020/cfp')).text();
    expect(late).toContain('<strong>The call is closed.</strong>');
    expect(late).not.toContain('<form');
  });

  it('is linked from the edition page while the call is open, and only then', async () => {
    const open = await (await api.app.request('/2020')).text();
    expect(open).toMatch(/<a href="\/2020\/cfp">Call for papers and talks/);
    expect(open).toContain(
      'open until <time datetime="2020-04-15">Wednesday, 15 April 2020</time>',
    );
    api.setNow(CALL_CLOSED_AT);
    const closed = await (await api.app.request('/2020')).text();
    expect(closed).not.toContain('/2020/cfp');
  });

  it('answers 404 pages for an unknown edition and an edition without a call', async () => {
    const unknown = await api.app.request('/2031/cfp');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('There is no edition 2031.');
    const other = await cfpFormApi({
      edition: editionWith([session('one', 30), endAt('10:00')]),
      now: new Date('2030-05-01T12:00:00+02:00'),
    });
    const none = await other.app.request('/2030/cfp');
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await none.text()).toContain('has no call for papers and talks');
    expect(await (await other.app.request('/2030')).text()).not.toContain('/cfp');
  });
});

describe('the submission form without JavaScript', () => {
  it('answers 201 with the private link; a reload of the same form is the same submission', async () => {
    const formKey = await pageFormKey();
    const response = await post(
      form({ ...FILLED, formKey, 'speakers.1.name': '', 'speakers.2.name': '' }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('&ldquo;Rootless builds in CI&rdquo; is submitted');
    expect(page).toMatch(
      /<a href="http:\/\/localhost\/2020\/submission#id=[0-9a-hjkmnp-tv-z]{26}&amp;token=[\w-]{43}" id="submission-link">/,
    );
    expect(api.port.submissions).toHaveLength(1);
    expect(api.port.submissions[0]?.request.speakers).toEqual([
      { name: 'Mira Cfpform', email: 'mira.cfpform@example.org', affiliation: 'Builders Ltd' },
    ]);
    expect(page).not.toContain('mira.cfpform@example.org');

    const again = await post(
      form({ ...FILLED, formKey, 'speakers.1.name': '', 'speakers.2.name': '' }),
    );
    expect(again.status).toBe(201);
    const replayed = await again.text();
    expect(replayed).toContain('This form had been sent already');
    expect(replayed).not.toContain('submission-link');
    expect(api.port.submissions).toHaveLength(1);
  });

  it('takes co-speakers from any row, dropping the empty ones', async () => {
    const response = await post(
      form({
        ...FILLED,
        'speakers.2.name': 'Oskar Cospeaker',
        'speakers.2.email': 'oskar.cospeaker@example.org',
        'speakers.2.affiliation': 'Registry Co',
        'speakers.2.bio': 'Runs registries.',
      }),
    );
    expect(response.status).toBe(201);
    expect(api.port.submissions[0]?.request.speakers.map(({ name }) => name)).toEqual([
      'Mira Cfpform',
      'Oskar Cospeaker',
    ]);
  });

  it('answers 400 with the form again: each error beside its field, the values kept', async () => {
    const response = await post(
      form({
        ...FILLED,
        title: '',
        abstract: 'An abstract with <markup> & "quotes".',
        consent: '',
        'speakers.2.name': 'Oskar <Cospeaker>',
        'speakers.2.email': 'not-an-address',
        'speakers.2.affiliation': 'Registry Co',
      }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    // The second speaker of the request is the form's third row: its error is there.
    expect(page).toMatch(
      /<input id="speakers-2-email" name="speakers\.2\.email"[^>]*aria-describedby="speakers-2-email-error"[^>]*aria-invalid="true"/,
    );
    expect(page).toContain(
      '<p class="error" id="speakers-2-email-error">expected an email address like name@example.org</p>',
    );
    expect(page).toMatch(
      /<input id="title"[^>]*aria-describedby="title-hint title-error"[^>]*aria-invalid="true" autofocus>/,
    );
    expect(page).toMatch(/<p class="error" id="title-error">expected a title<\/p>/);
    expect(page).toMatch(/<p class="error" id="consent-error">expected true[^<]*<\/p>/);
    expect(page).toContain('<a href="#speakers-2-email">Speaker 3: Email:');
    expect(fieldValue(page, 'speakers-2-name')).toBe('Oskar &lt;Cospeaker&gt;');
    expect(fieldValue(page, 'speakers-0-email')).toBe('mira.cfpform@example.org');
    expect(fieldValue(page, 'abstract')).toBe(
      'An abstract with &lt;markup&gt; &amp; &quot;quotes&quot;.',
    );
    expect(page).toMatch(/id="kind-lightning" name="kind" value="lightning" required checked/);
    expect(page).toMatch(/<option value="build-test" selected>/);
    expect(page).not.toContain('<script');
    expect(api.port.submissions).toHaveLength(0);
  });

  it("shows the call's own refusals beside their fields: its kinds, tracks and limits", async () => {
    const response = await post(
      form({
        ...FILLED,
        title: 'T'.repeat(151),
        kind: 'k'.repeat(100),
        segment: 'alpha',
        'speakers.1.name': 'Mira Again',
        'speakers.1.email': 'MIRA.cfpform@example.org',
        'speakers.1.affiliation': 'Builders Ltd',
      }),
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toMatch(/id="title-error">expected at most 150 characters</);
    expect(page).toMatch(/id="kind-error">expected one of: lightning, paper</);
    expect(page).toMatch(/id="segment-error">expected one of: runtime, build-test/);
    expect(page).toMatch(/id="speakers-1-email-error">expected each speaker once</);
    expect(page).toContain('<a href="#kind-lightning">Kind:');
    expect(fieldValue(page, 'title')).toBe('T'.repeat(151));
  });

  it('answers hostile fields with the form again, never a 500', async () => {
    const response = await post(
      form({
        ...FILLED,
        kind: 'x'.repeat(2000),
        segment: 'y'.repeat(2000),
        'speakers.0.name': '\u202Eevil',
        formKey: 'not a key!',
      }),
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toMatch(/id="kind-error">expected at most 100 characters</);
    expect(page).toMatch(/id="speakers-0-name-error">expected no control characters/);
    expect(page).toMatch(/name="formKey" value="[\w-]{24}"/);
  });

  it('answers 409 with a problem page naming the window once the call closed', async () => {
    api.setNow(CALL_CLOSED_AT);
    const response = await post(form(FILLED));
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain(
      '<p id="problem-detail" role="alert">The call closed at 2020-04-16T00:00:00+02:00.</p>',
    );
    expect(page).toContain('<a href="/2020/cfp">Back to the call for papers and talks</a>');
    expect(api.port.submissions).toHaveLength(0);
  });

  it('answers 409 for the same title from the same first speaker', async () => {
    expect((await post(form(FILLED))).status).toBe(201);
    const again = await post(form(FILLED));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('submitted this title already');
    expect(api.port.submissions).toHaveLength(1);
  });

  it('answers 429, 503 and a form still in flight with problem pages and their Retry-After', async () => {
    const refusals = [
      new TooManyRequestsError('Too many submissions from this address; try again later.', 60),
      new TemporarilyUnavailableError('The table is busy.', 2),
      new IdempotencyInFlightError('The same key is being processed.', 3),
    ];
    const answers = [];
    for (const refusal of refusals) {
      api.port.submit = () => Promise.reject(refusal);
      const response = await post(form({ ...FILLED, formKey: await pageFormKey() }));
      answers.push({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        type: response.headers.get('content-type')?.split(';')[0],
        text: await response.text(),
      });
    }
    expect(answers.map(({ status, retryAfter, type }) => ({ status, retryAfter, type }))).toEqual([
      { status: 429, retryAfter: '60', type: 'text/html' },
      { status: 503, retryAfter: '2', type: 'text/html' },
      { status: 409, retryAfter: '3', type: 'text/html' },
    ]);
    expect(answers[0]?.text).toContain('Too many submissions from this address');
    expect(answers[1]?.text).toContain('Send the form again shortly.');
    expect(answers[2]?.text).toContain('Reload this page in a few seconds to see the result.');
  });

  it('answers 413 for a body past the limit, and takes nothing of it', async () => {
    const response = await post(form({ ...FILLED, abstract: 'a'.repeat(MAX_FORM_BYTES) }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(
      `A submission form is at most ${MAX_FORM_BYTES} bytes.`,
    );
    expect(api.port.submissions).toHaveLength(0);
  });

  it('answers 403 to a post from another site', async () => {
    const others: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://elsewhere.example' },
      { origin: 'null' },
    ];
    for (const headers of others) {
      const response = await post(form(FILLED), headers);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('this site’s own pages only');
    }
    expect(api.port.submissions).toHaveLength(0);
  });

  it('answers a 404 page for an edition without a call, and leaves JSON posts to the JSON route', async () => {
    const unknown = await post(form(FILLED), SAME_ORIGIN, 2031);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/html/);
    const json = await api.app.request('/editions/2020/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(json.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
    expect(api.port.submissions).toHaveLength(0);
  });
});

describe('logs of the form', () => {
  const logLevel = process.env.LOG_LEVEL;
  afterEach(() => {
    vi.restoreAllMocks();
    process.env.LOG_LEVEL = logLevel;
  });

  it('hold no name, email, affiliation, title or link, and no form field', async () => {
    const lines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      });
    }
    process.env.LOG_LEVEL = 'debug';
    const formKey = await pageFormKey();
    const page = await (await post(form({ ...FILLED, formKey }))).text();
    const token = /token=([\w-]{43})/.exec(page)?.[1];
    expect(token).toBeTruthy();
    await post(form({ ...FILLED, formKey }));
    await post(form({ ...FILLED, 'speakers.0.email': 'broken' }));
    await post(form(FILLED), { 'sec-fetch-site': 'cross-site' });
    api.setNow(CALL_CLOSED_AT);
    await post(form(FILLED));

    expect(lines.some((line) => line.includes('/editions/2020/submissions'))).toBe(true);
    const output = lines.join('\n').toLowerCase();
    for (const secret of [
      'Mira Cfpform',
      'Builders Ltd',
      'Rootless builds',
      token ?? '',
      formKey,
    ]) {
      expect(output).not.toContain(secret.toLowerCase());
    }
    expect(output).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});

describe('the form through the submissions service itself', () => {
  it('makes one submission whose private link opens it, and names the call’s own refusals beside their fields', async () => {
    api = await cfpFormApi({ service: 'real' });
    const formKey = await pageFormKey();
    const fields = { ...FILLED, formKey, 'speakers.1.name': '', 'speakers.2.name': '' };
    const response = await post(form(fields));
    expect(response.status).toBe(201);
    const page = await response.text();
    const link = /submission#id=([0-9a-hjkmnp-tv-z]{26})&amp;token=([\w-]{43})/.exec(page);
    expect(link).not.toBeNull();
    const [, id, token] = link as RegExpExecArray;
    const own = await api.app.request(`/editions/2020/submissions/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      id,
      status: 'submitted',
      title: 'Rootless builds in CI',
      kind: 'lightning',
      segment: 'build-test',
      speakers: [{ name: 'Mira Cfpform', email: 'mira.cfpform@example.org' }],
    });

    // A reload is the same submission, told without the link.
    const again = await post(form(fields));
    expect(again.status).toBe(201);
    expect(await again.text()).not.toContain('submission#id=');
    const stored = (await partitionItems(api.table, 'SUBMISSIONS#2020')).filter(
      (item) => item.entity === 'submission',
    );
    expect(stored.map((item) => item.id)).toEqual([id]);

    // A kind the call does not take: the form again, the error beside the field.
    const refused = await post(form({ ...fields, formKey: await pageFormKey(), kind: 'keynote' }));
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toMatch(/aria-describedby="[^"]*kind[^"]*"/);
    expect(refusedPage).toContain('expected one of: lightning, paper');
  });
});
