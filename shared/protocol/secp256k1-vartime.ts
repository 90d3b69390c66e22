/**
 * Variable-time secp256k1 arithmetic for signature VERIFICATION only (public keys, public
 * scalars): R = u1⋅G + u2⋅Q, and the ECDSA check x(R) ≡ r (mod n). Never use it with a secret.
 *
 * Why not noble's mulAddUnsafe: noble walks projective coordinates with the complete
 * Renes–Costello–Batina formulas (12–15 multiplications per addition or doubling, the `b3`
 * products included) and reduces every product with a generic BigInt `%`. Verification has no
 * secret to protect and its exceptional cases are cheap to test for, so this walk uses Jacobian
 * coordinates with the a = 0 formulas (doubling 2M + 5S, mixed addition 7M + 4S against affine
 * table points) and the special form of p = 2^256 − 2^32 − 977 for the reduction. With the GLV
 * split (noble's `_splitEndoScalar` and basis) four half-length scalars share one chain of 128
 * doublings: u1 against G and ψ(G) (width-8 tables, built once), u2 against Q and ψ(Q)
 * (width-5 tables: 8 odd multiples, built per key and kept by the caller's key cache).
 *
 * The result is checked against noble's secp256k1.verify by the property tests
 * (signature-cache.property.test.ts, secp256k1-vartime.property.test.ts).
 */
import { _splitEndoScalar } from '@noble/curves/abstract/weierstrass.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { FixedBaseTable } from './fixed-base';

const Point = secp256k1.Point;
type CurvePoint = InstanceType<typeof Point>;

const P = Point.Fp.ORDER;
const N = Point.Fn.ORDER;
const MASK_256 = (1n << 256n) - 1n;
/** 2^256 ≡ 2^32 + 977 (mod p). */
const FOLD = 0x1000003d1n;
/** ψ(x, y) = (β⋅x, y) = λ⋅(x, y) on secp256k1 (noble's endomorphism constants). */
const BETA = 0x7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501een;
const BASIS: [[bigint, bigint], [bigint, bigint]] = [
  [0x3086d221a7d46bcde86c90e49284eb15n, -0xe4437ed6010e88286f547fa90abfe4c3n],
  [0x114ca50f7a8e2f3f657c1108d9d44cfd8n, 0x3086d221a7d46bcde86c90e49284eb15n],
];

/** x mod p for 0 ≤ x < 2^512 (two folds of the high half, one conditional subtraction). */
function reduce(x: bigint): bigint {
  x = (x & MASK_256) + (x >> 256n) * FOLD;
  x = (x & MASK_256) + (x >> 256n) * FOLD;
  return x >= P ? x - P : x;
}

const mul = (a: bigint, b: bigint): bigint => reduce(a * b);
const sqr = (a: bigint): bigint => reduce(a * a);
function add(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= P ? s - P : s;
}
function sub(a: bigint, b: bigint): bigint {
  const d = a - b;
  return d < 0n ? d + P : d;
}

/** An affine point (never infinity). */
export interface Affine {
  readonly x: bigint;
  readonly y: bigint;
}

/** A Jacobian point (x = X/Z², y = Y/Z³); Z = 0 is infinity. */
interface Jacobian {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
}

const INFINITY: Jacobian = { X: 1n, Y: 1n, Z: 0n };

/** dbl-2009-l (a = 0): 2M + 5S. secp256k1 has no point of order 2, so Y ≠ 0 unless infinity. */
function double(p: Jacobian): Jacobian {
  const { X, Y, Z } = p;
  if (Z === 0n) return p;
  const A = sqr(X);
  const B = sqr(Y);
  const C = sqr(B);
  const t = sub(sub(sqr(add(X, B)), A), C);
  const D = add(t, t);
  const E = add(add(A, A), A);
  const F = sqr(E);
  const X3 = sub(F, add(D, D));
  const Y3 = sub(mul(E, sub(D, X3)), reduce(C << 3n));
  const Z3 = mul(add(Y, Y), Z);
  return { X: X3, Y: Y3, Z: Z3 };
}

/** madd-2007-bl: Jacobian + affine, 7M + 4S, with the equal and opposite cases handled. */
function addAffine(p: Jacobian, x2: bigint, y2: bigint): Jacobian {
  const { X, Y, Z } = p;
  if (Z === 0n) return { X: x2, Y: y2, Z: 1n };
  const Z1Z1 = sqr(Z);
  const U2 = mul(x2, Z1Z1);
  const S2 = mul(y2, mul(Z, Z1Z1));
  const H = sub(U2, X);
  const S = sub(S2, Y);
  if (H === 0n) return S === 0n ? double(p) : INFINITY;
  const HH = sqr(H);
  const I = reduce(HH << 2n);
  const J = mul(H, I);
  const r = add(S, S);
  const V = mul(X, I);
  const X3 = sub(sub(sqr(r), J), add(V, V));
  const YJ = mul(Y, J);
  const Y3 = sub(mul(r, sub(V, X3)), add(YJ, YJ));
  const Z3 = sub(sub(sqr(add(Z, H)), Z1Z1), HH);
  return { X: X3, Y: Y3, Z: Z3 };
}

