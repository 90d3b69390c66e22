/**
 * secp256k1 ECDSA as Obyte uses it (ports ocore signature.js): the message is a 32-byte digest
 * used as-is (no second hash), signatures are 64-byte compact r||s in base64, low-S, RFC 6979
 * deterministic nonces. Pubkeys are 33-byte compressed points in base64.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { fromBase64, isBase64, toBase64 } from './bytes';
import { fail } from './errors';
import { FixedBaseTable } from './fixed-base';
import {
  ecdsaHolds,
  ecdsaHoldsFixed,
  KEY_TABLE_WIDTH,
  oddMultiples,
  type OddMultiples,
} from './secp256k1-vartime';

const OPTS = { prehash: false, lowS: true } as const;
const Point = secp256k1.Point;
const Fn = Point.Fn;

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
 * non-canonical base64, high-S, a pubkey off the curve. Verification is the hot path of history
 * proofs, where the same few keys (witnesses, the wallet's own addresses) sign again and again:
 * the pubkey is decoded once and kept in a bounded cache, and a key used often gets a
 * precomputed multiplication table (see the cache below). The answer is exactly that of
 * {@link verifyUncached} for every input.
 */
export function verify(digest: Uint8Array, signatureB64: unknown, pubkeyB64: unknown): boolean {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) return false;
  if (!isBase64(signatureB64, 64) || typeof pubkeyB64 !== 'string') return false;
  const key = verificationKey(pubkeyB64);
  if (key === undefined) return false;
  try {
    // The steps of noble's secp256k1.verify (SEC 1 §4.1.4) with {prehash: false, lowS: true},
    // on a decoded point instead of its bytes.
    const sig = secp256k1.Signature.fromBytes(fromBase64(signatureB64), 'compact'); // 1 ≤ r, s < n
    if (sig.hasHighS()) return false;
    const { r, s } = sig;
    // R = u1⋅G + u2⋅P in Jacobian coordinates (secp256k1-vartime.ts). For a key used often,
    // both products by fixed-base tables (fixed-base.ts: u1, u2 are public); otherwise one
    // joint GLV walk over the key's odd multiples.
    const h = Fn.create(bytesToNumberBE(digest)); // bits2int_modN: a 32-byte digest, no shift
    if (key.table) return ecdsaHoldsFixed(h, r, s, key.table);
    key.multiples ??= oddMultiples(key.point, KEY_TABLE_WIDTH);
    return ecdsaHolds(h, r, s, key.multiples);
  } catch {
    return false;
  }
}

/**
 * The reference verification: noble's secp256k1.verify on the decoded bytes, no cache. Same
 * answers as {@link verify} (the property tests compare the two); kept for those tests and the
 * benchmarks.
 */
