import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/lib/dynamodb-local.ts';
import { cfpFormApi } from '../../support/cfp/cfp-app.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';

/**
 * The call's page and its form in Chromium with JavaScript disabled, at a phone's width (390 px)
 * and from the keyboard (issue 25): from the edition page to the call, a first try with errors
 * (each beside its field, the values kept, the focus on the first), then the submission and its
 * private link; axe finds nothing serious on any of the pages. The submissions service is the
 * in-memory test double (test/support/cfp/submit-port.ts). Skipped without Chromium (never in CI).
 */

const hasChromium = chromiumAvailable('the call form’s browser test without JavaScript');
const SCREENSHOTS = 'test-results';
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let page: Page;
let axePage: Page;
let server: ReturnType<typeof serve>;
let url: string;
let api: Awaited<ReturnType<typeof cfpFormApi>>;
/** Every URL the browser asked for: personal data must be in none. */
const requested: string[] = [];

const fitsThePhone = () =>
  page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

/**
 * axe on the page as the browser shows it: axe runs as a script, so it reads a copy of the page
 * in a page with JavaScript (the pages have no script of their own: the copy is the same).
 */
async function expectAccessible(where: string) {
  await axePage.setContent(await page.content());
  const { violations } = await new AxeBuilder({ page: axePage }).analyze();
  const bad = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${where}: ${violation.id} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  expect(bad).toEqual([]);
}

/** Moves the focus on with Tab until `selector` has it (at most `limit` steps). */
async function tabTo(selector: string, limit = 40) {
  for (let step = 0; step < limit; step += 1) {
    if (await page.locator(`${selector}:focus`).count()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe.skipIf(!hasChromium)('the call form in Chromium without JavaScript', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const port = await freePort();
    url = `http://localhost:${port}`;
    api = await cfpFormApi({ publicUrl: url });
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const started = serve({ fetch: api.app.fetch, port, hostname: '127.0.0.1' }, () =>
        resolve(started),
      );
      started.once('error', reject);
    });
    browser = await launchChromium();
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      locale: 'en-GB',
    });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    axePage = await (await browser.newContext({ viewport: PHONE, locale: 'en-GB' })).newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('goes from the edition page to the call by keyboard; the page fits the phone and axe is clean', async () => {
    await page.goto(`${url}/2020`);
    await page.getByRole('link', { name: /Call for papers and talks/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/2020/cfp`);
    await page.getByRole('heading', { level: 1, name: 'Call for papers and talks' }).waitFor();
    await expect(page.locator('#call-state').textContent()).resolves.toContain('The call is open');
    expect(await fitsThePhone()).toBe(true);
    await expectAccessible('/2020/cfp');
    await page.screenshot({ path: `${SCREENSHOTS}/cfp-page.png`, fullPage: true });
  }, 60_000);

  it('shows the field errors beside the fields, the values kept and the focus on the first', async () => {
    await tabTo('#title');
    await page.keyboard.type('Rootless builds <in CI>');
    await page.keyboard.press('Tab');
    await page.keyboard.type('How we build container images without a daemon, and what it costs.');
    await page.keyboard.press('Tab');
    // The first kind takes the focus; the arrow chooses the next one.
    await expect(page.locator('#kind-lightning:focus').count()).resolves.toBe(1);
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#kind-paper').isChecked()).resolves.toBe(true);
    await tabTo('#segment');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#segment').inputValue()).resolves.toBe('build-test');
    await tabTo('#speakers-0-name');
    await page.keyboard.type('Mira Nojs');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mira-at-example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Builders Ltd');
    await tabTo('#speakers-1-name');
    await page.keyboard.type('Oskar Nojs');
    await page.keyboard.press('Tab');
    await page.keyboard.type('oskar.nojs@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Registry Co');
    await tabTo('button[type=submit]', 60);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/editions/2020/submissions`);
    await expect(page.locator('#speakers-0-email-error').textContent()).resolves.toBe(
      'expected an email address like name@example.org',
    );
    await expect(page.locator('#consent-error').textContent()).resolves.toContain('consent');
    await expect(page.locator('#speakers-0-email:focus').count()).resolves.toBe(1);
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Rootless builds <in CI>');
    await expect(page.locator('#kind-paper').isChecked()).resolves.toBe(true);
    await expect(page.locator('#speakers-1-name').inputValue()).resolves.toBe('Oskar Nojs');
    // The message is the field's description: a screen reader reads it with the field.
    await expect(page.locator('#speakers-0-email').getAttribute('aria-describedby')).resolves.toBe(
      'speakers-0-email-error',
    );
    expect(await fitsThePhone()).toBe(true);
    await expectAccessible('the form with errors');
    await page.screenshot({ path: `${SCREENSHOTS}/cfp-errors.png`, fullPage: true });
  }, 90_000);

  it('submits from the keyboard and shows the private link', async () => {
    await page.locator('#speakers-0-email').fill('');
    await page.keyboard.type('mira.nojs@example.org');
    await tabTo('#consent', 60);
    await page.keyboard.press('Space');
    await expect(page.locator('#consent').isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your submission is in' }).waitFor();
    await expect(page.locator('#submission-result').textContent()).resolves.toContain(
      '“Rootless builds <in CI>” is submitted.',
    );
    await expect(page.locator('#submission-link').getAttribute('href')).resolves.toMatch(
      new RegExp(`^${url}/2020/submission#id=[0-9a-z]{26}&token=[\\w-]{43}$`),
    );
    expect(api.port.submissions.map(({ request }) => request.speakers.length)).toEqual([2]);
    expect(await fitsThePhone()).toBe(true);
    await expectAccessible('the submitted page');
    await page.screenshot({ path: `${SCREENSHOTS}/cfp-submitted.png`, fullPage: true });
  }, 90_000);

  it('never put a name, an address or a token into a URL the server saw', () => {
    const seen = requested.map((address) => address.split('#')[0]).join('\n');
    expect(requested.length).toBeGreaterThan(3);
    expect(seen).not.toContain('?');
    expect(seen).not.toMatch(/nojs|example\.org|token/i);
  });
});