/**
 * Width-W non-adjacent form of 0 ≤ k, least significant digit first: every digit is 0 or odd
 * with |digit| < 2^(W−1), and k = Σ digit⋅2^i.
 */
function wnaf(k: bigint, width: number): Int16Array {
  const text = k.toString(2);
  const length = k === 0n ? 0 : text.length;
  const bits = new Uint8Array(length + width + 2);
  for (let i = 0; i < length; i++) bits[i] = text.charCodeAt(length - 1 - i) - 48;
  const digits = new Int16Array(length + 1);
  const full = 1 << width;
  const half = full >> 1;
  let i = 0;
  while (i <= length) {
    if (bits[i] === 0) {
      i++;
      continue;
    }
    let value = 0;
    for (let j = width - 1; j >= 0; j--) value = value * 2 + (bits[i + j] as number);
    for (let j = 0; j < width; j++) bits[i + j] = 0;
    if (value >= half) {
      value -= full;
      let carry = i + width;
      while (bits[carry] === 1) bits[carry++] = 0;
      bits[carry] = 1;
    }
    digits[i] = value;
    i += width;
  }
  return digits;
}

/** Odd multiples P, 3P, …, (2^(W−1) − 1)P of a point and of ψ(P), affine. */
export interface OddMultiples {
  readonly width: number;
  readonly points: readonly Affine[];
  readonly psi: readonly Affine[];
}

/**
 * The table a walk needs for a point. One inversion: 2P = (X2, Y2, Z2) is affine on the
 * isomorphic curve y² = x³ + 7⋅Z2⁶ (x' = x⋅Z2², y' = y⋅Z2³), whose addition formulas are the same
 * (a = 0, b unused), so P, 3P, … are summed there with mixed additions and brought back to
 * affine with one batch inversion of their Z⋅Z2.
 */
export function oddMultiples(point: CurvePoint, width: number): OddMultiples {
  if (!Number.isInteger(width) || width < 2 || width > 10) {
    throw new RangeError('A wNAF width is 2 to 10 bits.');
  }
  if (point.is0()) throw new RangeError('No table for the point at infinity.');
  const { x, y } = point.toAffine();
  const count = 1 << (width - 2);
  const points: Affine[] = [{ x, y }];
  if (count > 1) {
    const two = double({ X: x, Y: y, Z: 1n });
    const z2 = two.Z;
    const zz2 = sqr(z2);
    // P on the isomorphic curve, then 3P, 5P, … there (Jacobian).
    let acc: Jacobian = { X: mul(x, zz2), Y: mul(y, mul(zz2, z2)), Z: 1n };
    const sums: Jacobian[] = [];
    for (let j = 1; j < count; j++) {
      acc = addAffine(acc, two.X, two.Y);
      if (acc.Z === 0n) throw new RangeError('Unexpected infinity in a table of odd multiples.');
      sums.push(acc);
    }
    // Back on the curve: Z_E = Z⋅Z2. Batch inversion (Montgomery's trick).
    const zs = sums.map((q) => mul(q.Z, z2));
    const prefix: bigint[] = [];
    let running = 1n;
    for (const z of zs) {
      prefix.push(running);
      running = mul(running, z);
    }
    let inverse = Point.Fp.inv(running);
    const inverses: bigint[] = new Array<bigint>(zs.length);
    for (let i = zs.length - 1; i >= 0; i--) {
      inverses[i] = mul(inverse, prefix[i] as bigint);
      inverse = mul(inverse, zs[i] as bigint);
    }
    sums.forEach((q, i) => {
      const zi = inverses[i] as bigint;
      const zi2 = sqr(zi);
      points.push({ x: mul(q.X, zi2), y: mul(q.Y, mul(zi2, zi)) });
    });
  }
  return { width, points, psi: points.map((q) => ({ x: mul(q.x, BETA), y: q.y })) };
}

let baseTable: OddMultiples | undefined;
const BASE_WIDTH = 8;

interface Stream {
  readonly digits: Int16Array;
  readonly table: readonly Affine[];
  /** The split gave a negative half: every digit's sign flips. */
  readonly negate: boolean;
}

