/**
 * The setup the backup e2e files share (backup.test.ts, auto-backup.test.ts): the browser
 * harness with main's file and folder dialogs stood in by fixed answers, the backup tests'
 * sample wallet (mainnet, password-protected, chats and a watched address) written into its data
 * folder and opened by main, the unlock on the page, and the section's screenshots at 1280 and
 * 360 px, light and dark.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  dataFolder,
  sampleWallet,
  WALLET_PASSWORD,
  type DataFolder,
  type SampleWallet,
} from '../electron/backup/support';
import { startHarness, type Harness, type HarnessAssets } from '../support/harness/harness';
import { screenshotPath, sidewaysScroll } from './screens';

/** What main's dialogs answer: a path, or cancelled when not given; no folder, no folder dialog. */
export interface DialogAnswers {
  readonly savePath?: string;
  readonly openPath?: string;
  readonly folder?: string;
}

/** The browser harness with main's backup dialogs answering as `answers` says. */
export function backupHarness(
  assets: HarnessAssets,
  answers: DialogAnswers = {},
): Promise<Harness> {
  const { savePath = null, openPath = null, folder } = answers;
  return startHarness(assets, {
    desktop: {
      backupDialogs: {
        chooseSavePath: () => Promise.resolve(savePath),
        chooseOpenPath: () => Promise.resolve(openPath),
        ...(folder === undefined ? {} : { chooseFolder: () => Promise.resolve(folder) }),
      },
    },
  });
}

/**
 * The sample wallet on mainnet (with `bots` correspondents and `messages` messages each) written
 * where the harness keeps its data, and main's services opened on it. Locked: see unlock.
 */
export async function withSampleWallet(
  harness: Harness,
  chats: { bots: number; messages: number },
): Promise<{ folder: DataFolder; wallet: SampleWallet }> {
  const folder = await dataFolder({ root: harness.userDataDir });
  const wallet = await sampleWallet(folder, { network: 'mainnet', ...chats });
  await harness.services.light.apply(harness.services.settings.get());
  return { folder, wallet };
}

/** Unlocks the sample wallet on the lock screen the page shows. */
export async function unlock(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor();
  await page.getByLabel('Wallet password').fill(WALLET_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor({ state: 'detached' });
}

/**
 * Screenshots `<name>-<width>-<theme>` at 1280 and 360 px, light and dark, nothing scrolling
 * sideways in any; the whole page, or the window with `show` scrolled into view. The page is
 * left at 1180 × 760, light.
 */
export async function shootWidths(page: Page, name: string, show?: () => Locator): Promise<void> {
  for (const [theme, width] of [
    ['light', 1280],
    ['dark', 1280],
    ['light', 360],
    ['dark', 360],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: theme });
    expect(await sidewaysScroll(page)).toEqual([]);
    if (show) await show().scrollIntoViewIfNeeded();
    await page.screenshot({
      path: screenshotPath(`${name}-${width}-${theme}`),
      fullPage: show === undefined,
    });
  }
  await page.setViewportSize({ width: 1180, height: 760 });
  await page.emulateMedia({ colorScheme: 'light' });
}
