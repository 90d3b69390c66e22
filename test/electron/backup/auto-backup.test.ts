/**
 * The automatic backup over a real data folder (keystore, chat, labels): the write waits for a
 * quiet of 3 s after the last change; a change while the wallet is locked is pending and written
 * at the unlock; a failed write leaves the previous file whole; a refused folder writes nothing
 * anywhere; turning it off forgets the wrapped key; the written file is what an export writes,
 * so the existing import brings it back in a fresh data folder.
 */
import * as nodeFs from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import {
  AUTO_BACKUP_FILE,
  AutoBackupService,
  autoBackupFileName,
  markAutoBackupPending,
  type AutoBackupFs,
  type AutoBackupOptions,
} from '../../../electron/main/services/backup/auto-backup';
import { BackupRecord } from '../../../electron/main/services/backup/backup-record';
import { keystoreIn } from '../../../electron/main/services/backup/keystore-section';
import { passwordKey } from '../../../electron/main/services/keystore/cipher';
import { KeystoreService } from '../../../electron/main/services/keystore';
import { WalletDatabase } from '../../../electron/main/services/storage/wallet-database';
import { parseBackupEnvelope } from '../../../shared/backup/format';
import { fromBase64, toBase64, toHex } from '../../../shared/protocol/bytes';
import { recordingLogger } from '../fakes';
import { FAST_SCRYPT, ManualTimers, seededRandom } from '../keystore/support';
import {
  addressFor,
  BACKUP_PASSWORD,
  dataFolder,
  sampleWallet,
  TEST_BACKUP_SCRYPT,
  WALLET_PASSWORD,
  type DataFolder,
} from './support';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A file system whose writes into `faultyDir` fail with `code` while `on` is set. */
function faultyFs(faultyDir: () => string) {
  const state = { code: null as string | null, step: 'open' as 'open' | 'rename' };
  const fail = () => Object.assign(new Error(`injected ${state.code}`), { code: state.code });
  const fs: AutoBackupFs = {
    ...nodeFs,
    open: ((path: string, ...rest: unknown[]) => {
      if (state.code !== null && state.step === 'open' && String(path).startsWith(faultyDir())) {
        return Promise.reject(fail());
      }
      return (nodeFs.open as (...args: unknown[]) => Promise<nodeFs.FileHandle>)(path, ...rest);
    }) as AutoBackupFs['open'],
    rename: ((from: string, to: string) => {
      if (state.code !== null && state.step === 'rename' && String(to).startsWith(faultyDir())) {
        return Promise.reject(fail());
      }
      return nodeFs.rename(from, to);
    }) as AutoBackupFs['rename'],
  };
  return { fs, state };
}

async function setup(given: { fs?: AutoBackupFs } = {}) {
  const folder = await dataFolder();
  cleanups.push(() => folder.cleanup());
  await sampleWallet(folder, { network: 'testnet', bots: 2, messages: 3 });
  const outDir = await mkdtemp(join(tmpdir(), 'obyte-auto-backup-'));
  cleanups.push(() => rm(outDir, { recursive: true, force: true }));
  const { logger } = recordingLogger();
  const timers = new ManualTimers(folder.clock);
  const keystore = new KeystoreService({
    file: new AtomicFile(folder.paths.keystoreFile('testnet')),
    clock: folder.clock,
    timers: new ManualTimers(folder.clock),
    random: seededRandom('unlock'),
    logger,
    keychain: folder.keychain,
    testScrypt: FAST_SCRYPT,
  });
  await keystore.unlock(WALLET_PASSWORD);
  const options: AutoBackupOptions = {
    paths: folder.paths,
    backup: folder.backup,
    record: new BackupRecord(new AtomicFile(join(folder.root, 'backup-state.json'))),
    clock: folder.clock,
    timers,
    logger,
    network: () => 'testnet',
    walletId: async (network) =>
      (await keystoreIn(folder.paths.networkDir(network)))?.public.walletId ?? null,
    atRestKey: (context) => {
      if (!keystore.isUnlocked()) return null;
      const signer = keystore.wallet().deviceSigner();
      try {
        return signer.atRestKey(context);
      } finally {
        signer.wipe();
      }
    },
    random: seededRandom('auto'),
    ...(given.fs === undefined ? {} : { fs: given.fs }),
  };
  const auto = new AutoBackupService(options);
  const walletId = (await keystoreIn(folder.paths.networkDir('testnet')))?.public.walletId ?? '';
  const file = join(outDir, autoBackupFileName('testnet', walletId));
  const configPath = join(folder.paths.networkDir('testnet'), AUTO_BACKUP_FILE);
  return { folder, outDir, timers, keystore, auto, file, configPath, options, walletId };
}

