/**
 * Variable-time multiplication of a fixed secp256k1 point by PUBLIC scalars (signature
 * verification's u1, u2), from a table of its multiples built once: one point addition per
 * window of the scalar, nothing else. noble's multiplyUnsafe with a precomputed table walks its
 * constant-time kernel (an addition to a discarded accumulator beside every real one), which is
 * right for secret scalars and twice the work for public ones. Never use this with a secret.
 *
 * Table: for window w (0 ≤ w < ⌈256/W⌉ + 1) the multiples 1·B, …, 2^(W−1)·B of B = 2^(W·w)·P,
 * normalized to affine in one batch inversion. The scalar is read as signed digits in
 * (−2^(W−1), 2^(W−1)], so half the multiples suffice; the extra window takes the last carry.
 */
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { fail } from './errors';

const Point = secp256k1.Point;
type CurvePoint = InstanceType<typeof Point>;
const ORDER = Point.Fn.ORDER;
const SCALAR_BITS = 256;

export class FixedBaseTable {
  readonly window: number;
  readonly windows: number;
  /** 2^(window−1): multiples per window. */
  readonly half: number;
  private readonly points: readonly CurvePoint[];
  private affinePoints: readonly { readonly x: bigint; readonly y: bigint }[] | undefined;

  constructor(point: CurvePoint, window: number) {
    if (!Number.isInteger(window) || window < 2 || window > 10) {
      fail('key', 'A fixed-base table window is 2 to 10 bits.');
    }
    if (point.is0()) fail('key', 'A fixed-base table needs a point other than infinity.');
    this.window = window;
    this.windows = Math.ceil(SCALAR_BITS / window) + 1;
    this.half = 2 ** (window - 1);
    const multiples: CurvePoint[] = [];
    let base = point;
    for (let w = 0; w < this.windows; w++) {
      let multiple = base;
      multiples.push(multiple);
      for (let j = 1; j < this.half; j++) {
        multiple = multiple.add(base);
        multiples.push(multiple);
      }
      base = multiple.double(); // 2^(W−1)·B doubled: the next window's 2^W·B
    }
    this.points = normalizeZ(Point, multiples);
  }

  /** The table's points as affine coordinates (window w, multiple j at w⋅half + j − 1). */
  affine(): readonly { readonly x: bigint; readonly y: bigint }[] {
    this.affinePoints ??= this.points.map((q) => ({ x: q.X, y: q.Y }));
    return this.affinePoints;
  }

  /** scalar·P for a public scalar, 0 ≤ scalar < n (variable time). */
  multiply(scalar: bigint): CurvePoint {
    if (typeof scalar !== 'bigint' || scalar < 0n || scalar >= ORDER) {
      fail('key', 'A scalar must be a number from 0 to the group order.');
    }
    const { window, windows, half, points } = this;
    const full = 2 * half;
    const mask = BigInt(full - 1);
    const shift = BigInt(window);
    let rest = scalar;
    let carry = 0;
    let sum = Point.ZERO;
    for (let w = 0; w < windows; w++) {
      let digit = Number(rest & mask) + carry;
      rest >>= shift;
      if (digit > half) {
        digit -= full;
        carry = 1;
      } else {
        carry = 0;
      }
      if (digit > 0) sum = sum.add(points[w * half + digit - 1] as CurvePoint);
      else if (digit < 0) sum = sum.add((points[w * half - digit - 1] as CurvePoint).negate());
    }
    return sum;
  }
}
