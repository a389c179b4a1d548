import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { SEED_FILE } from '../../support/editions.ts';

/**
 * The registration form and the manage page in Chromium with JavaScript disabled, at a phone's
 * width and from the keyboard (issue 21): register through the form (errors first, then
 * confirmed), read the result, cancel on the manage page; open a manage link and paste it.
 * Skipped like browser.test.ts where there is no Chromium (never in CI).
 */

const hasChromium = chromiumAvailable('the browser test without JavaScript');
const SCREENSHOTS = 'test-results';
const PHONE = { width: 375, height: 740 };

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every URL the browser asked for: personal data must be in none. */
const requested: string[] = [];

const fitsThePhone = () =>
  page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

describe.skipIf(!hasChromium)('the pages in Chromium without JavaScript', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const editions = mkdtempSync(join(tmpdir(), 'editions-'));
    copyFileSync(SEED_FILE, join(editions, 'hpcw-2020.yaml'));
    stack = await startLocalStack({
      port: 0,
      editionsDir: editions,
      now: new Date('2020-04-01T10:00:00+02:00'),
      secrets: { emailHashKey: 'no-script-test' },
    });
    browser = await launchChromium();
    context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      locale: 'en-GB',
    });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the field errors beside the fields, the values kept, the focus on the first', async () => {
    await page.goto(`${stack.url}/2020`);
    expect(await fitsThePhone()).toBe(true);
    await page.getByLabel('Name', { exact: true }).fill('Ada <No Script>');
    await page.getByLabel('Email', { exact: true }).fill('ada-at-example');
    await page.getByLabel('I am attending as').selectOption('software-developers');
    await page.getByLabel('Email', { exact: true }).press('Enter');
    await page.waitForURL(`${stack.url}/editions/2020/registrations`);
    await expect(page.locator('#email-error').textContent()).resolves.toBe(
      'expected an email address like name@example.org',
    );
    await expect(page.locator('#consent-error').textContent()).resolves.toContain('consent');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(
      'Ada <No Script>',
    );
    await expect(page.getByLabel('I am attending as').inputValue()).resolves.toBe(
      'software-developers',
    );
    await expect(page.locator('#email:focus').count()).resolves.toBe(1);
    expect(await fitsThePhone()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/no-script-errors.png`, fullPage: true });
  });

  it('registers from the keyboard and reads the result: confirmed, with the manage link', async () => {
    await page.getByLabel('Email', { exact: true }).fill('ada.noscript@example.org');
    await page.getByLabel('I agree').check();
    await page.getByRole('button', { name: 'Register' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('You are registered: your seat is confirmed.').waitFor();
    await expect(page.locator('#registration-result').getAttribute('data-status')).resolves.toBe(
      'confirmed',
    );
    await expect(page.locator('#manage-link').getAttribute('href')).resolves.toMatch(
      /\/2020\/manage#id=[0-9a-z]{26}&token=[\w-]{43}$/,
    );
    expect(await fitsThePhone()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/no-script-registered.png`, fullPage: true });
  });

  it('shows the registration and cancels it on the manage page, asking first', async () => {
    await page.getByRole('button', { name: 'See or cancel my registration' }).click();
    await page.getByText('Your seat is confirmed.').waitFor();
    await expect(page.locator('#manage').textContent()).resolves.toContain(
      'Registered as Ada <No Script> <ada.noscript@example.org>.',
    );
    await expect(page.locator('code.check-in-code').count()).resolves.toBe(1);
    expect(await fitsThePhone()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/no-script-manage.png`, fullPage: true });
    await page.getByRole('button', { name: 'Cancel my registration' }).click();
    await page.getByRole('heading', { name: 'Cancel your registration?' }).waitFor();
    await page.getByRole('button', { name: 'Yes, cancel my registration' }).click();
    await page.getByText('Your registration is cancelled.').waitFor();
    await expect(page.locator('#manage').getAttribute('data-status')).resolves.toBe('cancelled');
    await expect(page.locator('#manage').textContent()).resolves.not.toContain('ada.noscript');
  });

  it('opens a manage link from an email: the pasted link shows the registration', async () => {
    const response = await fetch(`${stack.url}/editions/2020/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Grace Mail',
        email: 'grace.noscript@example.org',
        audience: 'other',
        consent: true,
      }),
    });
    const { manageUrl } = (await response.json()) as { manageUrl: string };
    // From another page: on the manage page's own URL only the fragment would change.
    await page.goto('about:blank');
    await page.goto(manageUrl);
    await page.getByLabel('Manage link').fill(manageUrl);
    await page.getByLabel('Manage link').press('Enter');
    await page.getByText('Your seat is confirmed.').waitFor();
    await expect(page.locator('#manage').textContent()).resolves.toContain('Grace Mail');
  });

  it('never put a name, an address or a token into a URL the server saw', () => {
    const seen = requested.map((url) => url.split('#')[0]).join('\n');
    expect(requested.length).toBeGreaterThan(4);
    expect(seen).not.toContain('?');
    expect(seen).not.toMatch(/noscript|example\.org|token/i);
  });
});
