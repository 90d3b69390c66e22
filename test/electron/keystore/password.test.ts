/**
 * Wrong passwords (typed error, growing delay, nothing deleted) and changing the password
 * (atomic re-encryption: the old password stops working, the new one opens the same wallet).
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatDelay,
  isKeystoreError,
  KeystoreError,
  WRONG_PASSWORD_MESSAGE,
  type KeystoreErrorCode,
  type KeystoreService,
} from '../../../electron/main/services/keystore';
import { harness, PASSWORD, type Harness } from './support';

let h: Harness;
let keystore: KeystoreService;
let xpub: string;

beforeEach(async () => {
  h = await harness();
  keystore = h.service();
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

async function expectCode(
  promise: Promise<unknown>,
  code: KeystoreErrorCode,
): Promise<KeystoreError> {
  const error = await failure(promise);
  expect(error.code).toBe(code);
  return error;
}

describe('wrong password', () => {
  it('is a typed error with the UX wording, and the file is untouched', async () => {
    const before = await h.snapshot();
    const error = await expectCode(
      keystore.unlock('Correct horse battery staple'),
      'wrong_password',
    );
    expect(error).toBeInstanceOf(KeystoreError);
    expect(error.message).toBe(WRONG_PASSWORD_MESSAGE);
    expect(WRONG_PASSWORD_MESSAGE).toBe('That password does not open this wallet.');
    expect(error.retryAfterMs).toBe(0);
    expect(keystore.isUnlocked()).toBe(false);
    expect(await h.snapshot()).toEqual(before);
    expect(h.lines.join('\n')).not.toContain('orrect horse');
  });

  it('grows the delay 0, 1, 2, 4 … s up to the cap, refusing early tries without scrypt', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const error = await expectCode(keystore.unlock(`guess ${i}`), 'wrong_password');
      delays.push(error.retryAfterMs);
      expect(keystore.retryAfterMs()).toBe(error.retryAfterMs);
      if (error.retryAfterMs > 0) {
        expect(error.message).toBe(
          `${WRONG_PASSWORD_MESSAGE} Try again in ${formatDelay(error.retryAfterMs)}.`,
        );
        // Too early, even with the right password: refused, and the wait is said.
        h.clock.time += error.retryAfterMs - 1;
        const early = await expectCode(keystore.unlock(PASSWORD), 'retry_later');
        expect(early.retryAfterMs).toBe(1);
        expect(early.message).toBe('Too many wrong passwords in a row. Try again in 1 s.');
        h.clock.time += 1;
      }
    }
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    const status = await keystore.status();
    expect(status).toMatchObject({ exists: true, readable: true, retryAfterMs: 0 });

    // The right password opens it and resets the count.
    await expect(keystore.unlock(PASSWORD)).resolves.toBeDefined();
    keystore.lock();
    const next = await expectCode(keystore.unlock('again wrong'), 'wrong_password');
    expect(next.retryAfterMs).toBe(0);
  });

  it('caps the delay where the service is told to', async () => {
    const capped = h.service({ maxRetryDelayMs: 3000 });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push((await expectCode(capped.unlock(`x${i}`), 'wrong_password')).retryAfterMs);
      h.clock.time += 3000;
    }
    expect(delays).toEqual([0, 1000, 2000, 3000, 3000]);
  });

  it('counts wrong tries at reveal and change password too', async () => {
    await expectCode(keystore.revealMnemonicForBackup('a'), 'wrong_password');
    const second = await expectCode(keystore.changePassword('b', 'new password'), 'wrong_password');
    expect(second.retryAfterMs).toBe(1000);
    await expectCode(keystore.revealMnemonicForBackup(PASSWORD), 'retry_later');
  });

  it('formats delays for people', () => {
    expect(formatDelay(1)).toBe('1 s');
    expect(formatDelay(4000)).toBe('4 s');
    expect(formatDelay(60000)).toBe('1 min');
    expect(formatDelay(90500)).toBe('1 min 31 s');
  });
});

describe('change password', () => {
  it('re-encrypts: the old password stops working, the new one opens the same wallet', async () => {
    const before = JSON.parse(await readFile(h.path, 'utf8')) as {
      protection: { kdf: { salt: string } };
      nonce: string;
      ciphertext: string;
      public: unknown;
    };
    await keystore.changePassword(PASSWORD, 'a new, longer password');
    const after = JSON.parse(await readFile(h.path, 'utf8')) as typeof before;
    expect(after.protection.kdf.salt).not.toBe(before.protection.kdf.salt);
    expect(after.nonce).not.toBe(before.nonce);
    expect(after.ciphertext).not.toBe(before.ciphertext);
    expect(after.public).toEqual(before.public);
    expect(Object.keys(await h.snapshot())).toEqual(['keystore.json']);

    await expectCode(h.service().unlock(PASSWORD), 'wrong_password');
    const wallet = await h.service().unlock('a new, longer password');
    expect(wallet.accountXpub(0)).toBe(xpub);
  });

  it('keeps an unlocked wallet unlocked', async () => {
    const wallet = await keystore.unlock(PASSWORD);
    await keystore.changePassword(PASSWORD, 'next');
    expect(keystore.isUnlocked()).toBe(true);
    expect(wallet.accountXpub(0)).toBe(xpub);
  });

  it('with a wrong current password changes nothing', async () => {
    const before = await h.snapshot();
    await expectCode(keystore.changePassword('not it', 'next'), 'wrong_password');
    expect(await h.snapshot()).toEqual(before);
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
  });

  it('refuses an empty new password before checking anything', async () => {
    const before = await h.snapshot();
    await expectCode(keystore.changePassword(PASSWORD, ''), 'weak_password');
    expect(await h.snapshot()).toEqual(before);
  });

  it('normalizes the password (NFC), so a composed or decomposed é opens the same wallet', async () => {
    await keystore.changePassword(PASSWORD, 'caf\u00e9');
    await expect(h.service().unlock('cafe\u0301')).resolves.toBeDefined();
  });

  it('runs one operation at a time: concurrent tries are counted in order', async () => {
    const results = await Promise.allSettled([
      keystore.unlock('w1'),
      keystore.unlock('w2'),
      keystore.unlock(PASSWORD),
    ]);
    const codes = results.map((r) =>
      r.status === 'rejected' && isKeystoreError(r.reason) ? r.reason.code : r.status,
    );
    expect(codes).toEqual(['wrong_password', 'wrong_password', 'retry_later']);
  });
});
