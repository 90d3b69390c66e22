/**
 * Child process for the crash test: changes the keystore password and stops at a chosen point
 * of the atomic write (before or after the rename), telling the parent on stdout, so the parent
 * can SIGKILL it there — a real process death mid-write, not a simulated exception.
 *
 * Usage: node --import tsx crash-child.ts <keystore path> <stop: before-rename|after-rename>
 *        <current password> <new password>
 */
import * as fsp from 'node:fs/promises';
import { AtomicFile, type AtomicFs } from '../../../electron/main/services/atomic-file';
import { systemClock } from '../../../electron/main/services/clock';
import {
  KeystoreService,
  nodeRandomSource,
  systemTimers,
} from '../../../electron/main/services/keystore';
import { recordingLogger } from '../fakes';
import { FAST_SCRYPT } from './support';

const [path, stop, current, next] = process.argv.slice(2);
if (path === undefined || current === undefined || next === undefined) {
  throw new Error('usage: crash-child.ts <path> <stop> <current password> <new password>');
}

function hang(signal: string): Promise<never> {
  process.stdout.write(`${signal}\n`);
  setInterval(() => undefined, 1000);
  return new Promise<never>(() => undefined);
}

const fs: AtomicFs = {
  ...fsp,
  // Only the keystore's own rename: the wrong-password record beside it is written first.
  rename: async (from, to) => {
    const keystore = String(to) === path;
    if (keystore && stop === 'before-rename') await hang('before-rename');
    await fsp.rename(from, to);
    if (keystore && stop === 'after-rename') await hang('after-rename');
  },
};

const keystore = new KeystoreService({
  file: new AtomicFile(path, { fs }),
  clock: systemClock,
  timers: systemTimers,
  random: nodeRandomSource,
  logger: recordingLogger().logger,
  keychain: null,
  testScrypt: FAST_SCRYPT,
});
await keystore.changePassword(current, next);
process.stdout.write('finished\n');
