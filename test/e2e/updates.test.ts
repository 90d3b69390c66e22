/**
 * Settings → Updates in Chromium against the browser harness: the opt-in round-trips through
 * the real services and survives a reload, a copy without the Electron bridge says that checks
 * work in the installed app, and (with a fake electron-updater behind the same handlers) "Check
 * now" reports a new version and opens the release page only on a click. axe in both themes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedReleases, signedRelease, testReleaseKey } from '../support/release-signing';
import type { UpdateBridge, UpdaterLike } from '../../electron/main/updates';
import {
  buildHarnessAssets,
  startHarness,
  type Harness,
  type HarnessAssets,
} from '../support/harness/harness';
import { runAxe, screenshotPath } from './screens';

const RELEASES = 'https://github.com/byteball/obyte-light/releases';
const BLOCKING = new Set(['serious', 'critical']);

let assets: HarnessAssets;

beforeAll(async () => {
  assets = await buildHarnessAssets();
});

const section = (page: Page) => page.getByRole('region', { name: 'Updates' });
const optIn = (page: Page) =>
  section(page).getByRole('checkbox', { name: 'Check for updates at startup' });

async function openSettings(harness: Harness, theme: 'light' | 'dark' = 'light'): Promise<void> {
  await harness.page.emulateMedia({ colorScheme: theme });
  await harness.open(harness.page, '#/settings');
  await harness.page.waitForFunction(
    (expected) => document.documentElement.dataset['theme'] === expected,
    theme,
  );
  await section(harness.page)
    .getByRole('button', { name: /Check now|Checking/ })
    .waitFor();
}

async function expectNoBlockingAxe(page: Page): Promise<void> {
  const violations = await runAxe(page);
  expect(
    violations
      .filter((v) => BLOCKING.has(v.impact ?? ''))
      .map((v) => `${v.id} (${v.help}) at ${v.targets.join(', ')}`),
  ).toEqual([]);
}

describe('Settings → Updates in a copy that cannot check (the harness, like the unpackaged app)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(assets);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the section, the privacy sentence, and says checks work in the installed app', async () => {
    const { page } = harness;
    await openSettings(harness);
    const text = await section(page).innerText();
    expect(text).toContain("A check tells GitHub this app's version (0.1.0) and your IP address.");
    expect(text).toContain('Update checks work in the installed app.');
    await expect(optIn(page).isChecked()).resolves.toBe(false);
    await expect(
      section(page).getByRole('button', { name: 'Check now' }).isDisabled(),
    ).resolves.toBe(true);
  });

  it('keeps the opt-in across a reload, in update-check.json, with the keyboard', async () => {
    const { page, services, userDataDir } = harness;
    await openSettings(harness);
    await optIn(page).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => services.updates.state().checkAtStartup).toBe(true);
    expect(JSON.parse(await readFile(join(userDataDir, 'update-check.json'), 'utf8'))).toEqual({
      version: 1,
      checkAtStartup: true,
    });
    // The Help menu of this process reads the same object.
    expect(services.updates.menuItems()[1]?.checked).toBe(true);

    await openSettings(harness);
    await expect(optIn(page).isChecked()).resolves.toBe(true);

    await optIn(page).click();
    await expect.poll(() => services.updates.state().checkAtStartup).toBe(false);
    await openSettings(harness);
    await expect(optIn(page).isChecked()).resolves.toBe(false);
  });

  it('follows a choice made in the Help menu while Settings is open', async () => {
    const { page, services } = harness;
    await openSettings(harness);
    await services.updates.setCheckAtStartup(true);
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('#updates-title ~ label input')?.checked === true,
    );
    await services.updates.setCheckAtStartup(false);
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('#updates-title ~ label input')?.checked === false,
    );
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious axe violations and is screenshotted: ${theme}`, async () => {
      const { page } = harness;
      await openSettings(harness, theme);
      await expectNoBlockingAxe(page);
      await section(page).scrollIntoViewIfNeeded();
      await section(page).screenshot({ path: screenshotPath(`settings-updates-${theme}`) });
    });
  }
});

describe('Settings → Updates with a fake electron-updater behind the real handlers', () => {
  let harness: Harness;
  const opened: string[] = [];
  let answer: () => ReturnType<UpdaterLike['checkForUpdates']> = () =>
    Promise.resolve({ isUpdateAvailable: true, updateInfo: { version: '0.2.0' } });

  beforeAll(async () => {
    const updater: UpdaterLike = {
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowPrerelease: true,
      allowDowngrade: true,
      logger: null,
      checkForUpdates: () => answer(),
    };
    const key = testReleaseKey();
    const bridge: UpdateBridge = {
      supported: true,
      updater: () => updater,
      download: servedReleases({ '0.2.0': signedRelease(key, '0.2.0') }),
      releaseKey: key.publicKey,
      ui: {
        show: () => Promise.reject(new Error('The Settings screen must not open a dialog')),
        openReleasePage: (url) => {
          opened.push(url);
        },
      },
    };
    harness = await startHarness(assets, { updates: bridge });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('says a newer version is available, and opens the release page only on a click', async () => {
    const { page } = harness;
    await openSettings(harness);
    await expect(section(page).innerText()).resolves.not.toContain('installed app');
    await section(page).getByRole('button', { name: 'Check now' }).click();
    await section(page).getByText('Version 0.2.0 is available.').waitFor();
    await expect(section(page).innerText()).resolves.toContain('You have 0.1.0.');
    expect(opened).toEqual([]);
    await section(page).getByRole('button', { name: 'Open release page' }).click();
    await expect.poll(() => opened).toEqual([RELEASES]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`shows the new version without serious axe violations: ${theme}`, async () => {
      const { page } = harness;
      await openSettings(harness, theme);
      // The result of the check above is main's state: a reload shows it again.
      await section(page).getByText('Version 0.2.0 is available.').waitFor();
      await expectNoBlockingAxe(page);
      await section(page).scrollIntoViewIfNeeded();
      await section(page).screenshot({
        path: screenshotPath(`settings-updates-available-${theme}`),
      });
    });
  }

  it('reports a failed check in words and the latest version plainly', async () => {
    const { page } = harness;
    await openSettings(harness);
    answer = () => Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    await section(page).getByRole('button', { name: 'Check now' }).click();
    await section(page)
      .getByText(
        'The check failed: GitHub could not be reached. Check the internet connection and try again.',
      )
      .waitFor();
    await expect(
      section(page).getByRole('button', { name: 'Open release page' }).count(),
    ).resolves.toBe(0);
    await section(page).screenshot({ path: screenshotPath('settings-updates-failed-light') });

    answer = () => Promise.resolve({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
    await section(page).getByRole('button', { name: 'Check now' }).click();
    await section(page).getByText('You have the latest version (0.1.0).').waitFor();
  });
});
