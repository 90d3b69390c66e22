/**
 * The full backup's figures (issue 16): the size of a backup of a wallet with 1,000 labels and
 * 50 chat correspondents (20 messages each), and the time to export it and to import it into a
 * fresh data folder, with the production scrypt (the KDF's worker thread included, and also
 * shown alone). Real files, real SQLite. Prints figures; asserts nothing.
 *
 * Run: npx tsx bench/backup.bench.ts [runs]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { AppPaths } from '../electron/main/services/app-paths';
import { AtomicFile } from '../electron/main/services/atomic-file';
import { BackupService, createBackupRegistry } from '../electron/main/services/backup/index';
import { ChatDatabase } from '../electron/main/services/chat/chat-database';
import { systemClock } from '../electron/main/services/clock';
import { passwordKey } from '../electron/main/services/keystore/cipher';
import {
  KeystoreService,
  nodeRandomSource,
  systemTimers,
} from '../electron/main/services/keystore';
import { Logger } from '../electron/main/services/logger';
import { SettingsStore } from '../electron/main/services/settings-store';
import { WalletDatabase } from '../electron/main/services/storage/wallet-database';
import { BACKUP_SCRYPT } from '../shared/backup/format';
import { toBase64, utf8 } from '../shared/protocol/bytes';
import { getAddressFromDefinition, getDeviceAddress } from '../shared/protocol/chash';

const runs = Number(process.argv[2] ?? 3);
const LABELS = 1000;
const CORRESPONDENTS = 50;
const MESSAGES = 20;
const logger = new Logger({ sink: () => undefined, clock: systemClock, level: 'error' });

function pubkey(label: string): string {
  return toBase64(secp256k1.getPublicKey(sha256(utf8(label)), true));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function service(root: string): { backup: BackupService; paths: AppPaths } {
  const paths = new AppPaths({ root, home: '' });
  const settings = new SettingsStore({
    file: new AtomicFile(paths.settingsFile),
    logger,
    clock: systemClock,
  });
  const registry = createBackupRegistry({ keychain: null, settings, clock: systemClock, logger });
  const backup = new BackupService({
    paths,
    registry,
    clock: systemClock,
    logger,
    program: { name: 'Obyte Light', version: 'bench' },
  });
  return { backup, paths };
}

async function wallet(root: string): Promise<void> {
  const paths = new AppPaths({ root, home: '' });
  const dir = await paths.ensureNetworkDir('mainnet');
  const keystore = new KeystoreService({
    file: new AtomicFile(paths.keystoreFile('mainnet')),
    clock: systemClock,
    timers: systemTimers,
    random: nodeRandomSource,
    logger,
    keychain: null,
    testScrypt: { N: 2 ** 10, r: 8, p: 1 },
  });
  const { wallet: unlocked } = await keystore.create({
    network: 'mainnet',
    protection: { mode: 'password', password: 'a long wallet password' },
  });
  const device = unlocked.deviceAddress;
  keystore.lock('user');
  const chat = ChatDatabase.open({
    directory: dir,
    deviceAddress: device,
    clock: systemClock,
    logger,
  });
  chat.transaction(() => {
    for (let i = 0; i < CORRESPONDENTS; i++) {
      const key = pubkey(`bot ${i}`);
      const address = getDeviceAddress(key);
      chat.upsertCorrespondent({
        deviceAddress: address,
        pubkey: key,
        hub: 'obyte.org/bb',
        name: `Bot number ${i}`,
        isConfirmed: true,
      });
      for (let m = 0; m < MESSAGES; m++) {
        chat.addMessage({
          correspondent: address,
          direction: m % 2 === 0 ? 'in' : 'out',
          kind: 'text',
          subject: 'text',
          body: `Message ${m} of a typical bot conversation: [balance](command:balance) and a little more text.`,
        });
      }
    }
  });
  chat.close();
  const db = WalletDatabase.open({ directory: dir, clock: systemClock, logger });
  for (let i = 0; i < LABELS; i++) {
    const address = getAddressFromDefinition(['sig', { pubkey: pubkey(`label ${i}`) }]);
    db.labels.setLabel({
      type: 'addr',
      ref: address,
      label: `Label ${i}: a supplier`,
      note: 'a note',
    });
  }
  db.close();
}

async function main(): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'obyte-backup-bench-'));
  try {
    const sourceRoot = join(base, 'source');
    await wallet(sourceRoot);
    const source = service(sourceRoot);
    const exportMs: number[] = [];
    const importMs: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const file = join(base, `backup-${run}.obyte-backup`);
      let start = performance.now();
      await source.backup.exportTo({
        path: file,
        password: 'the backup password',
        network: 'mainnet',
      });
      exportMs.push(performance.now() - start);
      bytes = (await stat(file)).size;
      const target = service(join(base, `target-${run}`));
      start = performance.now();
      await target.backup.importFrom({
        path: file,
        password: 'the backup password',
        network: 'mainnet',
      });
      importMs.push(performance.now() - start);
    }
    const kdfMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      (await passwordKey('the backup password', new Uint8Array(32), BACKUP_SCRYPT)).fill(0);
      kdfMs.push(performance.now() - start);
    }
    console.log(
      `backup of ${LABELS} labels and ${CORRESPONDENTS} correspondents (${MESSAGES} messages each), scrypt N=2^17 r=8 p=1, median of ${runs}:`,
    );
    console.log(`  file size          ${(bytes / 1024).toFixed(0)} KB (${bytes} bytes)`);
    console.log(`  export             ${median(exportMs).toFixed(0)} ms`);
    console.log(
      `  import             ${median(importMs).toFixed(0)} ms (into a fresh data folder)`,
    );
    console.log(
      `  of which scrypt    ${median(kdfMs).toFixed(0)} ms (worker thread, once per export or import)`,
    );
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

void main();
