/**
 * verify() keeps decoded pubkeys in a bounded cache and gives often-used ones a precomputed
 * table; verifyUncached() is noble's secp256k1.verify on the bytes, as verify() was before. The
 * two must answer the same for every input, in every cache state: a key seen for the first time,
 * a cached key without a table, a cached key with one, and under eviction.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { fromBase64, fromHex, toBase64, toHex } from '../../shared/protocol/bytes';
import {
  clearVerificationKeyCache,
  configureVerificationKeyCache,
  DEFAULT_VERIFICATION_KEY_CACHE_LIMITS,
  getPublicKey,
  sign,
  signDigest,
  verificationKeyCacheStats,
  verify,
  verifyUncached,
  type VerificationKeyCacheLimits,
} from '../../shared/protocol/signature';
import { bytes, bytes32, privateKey } from './arbitraries';
import { makeTestKey } from './test-keys';
import { loadVectors } from './vectors/load';

const N = secp256k1.Point.Fn.ORDER;
const P = secp256k1.Point.Fp.ORDER;

/** A few keys that sign again and again, so that cached entries and tables are exercised. */
const POOL = ['a', 'b', 'c', 'd'].map((label) => makeTestKey(`signature cache ${label}`));

function be32(n: bigint): Uint8Array {
  return fromHex(n.toString(16).padStart(64, '0'));
}

function withScalar(raw: Uint8Array, half: 0 | 1, value: bigint): Uint8Array {
  const out = raw.slice();
  out.set(be32(value), half * 32);
  return out;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] = (out[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return out;
}

/** Another spelling of the same bytes (of a canonical, padded text): unused low bits set. */
function nonCanonical(text: string, junk: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const at = text.length - pad - 1;
  const unused = pad === 2 ? 15 : pad === 1 ? 3 : 0;
  const last = alphabet.indexOf(text[at] ?? '');
  // A canonical encoding has these bits clear; set at least one of them.
  const bits = junk & unused || 1;
  return text.slice(0, at) + (alphabet[last | bits] ?? '') + text.slice(at + 1);
}

/** Digests, including h ≡ 0 (mod n) so that u1 = 0, and h ≥ n. */
const digestArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: bytes32 },
  fc.constantFrom(new Uint8Array(32), be32(N), be32(N + 1n), new Uint8Array(32).fill(0xff)),
);

interface Signer {
  privateKey: Uint8Array;
  pubkey: Uint8Array;
}

const signerArb: fc.Arbitrary<Signer> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...POOL).map((k) => ({ ...k, pubkey: getPublicKey(k.privateKey) })),
  },
  privateKey.map((k) => ({ privateKey: k, pubkey: getPublicKey(k) })),
);

type SignatureVariant = (raw: Uint8Array, digest: Uint8Array, signer: Signer) => unknown;

const signatureArb: fc.Arbitrary<SignatureVariant> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<SignatureVariant>((raw) => toBase64(raw)) },
  fc.nat({ max: 511 }).map<SignatureVariant>((bit) => (raw) => toBase64(flipBit(raw, bit))),
  fc.constant<SignatureVariant>((raw) => {
    const s = BigInt('0x' + toHex(raw.slice(32)));
    return toBase64(withScalar(raw, 1, N - s)); // the high-S twin
  }),
  fc
    .tuple(
      fc.constantFrom<0 | 1>(0, 1),
      fc.constantFrom(0n, 1n, N - 1n, N, N + 1n, (1n << 256n) - 1n),
    )
    .map<SignatureVariant>(
      ([half, value]) =>
        (raw) =>
          toBase64(withScalar(raw, half, value)),
    ),
  bytes(64).map<SignatureVariant>((random) => () => toBase64(random)),
  bytes32.map<SignatureVariant>(
    (other) => (_raw, _digest, signer) => sign(other, signer.privateKey),
  ),
  fc.nat({ max: 15 }).map<SignatureVariant>((junk) => (raw) => nonCanonical(toBase64(raw), junk)),
  fc.constantFrom(63, 65, 0).map<SignatureVariant>((length) => (raw) => {
    const out = new Uint8Array(length);
    out.set(raw.slice(0, length));
    return toBase64(out);
  }),
  fc
    .constantFrom<unknown>(undefined, null, 64, '', 'not base64 at all')
    .map<SignatureVariant>((value) => () => value),
);

type PubkeyVariant = (signer: Signer) => unknown;

