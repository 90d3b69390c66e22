/**
 * The keystore's Signer: what other services may ask of the wallet's private keys. Payments ask
 * for a unit digest signed with one of the wallet's address keys; chat asks the device key to sign
 * (login, temp pubkey, envelopes), to agree a key with a sender (ECDH) and to derive a key for
 * data at rest. No function here returns private key bytes (ARCHITECTURE.md, principle 9): one
 * step towards a signer in its own process, as Frame does.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from '../../../../shared/protocol/bytes';
import { getDeviceAddress } from '../../../../shared/protocol/chash';
import { asSecretKey, type SecretKey } from '../../../../shared/protocol/device-crypto';
import { KeystoreError } from './errors';

/** Where an address sits in the wallet: m/44'/0'/account'/is_change/index. */
export interface AddressPlace {
  readonly account: number;
  readonly isChange: boolean;
  readonly index: number;
}

/** Signs unit digests with the keys of the wallet's payment addresses (the unlocked wallet). */
export interface AddressSigner {
  /** ocore signature.sign of `digest` by the key at `place`: base64, 88 characters. */
  signWithAddressKey(place: AddressPlace, digest: Uint8Array): string;
}

/**
 * The permanent device key m/1' behind a door. Whoever is handed one (chat, while the wallet is
 * unlocked) wipes it when done; every call after that throws `locked`.
 */
export interface DeviceSigner extends SecretKey {
  readonly deviceAddress: string;
  /**
   * SHA-256(context ‖ device private key): a symmetric key for data at rest that only this
   * device key opens (chat's temp keys). `context` names the use, so each use gets its own key.
   */
  atRestKey(context: string): Uint8Array;
  /** Zeroes the key bytes. */
  wipe(): void;
}

class DeviceKeySigner implements DeviceSigner {
  readonly #key: Uint8Array;
  readonly pubkey: string;
  readonly deviceAddress: string;
  #wiped = false;

  constructor(privateKey: Uint8Array) {
    this.#key = privateKey.slice();
    this.pubkey = asSecretKey(this.#key).pubkey;
    this.deviceAddress = getDeviceAddress(this.pubkey);
  }

  #open(): Uint8Array {
    if (this.#wiped) throw new KeystoreError('locked', 'The device key was wiped: unlock again.');
    return this.#key;
  }

  sign(digest: Uint8Array): string {
    return asSecretKey(this.#open()).sign(digest);
  }

  ecdhSharedX(peerPubkeyB64: string): Uint8Array {
    return asSecretKey(this.#open()).ecdhSharedX(peerPubkeyB64);
  }

  atRestKey(context: string): Uint8Array {
    return sha256(concatBytes(utf8(context), this.#open()));
  }

  wipe(): void {
    this.#key.fill(0);
    this.#wiped = true;
  }
}

/**
 * A device signer over a copy of `privateKey` (the caller may zero its own bytes at once). The
 * keystore makes one from the unlocked wallet; tests make one from a key of their own.
 */
export function openDeviceSigner(privateKey: Uint8Array): DeviceSigner {
  return new DeviceKeySigner(privateKey);
}
