import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { chromiumAvailable, launchChromium } from '../../support/chromium.ts';
import { signInToConsole } from '../../support/console/sign-in.ts';
import { SEED_FILE } from '../../support/editions.ts';

/**
 * The console's Agenda, Releases and Announcements in a real browser (Debian's Chromium): an
 * organizer renames a talk, saves, releases it giving a Reason (the 2020 proposal's lint asks to
 * force) and the public agenda has the new title; a second tab's save of the same talk meanwhile
 * makes the first tab's save show the conflict view, their version beside the unsaved one; axe
 * finds no serious or critical violation on the three views at 1280 and 390 px. Skipped without
 * Chromium, unless REQUIRE_BROWSER is set.
 */

const hasChromium = chromiumAvailable('the agenda console browser test');

type PublicAgenda = { slots: { id: string; title: string }[] };

describe.skipIf(!hasChromium)(
  'the console’s agenda, releases and announcements in Chromium',
  () => {
    const directory = mkdtempSync(join(tmpdir(), 'editions-agenda-console-'));
    let stack: LocalStack;
    let browser: Browser;

    beforeAll(async () => {
      copyFileSync(SEED_FILE, join(directory, 'hpcw-2020.yaml'));
      stack = await startLocalStack({
        port: 0,
        editionsDir: directory,
        now: new Date('2020-04-01T10:00:00+02:00'),
        secrets: { emailHashKey: 'agenda-console-test' },
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

    const openAgenda = async () => {
      const context = await browser.newContext();
      const page = await signInToConsole(
        stack,
        context,
        'organizer',
        '/console/editions/2020/agenda',
      );
      await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
      return page;
    };
    const view = async (page: Page, name: string) => {
      await page
        .getByRole('navigation')
        .getByRole('link', { name: `${name} 2020`, exact: true })
        .click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
    };
    const publicTitles = async () => {
      const response = await fetch(`${stack.url}/editions/2020/agenda`, {
        headers: { 'cache-control': 'no-cache' },
      });
      return ((await response.json()) as PublicAgenda).slots.map((slot) => slot.title);
    };

    it('renames a talk, saves, releases it with a Reason, and the public agenda has the new title', async () => {
      const page = await openAgenda();
      await page.getByRole('button', { name: /^Edit Container Runtimes Overview,/ }).click();
      const form = page.getByRole('form', { name: 'Edit Container Runtimes Overview' });
      await form.getByLabel('Title', { exact: true }).fill('Container runtimes at a glance');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => page.getByRole('status').first().textContent())
        .toBe('Saved Container Runtimes Overview.');
      await page.getByRole('button', { name: /^Edit Container runtimes at a glance,/ }).waitFor();
      // The lint finding the 2020 proposal has is shown beside the items it names.
      await expect(page.locator('ul.findings').count()).resolves.toBeGreaterThan(0);

      await view(page, 'Releases');
      await page
        .getByText('Renamed: “Container Runtimes Overview” → “Container runtimes at a glance”')
        .waitFor();
      await page.getByLabel('Name').fill('v2');
      await page.getByLabel('Comment').fill('A clearer title for the runtimes overview.');
      await page
        .getByLabel('Reason')
        .fill('The lunch overlap of the proposal is known and accepted.');
      await page.getByRole('checkbox', { name: /Notify registrants/ }).uncheck();
      await page.getByRole('button', { name: 'Release' }).click();
      await page.getByText(/^Released v2 as release 2 \(forced\)/).waitFor();
      await page.getByRole('cell', { name: 'v2', exact: true }).waitFor();
      await page.getByText('Nothing changed since release 2.').waitFor();

      expect(await publicTitles()).toContain('Container runtimes at a glance');
      expect(await publicTitles()).not.toContain('Container Runtimes Overview');
      await page.context().close();
    }, 60_000);

    it('shows the conflict view when another tab saved the same talk, and keeps mine on request', async () => {
      const first = await openAgenda();
      const second = await openAgenda();
      const talk = 'Build Tools (SPACK/EasyBuild)';
      const edit = (page: Page) => page.getByRole('button', { name: `Edit ${talk}, BUILD & TEST` });
      const form = (page: Page) => page.getByRole('form', { name: `Edit ${talk}` });

      await edit(first).click();
      await form(first).getByLabel('Title', { exact: true }).waitFor();
      await edit(second).click();
      await form(second)
        .getByLabel('Title', { exact: true })
        .fill('Build tools: Spack and EasyBuild');
      await form(second).getByRole('button', { name: 'Save' }).click();
      await second.getByText(`Saved ${talk}.`).waitFor();

      await form(first).getByLabel('Title', { exact: true }).fill('Spack, EasyBuild and friends');
      await form(first).getByRole('button', { name: 'Save' }).click();
      const conflict = first.getByRole('region', { name: `Someone else changed ${talk}` });
      await conflict.waitFor();
      const title = conflict.getByRole('row', { name: /^Title/ });
      await expect(title.getByRole('cell').allTextContents()).resolves.toEqual([
        'Build tools: Spack and EasyBuild',
        'Spack, EasyBuild and friends',
      ]);
      // Nothing of mine is lost: still in the form, not saved.
      await expect(form(first).getByLabel('Title', { exact: true }).inputValue()).resolves.toBe(
        'Spack, EasyBuild and friends',
      );

      await conflict.getByRole('button', { name: 'Keep mine' }).click();
      await first.getByText(`Saved ${talk}.`).waitFor();
      await first
        .getByRole('button', { name: 'Edit Spack, EasyBuild and friends, BUILD & TEST' })
        .click();
      const again = first.getByRole('form', { name: 'Edit Spack, EasyBuild and friends' });
      await again.getByLabel('Title', { exact: true }).waitFor();

      // Another round: this time the first tab takes their version into its form.
      await second
        .getByRole('button', { name: 'Edit Build tools: Spack and EasyBuild, BUILD & TEST' })
        .click();
      const theirs = second.getByRole('form', { name: 'Edit Build tools: Spack and EasyBuild' });
      await expect(theirs.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe(
        'Spack, EasyBuild and friends',
      );
      await theirs.getByLabel('Title', { exact: true }).fill('Spack and EasyBuild');
      await theirs.getByRole('button', { name: 'Save' }).click();
      await second.getByText('Saved Build tools: Spack and EasyBuild.').waitFor();

      await again.getByLabel('Duration (minutes)').fill('12');
      await again.getByRole('button', { name: 'Save' }).click();
      const next = first.getByRole('region', {
        name: 'Someone else changed Spack, EasyBuild and friends',
      });
      await next.getByRole('button', { name: 'Take theirs' }).click();
      await next.waitFor({ state: 'detached' });
      await expect(again.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe(
        'Spack and EasyBuild',
      );
      await again.getByRole('button', { name: 'Save' }).click();
      await first.getByText('Saved Spack, EasyBuild and friends.').waitFor();
      await first.getByRole('button', { name: 'Edit Spack and EasyBuild, BUILD & TEST' }).waitFor();
      await first.context().close();
      await second.context().close();
    }, 60_000);

    it('adds a talk from the keyboard, moves it up, gives it slides, removes it; adds a speaker and assigns them', async () => {
      const page = await openAgenda();
      const status = (text: string) =>
        expect.poll(() => page.getByRole('status').first().textContent()).toBe(text);
      const runtimeTalks = () =>
        page
          .locator('li.entry', { has: page.getByRole('heading', { name: /^RUNTIME/ }) })
          .locator('ol.talks > li .title')
          .allTextContents();

      await page.getByLabel('New talk in RUNTIME').fill('Podman in practice');
      await page.getByLabel('New talk in RUNTIME').press('Enter');
      await status('Added Podman in practice to RUNTIME.');
      expect((await runtimeTalks()).slice(-2)).toEqual(['Panel Discussion', 'Podman in practice']);
      await page.getByRole('button', { name: 'Move Podman in practice up, RUNTIME' }).click();
      await status('Moved Podman in practice up.');
      expect((await runtimeTalks()).slice(-2)).toEqual(['Podman in practice', 'Panel Discussion']);

      const edit = page.getByRole('button', { name: 'Edit Podman in practice, RUNTIME' });
      await edit.click();
      const form = page.getByRole('form', { name: 'Edit Podman in practice' });
      await form.getByRole('button', { name: 'Add material' }).click();
      await form.getByLabel('Title of material 1').fill('Slides');
      await form.getByLabel('URL of material 1').fill('https://example.org/podman.pdf');
      await form.getByRole('button', { name: 'Save' }).click();
      await status('Saved Podman in practice.');
      // The focus is back on the item's Edit button; reopened, the editor has the slides.
      await expect
        .poll(() => page.evaluate<string>('document.activeElement?.getAttribute("aria-label")'))
        .toBe('Edit Podman in practice, RUNTIME');
      await edit.press('Enter');
      await expect(form.getByLabel('URL of material 1').inputValue()).resolves.toBe(
        'https://example.org/podman.pdf',
      );
      await form.getByRole('button', { name: 'Cancel' }).click();

      page.once('dialog', (dialog) => dialog.accept());
      await page.getByRole('button', { name: 'Remove Podman in practice, RUNTIME' }).click();
      await status('Removed Podman in practice.');
      expect(await runtimeTalks()).not.toContain('Podman in practice');

      await page.getByLabel("New speaker's name").fill('Ada Lovelace');
      await page.getByLabel('Affiliation').fill('Analytical Engines');
      await page.getByRole('button', { name: 'Add speaker' }).click();
      await status('Added Ada Lovelace.');
      await page.getByRole('button', { name: /^Edit Workflow Orchestration,/ }).click();
      await page.getByRole('checkbox', { name: 'Ada Lovelace' }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await status('Saved Workflow Orchestration.');
      await page.getByText('talk · Ada Lovelace').waitFor();
      await page.context().close();
    }, 60_000);

    it('has no serious or critical axe violation on Agenda, Releases and Announcements at 1280 and 390 px', async () => {
      const page = await openAgenda();
      const serious = async () => {
        const { violations } = await new AxeBuilder({ page }).analyze();
        return violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(
            (violation) =>
              `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`,
          );
      };
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await view(page, 'Agenda');
        await page
          .getByRole('button', { name: /^Edit Verify and Test Container Artifacts,/ })
          .click();
        await page
          .getByRole('form', { name: 'Edit Verify and Test Container Artifacts' })
          .waitFor();
        expect(await serious(), `Agenda at ${width} px`).toEqual([]);
        await view(page, 'Releases');
        await page.getByRole('heading', { name: 'Past releases' }).waitFor();
        expect(await serious(), `Releases at ${width} px`).toEqual([]);
        await view(page, 'Announcements');
        await page.getByLabel('Subject').fill('Room change');
        await page.getByLabel('Message').fill('We have moved to Hall 3, next door.');
        await page.getByRole('button', { name: 'Preview' }).click();
        await page
          .getByRole('region', { name: 'As a recipient reads it' })
          .getByText('Hello Ada Lovelace,')
          .waitFor();
        expect(await serious(), `Announcements at ${width} px`).toEqual([]);
        // Nothing wider than the window at 390 px: the views reflow.
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - window.innerWidth',
        );
        expect(overflow, `horizontal overflow at ${width} px`).toBeLessThanOrEqual(0);
      }
      await page.context().close();
    }, 300_000);
  },
);
