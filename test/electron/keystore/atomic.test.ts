/**
 * A crash mid-write never loses the previous keystore: simulated failures at each step of the
 * atomic write, a truncated temp file left behind, and a real process killed (SIGKILL) between
 * the temp file and the rename, and just after the rename.
 */
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicFs } from '../../../electron/main/services/atomic-file';
import { isKeystoreError, type KeystoreError } from '../../../electron/main/services/keystore';
import { harness, PASSWORD, type Harness } from './support';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

let h: Harness;
let xpub: string;

beforeEach(async () => {
  h = await harness();
  const keystore = h.service();
  const { wallet } = await keystore.create({
    network: 'mainnet',
    protection: { mode: 'password', password: PASSWORD },
  });
  xpub = wallet.accountXpub(0);
  keystore.lock();
});

afterEach(async () => {
  await h.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<KeystoreError> {
  const error: unknown = await promise.then(
    () => new Error('expected a KeystoreError, got success'),
    (e: unknown) => e,
  );
  if (!isKeystoreError(error)) throw error;
  return error;
}

/** The old password still opens the same wallet, the new one does not. */
async function expectOldKeystore(): Promise<void> {
  expect((await failure(h.service().unlock('the new password'))).code).toBe('wrong_password');
  const wallet = await h.service().unlock(PASSWORD);
  expect(wallet.accountXpub(0)).toBe(xpub);
}

const crashingRename: AtomicFs = {
  ...fsp,
  rename: () => Promise.reject(new Error('simulated crash: power lost before rename')),
};

/** Writes only the first half of the temp file, then fails, as a full disk or a kill would. */
const crashingWrite: AtomicFs = {
  ...fsp,
  open: async (...args: Parameters<typeof fsp.open>) => {
    const handle = await fsp.open(...args);
    if (args[1] !== 'wx') return handle;
    return Object.assign(Object.create(handle) as typeof handle, {
      writeFile: async (data: string) => {
        await handle.write(data.slice(0, data.length / 2));
        throw new Error('simulated crash: disk full');
      },
      close: () => handle.close(),
    });
  },
};

describe('simulated crashes', () => {
  it('between the temp write and the rename: the old keystore opens, the temp is swept later', async () => {
    const before = await readFile(h.path, 'utf8');
    const error = await failure(
      h.service({ fs: crashingRename }).changePassword(PASSWORD, 'the new password'),
    );
    expect(error.code).toBe('io');
    expect(error.message).toMatch(/could not be saved: .* The previous file is unchanged\./);
    await expect(readFile(h.path, 'utf8')).resolves.toBe(before);
    const names = await readdir(h.dir);
    expect(names.sort()).toEqual([
      'keystore.attempts.json',
      expect.stringMatching(/^keystore\.attempts\.json\.tmp-/),
      'keystore.json',
      expect.stringMatching(/^keystore\.json\.tmp-/),
    ]);

    await expectOldKeystore();
    expect((await readdir(h.dir)).sort()).toEqual(['keystore.attempts.json', 'keystore.json']);
  });

  it('in the middle of writing the temp file: the old keystore opens', async () => {
    const before = await readFile(h.path, 'utf8');
    expect(
      (await failure(h.service({ fs: crashingWrite }).changePassword(PASSWORD, 'the new password')))
        .code,
    ).toBe('io');
    await expect(readFile(h.path, 'utf8')).resolves.toBe(before);
    await expectOldKeystore();
  });

  it('a truncated temp file left beside the keystore is ignored and swept', async () => {
    const current = await readFile(h.path, 'utf8');
    await writeFile(join(h.dir, 'keystore.json.tmp-0123456789ab'), current.slice(0, 200));
    const keystore = h.service();
    await expect(keystore.status()).resolves.toMatchObject({ exists: true, readable: true });
    expect((await readdir(h.dir)).sort()).toEqual(['keystore.attempts.json', 'keystore.json']);
    await expectOldKeystore();
  });

  it('during create: no half wallet is left, and create can run again', async () => {
    await fsp.rm(h.path);
    const error = await failure(
      h.service({ fs: crashingRename }).create({
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
      }),
    );
    expect(error.code).toBe('io');
    const keystore = h.service();
    expect(keystore.isUnlocked()).toBe(false);
    await expect(keystore.status()).resolves.toEqual({ exists: false });
    await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
  });
});

function runChild(stop: 'before-rename' | 'after-rename'): Promise<{ signal: string | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'crash-child.ts'), h.path, stop, PASSWORD, 'the new password'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not reach ${stop} in time: ${out} ${err}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(stop)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes(stop)) resolvePromise({ signal });
      else reject(new Error(`child exited (${code}, ${signal}) without stopping: ${out} ${err}`));
    });
  });
}

describe('a real process killed mid-write (SIGKILL)', () => {
  it('before the rename: the old keystore still opens with the old password', async () => {
    const before = await readFile(h.path, 'utf8');
    await expect(runChild('before-rename')).resolves.toEqual({ signal: 'SIGKILL' });
    await expect(readFile(h.path, 'utf8')).resolves.toBe(before);
    // The keystore, its temp file, and the wrong-password record (already written for both).
    expect((await readdir(h.dir)).length).toBe(3);
    await expectOldKeystore();
    expect((await readdir(h.dir)).sort()).toEqual(['keystore.attempts.json', 'keystore.json']);
  });

  it('just after the rename: the new keystore is whole and opens with the new password', async () => {
    await expect(runChild('after-rename')).resolves.toEqual({ signal: 'SIGKILL' });
    expect((await failure(h.service().unlock(PASSWORD))).code).toBe('wrong_password');
    const wallet = await h.service().unlock('the new password');
    expect(wallet.accountXpub(0)).toBe(xpub);
  });
});
