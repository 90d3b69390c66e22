/**
 * Textcoins sent, in the full backup: exported with the wallet and imported into a fresh data
 * folder, they come back as they were, and their sealed words open with the restored wallet's
 * key; a damaged textcoins section is refused before anything is written, naming the record.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { textcoinsSection } from '../../../electron/main/services/backup/textcoins-section';
import { KeystoreService } from '../../../electron/main/services/keystore';
import { WalletDatabase } from '../../../electron/main/services/storage/wallet-database';
import { sealWords, unsealWords } from '../../../electron/main/services/textcoins';
import type { Network } from '../../../shared/ipc';
import { recordingLogger } from '../fakes';
import { FAST_SCRYPT, ManualTimers, seededRandom } from '../keystore/support';
import {
  BACKUP_PASSWORD,
  dataFolder,
  sampleWallet,
  WALLET_PASSWORD,
  type DataFolder,
} from './support';

const folders: DataFolder[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => f.cleanup()));
});

/** test/fixtures/textcoin-vectors.json, vector 0 (made with ocore's code). */
const WORDS = 'wheel-west-illegal-expand-swear-two-orphan-multiply-fringe-summer-supply-liberty';
const ADDRESS = 'WZPKJN4GLUFU437EJQS6XXHS6Y3MNFKW';
const UNIT = 'oXGOcA9TQx8Tl5Syjp1d5+mB4xicsRk3kbcE82YQAS0=';

function keystoreOf(folder: DataFolder, network: Network): KeystoreService {
  return new KeystoreService({
    file: new AtomicFile(folder.paths.keystoreFile(network)),
    clock: folder.clock,
    timers: new ManualTimers(folder.clock),
    random: seededRandom(`textcoins ${folder.root}`),
    logger: recordingLogger().logger,
    keychain: folder.keychain,
    testScrypt: FAST_SCRYPT,
  });
}

function storeIn(folder: DataFolder, network: Network) {
  const db = WalletDatabase.open({
    directory: folder.paths.networkDir(network),
    clock: folder.clock,
    logger: recordingLogger().logger,
  });
  const store = db.textcoinStore();
  return {
    store,
    close: () => {
      db.close();
    },
  };
}

describe('the textcoins section of the full backup', () => {
  it('export then import into a fresh folder brings the textcoins back, their words sealed and openable', async () => {
    const source = await dataFolder();
    folders.push(source);
    await sampleWallet(source);
    const keystore = keystoreOf(source, 'testnet');
    const device = (await keystore.unlock(WALLET_PASSWORD)).deviceSigner();
    const sealed = sealWords(WORDS, ADDRESS, device, new Uint8Array(12).fill(7));
    device.wipe();
    keystore.lock('user');
    const live = storeIn(source, 'testnet');
    live.store.addSending({
      address: ADDRESS,
      asset: 'base',
      amount: 100_000,
      addedBytes: 773,
      claimFee: 773,
      sealedWords: sealed,
    });
    live.store.markSent(ADDRESS, UNIT);
    const before = live.store.list();
    live.close();

    const file = join(source.root, 'exports', 'wallet.obyte-backup');
    await source.backup.exportTo({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });
    const target = await dataFolder();
    folders.push(target);
    const result = await target.backup.importFrom({
      path: file,
      password: BACKUP_PASSWORD,
      network: 'testnet',
    });
    expect(result.sections).toContain('textcoins');

    const restored = storeIn(target, 'testnet');
    const after = restored.store.list();
    restored.close();
    expect(after).toEqual(before);
    expect(after).toHaveLength(1);
    const targetKey = keystoreOf(target, 'testnet');
    const targetDevice = (await targetKey.unlock(WALLET_PASSWORD)).deviceSigner();
    expect(unsealWords(after[0]?.sealedWords ?? '', ADDRESS, targetDevice)).toBe(WORDS);
    targetDevice.wipe();
    targetKey.lock('user');
  });

  it('validate names the damaged record', () => {
    const section = textcoinsSection({ clock: { now: () => 0 }, logger: recordingLogger().logger });
    const good = {
      address: ADDRESS,
      asset: 'base',
      amount: 5,
      addedBytes: 772,
      claimFee: 772,
      sealedWords: 'c2VhbGVk',
      state: 'sent',
      unit: UNIT,
      claimUnit: null,
      createdAt: 1,
      updatedAt: 2,
    };
    const context = { network: 'testnet' as const };
    expect(section.validate({ textcoins: [good] }, context)).toBeNull();
    expect(section.validate({ textcoins: [good, { ...good, address: 'NOPE' }] }, context)).toBe(
      'textcoin 2: the address is not an Obyte address.',
    );
    expect(section.validate({ textcoins: [{ ...good, amount: 0 }] }, context)).toMatch(
      /textcoin 1: the amount/,
    );
    expect(section.validate({ textcoins: [{ ...good, state: 'sent', unit: null }] }, context)).toBe(
      'textcoin 1: a sent textcoin has no unit.',
    );
    expect(section.validate({ textcoins: [good, good] }, context)).toMatch(/listed twice/);
    expect(section.validate([], context)).toMatch(/expected/);
  });
});
