import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { signInToConsole } from '../../support/console/sign-in.ts';
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

  /** Every Content-Security-Policy violation any page of the test reports. */
  const violations: string[] = [];

  /** Signs in, checking the console's first answer: its strict CSP, no-store, no violation. */
  const signIn = (context: BrowserContext, account: 'organizer' | 'reviewer', path = '/console/') =>
    signInToConsole(stack, context, account, path, {
      watch: (page) =>
        page.on('console', (message) => {
          if (message.text().includes('Content Security Policy')) violations.push(message.text());
        }),
      firstAnswer: (response) => {
        expect(response?.headers()['content-security-policy']).toBe(
          `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${stack.oidc?.issuer}; base-uri 'none'; form-action 'self' ${stack.oidc?.issuer}; frame-ancestors 'none'`,
        );
        expect(response?.headers()['cache-control']).toBe('no-store');
      },
    });

  async function registerThroughApi(name: string, email: string) {
    const response = await fetch(`${stack.url}/editions/2020/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email, audience: 'other', consent: true }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; status: string };
  }

  /** axe on the page as it is: no serious or critical violation. */
  async function expectAccessible(page: Page, where: string) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${where}: ${violation.id} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
      );
    expect(bad).toEqual([]);
  }

  /** Follows a navigation link by keyboard and checks that focus lands on the new heading. */
  async function openByKeyboard(page: Page, link: string, heading: string) {
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: link })
      .focus();
    await page.keyboard.press('Enter');
    const h1 = page.getByRole('heading', { level: 1, name: heading });
    await h1.waitFor();
    // (A string: the tests' TypeScript has no DOM types; it runs in the page.)
    await expect
      .poll(
        () =>
          page.evaluate(
            "document.activeElement?.tagName + ' ' + document.activeElement?.textContent",
          ),
        { timeout: 10_000 },
      )
      .toBe(`H1 ${heading}`);
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
    // The console ran under its strict CSP without tripping it (no inline script or style).
    expect(violations).toEqual([]);
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
  }, 120_000);

  it('refreshes the tokens through the provider a minute before they expire', async () => {
    const context = await browser.newContext();
    // The page's clock only: the provider's tokens last an hour, the page skips ahead 59 minutes.
    await context.clock.install();
    // Every API call's token from the first on: the overview's calls may be over before signIn returns.
    const tokensUsed: string[] = [];
    context.on('request', (request) => {
      if (request.url().includes('/admin/')) tokensUsed.push(request.headers().authorization ?? '');
    });
    const page = await signIn(context, 'organizer');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await expect.poll(() => tokensUsed.length).toBeGreaterThan(0);
    const before = tokensUsed[0];
    expect(before).toMatch(/^Bearer /);
    const refresh = page.waitForRequest(
      (request) =>
        request.method() === 'POST' &&
        (request.postData() ?? '').includes('grant_type=refresh_token'),
    );
    await page.clock.fastForward('59:30');
    const response = await (await refresh).response();
    expect(response?.status()).toBe(200);
    // The next API call carries the new access token, and the API takes it.
    const next = page.waitForResponse((answer) =>
      answer.url().endsWith('/admin/editions/2020/audit?limit=50'),
    );
    await page.getByRole('link', { name: 'Audit log 2020' }).click();
    const answer = await next;
    expect(answer.status()).toBe(200);
    const after = answer.request().headers().authorization;
    expect(after).toMatch(/^Bearer /);
    expect(after).not.toBe(before);
    await context.close();
  }, 120_000);

  it('shows a registrant made through the API, runs late by 5 minutes, and every view passes axe at 1280 and 390 px', async () => {
    const someone = await registerThroughApi('Console Person', 'console.person@example.org');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, 'organizer');
    await page.getByText('Mail problems').first().waitFor();
    await expectAccessible(page, 'overview 1280');

    await openByKeyboard(page, 'Registrations 2020', 'Registrations · 2020');
    await page.getByRole('button', { name: 'Console Person' }).waitFor();
    await page.getByLabel('Search').fill('console.person@');
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await page.getByLabel('Status').selectOption('waitlisted');
    await page.getByText(/^0 of \d+ registrations$/).waitFor();
    await page.getByLabel('Status').selectOption('');
    await page.getByRole('button', { name: 'Console Person' }).click();
    await page.getByRole('heading', { level: 2, name: 'Console Person' }).waitFor();
    await expect(page.locator('.record').textContent()).resolves.toContain(someone.id);
    await expectAccessible(page, 'registrations 1280');

    await openByKeyboard(page, 'Workshop day 2020', 'Workshop day · 2020');
    const first = page.locator('tbody tr').first();
    const session = (await first.locator('th').textContent()) ?? '';
    // The organizers' live answer the view reloads after the change carries the delay.
    const liveAnswer = page.waitForResponse(
      (answer) =>
        answer.url().endsWith('/admin/editions/2020/live') && answer.request().method() === 'GET',
    );
    await page.getByRole('button', { name: `+5 minutes for ${session}` }).click();
    const live = (await (await liveAnswer).json()) as {
      delays: { from: string; minutes: number }[];
    };
    await page.getByText(`${session}: running 5 minutes late.`).waitFor();
    await expect(first.locator('td').nth(1).textContent()).resolves.toBe('5 min');
    await expectAccessible(page, 'day 1280');
    // The public agenda carries it too.
    const agenda = (await (await fetch(`${stack.url}/editions/2020/agenda`)).json()) as {
      sessions: { title: string; slotIds: string[] }[];
      slots: { id: string; delayMinutes?: number }[];
    };
    const firstSlot = agenda.sessions.find((candidate) => candidate.title === session)?.slotIds[0];
    expect(agenda.slots.find((slot) => slot.id === firstSlot)?.delayMinutes).toBe(5);
    expect(live.delays).toContainEqual(expect.objectContaining({ from: firstSlot, minutes: 5 }));

    await openByKeyboard(page, 'Webhooks 2020', 'Webhooks · 2020');
    await page.getByText('No webhook yet.').waitFor();
    await expectAccessible(page, 'webhooks 1280');
    await openByKeyboard(page, 'Audit log 2020', 'Audit log · 2020');
    await page.locator('table').waitFor();
    // The console's delay is audited under the organizer's name.
    await page.getByText(/Running 5 min late from/).waitFor();
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('organizer');
    await expectAccessible(page, 'audit 1280');

    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, heading, ready] of [
      ['/console/', 'Overview', 'Mail problems'],
      ['/console/editions/2020/registrations', 'Registrations · 2020', 'Console Person'],
      ['/console/editions/2020/day', 'Workshop day · 2020', 'Running late'],
      ['/console/editions/2020/webhooks', 'Webhooks · 2020', 'Add a webhook'],
      ['/console/editions/2020/audit', 'Audit log · 2020', 'Older entries|entries, newest first'],
    ] as const) {
      await page.evaluate(
        `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
      );
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByText(new RegExp(ready)).first().waitFor();
      // Nothing wider than the phone: no sideways scrolling of the page.
      await expect(
        page.evaluate('document.documentElement.scrollWidth'),
      ).resolves.toBeLessThanOrEqual(390);
      await expectAccessible(page, `${path} 390`);
    }
    await context.close();
  }, 300_000);

  it("cancels a registration with a reason and adds one by hand, as the organizers' routes record them", async () => {
    const spam = await registerThroughApi('Spam Bot', 'spam.bot@example.org');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await signIn(context, 'organizer', '/console/editions/2020/registrations');
    await page.getByRole('button', { name: 'Spam Bot' }).click();
    await page.getByLabel('Reason').selectOption('spam');
    await page.getByLabel('Tell them by email').uncheck();
    await page.getByRole('button', { name: 'Cancel registration' }).click();
    const token = await organizerToken(stack, { subject: 'console-test' });
    const read = async (path: string) =>
      (await (
        await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as Record<string, unknown>;
    await expect
      .poll(async () => read(`/admin/editions/2020/registrations/${spam.id}`).then((r) => r.status))
      .toBe('cancelled');
    const audit = JSON.stringify(await read('/admin/editions/2020/audit'));
    expect(audit).toContain('spam');

    await page.getByLabel('Name', { exact: true }).fill('Hand Added');
    await page.getByLabel('Email', { exact: true }).fill('hand.added@example.org');
    await page.getByRole('button', { name: 'Add registration' }).click();
    await page.getByRole('button', { name: 'Hand Added' }).waitFor();
    await context.close();
  }, 180_000);

  it('keeps a reviewer out of Registrations', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'reviewer', '/console/editions/2020/registrations');
    await page.getByRole('heading', { level: 1, name: 'Registrations · 2020' }).waitFor();
    await page.getByText('Registrations is for organizers only.', { exact: false }).waitFor();
    await expect(page.locator('table').count()).resolves.toBe(0);
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect(nav.getByRole('link', { name: /Registrations/ }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Overview' }).count()).resolves.toBe(1);
    await expectAccessible(page, 'organizers only');
    await context.close();
  }, 120_000);

  it('signs out for good: the provider session ends, a reload shows the sign-in page', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'organizer');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${stack.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The provider asks for the password again: its session is gone.
    await page.getByLabel('Password').waitFor();
    expect(page.url()).toContain(new URL(stack.oidc?.issuer ?? '').host);
    await context.close();
  }, 120_000);
});
