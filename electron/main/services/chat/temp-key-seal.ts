/**
 * Temp private keys at rest: sealed with AES-256-GCM under a key derived from the permanent
 * device key, so the chat database alone (a copied file, a backup) does not hold usable keys.
 * A file opened with another device key simply fails to unseal; the messenger then makes new keys.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64, toBase64, utf8 } from '../../../../shared/protocol/bytes';

const SEAL_CONTEXT = 'obyte-light/chat/temp-key/v1';
const NONCE_BYTES = 12;

function sealKey(devicePrivateKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8(SEAL_CONTEXT), devicePrivateKey));
}

export function sealTempKey(
  tempPrivateKey: Uint8Array,
  devicePrivateKey: Uint8Array,
  nonce: Uint8Array,
): string {
  if (nonce.length !== NONCE_BYTES) throw new TypeError('The seal nonce must be 12 bytes.');
  const sealed = gcm(sealKey(devicePrivateKey), nonce).encrypt(tempPrivateKey);
  return toBase64(concatBytes(nonce, sealed));
}

/** The temp private key, or null when the seal does not open (another device key, damage). */
export function unsealTempKey(sealed: string, devicePrivateKey: Uint8Array): Uint8Array | null {
  try {
    const bytes = fromBase64(sealed, 'sealed temp key');
    const opened = gcm(sealKey(devicePrivateKey), bytes.subarray(0, NONCE_BYTES)).decrypt(
      bytes.subarray(NONCE_BYTES),
    );
    return opened.length === 32 ? opened : null;
  } catch {
    return null;
  }
}

export const SEAL_NONCE_BYTES = NONCE_BYTES;
