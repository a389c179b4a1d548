import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The system's Chromium (Debian package `chromium`); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium headless, as the browser tests run it: no sandbox (CI containers), no network of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Whether Chromium is here to run `what`; CI sets REQUIRE_BROWSER (it installs Chromium), so
 * there a missing browser fails the run instead of skipping the test.
 */
export function chromiumAvailable(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_BROWSER) {
    throw new Error(`REQUIRE_BROWSER is set but there is no Chromium at ${CHROMIUM}.`);
  }
  console.warn(`No Chromium at ${CHROMIUM}: ${what} is skipped (apt-get install chromium).`);
  return false;
}
