/**
 * The full backup over real files and real SQLite: a wallet with chat correspondents, messages,
 * temp keys, addresses and settings exported with the backup's own password and imported into
 * a fresh data folder comes back whole; a wrong password, a cut-short, foreign or other-network
 * file, a weak backup password and an existing wallet are refused in words and change nothing;
 * an import interrupted between its renames is completed at the next start.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatDatabase,
  NOT_SENT_BEFORE_BACKUP,
} from '../../../electron/main/services/chat/chat-database';
import { KeystoreService } from '../../../electron/main/services/keystore';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { WalletDatabase } from '../../../electron/main/services/storage/wallet-database';
import { recordingLogger } from '../fakes';
import { FAST_SCRYPT, ManualTimers, seededRandom } from '../keystore/support';
import {
  BACKUP_PASSWORD,
  dataFolder,
  refusalWords,
  sampleWallet,
  WALLET_PASSWORD,
  type DataFolder,
} from './support';

const folders: DataFolder[] = [];
async function folder(options: Parameters<typeof dataFolder>[0] = {}): Promise<DataFolder> {
  const made = await dataFolder(options);
  folders.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => f.cleanup()));
});

async function exported(
  options: Parameters<typeof sampleWallet>[1] = {},
): Promise<{ source: DataFolder; file: string; wallet: Awaited<ReturnType<typeof sampleWallet>> }> {
  const source = await folder();
  const wallet = await sampleWallet(source, options);
  const file = join(source.root, 'exports', 'wallet.obyte-backup');
  await source.backup.exportTo({
    path: file,
    password: BACKUP_PASSWORD,
    network: options.network ?? 'testnet',
  });
  return { source, file, wallet };
}

function keystoreOf(target: DataFolder): KeystoreService {
  return new KeystoreService({
    file: new AtomicFile(target.paths.keystoreFile('testnet')),
    clock: target.clock,
    timers: new ManualTimers(target.clock),
    random: seededRandom('unlock'),
    logger: recordingLogger().logger,
    keychain: target.keychain,
    testScrypt: FAST_SCRYPT,
  });
}

describe('full backup: export then import into a fresh data folder', () => {
  it('brings back the keystore, chat, addresses and settings', async () => {
    const { source, file, wallet } = await exported();
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      format: 'obyte-light-backup',
      version: 1,
      network: 'testnet',
    });
    expect(text).not.toContain('Bot 0');

    const target = await folder();
    const result = await target.backup.importFrom({
      path: file,
      password: BACKUP_PASSWORD,
      network: 'testnet',
    });
    expect(result).toMatchObject({
      network: 'testnet',
      app: 'Obyte Light 0.1.0',
      sections: ['keystore', 'settings', 'addresses', 'accounts', 'chat', 'labels', 'textcoins'],
      skipped: [],
    });

    // The keystore: byte for byte, and still needing the wallet password.
    expect(await readFile(target.paths.keystoreFile('testnet'), 'utf8')).toBe(
      await readFile(source.paths.keystoreFile('testnet'), 'utf8'),
    );
    const unlocked = await keystoreOf(target).unlock(WALLET_PASSWORD);
    expect(unlocked.deviceAddress).toBe(wallet.deviceAddress);

    // Chat: correspondents, messages in order, temp keys, pairing secrets.
    const dir = target.paths.networkDir('testnet');
    const { logger } = recordingLogger();
    const before = ChatDatabase.open({
      directory: source.paths.networkDir('testnet'),
      deviceAddress: wallet.deviceAddress,
      clock: source.clock,
      logger,
    });
    const after = ChatDatabase.open({
      directory: dir,
      deviceAddress: wallet.deviceAddress,
      clock: target.clock,
      logger,
    });
    expect(after.dump()).toEqual(before.dump());
    expect(
      after
        .listCorrespondents()
        .map((c) => c.deviceAddress)
        .sort(),
    ).toEqual([...wallet.correspondents].sort());
    expect(after.listMessages(wallet.correspondents[0] ?? '')).toHaveLength(3);
    expect(after.getValidPairingSecret('permanentSecret123')?.isPermanent).toBe(true);
    before.close();
    after.close();

    // Addresses: the wallet's (synced as soon as it opens) and the watch-only one.
    const db = WalletDatabase.open({ directory: dir, clock: target.clock, logger });
    const store = db.walletStore();
    expect(store.walletAddresses()).toHaveLength(3);
    expect(db.watchedAddresses().find((w) => w.address === wallet.watchOnly)).toMatchObject({
      kind: 'watch-only',
      label: 'cold storage',
    });
    db.close();

    // Settings: everything but the network (the target stays on its own).
    expect(target.settings.get()).toMatchObject({
      theme: 'dark',
      unit: 'MB',
      deviceName: 'My laptop',
      network: 'mainnet',
    });
    // No staging folder left behind.
    expect(Object.keys(await target.snapshot()).filter((p) => p.startsWith('.'))).toEqual([]);
  });

  it('restores a queued message as failed, to retry', async () => {
    const source = await folder();
    const wallet = await sampleWallet(source, { bots: 1, messages: 0 });
    const { logger } = recordingLogger();
    const chat = ChatDatabase.open({
      directory: source.paths.networkDir('testnet'),
      deviceAddress: wallet.deviceAddress,
      clock: source.clock,
      logger,
    });
    chat.addMessage({
      correspondent: wallet.correspondents[0] ?? '',
      direction: 'out',
      kind: 'text',
      subject: 'text',
      body: 'not sent yet',
    });
    chat.close();
    const file = join(source.root, 'b.obyte-backup');
    await source.backup.exportTo({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });
    const target = await folder();
    await target.backup.importFrom({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });
    const restored = ChatDatabase.open({
      directory: target.paths.networkDir('testnet'),
      deviceAddress: wallet.deviceAddress,
      clock: target.clock,
      logger,
    });
    expect(restored.listMessages(wallet.correspondents[0] ?? '')).toMatchObject([
      { body: 'not sent yet', state: 'failed', failureReason: NOT_SENT_BEFORE_BACKUP },
    ]);
    restored.close();
  });

  it('carries a keychain wallet key inside the backup into the new keychain', async () => {
    const { file } = await exported({ protection: 'keychain' });
    const target = await folder();
    expect(target.keychain.entries.size).toBe(0);
    await target.backup.importFrom({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });
    expect(target.keychain.entries.size).toBe(1);
    expect((await keystoreOf(target).unlock()).deviceAddress).toMatch(/^0/);
  });

  it('refuses a keychain wallet where there is no keychain, changing nothing', async () => {
    const { file } = await exported({ protection: 'keychain' });
    const target = await folder({ keychain: null });
    const before = await target.snapshot();
    await expect(
      target.backup.importFrom({ path: file, password: BACKUP_PASSWORD, network: 'testnet' }),
    ).rejects.toThrow(/kept its key in the system keychain, and there is no keychain here/);
    expect(await target.snapshot()).toEqual(before);
  });
});

describe('full backup: refusals change nothing', () => {
  async function refusedImport(
    make: (file: string, target: DataFolder) => Promise<string>,
    expected: RegExp,
    options: { password?: string; network?: 'testnet' | 'mainnet' } = {},
  ): Promise<void> {
    const { file } = await exported();
    const target = await folder();
    const path = await make(file, target);
    const before = await target.snapshot();
    expect(
      await refusalWords(
        target.backup.importFrom({
          path,
          password: options.password ?? BACKUP_PASSWORD,
          network: options.network ?? 'testnet',
        }),
      ),
    ).toMatch(expected);
    expect(await target.snapshot()).toEqual(before);
  }

  it('a wrong password', () =>
    refusedImport(async (file) => file, /^That password does not open this backup/, {
      password: WALLET_PASSWORD,
    }));

  it('a truncated file', () =>
    refusedImport(async (file, target) => {
      const cut = join(target.root, 'cut.obyte-backup');
      const text = await readFile(file, 'utf8');
      await writeFile(cut, text.slice(0, text.length - 100));
      return cut;
    }, /cut short/));

  it('a foreign file', () =>
    refusedImport(async (_file, target) => {
      const other = join(target.root, 'photo.jpg');
      await writeFile(other, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
      return other;
    }, /^This file is not an Obyte Light backup/));

  it('a missing file', () =>
    refusedImport(async (_file, target) => join(target.root, 'nothing-here'), /^There is no file/));

  it('a backup of another network', () =>
    refusedImport(
      async (file) => file,
      /^This backup is of a testnet wallet, and this app is on mainnet/,
      {
        network: 'mainnet',
      },
    ));

  it('a future version', () =>
    refusedImport(async (file, target) => {
      const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const newer = join(target.root, 'newer.obyte-backup');
      await writeFile(newer, JSON.stringify({ ...raw, version: 2 }));
      return newer;
    }, /newer version of Obyte Light/));

  it('a data folder that already has a wallet', async () => {
    const { file } = await exported();
    const target = await folder();
    await sampleWallet(target, { bots: 0 });
    const before = await target.snapshot();
    expect(
      await refusalWords(
        target.backup.importFrom({ path: file, password: BACKUP_PASSWORD, network: 'testnet' }),
      ),
    ).toMatch(/^There is already a wallet on testnet in this data folder/);
    expect(await target.snapshot()).toEqual(before);
  });

  it('a backup password that breaks the password rule, before anything is read', async () => {
    const source = await folder();
    await sampleWallet(source, { bots: 0 });
    const before = await source.snapshot();
    expect(
      await refusalWords(
        source.backup.exportTo({
          path: join(source.root, 'x.obyte-backup'),
          password: 'short',
          network: 'testnet',
        }),
      ),
    ).toMatch(/backup password needs at least 10/);
    expect(await source.snapshot()).toEqual(before);
  });

  it('an export with no wallet', async () => {
    const source = await folder();
    await expect(
      source.backup.exportTo({
        path: join(source.root, 'x.obyte-backup'),
        password: BACKUP_PASSWORD,
        network: 'testnet',
      }),
    ).rejects.toThrow('There is no wallet on this network to back up.');
  });
});

describe('full backup: an interrupted import', () => {
  it('is completed at the next start when it was staged whole', async () => {
    const { file } = await exported();
    const target = await folder();
    await target.paths.ensureNetworkDir('testnet');
    // Import, then undo the final swap as a crash between the two renames would leave it.
    await target.backup.importFrom({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });
    const live = target.paths.networkDir('testnet');
    await rename(live, join(target.root, '.testnet.restored-abc'));
    await target.backup.finishInterrupted('testnet');
    expect(await readFile(target.paths.keystoreFile('testnet'), 'utf8')).toContain(
      'obyte-light-keystore',
    );
    expect(Object.keys(await target.snapshot()).filter((p) => p.startsWith('.'))).toEqual([]);
  });

  it('is removed when it was not complete', async () => {
    const target = await folder();
    await mkdir(join(target.root, '.testnet.restore-abc'), { recursive: true });
    await writeFile(join(target.root, '.testnet.restore-abc', 'keystore.json'), '{}');
    await target.backup.finishInterrupted('testnet');
    expect(await target.snapshot()).toEqual({});
  });
});
