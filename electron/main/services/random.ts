/**
 * Randomness as a dependency. Services draw every salt, nonce, keychain key, mnemonic entropy,
 * preview id and temp-file name through a RandomSource, so tests can make them deterministic.
 * `nodeRandomSource` is the production adapter and the app's only use of `node:crypto` (a CSPRNG;
 * Electron's BoringSSL provides the same `randomBytes`). All other crypto is pure JS.
 */
import { randomBytes } from 'node:crypto';

export interface RandomSource {
  /** `length` bytes from a cryptographically secure generator. */
  randomBytes(length: number): Uint8Array;
}

export const nodeRandomSource: RandomSource = {
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
};

/** Draws from `source` and refuses a short answer (a broken adapter must not weaken keys). */
export function drawRandom(source: RandomSource, length: number): Uint8Array {
  const bytes = source.randomBytes(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new Error(`The random source returned ${String(bytes?.length)} bytes, not ${length}.`);
  }
  return bytes;
}