const pubkeyArb: fc.Arbitrary<PubkeyVariant> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<PubkeyVariant>((signer) => toBase64(signer.pubkey)) },
  fc.constantFrom(...POOL).map<PubkeyVariant>((other) => () => other.pubkey),
  fc.tuple(fc.constantFrom(2, 3), bytes32).map<PubkeyVariant>(
    ([prefix, x]) =>
      () =>
        toBase64(Uint8Array.of(prefix, ...x)),
  ),
  fc
    .tuple(fc.constantFrom(2, 3), fc.constantFrom(0n, 1n, P - 1n, P, P + 1n, (1n << 256n) - 1n))
    .map<PubkeyVariant>(
      ([prefix, x]) =>
        () =>
          toBase64(Uint8Array.of(prefix, ...be32(x))),
    ),
  fc.constantFrom(0, 1, 4, 5, 6, 7).map<PubkeyVariant>((prefix) => (signer) => {
    const out = signer.pubkey.slice();
    out[0] = prefix;
    return toBase64(out);
  }),
  fc
    .nat({ max: 3 })
    .map<PubkeyVariant>((bit) => (signer) => toBase64(flipBit(signer.pubkey, 8 + bit))),
  fc.constant<PubkeyVariant>((signer) =>
    toBase64(secp256k1.Point.fromBytes(signer.pubkey).toBytes(false)),
  ),
  fc
    .nat({ max: 3 })
    .map<PubkeyVariant>((junk) => (signer) => nonCanonical(toBase64(signer.pubkey), junk)),
  fc.constantFrom<unknown>(undefined, null, 33, '', {}).map<PubkeyVariant>((value) => () => value),
);

const digestVariantArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant((digest: Uint8Array): unknown => digest) },
  fc.constant((digest: Uint8Array): unknown => digest.slice(0, 31)),
  fc.constant((digest: Uint8Array): unknown => Uint8Array.of(...digest, 0)),
  fc.constant((digest: Uint8Array): unknown => Array.from(digest)),
  fc.constant((digest: Uint8Array): unknown => Buffer.from(digest)),
);

interface Case {
  digest: Uint8Array;
  signature: unknown;
  pubkey: unknown;
}

const caseArb: fc.Arbitrary<Case> = fc
  .tuple(signerArb, digestArb, signatureArb, pubkeyArb, digestVariantArb)
  .map(([signer, digest, signature, pubkey, digestVariant]) => {
    const raw = signDigest(digest, signer.privateKey);
    return {
      digest: digestVariant(digest) as Uint8Array,
      signature: signature(raw, digest, signer),
      pubkey: pubkey(signer),
    };
  });

/** Both answers, twice for the cached path: the first call may be a miss, the second a hit. */
function expectSameAnswer({ digest, signature, pubkey }: Case): boolean {
  const reference = verifyUncached(digest, signature, pubkey);
  expect(verify(digest, signature, pubkey)).toBe(reference);
  expect(verify(digest, signature, pubkey)).toBe(reference);
  return reference;
}

const CONFIGS: Array<[string, Partial<VerificationKeyCacheLimits>]> = [
  ['the default limits', {}],
  ['a table from the first use', { tableAfterUses: 1 }],
  ['no tables (decoded points only)', { tables: 0 }],
  ['constant eviction (3 keys, 2 tables)', { keys: 3, tables: 2, tableAfterUses: 2 }],
];

afterEach(() => {
  configureVerificationKeyCache(DEFAULT_VERIFICATION_KEY_CACHE_LIMITS);
});

describe('cached verify answers as the uncached reference', () => {
  for (const [name, limits] of CONFIGS) {
    it(`with ${name}`, () => {
      configureVerificationKeyCache({ ...DEFAULT_VERIFICATION_KEY_CACHE_LIMITS, ...limits });
      let valid = 0;
      fc.assert(
        fc.property(caseArb, (c) => {
          if (expectSameAnswer(c)) valid++;
        }),
        { numRuns: 200 },
      );
      // The generator reaches both answers (the valid signature under its own key is weighted up).
      expect(valid).toBeGreaterThan(10);
      if (limits.tables !== 0) expect(verificationKeyCacheStats().tables).toBeGreaterThan(0);
    });
  }

  it('on a key signing many digests: same answers before and after it gets its table', () => {
    const key = POOL[0];
    if (!key) throw new Error('no pool key');
    clearVerificationKeyCache();
    fc.assert(
      fc.property(digestArb, fc.boolean(), (digest, tamper) => {
        const raw = signDigest(digest, key.privateKey);
        const signature = toBase64(tamper ? flipBit(raw, 100) : raw);
        expect(expectSameAnswer({ digest, signature, pubkey: key.pubkey })).toBe(!tamper);
      }),
      { numRuns: 40 },
    );
    expect(verificationKeyCacheStats()).toEqual({ keys: 1, tables: 1 });
  });

  for (const [name, limits] of CONFIGS) {
    it(`on a signature whose R.x is at least n, with ${name}`, () => {
      configureVerificationKeyCache({ ...DEFAULT_VERIFICATION_KEY_CACHE_LIMITS, ...limits });
      const digest = fromHex('91c7f8b49c9e5cc9f3a7713f7b54af5d3a707c5a864c989b3a68af05f22294ae');
      const { signature, pubkey } = signatureWithLargeRx(digest);
      for (let i = 0; i < 3; i++) {
        expect(expectSameAnswer({ digest, signature, pubkey })).toBe(true);
        const other = flipBit(digest, i);
        expect(expectSameAnswer({ digest: other, signature, pubkey })).toBe(false);
      }
    });
  }
});