function addLabel(folder: DataFolder, label: string): void {
  const { logger } = recordingLogger();
  const db = WalletDatabase.open({
    directory: folder.paths.networkDir('testnet'),
    clock: folder.clock,
    logger,
  });
  try {
    db.labels.setLabel({ type: 'addr', ref: addressFor(label).address, label });
  } finally {
    db.close();
  }
}

const createdAt = async (path: string) =>
  parseBackupEnvelope(await readFile(path, 'utf8')).createdAt;

describe('AutoBackupService', () => {
  it('writes the first backup when turned on, then once per quiet of 3 s after changes', async () => {
    const { folder, timers, auto, file, outDir } = await setup();
    const on = await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    expect(on).toMatchObject({ enabled: true, pending: false, problem: null });
    expect(on.fileName).toMatch(/^obyte-light-testnet-[0-9a-f]{12}\.obyte-backup$/);
    const first = await createdAt(file);
    expect(on.lastBackupAt).toBe(first);

    folder.clock.time += 10_000;
    auto.noteChange('labels');
    await auto.settled();
    timers.advance(1000);
    auto.noteChange('chat');
    await auto.settled();
    timers.advance(1000);
    auto.noteChange('settings');
    await auto.settled();
    expect(timers.size).toBe(1);
    expect((await auto.status()).pending).toBe(true);
    timers.advance(2999);
    await auto.settled();
    expect(await createdAt(file)).toBe(first);
    timers.advance(1);
    await auto.settled();
    const second = await createdAt(file);
    expect(second).toBe(folder.clock.time);
    expect(second).not.toBe(first);
    // The previous one is kept beside it.
    expect(await createdAt(`${file}.bak`)).toBe(first);
    expect(await auto.status()).toMatchObject({ pending: false, lastBackupAt: second });
    expect(timers.size).toBe(0);
  });

  it('marks a change while locked pending (kept on disk) and writes it at the next unlock', async () => {
    const { folder, timers, keystore, auto, file, configPath, outDir } = await setup();
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    const first = await createdAt(file);
    keystore.lock('user');
    folder.clock.time += 60_000;
    addLabel(folder, 'while locked');
    auto.noteChange('labels');
    await auto.settled();
    timers.advance(3000);
    await auto.settled();
    expect(await createdAt(file)).toBe(first);
    expect(await auto.status()).toMatchObject({ pending: true, problem: null });
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toMatchObject({ pending: true });

    await keystore.unlock(WALLET_PASSWORD);
    auto.walletUnlocked();
    await auto.settled();
    expect(await createdAt(file)).toBe(folder.clock.time);
    expect(await auto.status()).toMatchObject({ pending: false });
  });

  it('flushes on quit: a backup waiting for its quiet is written at once', async () => {
    const { folder, timers, auto, file, outDir } = await setup();
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    folder.clock.time += 10_000;
    auto.noteChange('contacts');
    await auto.settled();
    expect(timers.size).toBe(1);
    expect(await auto.flush(5000)).toBe('done');
    expect(await createdAt(file)).toBe(folder.clock.time);
    expect(await auto.status()).toMatchObject({ pending: false, problem: null });
    expect(timers.size).toBe(0);
    // Nothing waiting: nothing written.
    folder.clock.time += 10_000;
    expect(await auto.flush(5000)).toBe('done');
    expect(await createdAt(file)).toBe(folder.clock.time - 10_000);
  });

  it('never holds the quit on a folder that does not answer: the change stays pending on disk', async () => {
    let out = '';
    const hang = { on: false };
    const fs: AutoBackupFs = {
      ...nodeFs,
      open: ((path: string, ...rest: unknown[]) => {
        if (hang.on && String(path).startsWith(out)) return new Promise(() => undefined);
        return (nodeFs.open as (...args: unknown[]) => Promise<nodeFs.FileHandle>)(path, ...rest);
      }) as AutoBackupFs['open'],
    };
    const { folder, timers, auto, file, configPath, outDir } = await setup({ fs });
    out = outDir;
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    const first = await createdAt(file);
    hang.on = true;
    folder.clock.time += 10_000;
    auto.noteChange('labels');
    await auto.settled();
    const flushed = auto.flush(5000);
    timers.advance(5000);
    expect(await flushed).toBe('timed-out');
    expect(await createdAt(file)).toBe(first);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toMatchObject({ pending: true });
  });

  it('a change made by the command line marks the backup pending; the app writes it at the next unlock', async () => {
    const { folder, keystore, auto, file, configPath, outDir, options } = await setup();
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    const first = await createdAt(file);
    // The command line, another process: its own look at the settings file.
    folder.clock.time += 60_000;
    addLabel(folder, 'from the command line');
    await markAutoBackupPending(options.paths, 'testnet', options.logger);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toMatchObject({ pending: true });
    // Turned off: nothing to mark, and no settings file is made.
    const other = await markAutoBackupPending(options.paths, 'mainnet', options.logger);
    expect(other).toBe(false);
    await expect(
      readFile(join(options.paths.networkDir('mainnet'), AUTO_BACKUP_FILE)),
    ).rejects.toMatchObject({ code: 'ENOENT' });

    // The app had read the settings before; the unlock reads them again.
    keystore.lock('user');
    await keystore.unlock(WALLET_PASSWORD);
    auto.walletUnlocked();
    await auto.settled();
    expect(await createdAt(file)).not.toBe(first);
    expect(await createdAt(file)).toBe(folder.clock.time);
    expect(await auto.status()).toMatchObject({ pending: false });
  });

  it('keeps the previous backup as .bak and one from a day or more before it as .bak2', async () => {
    const { folder, auto, file, outDir } = await setup();
    const DAY = 24 * 60 * 60 * 1000;
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    const written = [await createdAt(file)];
    const next = async (ms: number): Promise<void> => {
      folder.clock.time += ms;
      await auto.backUpNow();
      written.push(await createdAt(file));
    };
    await next(60_000);
    // The second write: the first is .bak; nothing older yet.
    expect(await createdAt(`${file}.bak`)).toBe(written[0]);
    await expect(readFile(`${file}.bak2`)).rejects.toMatchObject({ code: 'ENOENT' });
    await next(60_000);
    // The outgoing .bak (the first) becomes .bak2, the one older than a day kept from now on.
    expect(await createdAt(`${file}.bak`)).toBe(written[1]);
    expect(await createdAt(`${file}.bak2`)).toBe(written[0]);
    await next(60_000);
    await next(60_000);
    // Writes within the day leave .bak2 as it was: a burst of changes cannot push it out.
    expect(await createdAt(file)).toBe(written[4]);
    expect(await createdAt(`${file}.bak`)).toBe(written[3]);
    expect(await createdAt(`${file}.bak2`)).toBe(written[0]);
    await next(DAY);
    await next(60_000);
    // A day on, the outgoing .bak is still one of that burst: .bak2 stays.
    expect(await createdAt(`${file}.bak`)).toBe(written[5]);
    expect(await createdAt(`${file}.bak2`)).toBe(written[0]);
    await next(60_000);
    // Now the outgoing .bak is a day newer than .bak2 and takes its place.
    expect(await createdAt(`${file}.bak`)).toBe(written[6]);
    expect(await createdAt(`${file}.bak2`)).toBe(written[5]);
    expect((await readdir(outDir)).sort()).toEqual(
      [file, `${file}.bak`, `${file}.bak2`].map((p) => p.slice(outDir.length + 1)).sort(),
    );
  });

  it('keeps the previous file whole when a write fails (disk full, no permission)', async () => {
    let out = '';
    const { fs, state } = faultyFs(() => out);
    const { folder, timers, auto, file, outDir } = await setup({ fs });
    out = outDir;
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    const good = await readFile(file, 'utf8');

    state.code = 'ENOSPC';
    folder.clock.time += 5000;
    auto.noteChange('labels');
    await auto.settled();
    timers.advance(3000);
    await auto.settled();
    expect(await readFile(file, 'utf8')).toBe(good);
    const full = await auto.status();
    expect(full.pending).toBe(true);
    expect(full.problem).toMatch(
      /^The disk of the backup folder .* is full: the last backup there was kept\./,
    );

    // The new file is complete but cannot take the old one's name: still the old one.
    state.code = 'EACCES';
    state.step = 'rename';
    await auto.backUpNow();
    expect(await readFile(file, 'utf8')).toBe(good);
    expect((await auto.status()).problem).toMatch(/may not write in the backup folder/);
    expect((await readdir(outDir)).filter((n) => n.includes('.tmp-'))).toEqual([]);

    state.code = null;
    const fixed = await auto.backUpNow();
    expect(fixed).toMatchObject({ pending: false, problem: null });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(good);
  });

  it('says so when the folder is gone, and does not make it again', async () => {
    const { folder, timers, auto, outDir } = await setup();
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    await rm(outDir, { recursive: true });
    folder.clock.time += 5000;
    auto.noteChange('contacts');
    await auto.settled();
    timers.advance(3000);
    await auto.settled();
    expect((await auto.status()).problem).toMatch(/^The backup folder .* is not there any more/);
    await expect(readdir(outDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a folder before any I/O: relative, missing, a file, inside the data folder, not writable', async () => {
    let out = '';
    const denied = {
      ...nodeFs,
      access: ((path: string, mode?: number) =>
        out !== '' && String(path).startsWith(out)
          ? Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' }))
          : nodeFs.access(path, mode)) as AutoBackupFs['access'],
    } satisfies AutoBackupFs;
    const { folder, auto, outDir } = await setup({ fs: denied });
    const aFile = join(tmpdir(), `obyte-auto-file-${process.pid}`);
    await writeFile(aFile, 'x');
    cleanups.push(() => rm(aFile, { force: true }));
    const inside = join(folder.root, 'backups');
    await mkdir(inside);
    const before = await folder.snapshot();
    const cases: [string, RegExp][] = [
      ['backups', /^Choose a whole folder path/],
      [join(tmpdir(), 'no-such-folder-obyte'), /^There is no folder /],
      [aFile, /is a file, not a folder/],
      [folder.root, /inside Obyte Light's own data folder/],
      [inside, /inside Obyte Light's own data folder/],
    ];
    for (const [path, words] of cases) {
      await expect(auto.turnOn({ folder: path, password: BACKUP_PASSWORD })).rejects.toThrow(words);
    }
    out = outDir;
    await expect(auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD })).rejects.toThrow(
      /Backups cannot be written to .*: Obyte Light is not allowed to use it\. Choose another folder\./,
    );
    await expect(auto.turnOn({ folder: outDir, password: 'short' })).rejects.toThrow(
      /a backup password/i,
    );
    expect(await folder.snapshot()).toEqual(before);
    expect(await readdir(outDir)).toEqual([]);
    expect(await auto.status()).toMatchObject({ enabled: false });
  });

  it('refuses to turn on while the wallet is locked', async () => {
    const { keystore, auto, outDir, configPath } = await setup();
    keystore.lock('user');
    await expect(auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD })).rejects.toThrow(
      'Unlock the wallet to turn the automatic backup on.',
    );
    await expect(readFile(configPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps no password or key on disk, only the wrapped key, and forgets it when turned off', async () => {
    const { timers, auto, file, outDir, configPath, walletId } = await setup();
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    const config = await readFile(configPath, 'utf8');
    const header = parseBackupEnvelope(await readFile(file, 'utf8'));
    const key = await passwordKey(BACKUP_PASSWORD, fromBase64(header.kdf.salt), header.kdf);
    expect(header.kdf).toMatchObject(TEST_BACKUP_SCRYPT);
    expect(config).not.toContain(BACKUP_PASSWORD);
    expect(config).not.toContain(toBase64(key));
    expect(config).not.toContain(toHex(key));
    expect(JSON.parse(config)).toMatchObject({ folder: outDir, kdf: { salt: header.kdf.salt } });

    const off = await auto.turnOff();
    expect(off).toMatchObject({ enabled: false, folder: null, lastBackupAt: null });
    await expect(readFile(configPath)).rejects.toMatchObject({ code: 'ENOENT' });
    auto.noteChange('labels');
    await auto.settled();
    expect(timers.size).toBe(0);
    await expect(auto.backUpNow()).rejects.toThrow('The automatic backup is off.');
    // The backups already written stay where they are.
    expect(await readdir(outDir)).toEqual([autoBackupFileName('testnet', walletId)]);
  });

  it('refuses a wrapped key whose folder was edited by hand', async () => {
    const { auto, outDir, configPath, options } = await setup();
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    const other = await mkdtemp(join(tmpdir(), 'obyte-auto-other-'));
    cleanups.push(() => rm(other, { recursive: true, force: true }));
    const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    await writeFile(configPath, JSON.stringify({ ...config, folder: other }));
    const fresh = new AutoBackupService(options);
    const status = await fresh.backUpNow();
    expect(status.problem).toMatch(/do not open with this wallet/);
    expect(await readdir(other)).toEqual([]);
  });

  it('writes a file the existing import brings back whole in a fresh data folder', async () => {
    const { folder, timers, auto, file, outDir } = await setup();
    await auto.turnOn({ folder: outDir, password: BACKUP_PASSWORD });
    addLabel(folder, 'savings jar');
    folder.clock.time += 5000;
    auto.noteChange('labels');
    await auto.settled();
    timers.advance(3000);
    await auto.settled();

    const target = await dataFolder();
    cleanups.push(() => target.cleanup());
    const result = await target.backup.importFrom({
      path: file,
      password: BACKUP_PASSWORD,
      network: 'testnet',
    });
    expect(result.sections).toContain('labels');
    const { logger } = recordingLogger();
    const db = WalletDatabase.open({
      directory: target.paths.networkDir('testnet'),
      clock: target.clock,
      logger,
    });
    try {
      expect(db.labels.labels().map((l) => l.label)).toContain('savings jar');
    } finally {
      db.close();
    }
    // The wrapped key is not part of a backup: the restored wallet has automatic backup off.
    await expect(
      readFile(join(target.paths.networkDir('testnet'), AUTO_BACKUP_FILE)),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
