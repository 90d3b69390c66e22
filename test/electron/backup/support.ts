/**
 * A data folder with a wallet worth backing up: a keystore (fast scrypt), chat correspondents
 * with messages and temp keys, wallet and watch-only addresses, saved settings; and a
 * BackupService over it with the app's own registry.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { backupSentence } from '../../../electron/main/ipc/backup-sentences';
import { BackupService, createBackupRegistry } from '../../../electron/main/services/backup';
import { BackupError } from '../../../electron/main/services/backup/errors';
import { ChatDatabase } from '../../../electron/main/services/chat/chat-database';
import { KeystoreService, type Keychain } from '../../../electron/main/services/keystore';
import { SettingsStore } from '../../../electron/main/services/settings-store';
import { WalletDatabase } from '../../../electron/main/services/storage/wallet-database';
import type { Network } from '../../../shared/ipc';
import { toBase64, utf8 } from '../../../shared/protocol/bytes';
import { getAddressFromDefinition, getDeviceAddress } from '../../../shared/protocol/chash';
import { deriveWalletAddress } from '../../../shared/protocol/hd';
import { recordingLogger } from '../fakes';
import {
  FAST_SCRYPT,
  FakeKeychain,
  ManualClock,
  ManualTimers,
  seededRandom,
} from '../keystore/support';

export const WALLET_PASSWORD = 'correct horse battery staple';
export const BACKUP_PASSWORD = 'a different backup password';
export const TEST_BACKUP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** A deterministic compressed pubkey (base64) for `label`. */
export function pubkeyFor(label: string): string {
  return toBase64(secp256k1.getPublicKey(sha256(utf8(label)), true));
}

export function addressFor(label: string): { address: string; definition: string } {
  const definition = ['sig', { pubkey: pubkeyFor(label) }];
  return { address: getAddressFromDefinition(definition), definition: JSON.stringify(definition) };
}

/** The wallet's own address at m/44'/0'/0'/is_change/index of the account's xpub. */
export function walletAddressOf(
  xpub: string,
  isChange: boolean,
  index: number,
): { address: string; definition: string } {
  const derived = deriveWalletAddress(xpub, isChange, index);
  return { address: derived.address, definition: JSON.stringify(derived.definition) };
}

export interface DataFolder {
  readonly root: string;
  readonly paths: AppPaths;
  readonly clock: ManualClock;
  readonly keychain: FakeKeychain;
  readonly settings: SettingsStore;
  readonly backup: BackupService;
  /** Every file under the root (relative path → bytes as base64), to prove nothing changed. */
  snapshot(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

export async function dataFolder(
  options: { keychain?: Keychain | null; root?: string } = {},
): Promise<DataFolder> {
  const root = options.root ?? (await mkdtemp(join(tmpdir(), 'obyte-backup-')));
  const paths = new AppPaths({ root, home: '' });
  const clock = new ManualClock();
  const { logger } = recordingLogger();
  const keychain = new FakeKeychain();
  const settings = new SettingsStore({ file: new AtomicFile(paths.settingsFile), logger, clock });
  await settings.load();
  const registry = createBackupRegistry({
    keychain: options.keychain === undefined ? keychain : options.keychain,
    settings,
    clock,
    logger,
  });
  const backup = new BackupService({
    paths,
    registry,
    clock,
    logger,
    program: { name: 'Obyte Light', version: '0.1.0' },
    random: seededRandom(root),
    testScrypt: TEST_BACKUP_SCRYPT,
  });
  return {
    root,
    paths,
    clock,
    keychain,
    settings,
    backup,
    snapshot: () => snapshot(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      if ((await stat(path)).isDirectory()) await walk(path, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = (await readFile(path)).toString('base64');
    }
  };
  await walk(root, '');
  return out;
}

export interface SampleWallet {
  readonly deviceAddress: string;
  readonly correspondents: readonly string[];
  readonly watchOnly: string;
}

/**
 * Writes a wallet on `network` into the folder: keystore (password or keychain), `bots`
 * correspondents with `messages` messages each, wallet and watch-only addresses, settings.
 */
export async function sampleWallet(
  folder: DataFolder,
  options: {
    network?: Network;
    protection?: 'password' | 'keychain';
    bots?: number;
    messages?: number;
  } = {},
): Promise<SampleWallet> {
  const network = options.network ?? 'testnet';
  const { logger } = recordingLogger();
  const dir = await folder.paths.ensureNetworkDir(network);
  const keystore = new KeystoreService({
    file: new AtomicFile(folder.paths.keystoreFile(network)),
    clock: folder.clock,
    timers: new ManualTimers(folder.clock),
    random: seededRandom(`wallet ${folder.root}`),
    logger,
    keychain: folder.keychain,
    testScrypt: FAST_SCRYPT,
  });
  const { wallet } = await keystore.create({
    network,
    protection:
      options.protection === 'keychain'
        ? { mode: 'keychain' }
        : { mode: 'password', password: WALLET_PASSWORD },
  });
  const deviceAddress = wallet.deviceAddress;
  const xpub = wallet.accountXpub(0);
  keystore.lock('user');

  const chat = ChatDatabase.open({ directory: dir, deviceAddress, clock: folder.clock, logger });
  const correspondents: string[] = [];
  for (let i = 0; i < (options.bots ?? 2); i++) {
    const pubkey = pubkeyFor(`bot ${i}`);
    const address = getDeviceAddress(pubkey);
    correspondents.push(address);
    chat.upsertCorrespondent({
      deviceAddress: address,
      pubkey,
      hub: 'obyte.org/bb-test',
      name: `Bot ${i} ✓`,
      isConfirmed: true,
    });
    for (let m = 0; m < (options.messages ?? 3); m++) {
      folder.clock.time += 1000;
      const added = chat.addMessage({
        correspondent: address,
        direction: m % 2 === 0 ? 'in' : 'out',
        kind: 'text',
        subject: 'text',
        body: `message ${m} to bot ${i}: [pay](obyte:ADDRESS?amount=1)`,
        unread: m % 2 === 0,
      });
      if (added.direction === 'out') chat.setMessageDelivered(added.id, `hash-${i}-${m}`);
    }
  }
  chat.rotateTempKey('c2VhbGVkIHRlbXAga2V5IGJ5dGVzIGZvciB0aGUgdGVzdA==', pubkeyFor('temp'));
  chat.addPairingSecret('permanentSecret123', Date.UTC(2030, 0, 1), true);
  chat.close();

  const db = WalletDatabase.open({ directory: dir, clock: folder.clock, logger });
  const watchOnly = addressFor('watched').address;
  db.addWatchedAddress({ address: watchOnly, label: 'cold storage', kind: 'watch-only' });
  const store = db.walletStore();
  store.addWalletAddresses(
    [0, 1, 2].map((index) => ({
      ...walletAddressOf(xpub, index === 2, index),
      account: 0,
      isChange: index === 2,
      index,
    })),
  );
  db.close();

  await folder.settings.update({ theme: 'dark', unit: 'MB', deviceName: 'My laptop', network });
  return { deviceAddress, correspondents, watchOnly };
}

/**
 * What a refused backup call says to the page and the command line: a BackupError's facts in the
 * IPC edge's words, any other refusal its message. Fails when the call was not refused.
 */
export async function refusalWords(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof BackupError) return backupSentence(error.facts);
  if (error instanceof Error) return error.message;
  throw new Error(`The call was not refused (${String(error)}).`);
}
