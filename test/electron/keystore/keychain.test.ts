/**
 * Keychain mode with an in-memory Keychain: a random 32-byte key in the keychain instead of a
 * password; an unavailable keychain is a clear message (use a password instead) and writes
 * nothing; switching between modes never leaves a file that names a missing key.
 */
import * as fsp from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicFs } from '../../../electron/main/services/atomic-file';
import {
  isKeystoreError,
  KEYCHAIN_SERVICE,
  KeychainError,
  KeytarKeychain,
  type KeystoreError,
} from '../../../electron/main/services/keystore';
import { fromBase64 } from '../../../shared/protocol/bytes';
import { harness, PASSWORD, type Harness } from './support';

let h: Harness;

beforeEach(async () => {
  h = await harness();
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

const UNAVAILABLE = /system keychain is not available.*Protect the wallet with a password instead/;

describe('keychain mode', () => {
  it('keeps a random 32-byte key in the keychain and unlocks without a password', async () => {
    const keystore = h.service();
    const { wallet, mnemonic } = await keystore.create({
      network: 'mainnet',
      protection: { mode: 'keychain' },
    });
    const xpub = wallet.accountXpub(0);
    expect(h.keychain.entries.size).toBe(1);
    const [entry, secret] = [...h.keychain.entries.entries()][0] ?? ['', ''];
    expect(fromBase64(secret)).toHaveLength(32);
    expect(entry.startsWith(`${KEYCHAIN_SERVICE}\nwallet ${wallet.walletId} `)).toBe(true);

    const raw = JSON.parse(await readFile(h.path, 'utf8')) as { protection: unknown };
    expect(raw.protection).toEqual({
      mode: 'keychain',
      service: KEYCHAIN_SERVICE,
      account: entry.split('\n')[1],
    });
    expect(JSON.stringify(raw)).not.toContain(secret);

    keystore.lock();
    await expect(h.service().status()).resolves.toMatchObject({ protection: 'keychain' });
    const again = await keystore.unlock();
    expect(again.accountXpub(0)).toBe(xpub);
    // A password given by mistake is ignored: the keychain is what opens it.
    keystore.lock();
    await expect(keystore.unlock('anything')).resolves.toBeDefined();

    // Reveal: no password exists; the wallet must be unlocked, and the user must confirm in
    // person (main's dialog or Touch ID) — a call alone, or a "no", shows nothing.
    const calls = h.keychain.calls.length;
    expect((await failure(keystore.revealMnemonicForBackup())).code).toBe('not_confirmed');
    const no = await failure(keystore.revealMnemonicForBackup(undefined, async () => false));
    expect(no.code).toBe('not_confirmed');
    expect(no.message).toBe(
      'The recovery phrase was not shown: it was not confirmed on this computer.',
    );
    // Refused before the key was read from the keychain.
    expect(h.keychain.calls.length).toBe(calls);
    await expect(keystore.revealMnemonicForBackup(undefined, async () => true)).resolves.toEqual({
      mnemonic,
    });
    keystore.lock();
    const asked: string[] = [];
    const locked = await failure(
      keystore.revealMnemonicForBackup(undefined, async () => {
        asked.push('asked');
        return true;
      }),
    );
    expect(locked.code).toBe('locked');
    expect(asked).toEqual([]);
  });

  it('unavailable keychain at create: a clear message, nothing written, password works', async () => {
    h.keychain.failWith = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
    const keystore = h.service();
    const error = await failure(
      keystore.create({ network: 'mainnet', protection: { mode: 'keychain' } }),
    );
    expect(error.code).toBe('keychain_unavailable');
    expect(error.message).toMatch(UNAVAILABLE);
    expect(await h.snapshot()).toEqual({});
    expect(keystore.isUnlocked()).toBe(false);
    expect(h.lines.join('\n')).toContain('Cannot autolaunch D-Bus');

    await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    expect(keystore.isUnlocked()).toBe(true);
  });

  it('no keychain at all (null): keychain mode is refused up front', async () => {
    const keystore = h.service({ keychain: null });
    const error = await failure(
      keystore.create({ network: 'mainnet', protection: { mode: 'keychain' } }),
    );
    expect(error.code).toBe('keychain_unavailable');
    expect(await h.snapshot()).toEqual({});
  });

  it('unavailable or emptied keychain at unlock: clear errors, file untouched', async () => {
    const keystore = h.service();
    await keystore.create({ network: 'mainnet', protection: { mode: 'keychain' } });
    keystore.lock();
    const before = await h.snapshot();

    h.keychain.failWith = 'org.freedesktop.Secret.Error.IsLocked';
    expect((await failure(keystore.unlock())).message).toMatch(UNAVAILABLE);
    h.keychain.failWith = null;

    const [key, secret] = [...h.keychain.entries.entries()][0] ?? ['', ''];
    h.keychain.entries.set(key, 'A'.repeat(43) + '=');
    const different = await failure(keystore.unlock());
    expect(different.code).toBe('keychain_key_missing');
    expect(different.message).toMatch(/holds a different key than this wallet's key/);

    h.keychain.entries.set(key, 'not base64');
    expect((await failure(keystore.unlock())).code).toBe('keychain_key_missing');

    h.keychain.entries.delete(key);
    const missing = await failure(keystore.unlock());
    expect(missing.code).toBe('keychain_key_missing');
    expect(missing.message).toMatch(
      /no longer holds this wallet's key .* left as it is; restore the wallet from its recovery phrase/,
    );
    expect(keystore.retryAfterMs()).toBe(0);
    expect(await h.snapshot()).toEqual(before);

    h.keychain.entries.set(key, secret);
    await expect(keystore.unlock()).resolves.toBeDefined();
  });

  it('password -> keychain -> password: each step opens the same wallet, old entries removed', async () => {
    const keystore = h.service();
    const { wallet } = await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const xpub = wallet.accountXpub(0);

    await keystore.changeProtection(PASSWORD, { mode: 'keychain' });
    expect(h.keychain.entries.size).toBe(1);
    keystore.lock();
    expect((await h.service().unlock()).accountXpub(0)).toBe(xpub);

    await keystore.changeProtection(undefined, { mode: 'keychain' });
    expect(h.keychain.entries.size).toBe(1);
    expect((await h.service().unlock()).accountXpub(0)).toBe(xpub);

    await keystore.changePassword(undefined, 'back to a password');
    expect(h.keychain.entries.size).toBe(0);
    expect((await h.service().unlock('back to a password')).accountXpub(0)).toBe(xpub);
  });

  it('switching to the keychain when it is unavailable changes nothing', async () => {
    const keystore = h.service();
    await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const before = await h.snapshot();
    h.keychain.failWith = 'no secret service';
    expect((await failure(keystore.changeProtection(PASSWORD, { mode: 'keychain' }))).code).toBe(
      'keychain_unavailable',
    );
    expect(await h.snapshot()).toEqual(before);
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
  });

  it('a crash before the rename while switching to the keychain removes the new entry again', async () => {
    const keystore = h.service();
    await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const crashing: AtomicFs = {
      ...fsp,
      rename: () => Promise.reject(new Error('simulated crash before rename')),
    };
    const error = await failure(
      h.service({ fs: crashing }).changeProtection(PASSWORD, { mode: 'keychain' }),
    );
    expect(error.code).toBe('io');
    expect(h.keychain.calls).toEqual(['set', 'delete']);
    expect(h.keychain.entries.size).toBe(0);
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
  });

  it('a keychain that fails to delete an old entry only logs it', async () => {
    const keystore = h.service();
    await keystore.create({ network: 'mainnet', protection: { mode: 'keychain' } });
    const original = h.keychain.delete.bind(h.keychain);
    h.keychain.delete = () => Promise.reject(new KeychainError('delete refused'));
    await keystore.changePassword(undefined, PASSWORD);
    h.keychain.delete = original;
    expect(h.lines.join('\n')).toContain('Could not remove an old keychain entry');
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
  });
});

describe('KeytarKeychain loading', () => {
  it('a missing native module is a KeychainError, and the keystore says use a password', async () => {
    const keychain = new KeytarKeychain({
      load: () => Promise.reject(new Error("Cannot find module 'keytar'")),
    });
    await expect(keychain.get('s', 'a')).rejects.toThrow(KeychainError);
    await expect(keychain.get('s', 'a')).rejects.toThrow(/keytar could not be loaded/);
    const keystore = h.service({ keychain });
    const error = await failure(
      keystore.create({ network: 'mainnet', protection: { mode: 'keychain' } }),
    );
    expect(error.code).toBe('keychain_unavailable');
    expect(error.message).toMatch(UNAVAILABLE);
    expect(await h.snapshot()).toEqual({});
  });

  it('a module without the keytar functions is refused', async () => {
    const keychain = new KeytarKeychain({ load: () => Promise.resolve({ default: {} }) });
    await expect(keychain.set('s', 'a', 'x')).rejects.toThrow(/does not look like keytar/);
  });

  it('wraps keytar failures and accepts both CommonJS shapes', async () => {
    const calls: string[] = [];
    const api = {
      getPassword: (s: string, a: string) => {
        calls.push(`get ${s} ${a}`);
        return Promise.resolve('v');
      },
      setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      deletePassword: () => Promise.resolve(true),
    };
    const plain = new KeytarKeychain({ load: () => Promise.resolve(api) });
    await expect(plain.get('s', 'a')).resolves.toBe('v');
    await expect(plain.set('s', 'a', 'x')).rejects.toThrow(
      'keytar setPassword failed: Cannot autolaunch D-Bus',
    );
    const wrapped = new KeytarKeychain({ load: () => Promise.resolve({ default: api }) });
    await expect(wrapped.delete('s', 'a')).resolves.toBe(true);
    expect(calls).toEqual(['get s a']);
  });
});
