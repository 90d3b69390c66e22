/**
 * Wrong passwords (typed error, growing delay, nothing deleted) and changing the password
 * (atomic re-encryption: the old password stops working, the new one opens the same wallet).
 */
import * as fsp from 'node:fs/promises';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatDelay,
  isKeystoreError,
  KeystoreError,
  WRONG_PASSWORD_MESSAGE,
  type KeystoreErrorCode,
  type KeystoreService,
} from '../../../electron/main/services/keystore';
import type { AtomicFs } from '../../../electron/main/services/atomic-file';
import { harness, PASSWORD, seededRandom, type Harness } from './support';

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
  it('is a typed error with the UX wording; the wallet file is untouched, the try counted beside it', async () => {
    const before = await h.walletFiles();
    const error = await expectCode(
      keystore.unlock('Correct horse battery staple'),
      'wrong_password',
    );
    expect(error).toBeInstanceOf(KeystoreError);
    expect(error.message).toBe(WRONG_PASSWORD_MESSAGE);
    expect(WRONG_PASSWORD_MESSAGE).toBe('That password does not open this wallet.');
    expect(error.retryAfterMs).toBe(0);
    expect(keystore.isUnlocked()).toBe(false);
    expect(await h.walletFiles()).toEqual(before);
    await expect(h.attempts()).resolves.toMatchObject({ failures: 1 });
    expect(h.lines.join('\n')).not.toContain('orrect horse');
  });

  it('two tries are free, then 30 s, 1 min, 2 min, 4 min, 5 min; early tries are refused before scrypt', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const error = await expectCode(keystore.unlock(`guess ${i}`), 'wrong_password');
      delays.push(error.retryAfterMs);
      expect(keystore.retryAfterMs()).toBe(error.retryAfterMs);
      if (error.retryAfterMs > 0) {
        expect(error.message).toBe(
          `${WRONG_PASSWORD_MESSAGE} Try again in ${formatDelay(error.retryAfterMs)}.`,
        );
        // Too early, even with the right password: refused, and the wait is said, before any
        // key derivation.
        h.clock.time += error.retryAfterMs - 1;
        const derivations = derived();
        const early = await expectCode(keystore.unlock(PASSWORD), 'retry_later');
        expect(derived()).toBe(derivations);
        expect(early.retryAfterMs).toBe(1);
        expect(early.message).toBe('Too many wrong passwords in a row. Try again in 1 s.');
        h.clock.time += 1;
      }
    }
    expect(delays).toEqual([0, 0, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
    const status = await keystore.status();
    expect(status).toMatchObject({ exists: true, readable: true, retryAfterMs: 0 });

    // The right password opens it and resets the count.
    await expect(keystore.unlock(PASSWORD)).resolves.toBeDefined();
    await expect(h.attempts()).resolves.toMatchObject({ failures: 0, next_attempt_at: 0 });
    keystore.lock();
    const next = await expectCode(keystore.unlock('again wrong'), 'wrong_password');
    expect(next.retryAfterMs).toBe(0);
  });

  it('caps the delay where the service is told to', async () => {
    const capped = h.service({ maxRetryDelayMs: 45_000 });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push((await expectCode(capped.unlock(`x${i}`), 'wrong_password')).retryAfterMs);
      h.clock.time += 45_000;
    }
    expect(delays).toEqual([0, 0, 30_000, 45_000, 45_000]);
  });

  it('counts wrong tries at reveal and change password too', async () => {
    await expectCode(keystore.revealMnemonicForBackup('a'), 'wrong_password');
    await expectCode(keystore.changePassword('b', 'a new long password'), 'wrong_password');
    const third = await expectCode(keystore.revealMnemonicForBackup('c'), 'wrong_password');
    expect(third.retryAfterMs).toBe(30_000);
    await expectCode(keystore.revealMnemonicForBackup(PASSWORD), 'retry_later');
    await expectCode(keystore.changePassword(PASSWORD, 'a new long password'), 'retry_later');
  });
});

/** How many times a key was derived from a password so far (the service logs each). */
function derived(): number {
  return h.lines.filter((line) => line.includes('Deriving the key from the password')).length;
}

