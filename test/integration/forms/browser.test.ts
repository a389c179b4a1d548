import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { SEED_FILE } from '../../support/editions.ts';

/**
 * The public page in a real browser (Debian's Chromium, driven by playwright-core): read the 2020
 * agenda, register, see the answer, open the manage link, cancel; open two manage links one
 * after the other in the same tab and cancel the second; on a hybrid 2031 edition made from it,
 * switch the time zone and join online from the manage page; read the day headings of a three-day
 * edition (test/fixtures). Screenshots go to test-results/. CI
 * installs Chromium and sets REQUIRE_BROWSER, so there this never skips.
 */

const hasChromium = chromiumAvailable('the browser test');

const SCREENSHOTS = 'test-results';
const JOIN_URL = 'https://meet.example.org/j/private-join-browser';

/** The 2020 file beside a hybrid 2031 edition made from it, with display time zones. */
function editionsDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'editions-'));
  copyFileSync(SEED_FILE, join(directory, 'hpcw-2020.yaml'));
  const text = readFileSync(SEED_FILE, 'utf8')
    .replace(/^year: 2020$/m, 'year: 2031')
    .replace(/^date: 2020-06-25$/m, 'date: 2031-06-26')
    .replace(
      /^venue: .*$/m,
      `location:\n  mode: hybrid\n  venue: Hamburg Messe\n  room: Hall Y5\n  stream: { url: "${JOIN_URL}", room: Workshop stream }\ndisplayTimeZones: [America/New_York, America/Los_Angeles]`,
    )
    .replace(/closesAt: .*$/m, 'closesAt: "2031-06-26T08:45:00+02:00"');
  writeFileSync(join(directory, 'hpcw-2031.yaml'), text);
  return directory;
}
let stack: LocalStack;
let browser: Browser;
let page: Page;

/** One Chromium for both editions' stacks below, started once. */
let launching: Promise<Browser> | undefined;
const sharedChromium = () => {
  launching ??= launchChromium();
  return launching;
};
afterAll(async () => {
  await (await launching)?.close();
});

interface Registered {
  id: string;
  status: string;
  manageToken: string;
  manageUrl: string;
}

