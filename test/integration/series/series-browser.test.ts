import { mkdirSync, rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { seriesDir } from '../../support/series.ts';

/**
 * `/` in a real browser (Debian's Chromium): the upcoming edition first, then the archive, whose
 * links open each past edition's page. Skipped without Chromium, unless REQUIRE_BROWSER is set.
 */

const hasChromium = chromiumAvailable('the series browser test');

describe.skipIf(!hasChromium)('the series on / in Chromium', () => {
  const dir = seriesDir();
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    stack = await startLocalStack({
      port: 0,
      editionsDir: dir,
      now: new Date('2026-11-27T10:00:00Z'),
      secrets: { emailHashKey: 'browser-test' },
    });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the upcoming edition first and opens a past one from the archive', async () => {
    const context = await browser.newContext({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${stack.url}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Future Workshop');
    const archive = page.locator('ol.series.archive > li');
    await expect(archive.locator('a').allTextContents()).resolves.toEqual([
      'HPCW20: 6th Annual High Performance Containers Workshop',
      'TW19: Online Workshop',
    ]);
    await expect(archive.nth(1).textContent()).resolves.toMatch(/2019-06-20 · Online · 1 talk/);
    await page.screenshot({ path: 'test-results/page-series.png', fullPage: true });
    await archive.nth(0).locator('a').click();
    await page.waitForURL(`${stack.url}/2020`);
    await expect(page.locator('h1').textContent()).resolves.toBe(
      '6th Annual High Performance Containers Workshop',
    );
    await expect(page.locator('#agenda-heading').isVisible()).resolves.toBe(true);
    await context.close();
  });
});