/**
 * A valid signature whose point R = u1⋅G + u2⋅P has an x-coordinate ≥ n, so r = x − n: verify
 * must reduce R.x mod n. Such an R turns up with probability ~2^-128 when signing, so the key is
 * made to fit: pick R and the scalars, solve P = u2⁻¹⋅(R − u1⋅G).
 */
function signatureWithLargeRx(digest: Uint8Array): { signature: string; pubkey: string } {
  const { Point } = secp256k1;
  let x = N + 1n; // r = x − n must not be 0
  let R: ReturnType<typeof Point.fromBytes> | undefined;
  while (R === undefined) {
    try {
      R = Point.fromBytes(Uint8Array.of(2, ...be32(x)));
    } catch {
      x++;
    }
  }
  const r = x - N;
  const s = 0x1234567890abcdefn;
  const is = Point.Fn.inv(s);
  const h = Point.Fn.create(BigInt('0x' + toHex(digest)));
  const u1 = Point.Fn.create(h * is);
  const u2 = Point.Fn.create(r * is);
  const pub = R.subtract(Point.BASE.multiplyUnsafe(u1)).multiply(Point.Fn.inv(u2));
  return {
    signature: toBase64(Uint8Array.of(...be32(r), ...be32(s))),
    pubkey: toBase64(pub.toBytes(true)),
  };
}

describe('the verification-key cache', () => {
  it('stays within its limits and never admits a key that does not decode', () => {
    configureVerificationKeyCache({ keys: 5, tables: 2, tableAfterUses: 2 });
    const keys = Array.from({ length: 12 }, (_, i) => makeTestKey(`signature cache bound ${i}`));
    const digest = new Uint8Array(32).fill(7);
    for (let round = 0; round < 3; round++) {
      for (const key of keys) {
        expect(verify(digest, sign(digest, key.privateKey), key.pubkey)).toBe(true);
        const { keys: held, tables } = verificationKeyCacheStats();
        expect(held).toBeLessThanOrEqual(5);
        expect(tables).toBeLessThanOrEqual(2);
      }
    }
    clearVerificationKeyCache();
    const offCurve = toBase64(Uint8Array.of(2, ...be32(P)));
    const signature = sign(digest, keys[0]?.privateKey ?? new Uint8Array(32));
    expect(verify(digest, signature, offCurve)).toBe(false);
    expect(verify(digest, signature, nonCanonical(keys[0]?.pubkey ?? '', 1))).toBe(false);
    expect(verificationKeyCacheStats()).toEqual({ keys: 0, tables: 0 });
  });

  it('rejects limits it cannot honour', () => {
    expect(() => configureVerificationKeyCache({ keys: 0 })).toThrow(RangeError);
    expect(() => configureVerificationKeyCache({ tables: -1 })).toThrow(RangeError);
    expect(() => configureVerificationKeyCache({ tableAfterUses: 0.5 })).toThrow(RangeError);
  });
});

interface SigningVector {
  public_key_compressed_base64: string;
  digest_hex: string;
  signature_base64?: string;
  signature_base64_native_libsecp256k1?: string;
  signature_base64_rfc6979_reduced_message?: string;
  verifies?: boolean;
  both_verify?: boolean;
}

describe('signing.json (ocore) through every cache state', () => {
  const file = loadVectors<{
    vectors: SigningVector[];
    negative: SigningVector[];
    edge_cases: SigningVector[];
    unit_signature: SigningVector;
  }>('signing.json');
  const checks: Array<[Uint8Array, string, string, boolean]> = [];
  for (const v of [...file.vectors, ...file.negative, ...file.edge_cases, file.unit_signature]) {
    const digest = fromHex(v.digest_hex);
    const expected = v.verifies ?? v.both_verify ?? false;
    for (const signature of [
      v.signature_base64,
      v.signature_base64_native_libsecp256k1,
      v.signature_base64_rfc6979_reduced_message,
    ]) {
      if (signature !== undefined) {
        checks.push([digest, signature, v.public_key_compressed_base64, expected]);
      }
    }
  }

  for (const [name, limits] of CONFIGS) {
    it(`with ${name}: the expected answer, on a miss and on hits`, () => {
      configureVerificationKeyCache({ ...DEFAULT_VERIFICATION_KEY_CACHE_LIMITS, ...limits });
      expect(checks.length).toBeGreaterThanOrEqual(7);
      for (let round = 0; round < 10; round++) {
        for (const [digest, signature, pubkey, expected] of checks) {
          expect(verifyUncached(digest, signature, pubkey)).toBe(expected);
          expect(verify(digest, signature, pubkey)).toBe(expected);
        }
      }
      // A tampered copy of each still fails in the same state.
      for (const [digest, signature, pubkey] of checks) {
        const tampered = toBase64(flipBit(fromBase64(signature), 3));
        expect(verify(digest, tampered, pubkey)).toBe(verifyUncached(digest, tampered, pubkey));
      }
    });
  }
});
