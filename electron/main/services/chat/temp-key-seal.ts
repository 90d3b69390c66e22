/**
 * Temp private keys at rest: sealed with AES-256-GCM under a key derived from the permanent
 * device key, so the chat database alone (a copied file, a backup) does not hold usable keys.
 * A file opened with another device key simply fails to unseal; the messenger then makes new keys.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { concatBytes, fromBase64, toBase64 } from '../../../../shared/protocol/bytes';
import type { DeviceSigner } from '../keystore/signer';

const SEAL_CONTEXT = 'obyte-light/chat/temp-key/v1';
const NONCE_BYTES = 12;

/** What sealing needs of the device key: its at-rest key, SHA-256(context ‖ device key). */
export type SealingKey = Pick<DeviceSigner, 'atRestKey'>;

export function sealTempKey(
  tempPrivateKey: Uint8Array,
  device: SealingKey,
  nonce: Uint8Array,
): string {
  if (nonce.length !== NONCE_BYTES) throw new TypeError('The seal nonce must be 12 bytes.');
  const sealed = gcm(device.atRestKey(SEAL_CONTEXT), nonce).encrypt(tempPrivateKey);
  return toBase64(concatBytes(nonce, sealed));
}

/** The temp private key, or null when the seal does not open (another device key, damage). */
export function unsealTempKey(sealed: string, device: SealingKey): Uint8Array | null {
  try {
    const bytes = fromBase64(sealed, 'sealed temp key');
    const opened = gcm(device.atRestKey(SEAL_CONTEXT), bytes.subarray(0, NONCE_BYTES)).decrypt(
      bytes.subarray(NONCE_BYTES),
    );
    return opened.length === 32 ? opened : null;
  } catch {
    return null;
  }
}

export const SEAL_NONCE_BYTES = NONCE_BYTES;
