/**
 * fast-check arbitraries shared by the property tests of shared/protocol. Each keeps the exact
 * bounds its tests were written with; where tests need other bounds they build on `bytes` and
 * `base64Of` (or `addressFrom`) instead of copying a definition.
 */
import { MAX_CAP } from '../../shared/protocol/constants';
import fc from 'fast-check';
import { toBase64 } from '../../shared/protocol/bytes';
import { getChash160 } from '../../shared/protocol/chash';
import { isValidPrivateKey } from '../../shared/protocol/signature';

/** Exactly `length` random bytes. */
export function bytes(length: number): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ minLength: length, maxLength: length });
}

/** The base64 text of exactly `length` random bytes. */
export function base64Of(length: number): fc.Arbitrary<string> {
  return bytes(length).map(toBase64);
}

/** 32 random bytes: a digest, a seed-sized key, … */
export const bytes32 = bytes(32);

/** A valid secp256k1 private key (32 bytes in [1, n-1]). */
export const privateKey = bytes32.filter((k) => isValidPrivateKey(k));

/** A 44-character base64 hash id (unit hash, asset id): 32 random bytes. */
export const hash44 = base64Of(32);

/** An 88-character base64 signature-sized string: 64 random bytes. */
export const signature88 = base64Of(64);

/** A valid amount: a positive integer up to ocore MAX_CAP (9e15). */
export const amount = fc.integer({ min: 1, max: MAX_CAP });

/** Valid (checksummed) chash160 addresses of the given preimages. */
export function addressFrom(preimage: fc.Arbitrary<string | Uint8Array>): fc.Arbitrary<string> {
  return preimage.map((p) => getChash160(p));
}

/** A valid address: the chash160 of 1 to 40 random bytes. */
export const address = addressFrom(fc.uint8Array({ minLength: 1, maxLength: 40 }));
