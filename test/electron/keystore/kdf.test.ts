/**
 * The password KDF in a worker thread (kdf.ts): the same key as noble's scrypt on this thread,
 * derived in a worker (not silently on the main thread), the secret zeroed there, and scrypt's
 * own errors passed on.
 */
import { scrypt } from '@noble/hashes/scrypt.js';
import { describe, expect, it } from 'vitest';
import { scryptOffThread } from '../../../electron/main/services/keystore/kdf';

const job = { N: 2 ** 10, r: 8, p: 1, dkLen: 32, maxmem: 2 ** 29 };

describe('scrypt in a worker thread', () => {
  it('derives the key noble derives on this thread, in a worker', async () => {
    const secret = new TextEncoder().encode('correct horse battery staple');
    const salt = Uint8Array.from({ length: 32 }, (_, i) => i);
    const expected = scrypt(secret, salt, job);
    const result = await scryptOffThread(secret, salt, job);
    expect(result.thread).toBe('worker');
    expect(result.fallbackReason).toBeNull();
    expect(Buffer.from(result.key).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    // The worker got a copy: the caller's secret is the caller's to zero.
    expect(secret.some((b) => b !== 0)).toBe(true);
  });

  it('different salts and secrets give different keys, several at once', async () => {
    const keys = await Promise.all(
      [0, 1, 2].map((i) =>
        scryptOffThread(Uint8Array.of(i), Uint8Array.of(i, i), job).then((r) =>
          Buffer.from(r.key).toString('hex'),
        ),
      ),
    );
    expect(new Set(keys).size).toBe(3);
    keys.forEach((key, i) =>
      expect(key).toBe(
        Buffer.from(scrypt(Uint8Array.of(i), Uint8Array.of(i, i), job)).toString('hex'),
      ),
    );
  });

  it("passes scrypt's own refusal on", async () => {
    await expect(
      scryptOffThread(Uint8Array.of(1), Uint8Array.of(2), { ...job, N: 1000 }),
    ).rejects.toThrow(/power of 2|N/);
  });
});