describe('the delay survives restarts (kept beside the keystore)', () => {
  it('a new service, as a new process, is held back by the tries of the previous ones', async () => {
    for (const guess of ['one', 'two', 'three']) {
      await expectCode(h.service().unlock(guess), 'wrong_password');
    }
    const fresh = h.service();
    await expect(fresh.status()).resolves.toMatchObject({ retryAfterMs: 30_000 });
    const before = derived();
    const refused = await expectCode(fresh.unlock(PASSWORD), 'retry_later');
    expect(refused.message).toBe('Too many wrong passwords in a row. Try again in 30 s.');
    expect(derived()).toBe(before);
    h.clock.time += 30_000;
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
    await expect(h.attempts()).resolves.toMatchObject({ failures: 0 });
  });

  it('a missing record means the longest delay, which then runs out as any other', async () => {
    await rm(join(h.dir, 'keystore.attempts.json'));
    const fresh = h.service();
    await expect(fresh.status()).resolves.toMatchObject({ retryAfterMs: 300_000 });
    // Seen once, the deadline is written: asking again does not move it.
    h.clock.time += 1_000;
    await expect(h.service().status()).resolves.toMatchObject({ retryAfterMs: 299_000 });
    const before = derived();
    const refused = await expectCode(h.service().unlock(PASSWORD), 'retry_later');
    expect(refused.message).toBe('Too many wrong passwords in a row. Try again in 4 min 59 s.');
    expect(derived()).toBe(before);
    h.clock.time += 299_000;
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
    expect(h.lines.join('\n')).toMatch(/password-attempt record is missing/);
  });

  it('a record edited by hand, damaged, or copied from another wallet means the longest delay', async () => {
    const path = join(h.dir, 'keystore.attempts.json');
    for (let i = 0; i < 3; i++) await expectCode(keystore.unlock(`w${i}`), 'wrong_password');
    const real = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

    const other = await harness();
    try {
      await other.service({ random: seededRandom('another wallet') }).create({
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
      });
      const foreign = await readFile(join(other.dir, 'keystore.attempts.json'), 'utf8');
      const forgeries = [
        JSON.stringify({ ...real, failures: 0, next_attempt_at: 0 }),
        JSON.stringify({ ...real, macs: [] }),
        JSON.stringify({ ...real, macs: ['A'.repeat(43) + '='] }),
        '',
        '{"format":"obyte-light-password-attempts"',
        foreign,
      ];
      for (const forged of forgeries) {
        await writeFile(path, forged);
        h.clock.time += 600_000;
        const before = derived();
        const refused = await expectCode(h.service().unlock(PASSWORD), 'retry_later');
        expect(refused.retryAfterMs).toBe(300_000);
        expect(derived()).toBe(before);
      }
    } finally {
      await other.cleanup();
    }
  });

  it('a clock set back does not stretch a wait beyond the longest delay', async () => {
    for (let i = 0; i < 3; i++) await expectCode(keystore.unlock(`w${i}`), 'wrong_password');
    h.clock.time -= 24 * 3600_000;
    await expect(h.service().status()).resolves.toMatchObject({ retryAfterMs: 300_000 });
  });

  it('a record that cannot be written refuses the try in words, before any key derivation', async () => {
    await rm(join(h.dir, 'keystore.attempts.json'));
    const readOnly: AtomicFs = {
      ...fsp,
      open: (...args: Parameters<typeof fsp.open>) =>
        String(args[0]).includes('keystore.attempts.json.tmp-')
          ? Promise.reject(Object.assign(new Error('read-only'), { code: 'EROFS' }))
          : fsp.open(...args),
    };
    const before = derived();
    const error = await expectCode(h.service({ fs: readOnly }).unlock(PASSWORD), 'io');
    expect(error.message).toMatch(
      /could not be saved: the disk is read-only\. Check that Obyte Light may write its data folder/,
    );
    expect(derived()).toBe(before);
  });
});

describe('new passwords keep the rule, before anything is written', () => {
  it('refuses a one-character password at create, restore and change, naming the rule', async () => {
    const empty = await harness();
    try {
      const service = empty.service();
      const created = await expectCode(
        service.create({ network: 'mainnet', protection: { mode: 'password', password: 'x' } }),
        'weak_password',
      );
      expect(created.message).toBe(
        'That password has 1 character; a wallet password needs at least 10 (a few words you can remember are best).',
      );
      await expectCode(
        service.restore({
          mnemonic:
            'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
          network: 'mainnet',
          protection: { mode: 'password', password: 'x' },
        }),
        'weak_password',
      );
      expect(await empty.snapshot()).toEqual({});
    } finally {
      await empty.cleanup();
    }
    const before = await h.snapshot();
    await expectCode(keystore.changePassword(PASSWORD, 'x'), 'weak_password');
    await expectCode(keystore.changePassword(PASSWORD, '1234567890'), 'weak_password');
    expect(await h.snapshot()).toEqual(before);
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
    expect(Object.keys(await h.snapshot())).toEqual(['keystore.attempts.json', 'keystore.json']);

    await expectCode(h.service().unlock(PASSWORD), 'wrong_password');
    const wallet = await h.service().unlock('a new, longer password');
    expect(wallet.accountXpub(0)).toBe(xpub);
  });

  it('keeps an unlocked wallet unlocked', async () => {
    const wallet = await keystore.unlock(PASSWORD);
    await keystore.changePassword(PASSWORD, 'the next password');
    expect(keystore.isUnlocked()).toBe(true);
    expect(wallet.accountXpub(0)).toBe(xpub);
  });

  it('with a wrong current password changes nothing (but counts the try)', async () => {
    const before = await h.walletFiles();
    await expectCode(keystore.changePassword('not it', 'the next password'), 'wrong_password');
    expect(await h.walletFiles()).toEqual(before);
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
  });

  it('refuses an empty new password before checking anything', async () => {
    const before = await h.snapshot();
    await expectCode(keystore.changePassword(PASSWORD, ''), 'weak_password');
    expect(await h.snapshot()).toEqual(before);
  });

  it('normalizes the password (NFC), so a composed or decomposed é opens the same wallet', async () => {
    await keystore.changePassword(PASSWORD, 'caf\u00e9 au lait');
    await expect(h.service().unlock('cafe\u0301 au lait')).resolves.toBeDefined();
  });

  it('runs one operation at a time: concurrent tries are counted in order', async () => {
    const results = await Promise.allSettled([
      keystore.unlock('w1'),
      keystore.unlock('w2'),
      keystore.unlock('w3'),
      keystore.unlock(PASSWORD),
    ]);
    const codes = results.map((r) =>
      r.status === 'rejected' && isKeystoreError(r.reason) ? r.reason.code : r.status,
    );
    expect(codes).toEqual(['wrong_password', 'wrong_password', 'wrong_password', 'retry_later']);
  });
});
