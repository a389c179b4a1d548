import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_TABLE_NAME,
  type LocalStack,
  startLocalStack,
} from '../../../scripts/lib/local-stack.ts';
import { organizerToken } from '../../support/auth/sign-in.ts';
import {
  IN_THE_2020_CALL,
  putSubmission,
  type TestSubmission,
  testSpeaker,
  testSubmission,
} from '../../support/cfp/submissions.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { signInToConsole } from '../../support/console/sign-in.ts';
import { SEED_FILE } from '../../support/editions.ts';

/**
 * The call for papers in the organizer console, in Chromium: a reviewer scores a submission by
 * keyboard in Reviews and cannot review one they speak on; an organizer sees the score in
 * Submissions, accepts it into RUNTIME (the API shows it accepted), rejects two at once and
 * exports the CSV; a reviewer sees no Submissions. axe on both views at 1280 and 390 px. The
 * submissions are put into the table as the submissions routes store them.
 */

/** The key test/support/cfp/submissions.ts makes the speakers' address HMACs with. */
const SUBMISSIONS_KEY = 'test-email-key';

const hasChromium = chromiumAvailable('the console call-for-papers browser test');

describe.skipIf(!hasChromium)('Submissions and Reviews in the console, in Chromium', () => {
  const directory = mkdtempSync(join(tmpdir(), 'editions-cfp-console-'));
  let stack: LocalStack;
  let browser: Browser;
  let scored: TestSubmission;
  let paper: TestSubmission;
  let own: TestSubmission;
  const violations: string[] = [];

  const signIn = (context: BrowserContext, account: 'organizer' | 'reviewer', path: string) =>
    signInToConsole(stack, context, account, path, {
      watch: (page) =>
        page.on('console', (message) => {
          if (message.text().includes('Content Security Policy')) violations.push(message.text());
        }),
      // (Also what makes the helper open the page: it goes there inside this hook's argument.)
      firstAnswer: (response) => {
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
      },
    });

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

  /** At 390 px: nothing wider than the phone, and axe clean. */
  async function expectNarrow(page: Page, where: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate('document.documentElement.scrollWidth'))
      .toBeLessThanOrEqual(390);
    await expectAccessible(page, `${where} 390`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function readAsOrganizer(path: string) {
    const token = await organizerToken(stack, { subject: 'cfp-console-test' });
    const response = await fetch(`${stack.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  const card = (page: Page, submission: TestSubmission) =>
    page.getByRole('article', { name: submission.record.title });

  beforeAll(async () => {
    copyFileSync(SEED_FILE, join(directory, 'hpcw-2020.yaml'));
    stack = await startLocalStack({
      port: 0,
      editionsDir: directory,
      now: IN_THE_2020_CALL,
      // The key the test submissions' address HMACs are made with.
      secrets: { emailHashKey: SUBMISSIONS_KEY },
      oidc: true,
      console: true,
    });
    const table = { client: stack.client, tableName: LOCAL_TABLE_NAME };
    const reviewerEmail = stack.oidc?.accounts.reviewer.email ?? '';
    expect(reviewerEmail).toContain('@');
    scored = await putSubmission(table, testSubmission(2020, { kind: 'lightning' }));
    paper = await putSubmission(
      table,
      testSubmission(2020, { kind: 'paper', segment: 'security', title: 'Signed images at scale' }),
    );
    own = await putSubmission(
      table,
      testSubmission(2020, {
        title: 'A reviewer’s own talk',
        speakers: [testSpeaker({ email: reviewerEmail })],
      }),
    );
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    expect(violations).toEqual([]);
    await browser?.close();
    await stack?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('a reviewer filters, scores a submission by keyboard, sees it saved, and cannot review their own', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, 'reviewer', '/console/editions/2020/reviews');
    await page.getByRole('heading', { level: 1, name: 'Reviews · 2020' }).waitFor();
    await card(page, scored).waitFor();
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect(nav.getByRole('link', { name: 'Reviews 2020' }).count()).resolves.toBe(1);
    await expect(nav.getByRole('link', { name: /Submissions/ }).count()).resolves.toBe(0);
    // Speakers by name (the 2020 call is not blind), never an address.
    await expect(card(page, scored).textContent()).resolves.toContain(
      scored.record.speakers[0]?.name,
    );
    await expect(page.locator('main').textContent()).resolves.not.toContain('@');
    // Nobody's summary before one's own review.
    await expect(card(page, scored).getByText('All reviews:').count()).resolves.toBe(0);
    await expectAccessible(page, 'reviews 1280');

    await page.getByLabel('Track').selectOption('security');
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
    await card(page, paper).waitFor();
    await page.getByLabel('Track').selectOption('');
    await page.getByLabel('Kind').selectOption('lightning');
    await expect.poll(() => page.getByRole('article').count()).toBe(2);
    await page.getByLabel('Kind').selectOption('');

    // By keyboard: into the radio group, arrows to 4, the comment, Enter on the button.
    const review = card(page, scored);
    await review.getByRole('radio', { name: '1 – reject' }).focus();
    await page.keyboard.press('Space');
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowRight');
    await expect(review.getByRole('radio', { name: '4 – good' }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Clear problem, convincing measurements.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await review.getByRole('status').getByText('is saved: 4 – good').waitFor();
    await review.getByText('All reviews: 1 review, mean 4').waitFor();
    await review.getByRole('button', { name: 'Update review' }).waitFor();
    const stored = (await readAsOrganizer(
      `/admin/editions/2020/submissions/${scored.record.id}`,
    )) as { reviews: { count: number; mean: number } };
    expect(stored.reviews).toMatchObject({ count: 1, mean: 4 });

    // Their own submission: the API's 403 sentence instead of the form.
    const mine = card(page, own);
    await mine.getByRole('radio', { name: '2 – weak' }).check();
    await mine.getByRole('button', { name: 'Save review' }).click();
    await mine.getByText('You are a speaker of this submission: you cannot review it.').waitFor();
    await expect(mine.getByRole('form').count()).resolves.toBe(0);
    await expectAccessible(page, 'reviews after scoring 1280');
    await expectNarrow(page, 'reviews');

    // Submissions is for organizers only, at its URL too.
    await page.evaluate(
      `history.pushState(null, '', '/console/editions/2020/submissions'); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await page.getByRole('heading', { level: 1, name: 'Submissions · 2020' }).waitFor();
    await page.getByText('Submissions is for organizers only.', { exact: false }).waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(0);
    await context.close();
  }, 180_000);

  it('an organizer sees the score and reviews, accepts into RUNTIME, rejects two at once and exports CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, 'organizer', '/console/editions/2020/submissions');
    await page.getByRole('heading', { level: 1, name: 'Submissions · 2020' }).waitFor();
    const accepted = card(page, scored);
    await accepted.waitFor();
    const summary = accepted.getByRole('definition');
    await expect(summary.allTextContents()).resolves.toEqual(['1', '4', '0']);
    await accepted.getByText('Clear problem, convincing measurements.').waitFor();
    await expectAccessible(page, 'submissions 1280');

    // One decision by keyboard: open the form, Accept, RUNTIME, a message, send.
    await accepted.getByRole('button', { name: `Decide on ${scored.record.title}` }).focus();
    await page.keyboard.press('Enter');
    const form = accepted.getByRole('form', { name: `Decision on ${scored.record.title}` });
    await form.getByRole('radio', { name: 'Accept' }).focus();
    await page.keyboard.press('Space');
    await form.getByLabel('Session').selectOption({ label: 'RUNTIME' });
    await form.getByLabel('Message to the speakers (optional)').fill('Welcome aboard!');
    await form.getByRole('button', { name: 'Send the decision' }).focus();
    await page.keyboard.press('Enter');
    await accepted.getByText('Accepted: waiting for the speakers (session RUNTIME)').waitFor();
    await accepted.getByRole('status').getByText('is accepted').waitFor();
    const decided = (await readAsOrganizer(
      `/admin/editions/2020/submissions/${scored.record.id}`,
    )) as { status: string; decision: { decision: string; session: string } };
    expect(decided.status).toBe('accepted');
    expect(decided.decision).toMatchObject({ decision: 'accepted', session: 'runtime' });
    await expectAccessible(page, 'submissions decided 1280');

    // Two at once: select, Reject, send; each row's result is listed.
    await card(page, paper).getByRole('checkbox').check();
    await card(page, own).getByRole('checkbox').check();
    const bulk = page.getByRole('form', { name: 'Decide the selected submissions' });
    await bulk.getByRole('radio', { name: 'Reject' }).check();
    await bulk.getByRole('button', { name: 'Send 2 decisions' }).click();
    const results = bulk.getByRole('list', { name: 'Results of the decisions' });
    await results.getByText(`${paper.record.title}: done`).waitFor();
    await results.getByText(`${own.record.title}: done`).waitFor();
    await bulk.getByText('2 of 2 decisions sent').waitFor();
    for (const submission of [paper, own]) {
      const read = await readAsOrganizer(
        `/admin/editions/2020/submissions/${submission.record.id}`,
      );
      expect(read.status).toBe('rejected');
    }
    await page.getByLabel('Status').selectOption('rejected');
    await page.getByRole('heading', { level: 2, name: '2 submissions' }).waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(2);
    await page.getByLabel('Status').selectOption('');

    // The CSV, fetched with the token and offered as a Blob URL.
    await page.getByRole('button', { name: 'Prepare the CSV export' }).click();
    const link = page.getByRole('link', { name: /Download submissions-2020\.csv/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('submissions-2020.csv');
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain(scored.record.title);
    expect(csv).not.toContain('@');
    await expectAccessible(page, 'submissions exported 1280');
    await expectNarrow(page, 'submissions');
    await context.close();
  }, 180_000);

  it('shows decided submissions to the reviewer marked and read-only', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await signIn(context, 'reviewer', '/console/editions/2020/reviews');
    const decided = card(page, scored);
    await decided.getByText('Accepted: waiting for the speakers').waitFor();
    await decided.getByText('Reviews are closed: the submission is decided.').waitFor();
    await decided.getByText('Your review: 4 – good').waitFor();
    await expect(decided.getByRole('radio').count()).resolves.toBe(0);
    await expectAccessible(page, 'reviews decided 390');
    await context.close();
  }, 120_000);
});
