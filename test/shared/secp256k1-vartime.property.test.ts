/**
 * The Jacobian GLV walk and the fixed-base path of secp256k1-vartime.ts against noble: the walk's
 * tables hold noble's odd multiples, and both ECDSA checks answer as noble's secp256k1.verify for valid, tampered and
 * foreign signatures, for digests that make u1 = 0, and for r close to n.
 */
import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { FixedBaseTable } from '../../shared/protocol/fixed-base';
import {
  ecdsaHolds,
  ecdsaHoldsFixed,
  KEY_TABLE_WIDTH,
  oddMultiples,
} from '../../shared/protocol/secp256k1-vartime';
import { bytes32, privateKey } from './arbitraries';

const Point = secp256k1.Point;
const N = Point.Fn.ORDER;
const OPTS = { prehash: false, lowS: true } as const;

function nobleVerify(signature: Uint8Array, digest: Uint8Array, pubkey: Uint8Array): boolean {
  try {
    return secp256k1.verify(signature, digest, pubkey, OPTS);
  } catch {
    return false;
  }
}

/** ecdsaHolds behind the range checks verify() makes first (compact, 1 ≤ r, s < n, low S). */
function walkVerify(signature: Uint8Array, digest: Uint8Array, pubkey: Uint8Array): boolean {
  let sig;
  try {
    sig = secp256k1.Signature.fromBytes(signature, 'compact');
  } catch {
    return false;
  }
  if (sig.hasHighS()) return false;
  const point = Point.fromBytes(pubkey);
  const h = Point.Fn.create(bytesToNumberBE(digest));
  const walk = ecdsaHolds(h, sig.r, sig.s, oddMultiples(point, KEY_TABLE_WIDTH));
  // The fixed-base path (keys used often) must give the same answer.
  const fixed = ecdsaHoldsFixed(h, sig.r, sig.s, new FixedBaseTable(point, 4));
  expect(fixed).toBe(walk);
  return walk;
}

describe('oddMultiples', () => {
  it("holds noble's P, 3P, 5P, … and ψ(P) = λ⋅P for widths 2 to 7", () => {
    const lambda = 0x5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72n;
    fc.assert(
      fc.property(privateKey, fc.integer({ min: 2, max: 7 }), (key, width) => {
        const point = Point.fromBytes(secp256k1.getPublicKey(key, true));
        const table = oddMultiples(point, width);
        expect(table.points).toHaveLength(1 << (width - 2));
        table.points.forEach((q, j) => {
          const expected = point.multiply(BigInt(2 * j + 1)).toAffine();
          expect(q).toEqual(expected);
          const psi = point.multiply((BigInt(2 * j + 1) * lambda) % N).toAffine();
          expect(table.psi[j]).toEqual(psi);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('refuses widths it cannot serve and the point at infinity', () => {
    expect(() => oddMultiples(Point.BASE, 1)).toThrow(RangeError);
    expect(() => oddMultiples(Point.BASE, 11)).toThrow(RangeError);
    expect(() => oddMultiples(Point.ZERO, 5)).toThrow(RangeError);
  });
});

describe('ecdsaHolds', () => {
  it('accepts what noble accepts and refuses what it refuses', () => {
    const variant = fc.constantFrom('valid', 'digest', 'r', 's', 'other key');
    fc.assert(
      fc.property(privateKey, privateKey, bytes32, variant, (key, other, digest, how) => {
        const pubkey = secp256k1.getPublicKey(how === 'other key' ? other : key, true);
        const signature = secp256k1.sign(digest, key, OPTS);
        const message = digest.slice();
        if (how === 'digest') message[7] = (message[7] ?? 0) ^ 1;
        if (how === 'r') signature[31] = (signature[31] ?? 0) ^ 4;
        if (how === 's') signature[63] = (signature[63] ?? 0) ^ 2;
        const expected = nobleVerify(signature, message, pubkey);
        if (how === 'valid') expect(expected).toBe(true);
        expect(walkVerify(signature, message, pubkey)).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with noble when u1 = 0 (digest ≡ 0 mod n) and for r near n', () => {
    const key = secp256k1.utils.randomSecretKey();
    const pubkey = secp256k1.getPublicKey(key, true);
    const be32 = (n: bigint) =>
      Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
    for (const digest of [new Uint8Array(32), be32(N), be32(N + 5n)]) {
      const signature = secp256k1.sign(digest, key, OPTS);
      expect(nobleVerify(signature, digest, pubkey)).toBe(true);
      expect(walkVerify(signature, digest, pubkey)).toBe(true);
      const tampered = signature.slice();
      tampered[40] = (tampered[40] ?? 0) ^ 8;
      expect(walkVerify(tampered, digest, pubkey)).toBe(nobleVerify(tampered, digest, pubkey));
    }
    const s = be32(1n);
    for (const r of [1n, N - 1n, 2n ** 255n]) {
      const signature = new Uint8Array(64);
      signature.set(be32(r), 0);
      signature.set(s, 32);
      const digest = be32(r * 3n);
      expect(walkVerify(signature, digest, pubkey)).toBe(nobleVerify(signature, digest, pubkey));
    }
  });
});
