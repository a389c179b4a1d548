import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { SEED_FILE } from '../../support/editions.ts';

/**
 * The door page in a real browser (Debian's Chromium, in New York's zone): a confirmed person's
 * code and QR code on their manage page; at the door, six weeks early the code is refused with the
 * window in Berlin's time; on the day the page shows whom it admitted, and on a second scan that
 * they were already checked in at 09:12 Berlin time. Skipped without Chromium, unless
 * REQUIRE_BROWSER is set.
 */

const hasChromium = chromiumAvailable('the door browser test');

const SCREENSHOTS = 'test-results';

describe.skipIf(!hasChromium)('the door page in Chromium', () => {
  const directory = mkdtempSync(join(tmpdir(), 'editions-door-'));
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;

  async function registerThroughApi(name: string, email: string) {
    const response = await fetch(`${stack.url}/editions/2020/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email, audience: 'other', consent: true }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as {
      id: string;
      status: string;
      manageToken: string;
      manageUrl: string;
    };
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(SEED_FILE, join(directory, 'hpcw-2020.yaml'));
    stack = await startLocalStack({
      port: 0,
      editionsDir: directory,
      now: new Date('2020-04-01T10:00:00+02:00'),
      secrets: { emailHashKey: 'browser-test' },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('checks in a code typed by hand, shows whom it admitted and refuses it outside the window', async () => {
    const someone = await registerThroughApi('Door Person', 'door.person@example.org');
    expect(someone.status).toBe('confirmed');
    const own = await fetch(`${stack.url}/editions/2020/registrations/${someone.id}`, {
      headers: { authorization: `Bearer ${someone.manageToken}` },
    });
    const { checkInCode } = (await own.json()) as { checkInCode: string };

    await page.goto(someone.manageUrl);
    await expect(page.locator('code.check-in-code').textContent()).resolves.toBe(checkInCode);
    await page.locator('img.check-in-qr[src^="blob:"]').waitFor();

    const token = await organizerToken(stack, { subject: 'door-test' });
    await page.goto(`${stack.url}/2020/door`);
    // Six weeks before the day the door is closed, and says until when (in Berlin's time).
    stack.setNow(new Date('2020-05-14T10:00:00+02:00'));
    // The token never goes into a URL: the form posts, and its input has no name to send.
    await expect(page.locator('#door-form').getAttribute('method')).resolves.toBe('post');
    await expect(page.locator('input[name="token"]').count()).resolves.toBe(0);
    await expect(page.locator('#door-token').getAttribute('name')).resolves.toBeNull();
    await page.getByLabel('Organizer token').fill(token);
    await page.getByLabel('Check-in code').fill(checkInCode);
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText(/^Check-in opens 2 h before each day's first session/).waitFor();
    await expect(page.locator('#door-result').textContent()).resolves.toContain(
      'the next window is 2020-06-25 from 06:45 to 18:00 (Europe/Berlin).',
    );
    // On the day, inside the window (the browser is in New York: the page says Berlin's time).
    stack.setNow(new Date('2020-06-25T09:12:00+02:00'));
    await page.getByLabel('Check-in code').fill(checkInCode.toLowerCase().replaceAll('-', ' '));
    const posted = page.waitForRequest((request) => request.url().endsWith('/check-ins'));
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText('confirmed · checked in now. Welcome!').waitFor();
    await expect(page.locator('#door-name').textContent()).resolves.toBe('Door Person');
    // One id per scan, so that a retry of it answers as the first attempt would have.
    const firstScan = JSON.parse((await posted).postData() ?? '{}').scanId;
    expect(firstScan).toMatch(/^[0-9a-f]{32}$/);
    expect(page.url()).not.toContain(token);
    await page.getByText(/^1 of \d+ confirmed checked in$/).waitFor();
    await page.getByLabel('Check-in code').fill(checkInCode);
    const again = page.waitForRequest((request) => request.url().endsWith('/check-ins'));
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText(/already checked in at 09:12 \(Europe\/Berlin\)\.$/).waitFor();
    await expect(page.locator('#door-result').textContent()).resolves.toBe(
      'Door Person · confirmed · already checked in at 09:12 (Europe/Berlin).',
    );
    expect(JSON.parse((await again).postData() ?? '{}').scanId).not.toBe(firstScan);
    await page.screenshot({ path: `${SCREENSHOTS}/door.png`, fullPage: true });
  });
});
