/**
 * A textcoin's words at rest: AES-256-GCM under a key derived from the wallet's permanent device
 * key (DeviceSigner.atRestKey), with the textcoin's address as associated data, so the wallet
 * database alone (a copied file, a backup) does not hold the money, and sealed words cannot be
 * moved to another row. A wallet restored from the same recovery phrase opens them again.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { concatBytes, fromBase64, toBase64, utf8 } from '../../../../shared/protocol/bytes';
import type { DeviceSigner } from '../keystore/signer';

const SEAL_CONTEXT = 'obyte-light/textcoin/words/v1';
export const WORDS_NONCE_BYTES = 12;

export type WordsKey = Pick<DeviceSigner, 'atRestKey'>;

export function sealWords(
  textcoin: string,
  address: string,
  device: WordsKey,
  nonce: Uint8Array,
): string {
  if (nonce.length !== WORDS_NONCE_BYTES) throw new TypeError('The seal nonce must be 12 bytes.');
  const sealed = gcm(device.atRestKey(SEAL_CONTEXT), nonce, utf8(address)).encrypt(utf8(textcoin));
  return toBase64(concatBytes(nonce, sealed));
}

/** The words, or null when the seal does not open (another wallet's key, damage, another row). */
export function unsealWords(sealed: string, address: string, device: WordsKey): string | null {
  try {
    const bytes = fromBase64(sealed, 'sealed textcoin words');
    const opened = gcm(
      device.atRestKey(SEAL_CONTEXT),
      bytes.subarray(0, WORDS_NONCE_BYTES),
      utf8(address),
    ).decrypt(bytes.subarray(WORDS_NONCE_BYTES));
    return new TextDecoder('utf-8', { fatal: true }).decode(opened);
  } catch {
    return null;
  }
}
