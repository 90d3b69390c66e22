/**
 * The automatic backup in Chromium against the browser harness: turned on in Settings → Backup
 * (main's folder dialog stands in as a fixed temp folder), a contact added on the Contacts
 * screen makes the backup file in that folder be written again a few seconds later, and that
 * file imports with the existing import into a fresh data folder, contact and all.
 * Screenshots of the section, on and off, at 360 and 1280 px, light and dark.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoBackupFileName } from '../../electron/main/services/backup/auto-backup';
import { keystoreIn } from '../../electron/main/services/backup/keystore-section';
import { WalletDatabase } from '../../electron/main/services/storage/wallet-database';
import { parseBackupEnvelope } from '../../shared/backup/format';
import { recordingLogger } from '../electron/fakes';
import { addressFor, dataFolder } from '../electron/backup/support';
import { buildHarnessAssets, type Harness, type HarnessAssets } from '../support/harness/harness';
import { backupHarness, shootWidths, unlock, withSampleWallet } from './backup-page';

const BACKUP_PASSWORD = 'river stone lantern 42';
let assets: HarnessAssets;
let outDir: string;
let harness: Harness | undefined;

beforeAll(async () => {
  assets = await buildHarnessAssets();
  outDir = await mkdtemp(join(tmpdir(), 'obyte-e2e-auto-backup-'));
});

afterAll(async () => {
  await harness?.close();
  await rm(outDir, { recursive: true, force: true });
});

async function createdAt(path: string): Promise<number | null> {
  try {
    return parseBackupEnvelope(await readFile(path, 'utf8')).createdAt;
  } catch {
    return null;
  }
}

describe('automatic backup', () => {
  it('turns on, writes again after a new contact, and the file imports in a fresh data folder', async () => {
    harness = await backupHarness(assets, { folder: outDir });
    const { folder } = await withSampleWallet(harness, { bots: 1, messages: 2 });
    const walletId = (await keystoreIn(folder.paths.networkDir('mainnet')))?.public.walletId ?? '';
    const file = join(outDir, autoBackupFileName('mainnet', walletId));

    const { page } = harness;
    await harness.open(page, '#/wallet');
    await unlock(page);

    await page.goto(`${harness.server.origin}/#/settings`);
    const section = page.getByTestId('auto-backup');
    await section.getByRole('button', { name: 'Turn on automatic backup' }).waitFor();
    await section.getByRole('button', { name: 'Choose a folder…' }).click();
    await section.getByTestId('auto-backup-folder').waitFor();
    await section
      .getByLabel('Password for the automatic backups', { exact: true })
      .fill(BACKUP_PASSWORD);
    await section.getByLabel('Password for the automatic backups again').fill(BACKUP_PASSWORD);
    await shootWidths(page, 'auto-backup-off', () => page.getByTestId('auto-backup'));
    await section.getByRole('button', { name: 'Turn on automatic backup' }).click();
    await section.getByText('On.').waitFor();
    await section.getByText(/^Last backup:/).waitFor();
    const first = await createdAt(file);
    expect(first).not.toBeNull();
    await shootWidths(page, 'auto-backup-on', () => page.getByTestId('auto-backup'));

    // A new contact: the file is written again a few seconds later.
    const friend = addressFor('a friend').address;
    await page.goto(`${harness.server.origin}/#/contacts`);
    await page.getByLabel('Name').fill('Zoë from the club');
    await page.getByLabel('Address', { exact: true }).fill(friend);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .getByRole('list', { name: 'Contacts' })
      .locator('.name')
      .getByText('Zoë from the club', { exact: true })
      .waitFor();
    const deadline = Date.now() + 30_000;
    let second = await createdAt(file);
    while ((second === null || second === first) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
      second = await createdAt(file);
    }
    expect(second).not.toBe(first);

    // What the folder holds imports with the existing import, contact included.
    const target = await dataFolder();
    try {
      await target.backup.importFrom({ path: file, password: BACKUP_PASSWORD, network: 'mainnet' });
      const { logger } = recordingLogger();
      const db = WalletDatabase.open({
        directory: target.paths.networkDir('mainnet'),
        clock: target.clock,
        logger,
      });
      try {
        expect(db.labels.contacts().map((c) => [c.name, c.address])).toContainEqual([
          'Zoë from the club',
          friend,
        ]);
      } finally {
        db.close();
      }
    } finally {
      await target.cleanup();
    }
  });
});
