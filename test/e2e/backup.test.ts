/**
 * The full backup in Chromium against the browser harness: a wallet with chat correspondents,
 * their messages and a label is exported from Settings → Backup (main's save dialog stands in
 * as a fixed path), then brought back in a fresh data folder from onboarding's "Restore from a
 * backup file": a wrong password is refused in words, the right one restores the wallet, which
 * opens with its own password and shows the same correspondents, messages and label.
 * Screenshots at 360 and 1280 px, light and dark.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppPaths } from '../../electron/main/services/app-paths';
import { buildHarnessAssets, type Harness, type HarnessAssets } from '../support/harness/harness';
import type { SampleWallet } from '../electron/backup/support';
import { backupHarness, shootWidths, unlock, withSampleWallet } from './backup-page';

const BACKUP_PASSWORD = 'river stone lantern 42';
let assets: HarnessAssets;
let exportDir: string;
let backupFile: string;
let source: Harness | undefined;
let target: Harness | undefined;

beforeAll(async () => {
  assets = await buildHarnessAssets();
  exportDir = await mkdtemp(join(tmpdir(), 'obyte-e2e-backup-'));
  backupFile = join(exportDir, 'wallet.obyte-backup');
});

afterAll(async () => {
  await source?.close();
  await target?.close();
  await rm(exportDir, { recursive: true, force: true });
});

describe('full backup: export, then import into a fresh data folder', () => {
  let wallet: SampleWallet;

  it('exports from Settings → Backup with a backup password of its own', async () => {
    source = await backupHarness(assets, { savePath: backupFile });
    // The wallet, its chats and a label, written where the harness keeps its data.
    ({ wallet } = await withSampleWallet(source, { bots: 2, messages: 3 }));
    source.services.light.parts.db.labels.setLabel({
      type: 'addr',
      ref: wallet.watchOnly,
      label: 'Cold storage',
      note: 'the paper wallet',
    });
    const { page } = source;
    await source.open(page, '#/wallet');
    await unlock(page);
    await page.goto(`${source.server.origin}/#/settings`);
    const section = page.getByRole('region', { name: 'Backup' });
    await section
      .getByText('No backup of this wallet was written from this computer yet.')
      .waitFor();
    await section.getByLabel('Backup password', { exact: true }).fill('short');
    await section.getByLabel('Backup password again').fill('short');
    await section.getByRole('button', { name: 'Export a backup…' }).click();
    await section.getByText(/a backup password needs at least 10/).waitFor();
    await section.getByLabel('Backup password', { exact: true }).fill(BACKUP_PASSWORD);
    await section.getByLabel('Backup password again').fill(BACKUP_PASSWORD);
    await section.getByRole('button', { name: 'Export a backup…' }).click();
    await section.getByText(/^Backup saved to .*wallet\.obyte-backup/).waitFor();
    await section.getByText(/^Last backup:/).waitFor();
    expect((await stat(backupFile)).size).toBeGreaterThan(1000);
    await section.scrollIntoViewIfNeeded();
    await shootWidths(page, 'backup-settings');
  });

  it('restores it from onboarding in a fresh install: wrong password refused, then all back', async () => {
    target = await backupHarness(assets, { openPath: backupFile });
    const { page } = target;
    await target.open(page, '#/wallet');
    await page.getByRole('button', { name: 'Restore from a backup file' }).click();
    await page.getByRole('heading', { name: 'Restore from a backup file' }).waitFor();
    await shootWidths(page, 'backup-restore-choose');
    await page.getByRole('button', { name: 'Choose the backup file…' }).click();
    await page.getByText('wallet.obyte-backup').waitFor();
    await page.getByLabel("The backup's password").fill('not the backup password');
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await page.getByText(/That password does not open this backup\. Nothing was changed/).waitFor();
    await shootWidths(page, 'backup-restore-password');
    // Nothing was written by the refusal.
    const paths = new AppPaths({ root: target.userDataDir, home: '' });
    await expect(stat(paths.keystoreFile('mainnet'))).rejects.toThrow();

    await page.getByLabel("The backup's password").fill(BACKUP_PASSWORD);
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await unlock(page);

    // Chat: both correspondents and their messages.
    await page.goto(`${target.server.origin}/#/chat`);
    await page.getByText('Bot 0 ✓').first().waitFor();
    await page.getByText('Bot 1 ✓').first().waitFor();
    await page.getByText('Bot 1 ✓').first().click();
    await page.getByText('message 2 to bot 1').first().waitFor();

    // The label and the watched address.
    const labels = await target.services.dispatcher.dispatch('labels.list', undefined, {
      url: `${target.server.origin}/index.html`,
      isMainFrame: true,
    });
    expect(JSON.stringify(labels)).toContain('Cold storage');
    expect(target.services.light.parts.db.watchedAddresses().map((w) => w.address)).toContain(
      wallet.watchOnly,
    );
  });
});
