/**
 * The variable-time fixed-base multiplication (fixed-base.ts) gives noble's scalar·P for any
 * point and scalar, with the edge scalars (0, 1, digits that carry, n − 1) and every window.
 */
import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { FixedBaseTable } from '../../shared/protocol/fixed-base';

const Point = secp256k1.Point;
const N = Point.Fn.ORDER;
const scalar = fc.bigInt({ min: 0n, max: N - 1n });
const EDGES = [0n, 1n, 2n, 7n, 8n, 9n, 2n ** 128n - 1n, 2n ** 255n, (N - 1n) / 2n, N - 2n, N - 1n];

const noble = (point: InstanceType<typeof Point>, k: bigint) =>
  k === 0n ? Point.ZERO : point.multiplyUnsafe(k);

describe('FixedBaseTable', () => {
  it('multiplies G like noble for edge and random scalars, windows 4 and 8', () => {
    for (const window of [4, 8]) {
      const table = new FixedBaseTable(Point.BASE, window);
      for (const k of EDGES) expect(table.multiply(k).equals(noble(Point.BASE, k))).toBe(true);
      fc.assert(
        fc.property(scalar, (k) => table.multiply(k).equals(noble(Point.BASE, k))),
        { numRuns: 60 },
      );
    }
  });

  it('multiplies any point like noble, for windows 2 to 7', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: N - 1n }),
        fc.integer({ min: 2, max: 7 }),
        fc.array(scalar, { minLength: 1, maxLength: 4 }),
        (secret, window, ks) => {
          const point = Point.BASE.multiply(secret);
          const table = new FixedBaseTable(point, window);
          for (const k of [...ks, 0n, 1n, N - 1n]) {
            expect(table.multiply(k).equals(noble(point, k))).toBe(true);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses scalars outside 0..n−1 and unusable windows', () => {
    const table = new FixedBaseTable(Point.BASE, 4);
    expect(() => table.multiply(N)).toThrow(/scalar/);
    expect(() => table.multiply(-1n)).toThrow(/scalar/);
    expect(() => new FixedBaseTable(Point.BASE, 1)).toThrow(/window/);
    expect(() => new FixedBaseTable(Point.ZERO, 4)).toThrow(/infinity/);
  });
});
