import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConfirmedSubmission,
  putSubmission,
  releaseTalk,
} from '../../support/cfp/speaker-fixtures.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * The speakers' page of the private link, `/{year}/submission`: the link's id and token posted
 * in a form (by the page's script from the fragment, or pasted without one), answered with the
 * submission, the talk's slot, and forms to change a speaker and add or remove materials, all
 * working without JavaScript. Through the whole API on DynamoDB Local, then in Chromium at a
 * phone's width, from the keyboard.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let confirmed: ConfirmedSubmission;

const SPEAKER = { personId: 'noor-halvorsen', name: 'Noor Halvorsen', affiliation: 'Cluster Co' };
const TITLE = 'Containers on the Batch Queue';

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  const talkId = await releaseTalk(api, {
    sessionId: 'runtime',
    title: TITLE,
    speakers: [SPEAKER],
  });
  confirmed = await putSubmission(api, { title: TITLE, talkId, speakers: [SPEAKER] });
});

const post = async (fields: Record<string, string>, headers: Record<string, string> = {}) => {
  const response = await api.app.request('/2020/submission', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    cache: response.headers.get('cache-control'),
    text: await response.text(),
  };
};
const own = () => ({ id: confirmed.id, token: confirmed.token });

describe('the speakers’ page, posted', () => {
  it('GET /2020/submission: a form for the link, no token in any address, never cached', async () => {
    const response = await api.app.request('/2020/submission');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain(
      '<form method="post" action="/2020/submission" id="submission-link-form">',
    );
    expect(page).toContain('<label for="submission-link">Private link</label>');
  });

  it('shows the submission, the slot and the forms for the link’s id and token', async () => {
    const page = await post(own());
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.cache).toBe('no-store');
    expect(page.text).toContain('Confirmed: your talk is on the agenda.');
    expect(page.text).toMatch(
      /<p id="talk-slot"><strong>Containers on the Batch Queue<\/strong>: 2020-06-25, <time datetime="2020-06-25T[^"]+">\d\d:\d\d<\/time>/,
    );
    expect(page.text).toContain('<legend>Noor Halvorsen</legend>');
    expect(page.text).toContain('id="material-form"');
    expect(page.text).not.toContain('@speakers.example');
  });

  it('opens with the whole link pasted, as people without a script do', async () => {
    const link = `http://localhost/2020/submission#id=${confirmed.id}&token=${confirmed.token}`;
    const page = await post({ link });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Confirmed: your talk is on the agenda.');
  });

  it('changes a speaker: saved for the next release; errors beside the fields, values kept', async () => {
    const refused = await post({
      ...own(),
      intent: 'speaker',
      personId: SPEAKER.personId,
      name: '',
      affiliation: 'Cluster Co',
      bio: 'Batch systems person.',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(
      /<p class="error" id="speaker-noor-halvorsen-name-error">expected a name/,
    );
    expect(refused.text).toContain('>Batch systems person.</textarea>');
    expect(refused.text).toContain('aria-invalid="true" autofocus');
    const saved = await post({
      ...own(),
      intent: 'speaker',
      personId: SPEAKER.personId,
      name: 'Noor A. Halvorsen',
      affiliation: 'Cluster Co',
      bio: 'Batch systems person.',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain(
      'Saved. The organizers publish it with the next release of the agenda.',
    );
    const draft = await api.organizer(
      'GET',
      `/admin/editions/2020/draft/speakers/${SPEAKER.personId}`,
    );
    expect(draft.body.speaker).toMatchObject({
      name: 'Noor A. Halvorsen',
      bio: 'Batch systems person.',
    });
  });

  it('adds a material, published at once, and removes it', async () => {
    const refused = await post({
      ...own(),
      intent: 'material',
      kind: 'slides',
      title: 'Slides',
      url: 'javascript:alert(1)',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      '<p class="error" id="material-url-error">expected an http:// or https:// URL',
    );
    const added = await post({
      ...own(),
      intent: 'material',
      kind: 'slides',
      title: 'Slides',
      url: 'https://slides.example/batch.pdf',
    });
    expect(added.status).toBe(200);
    expect(added.text).toContain('Published: “Slides” is on your talk now.');
    expect(added.text).toContain(
      '<a href="https://slides.example/batch.pdf" rel="noopener">Slides</a>',
    );
    const agenda = await api.organizer('GET', '/editions/2020/agenda');
    const slot = agenda.body.slots.find(
      (candidate: { id: string }) => candidate.id === confirmed.talkId,
    );
    expect(slot.materials).toEqual([
      { id: 'slides', kind: 'slides', title: 'Slides', url: 'https://slides.example/batch.pdf' },
    ]);
    const removed = await post({ ...own(), intent: 'remove-material', materialId: 'slides' });
    expect(removed.text).toContain('Removed: “Slides” is no longer on your talk.');
    expect(removed.text).toContain('No materials yet.');
  });

  it('answers a wrong token, a bad link, another site’s post and a body past the limit with problem pages', async () => {
    const wrong = await post({ id: confirmed.id, token: 'x'.repeat(43) });
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain('There is no submission with this id and token.');
    const noLink = await post({ link: 'not a link' });
    expect(noLink.status).toBe(400);
    const crossSite = await post(own(), { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const huge = await post({ ...own(), intent: 'speaker', bio: 'b'.repeat(20_000) });
    expect(huge.status).toBe(413);
    const longId = await post({ id: 'a'.repeat(2000), token: confirmed.token });
    expect(longId.status).toBe(404);
    for (const page of [wrong, noLink, crossSite, huge, longId]) {
      expect(page.type).toContain('text/html');
      expect(page.text).not.toContain(confirmed.token);
    }
  });
});

const hasChromium = chromiumAvailable('the speakers’ page in Chromium');
const PHONE = { width: 390, height: 780 };

describe.skipIf(!hasChromium)('the speakers’ page in Chromium', () => {
  let server: ReturnType<typeof serve>;
  let url: string;
  let browser: Browser;
  const requested: string[] = [];
  const fitsThePhone = (page: Page) =>
    page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    server = await new Promise((resolve) => {
      const started = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started),
      );
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('without JavaScript: paste the link, see the slot, add slides from the keyboard at 390 px', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: PHONE,
      isMobile: true,
    });
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${url}/2020/submission#id=${confirmed.id}&token=${confirmed.token}`);
    expect(await fitsThePhone(page)).toBe(true);
    await page
      .getByLabel('Private link')
      .fill(`${url}/2020/submission#id=${confirmed.id}&token=${confirmed.token}`);
    await page.getByLabel('Private link').press('Enter');
    await page.waitForSelector('#talk-slot');
    await expect(page.locator('#submission').textContent()).resolves.toContain('Confirmed');
    await page.getByLabel('Title').fill('Code');
    await page.getByLabel('Kind').selectOption('code');
    await page.getByLabel('Link (http:// or https://)').fill('https://git.example/batch');
    await page.getByLabel('Link (http:// or https://)').press('Enter');
    await page.waitForSelector('#notice');
    await expect(page.locator('#notice').textContent()).resolves.toBe(
      'Published: “Code” is on your talk now.',
    );
    await expect(page.locator('#materials a').first().getAttribute('href')).resolves.toBe(
      'https://git.example/batch',
    );
    expect(await fitsThePhone(page)).toBe(true);
    await page.screenshot({ path: 'test-results/speaker-page-no-script.png', fullPage: true });
    // From the keyboard: Tab reaches the link's field (after the skip link and the workshop's).
    await page.goto(`${url}/2020/submission`);
    const focused: unknown[] = [];
    for (let press = 0; press < 4; press += 1) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate('document.activeElement && document.activeElement.id'));
    }
    expect(focused).toContain('submission-link');
    await context.close();
  });

  it('with JavaScript: the link opens the page at once, the token never in an address', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true });
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${url}/2020/submission#id=${confirmed.id}&token=${confirmed.token}`);
    await page.waitForSelector('#talk-slot');
    expect(page.url()).toBe(`${url}/2020/submission`);
    await expect(page.locator('#submission').textContent()).resolves.toContain('Confirmed');
    expect(await fitsThePhone(page)).toBe(true);
    await context.close();
    expect(requested.length).toBeGreaterThan(0);
    for (const address of requested) expect(address).not.toContain(confirmed.token);
  });
});