export function verifyUncached(
  digest: Uint8Array,
  signatureB64: unknown,
  pubkeyB64: unknown,
): boolean {
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

// --- The verification-key cache -------------------------------------------------------------
//
// An LRU of decoded pubkeys (base64 text → curve point, plus the 8 odd multiples of the point
// and of ψ(point) that the joint GLV walk of secp256k1-vartime.ts reads), so a repeated signer
// costs no base64 decoding, no point decompression (a square root) and no table inversion. A key
// verified `tableAfterUses` times while cached also gets a width-4 table of its multiples
// (fixed-base.ts): u2⋅P becomes ~65 table additions and u1⋅G ~38 (the generator's width-7
// table, built once per process) instead of a chain of 128 doublings.
// Building a table costs about five verifications, hence the use count before building one.
//
// Bounds (measured with Node 20): an entry without a table is ~2 KiB (the point's coordinates,
// its 16 odd multiples and the 44-character key); a table holds 520 affine points, ~115 KiB. At most `keys` entries
// (LRU), of which at most `tables` carry a table: with the defaults ≤ 256 × 2 KiB + 32 × 115 KiB
// ≈ 4.1 MiB. A table is never taken from a key to give it to another (keys used once per sync
// would reach the count in time and evict hot keys' tables, one rebuild per use); it goes with its
// key when that leaves the LRU. So each cache entry builds at most one table. A key enters the
// cache only once it decodes to a valid point: malformed input adds nothing.

type CurvePoint = ReturnType<typeof secp256k1.Point.fromBytes>;

interface CachedKey {
  readonly point: CurvePoint;
  /** Verifications with this key since it entered the cache. */
  uses: number;
  table: FixedBaseTable | null;
  /** Odd multiples of the point for the joint walk, built at its first verification. */
  multiples?: OddMultiples;
}

export interface VerificationKeyCacheLimits {
  /** Decoded keys kept (LRU). */
  keys: number;
  /** Keys that may carry a precomputed table at once. */
  tables: number;
  /** A cached key gets a table on this many-th verification. */
  tableAfterUses: number;
}

export const DEFAULT_VERIFICATION_KEY_CACHE_LIMITS: Readonly<VerificationKeyCacheLimits> =
  Object.freeze({ keys: 256, tables: 32, tableAfterUses: 8 });
const TABLE_WINDOW = 4;

let limits: VerificationKeyCacheLimits = { ...DEFAULT_VERIFICATION_KEY_CACHE_LIMITS };
/** Insertion order is recency: the first entry is the least recently used. */
const cache = new Map<string, CachedKey>();
let tableCount = 0;

/** A valid compressed pubkey's point, or undefined — exactly the keys verifyUncached accepts. */
function decodeKey(pubkeyB64: string): CurvePoint | undefined {
  if (!isBase64(pubkeyB64, 33)) return undefined;
  const bytes = fromBase64(pubkeyB64);
  if (bytes[0] !== 2 && bytes[0] !== 3) return undefined;
  try {
    const point = Point.fromBytes(bytes);
    return point.is0() ? undefined : point;
  } catch {
    return undefined;
  }
}

function giveTable(entry: CachedKey): void {
  if (tableCount >= limits.tables) return;
  entry.table = new FixedBaseTable(entry.point, TABLE_WINDOW);
  tableCount++;
}

function verificationKey(pubkeyB64: string): CachedKey | undefined {
  let entry = cache.get(pubkeyB64);
  if (entry !== undefined) {
    cache.delete(pubkeyB64);
  } else {
    const point = decodeKey(pubkeyB64);
    if (point === undefined) return undefined;
    entry = { point, uses: 0, table: null };
    while (cache.size >= limits.keys) {
      const [oldestKey, oldest] = cache.entries().next().value as [string, CachedKey];
      if (oldest.table !== null) tableCount--;
      cache.delete(oldestKey);
    }
  }
  cache.set(pubkeyB64, entry);
  entry.uses++;
  if (entry.table === null && entry.uses >= limits.tableAfterUses) giveTable(entry);
  return entry;
}

/** Empty the verification-key cache (tests and benchmarks: a cold start). */
export function clearVerificationKeyCache(): void {
  cache.clear();
  tableCount = 0;
}

/**
 * Set the cache's limits (tests and benchmarks; the defaults suit the wallet) and empty it.
 * Returns the limits in force before.
 */
export function configureVerificationKeyCache(
  next: Partial<VerificationKeyCacheLimits>,
): VerificationKeyCacheLimits {
  const previous = limits;
  const merged = { ...limits, ...next };
  if (
    !Number.isSafeInteger(merged.keys) ||
    merged.keys < 1 ||
    !Number.isSafeInteger(merged.tables) ||
    merged.tables < 0 ||
    !Number.isSafeInteger(merged.tableAfterUses) ||
    merged.tableAfterUses < 1
  ) {
    throw new RangeError('Invalid verification-key cache limits.');
  }
  limits = merged;
  clearVerificationKeyCache();
  return previous;
}

/** What the cache holds now: decoded keys, and how many of them carry a table. */
export function verificationKeyCacheStats(): { keys: number; tables: number } {
  return { keys: cache.size, tables: tableCount };
}
