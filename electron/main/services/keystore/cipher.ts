/**
 * The keystore's crypto, pure JS (ARCHITECTURE.md principle 2): scrypt from @noble/hashes for
 * the password key, tweetnacl secretbox (XSalsa20-Poly1305) for the payload, HMAC-SHA256 for
 * the key check. Callers zero the keys and plaintexts they get back when done.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { equalBytes, fromBase64, toBase64, utf8 } from '../../../../shared/protocol/bytes';
import { KEY_BYTES, KEY_CHECK_BYTES, KEY_CHECK_LABEL, type ScryptParams } from './format';
import { scryptOffThread } from './kdf';

/**
 * The file key from a password. The password is NFC-normalized so that the same visible
 * characters typed on another OS or keyboard layout give the same key. In a worker thread
 * (kdf.ts): a one-second, 128 MiB scrypt must not freeze the main process or keep its memory.
 */
export async function passwordKey(
  password: string,
  salt: Uint8Array,
  params: ScryptParams,
): Promise<Uint8Array> {
  const secret = utf8(password.normalize('NFC'));
  try {
    const { key } = await scryptOffThread(secret, salt, {
      N: params.N,
      r: params.r,
      p: params.p,
      dkLen: KEY_BYTES,
      maxmem: 2 ** 29,
    });
    return key;
  } finally {
    secret.fill(0);
  }
}

export function keyCheck(key: Uint8Array): string {
  return toBase64(hmac(sha256, key, utf8(KEY_CHECK_LABEL)).slice(0, KEY_CHECK_BYTES));
}

export function keyMatchesCheck(key: Uint8Array, check: string): boolean {
  return equalBytes(fromBase64(keyCheck(key)), fromBase64(check));
}

export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return nacl.secretbox(plaintext, nonce, key);
}

/** The plaintext, or null when the MAC does not verify. */
export function open(key: Uint8Array, nonce: Uint8Array, box: Uint8Array): Uint8Array | null {
  return nacl.secretbox.open(box, nonce, key);
}