function streams(scalar: bigint, table: OddMultiples, out: Stream[]): void {
  if (scalar === 0n) return;
  const { k1neg, k1, k2neg, k2 } = _splitEndoScalar(scalar, BASIS, N);
  out.push({ digits: wnaf(k1, table.width), table: table.points, negate: k1neg });
  out.push({ digits: wnaf(k2, table.width), table: table.psi, negate: k2neg });
}

/** u1⋅G + u2⋅Q for public 0 ≤ u1, u2 < n, Q given by its odd multiples. */
function mulAdd(u1: bigint, u2: bigint, q: OddMultiples): Jacobian {
  baseTable ??= oddMultiples(Point.BASE, BASE_WIDTH);
  const all: Stream[] = [];
  streams(u1, baseTable, all);
  streams(u2, q, all);
  let top = 0;
  for (const s of all) top = Math.max(top, s.digits.length);
  let acc = INFINITY;
  for (let bit = top - 1; bit >= 0; bit--) {
    acc = double(acc);
    for (const s of all) {
      const digit = s.digits[bit];
      if (!digit) continue;
      const signed = s.negate ? -digit : digit;
      const point = s.table[(Math.abs(signed) - 1) >> 1] as Affine;
      acc = addAffine(acc, point.x, signed > 0 ? point.y : P - point.y);
    }
  }
  return acc;
}

/**
 * acc + scalar⋅B from a fixed-base table of B (signed digits in (−half, half], one mixed addition
 * per non-zero window, no doubling).
 */
function combAdd(acc: Jacobian, scalar: bigint, table: FixedBaseTable): Jacobian {
  const { window, windows, half } = table;
  const points = table.affine();
  const full = 2 * half;
  const mask = BigInt(full - 1);
  const shift = BigInt(window);
  let rest = scalar;
  let carry = 0;
  for (let w = 0; w < windows; w++) {
    let digit = Number(rest & mask) + carry;
    rest >>= shift;
    if (digit > half) {
      digit -= full;
      carry = 1;
    } else {
      carry = 0;
    }
    if (digit > 0) {
      const q = points[w * half + digit - 1] as Affine;
      acc = addAffine(acc, q.x, q.y);
    } else if (digit < 0) {
      const q = points[w * half - digit - 1] as Affine;
      acc = addAffine(acc, q.x, P - q.y);
    }
  }
  return acc;
}

let baseComb: FixedBaseTable | undefined;
/** Width of the generator's fixed-base table (38 windows × 64 points, built on first need). */
const BASE_COMB_WINDOW = 7;

/**
 * The generator's fixed-base table, built on first need and kept for the process: u1⋅G of the
 * verifications with a key table, and the public tweak⋅G of BIP-32 public derivation (hd.ts).
 * One table: noble's multiplyUnsafe of G would build a second one of its own (44 windows × 32
 * points, ~27 ms) beside this one. Public scalars only (variable time).
 */
export function generatorTable(): FixedBaseTable {
  baseComb ??= new FixedBaseTable(Point.BASE, BASE_COMB_WINDOW);
  return baseComb;
}

/** x(R) ≡ r (mod n) for R in Jacobian coordinates, without an inversion. */
function xMatches(R: Jacobian, r: bigint): boolean {
  if (R.Z === 0n) return false;
  // x(R) = X/Z² ∈ [0, p); x(R) mod n = r ⟺ x(R) = r or x(R) = r + n (p < 2n).
  const zz = sqr(R.Z);
  if (mul(r, zz) === R.X) return true;
  const rn = r + N;
  return rn < P && mul(rn, zz) === R.X;
}

/**
 * The ECDSA equation for a key with a fixed-base table (a key used often): u1⋅G and u2⋅Q both
 * by table lookups and mixed additions, no doubling chain. Same contract as {@link ecdsaHolds}.
 */
export function ecdsaHoldsFixed(h: bigint, r: bigint, s: bigint, q: FixedBaseTable): boolean {
  const Fn = Point.Fn;
  const is = Fn.inv(s);
  const R = combAdd(combAdd(INFINITY, Fn.create(h * is), generatorTable()), Fn.create(r * is), q);
  return xMatches(R, r);
}

/**
 * The ECDSA equation for public values, all already range-checked by the caller: 1 ≤ r, s < n,
 * h = the digest as an integer mod n, Q a valid public key. True iff x(h/s⋅G + r/s⋅Q) ≡ r (mod n).
 */
export function ecdsaHolds(h: bigint, r: bigint, s: bigint, q: OddMultiples): boolean {
  const Fn = Point.Fn;
  const is = Fn.inv(s);
  return xMatches(mulAdd(Fn.create(h * is), Fn.create(r * is), q), r);
}

/** Width of the per-key tables (8 odd multiples of Q and of ψ(Q)). */
export const KEY_TABLE_WIDTH = 5;
