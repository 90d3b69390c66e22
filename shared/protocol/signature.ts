/**
 * secp256k1 ECDSA as Obyte uses it (ports ocore signature.js): the message is a 32-byte digest
 * used as-is (no second hash), signatures are 64-byte compact r||s in base64, low-S, RFC 6979
 * deterministic nonces. Pubkeys are 33-byte compressed points in base64.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { fromBase64, isBase64, toBase64 } from './bytes';
import { fail } from './errors';

const OPTS = { prehash: false, lowS: true } as const;

function checkDigest(digest: Uint8Array): void {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) {
    fail('signature', 'The digest to sign must be 32 bytes.');
  }
}

export function isValidPrivateKey(privateKey: Uint8Array): boolean {
  return privateKey.length === 32 && secp256k1.utils.isValidSecretKey(privateKey);
}

/** Compressed (33-byte) public key of a 32-byte private key. */
export function getPublicKey(privateKey: Uint8Array): Uint8Array {
  if (!isValidPrivateKey(privateKey)) fail('key', 'That is not a valid secp256k1 private key.');
  return secp256k1.getPublicKey(privateKey, true);
}

export function getPublicKeyB64(privateKey: Uint8Array): string {
  return toBase64(getPublicKey(privateKey));
}

export function getUncompressedPublicKey(privateKey: Uint8Array): Uint8Array {
  if (!isValidPrivateKey(privateKey)) fail('key', 'That is not a valid secp256k1 private key.');
  return secp256k1.getPublicKey(privateKey, false);
}

/** Decode and validate a 44-char base64 compressed pubkey. */
export function parsePubkey(pubkeyB64: unknown): Uint8Array {
  if (!isBase64(pubkeyB64, 33))
    fail('key', 'A public key must be 33 bytes in base64 (44 characters).');
  const bytes = fromBase64(pubkeyB64, 'public key');
  if (bytes[0] !== 2 && bytes[0] !== 3) fail('key', 'A public key must be a compressed point.');
  try {
    secp256k1.Point.fromBytes(bytes);
  } catch {
    fail('key', 'That public key is not a point on secp256k1.');
  }
  return bytes;
}

export function isValidPubkey(pubkeyB64: unknown): pubkeyB64 is string {
  try {
    parsePubkey(pubkeyB64);
    return true;
  } catch {
    return false;
  }
}

/** Compressed pubkey from any SEC1 encoding (33 or 65 bytes). */
export function compressPubkey(pubkey: Uint8Array): Uint8Array {
  try {
    return secp256k1.Point.fromBytes(pubkey).toBytes(true);
  } catch {
    return fail('key', 'That public key is not a point on secp256k1.');
  }
}

/** ocore signature.sign: compact low-S signature of a 32-byte digest, raw bytes. */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): Uint8Array {
  checkDigest(digest);
  if (!isValidPrivateKey(privateKey)) fail('key', 'That is not a valid secp256k1 private key.');
  return secp256k1.sign(digest, privateKey, OPTS);
}

/** ocore signature.sign: base64 of the 64-byte compact signature (88 characters). */
export function sign(digest: Uint8Array, privateKey: Uint8Array): string {
  return toBase64(signDigest(digest, privateKey));
}

/**
 * ocore signature.verify: false (never a throw) for anything malformed — wrong lengths,
 * non-canonical base64, high-S, a pubkey off the curve. The pubkey is decoded once, by the
 * curve itself: verification is the hot path of history proofs.
 */
export function verify(digest: Uint8Array, signatureB64: unknown, pubkeyB64: unknown): boolean {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) return false;
  if (!isBase64(signatureB64, 64) || !isBase64(pubkeyB64, 33)) return false;
  const pubkey = fromBase64(pubkeyB64);
  if (pubkey[0] !== 2 && pubkey[0] !== 3) return false;
  try {
    return secp256k1.verify(fromBase64(signatureB64), digest, pubkey, OPTS);
  } catch {
    return false;
  }
}