async function registerThroughApi(name: string, email: string, year = 2020): Promise<Registered> {
  const response = await fetch(`${stack.url}/editions/${year}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, email, audience: 'other', consent: true }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Registered;
}

async function statusThroughApi(registration: Registered): Promise<string> {
  const response = await fetch(`${stack.url}/editions/2020/registrations/${registration.id}`, {
    headers: { authorization: `Bearer ${registration.manageToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { status: string }).status;
}

describe.skipIf(!hasChromium)('the public page in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startLocalStack({
      port: 0,
      editionsDir: editionsDir(),
      now: new Date('2020-04-01T10:00:00+02:00'),
      secrets: { emailHashKey: 'browser-test' },
    });
    browser = await sharedChromium();
    const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
    page = await context.newPage();
    page.on('dialog', (dialog) => dialog.accept());
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows the 2020 agenda in the edition time zone, with the reader’s time on hover', async () => {
    await page.goto(`${stack.url}/2020`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      '6th Annual High Performance Containers Workshop',
    );
    const runtime = page.locator('#session-runtime h3');
    await expect(runtime.textContent()).resolves.toContain('09:00–10:00');
    await expect(runtime.textContent()).resolves.toContain('RUNTIME');
    await expect(page.locator('#session-runtime time').first().getAttribute('title')).resolves.toBe(
      '03:00 AM your time (America/New_York)',
    );
    await expect(page.locator('#local-note').textContent()).resolves.toContain(
      'Times are in Europe/Berlin',
    );
    await expect(page.locator('#lunch-break-1300 h3').textContent()).resolves.toContain(
      '13:00–14:30',
    );
    await expect(page.locator('#seats').textContent()).resolves.toBe('100 of 100 seats left.');
    await page.screenshot({ path: `${SCREENSHOTS}/page-2020.png`, fullPage: true });
  });

  it('shows the API’s errors next to the fields, and moves the focus to the first', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Email', { exact: true }).fill('ada-at-example');
    await page.getByLabel('I am attending as').selectOption('software-developers');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.locator('#email-error').filter({ hasText: 'expected' }).waitFor();
    await expect(page.locator('#email-error').textContent()).resolves.toBe(
      'expected an email address like name@example.org',
    );
    await expect(page.locator('#consent-error').textContent()).resolves.toContain('consent');
    await expect(
      page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('email');
    await page.screenshot({ path: `${SCREENSHOTS}/page-errors.png`, fullPage: true });
  });

  it('registers with the keyboard and shows the confirmation and the manage link', async () => {
    await page.getByLabel('Email', { exact: true }).fill('ada@example.org');
    await page.getByLabel('I agree').check();
    await page.getByRole('button', { name: 'Register' }).focus();
    await page.keyboard.press('Enter');
    const result = page.locator('#registration-result');
    await result.getByText('your seat is confirmed').waitFor();
    await expect(
      page.getByRole('link', { name: 'Manage your registration' }).getAttribute('href'),
    ).resolves.toMatch(/\/2020\/manage#id=[0-9a-z]{26}&token=[\w-]{43}$/);
    await page.screenshot({ path: `${SCREENSHOTS}/page-registered.png`, fullPage: true });
  });

  it('opens the manage link, shows the status and cancels', async () => {
    await page.getByRole('link', { name: 'Manage your registration' }).click();
    await page.getByText('Your seat is confirmed.').waitFor();
    await expect(page.locator('#manage').textContent()).resolves.toContain(
      'Registered as Ada Lovelace <ada@example.org>.',
    );
    await page.screenshot({ path: `${SCREENSHOTS}/manage-confirmed.png`, fullPage: true });
    await page.getByRole('button', { name: 'Cancel my registration' }).click();
    await page.getByText('Your registration is cancelled.').waitFor();
    await expect(page.locator('#manage').getAttribute('data-status')).resolves.toBe('cancelled');
    await expect(page.locator('#manage').textContent()).resolves.not.toContain('ada@example.org');
    await page.screenshot({ path: `${SCREENSHOTS}/manage-cancelled.png`, fullPage: true });
  });

  it('shows a waitlisted registrant their position', async () => {
    // Fill the 100 seats through the API, then register on the page.
    for (let index = 0; index < 100; index += 1) {
      await fetch(`${stack.url}/editions/2020/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `P ${index}`,
          email: `p${index}@example.org`,
          audience: 'other',
          consent: true,
        }),
      });
    }
    await page.goto(`${stack.url}/2020`);
    await expect(page.locator('#seats').textContent()).resolves.toContain(
      'All 100 seats are taken',
    );
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByLabel('Email', { exact: true }).fill('grace@example.org');
    await page.getByLabel('I am attending as').selectOption('other');
    await page.getByLabel('I agree').check();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('You are on the waiting list, at position 1.').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/page-waitlisted.png`, fullPage: true });
  });

  it('follows a second manage link opened in the same tab, and cancels that one', async () => {
    const alan = await registerThroughApi('Alan Turing', 'alan@example.org');
    const barbara = await registerThroughApi('Barbara Liskov', 'barbara@example.org');
    await page.goto(alan.manageUrl);
    await page.getByText('Registered as Alan Turing <alan@example.org>.').waitFor();
    // Only the fragment changes: the same document stays, as when a second link is opened.
    await page.evaluate('window.sameDocument = true');
    await page.goto(barbara.manageUrl);
    await expect(page.evaluate('window.sameDocument')).resolves.toBe(true);
    await page
      .getByText('Registered as Barbara Liskov <barbara@example.org>.')
      .waitFor({ timeout: 5_000 });
    await expect(page.locator('#manage').textContent()).resolves.not.toContain('Alan');
    await page.screenshot({ path: `${SCREENSHOTS}/manage-second-link.png`, fullPage: true });
    await page.getByRole('button', { name: 'Cancel my registration' }).click();
    await page.getByText('Your registration is cancelled.').waitFor();
    await expect(statusThroughApi(barbara)).resolves.toBe('cancelled');
    await expect(statusThroughApi(alan)).resolves.toBe(alan.status);
  });

  it('keeps the registration of the link now open when a late answer for the previous one arrives', async () => {
    const first = await registerThroughApi('Edsger Dijkstra', 'edsger@example.org');
    const second = await registerThroughApi('Frances Allen', 'frances@example.org');
    let answerFirst = () => {};
    const held = new Promise<void>((resolve) => {
      answerFirst = resolve;
    });
    const firstPath = `**/editions/2020/registrations/${first.id}`;
    await page.route(firstPath, async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.goto(`${stack.url}/2020`);
      await page.goto(first.manageUrl);
      await page.goto(second.manageUrl);
      await page
        .getByText('Registered as Frances Allen <frances@example.org>.')
        .waitFor({ timeout: 5_000 });
      const lateAnswer = page.waitForEvent('requestfinished', (request) =>
        request.url().endsWith(`/registrations/${first.id}`),
      );
      answerFirst();
      await lateAnswer;
      // Give the page's script a turn to handle the late answer, as it would have.
      await page.evaluate('new Promise((resolve) => setTimeout(resolve, 200))');
      await expect(page.locator('#manage').textContent()).resolves.toContain('Frances Allen');
      await expect(page.locator('#manage').textContent()).resolves.not.toContain('Edsger');
      await page.getByRole('button', { name: 'Cancel my registration' }).click();
      await page.getByText('Your registration is cancelled.').waitFor();
      await expect(statusThroughApi(second)).resolves.toBe('cancelled');
      await expect(statusThroughApi(first)).resolves.toBe(first.status);
    } finally {
      answerFirst();
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }
  });

  it('shows a delay on the room screen with the running-late banner', async () => {
    const token = await organizerToken(stack, { subject: 'now-test' });
    // On 2031, so that the 2020 agenda the other tests read keeps its times.
    const delayed = await fetch(`${stack.url}/admin/editions/2031/live/delays`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'intro-workshop-introduction', minutes: 10 }),
    });
    expect(delayed.status).toBe(201);
    // The stack's clock is before the day: the first item is next, 10 minutes late.
    await page.goto(`${stack.url}/2031/now`);
    await expect(page.locator('#late').textContent()).resolves.toBe('Running 10 min late');
    await expect(page.locator('#next .now-time').textContent()).resolves.toBe('08:45 08:55–09:03');
    await expect(page.locator('#next s').textContent()).resolves.toBe('08:45');
    await page.screenshot({ path: `${SCREENSHOTS}/now.png`, fullPage: true });
  });

  it('links the slides an organizer added under the talk, once released', async () => {
    const token = await organizerToken(stack, { subject: 'browser-test' });
    const admin = (method: string, path: string, body: unknown, etag?: string) =>
      fetch(`${stack.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(etag ? { 'if-match': etag } : {}),
        },
        body: JSON.stringify(body),
      });
    const talkPath = '/admin/editions/2020/draft/talks/runtime-container-runtimes-overview';
    const read = await fetch(`${stack.url}${talkPath}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const slides = { kind: 'slides', title: 'Slides', url: 'https://slides.example/runtimes.pdf' };
    const edited = await admin(
      'PATCH',
      talkPath,
      { materials: [slides] },
      String(read.headers.get('etag')),
    );
    expect(edited.status).toBe(200);
    const released = await admin('POST', '/admin/editions/2020/agenda/releases', {
      name: 'slides',
      comment: 'Slides of the runtime overview.',
      force: { reason: 'The lunch overlap is known.' },
    });
    expect(released.status).toBe(201);

    await page.goto(`${stack.url}/2020`);
    const link = page.locator('#runtime-container-runtimes-overview').getByRole('link', {
      name: 'Slides',
    });
    await expect(link.getAttribute('href')).resolves.toBe(slides.url);
    await expect(link.isVisible()).resolves.toBe(true);
  });

  it('switches the times to ET and PT, and back to the venue’s zone', async () => {
    await page.goto(`${stack.url}/2031`);
    await expect(page.locator('header .eyebrow').textContent()).resolves.toContain(
      'Hamburg Messe, Hall Y5 and online (Workshop stream)',
    );
    const runtime = page.locator('#session-runtime h3 time').first();
    await expect(runtime.textContent()).resolves.toBe('09:00');
    const zone = page.getByLabel('Show times in');
    await expect(zone.locator('option').allTextContents()).resolves.toEqual([
      'CEST (Europe/Berlin) · venue',
      'ET (America/New_York)',
      'PT (America/Los_Angeles)',
    ]);
    await zone.selectOption('America/New_York');
    await expect(runtime.textContent()).resolves.toBe('03:00');
    await expect(page.locator('#lunch-break-1300 h3 time').first().textContent()).resolves.toBe(
      '07:00',
    );
    await expect(page.locator('#zone-name').textContent()).resolves.toBe('America/New_York');
    await page.screenshot({ path: `${SCREENSHOTS}/page-2031-et.png`, fullPage: true });
    await zone.selectOption('America/Los_Angeles');
    await expect(runtime.textContent()).resolves.toBe('00:00');
    // 08:45 in Hamburg is 23:45 the evening before in Los Angeles.
    await expect(page.locator('time[data-local]').first().textContent()).resolves.toBe(
      '23:45 (-1d)',
    );
    await zone.selectOption('Europe/Berlin');
    await expect(runtime.textContent()).resolves.toBe('09:00');
    await expect(page.content()).resolves.not.toContain('private-join');
  });

  it('gives a confirmed registrant the join link on the manage page', async () => {
    const response = await fetch(`${stack.url}/editions/2031/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Katherine Johnson',
        email: 'katherine@example.org',
        audience: 'other',
        consent: true,
      }),
    });
    const registered = (await response.json()) as Registered;
    expect(registered.status).toBe('confirmed');
    await page.goto(registered.manageUrl);
    const join = page.getByRole('link', { name: 'Workshop stream' });
    await join.waitFor();
    await expect(join.getAttribute('href')).resolves.toBe(JOIN_URL);
    await expect(page.locator('#manage').textContent()).resolves.toContain('Join online:');
    await page.screenshot({ path: `${SCREENSHOTS}/manage-join.png`, fullPage: true });
  });
});

describe.skipIf(!hasChromium)('the page of an edition of several days in Chromium', () => {
  let daysStack: LocalStack;
  let daysBrowser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    daysStack = await startLocalStack({
      port: 0,
      now: new Date('2020-06-01T10:00:00+02:00'),
      secrets: { emailHashKey: 'browser-test' },
      editionsDir: 'test/fixtures',
    });
    daysBrowser = await sharedChromium();
  }, 90_000);

  afterAll(async () => {
    await daysStack?.stop();
  });

  it('shows a heading per day with that day’s sessions under it', async () => {
    const context = await daysBrowser.newContext({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    const daysPage = await context.newPage();
    await daysPage.goto(`${daysStack.url}/2020`);
    await expect(daysPage.locator('h3.day').allTextContents()).resolves.toEqual([
      'Tuesday, 16 June 2020',
      'Wednesday, 17 June 2020',
      'Thursday, 18 June 2020',
    ]);
    const sessionsAfter = (date: string) =>
      daysPage
        .locator(`#day-${date} + ol.agenda > li.session h3`)
        .allTextContents()
        .then((titles) => titles.map((title) => title.replace(/\s+/g, ' ').trim()));
    await expect(sessionsAfter('2020-06-16')).resolves.toEqual([
      '17:00–18:30 Europe/Berlin RUNTIME',
      '19:00–20:30 Europe/Berlin BUILD',
    ]);
    await expect(sessionsAfter('2020-06-18')).resolves.toEqual([
      '17:00–18:30 Europe/Berlin HPC SPECIFIC',
      '19:00–20:30 Europe/Berlin USE-CASES / OUTLOOK',
    ]);
    await daysPage.screenshot({ path: `${SCREENSHOTS}/page-2020-online.png`, fullPage: true });
    await context.close();
  });
});
