/**
 * Address definitions evaluated without references (ocore definition.js with bNoReferences):
 * the units.json vectors signed by ocore's test keys, then every evaluable operator with keys
 * from those vectors, property tests over random multisig sets, and what is left unevaluated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from '../../shared/protocol/bytes';
import { verifyAuthentifiersWithoutReferences } from '../../shared/protocol/definition';
import { ProtocolError } from '../../shared/protocol/errors';
import { sha256Base64 } from '../../shared/protocol/hash';
import type { Hashable } from '../../shared/protocol/json';
import { getPublicKeyB64, sign } from '../../shared/protocol/signature';
import type { AddressDefinition } from '../../shared/protocol/unit-types';
import { loadVectors } from './vectors/load';

interface SigningKey {
  private_key_hex: string;
  pubkey: string;
}
interface UnitVector {
  name: string;
  unit: {
    authors: {
      address: string;
      authentifiers: Record<string, string>;
      definition?: AddressDefinition;
    }[];
  };
  expected: { hash_to_sign_hex: string };
  signers?: Record<
    string,
    { definition?: AddressDefinition; signing_keys: Record<string, SigningKey> }
  >;
}

const vectors = loadVectors<{ vectors: UnitVector[] }>('units.json').vectors;
const signed = vectors.filter((v) => v.signers !== undefined);

// The test keys of units.json (ocore made the vectors with them).
const keys: SigningKey[] = [];
for (const vector of signed) {
  for (const signer of Object.values(vector.signers ?? {})) {
    for (const key of Object.values(signer.signing_keys)) {
      if (!keys.some((k) => k.pubkey === key.pubkey)) keys.push(key);
    }
  }
}

function key(i: number): SigningKey {
  const k = keys[i];
  if (!k) throw new Error(`units.json has fewer than ${i + 1} test keys`);
  return k;
}

const digest = fromHex('11'.repeat(32));
const otherDigest = fromHex('22'.repeat(32));
const sigDef = (i: number): Hashable[] => ['sig', { pubkey: key(i).pubkey }];
const signWith = (i: number, d: Uint8Array = digest): string =>
  sign(d, fromHex(key(i).private_key_hex));

function check(
  definition: Hashable,
  authentifiers: Record<string, string>,
  authors: string[] = [],
) {
  return verifyAuthentifiersWithoutReferences(definition as AddressDefinition, authentifiers, {
    hashToSign: digest,
    authorAddresses: authors,
  });
}

function expectFailure(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ProtocolError);
  expect(run).toThrow(message);
}

describe('units.json signatures', () => {
  it('has test keys whose pubkeys derive from their private keys', () => {
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const k of keys) expect(getPublicKeyB64(fromHex(k.private_key_hex))).toBe(k.pubkey);
  });

  it.each(signed.map((v) => [v.name, v] as const))('%s: every author verifies', (_name, vector) => {
    const hashToSign = fromHex(vector.expected.hash_to_sign_hex);
    const authors = vector.unit.authors.map((a) => a.address);
    for (const author of vector.unit.authors) {
      const signer = vector.signers?.[author.address];
      const definition =
        author.definition ??
        signer?.definition ??
        (['sig', { pubkey: Object.values(signer?.signing_keys ?? {})[0]?.pubkey ?? '' }] as const);
      const result = verifyAuthentifiersWithoutReferences(definition, author.authentifiers, {
        hashToSign,
        authorAddresses: authors,
      });
      expect(result).toEqual({ status: 'verified' });
      // The same authentifiers under another digest fail.
      expect(() =>
        verifyAuthentifiersWithoutReferences(definition, author.authentifiers, {
          hashToSign: otherDigest,
          authorAddresses: authors,
        }),
      ).toThrow(/bad signature at path r/);
    }
  });
});

describe('operators', () => {
  it('sig: valid, wrong key, high-S twin, missing, extra authentifier', () => {
    expect(check(sigDef(0), { r: signWith(0) })).toEqual({ status: 'verified' });
    expectFailure(() => check(sigDef(0), { r: signWith(1) }), /bad signature at path r/);
    const raw = fromBase64(signWith(0));
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt('0x' + toHex(raw.slice(32)));
    const twin = new Uint8Array(64);
    twin.set(raw.slice(0, 32));
    twin.set(fromHex((n - s).toString(16).padStart(64, '0')), 32);
    expectFailure(() => check(sigDef(0), { r: toBase64(twin) }), /bad signature at path r/);
    expectFailure(() => check(sigDef(0), { 'r.0': signWith(0) }), /not used/);
    expectFailure(() => check(sigDef(0), { r: signWith(0), 'r.1': signWith(0) }), /not used/);
    expectFailure(() => check(sigDef(0), {}), /no authentifiers/);
  });

  it('r of set: enough signers, too few, a bad signature on an unneeded branch', () => {
    const def = ['r of set', { required: 2, set: [sigDef(0), sigDef(1), sigDef(2)] }];
    expect(check(def, { 'r.0': signWith(0), 'r.2': signWith(2) }).status).toBe('verified');
    expect(check(def, { 'r.0': signWith(0), 'r.1': signWith(1), 'r.2': signWith(2) }).status).toBe(
      'verified',
    );
    expectFailure(() => check(def, { 'r.1': signWith(1) }), /not satisfied/);
    // ocore evaluates every member: an invalid extra signature fails the whole check.
    expectFailure(
      () => check(def, { 'r.0': signWith(0), 'r.1': signWith(1), 'r.2': signWith(0) }),
      /bad signature at path r.2/,
    );
  });

  it('and / or', () => {
    const and = ['and', [sigDef(0), sigDef(1)]];
    expect(check(and, { 'r.0': signWith(0), 'r.1': signWith(1) }).status).toBe('verified');
    expectFailure(() => check(and, { 'r.0': signWith(0) }), /not satisfied/);
    const or = ['or', [sigDef(0), sigDef(1)]];
    expect(check(or, { 'r.1': signWith(1) }).status).toBe('verified');
    expectFailure(() => check(or, {}), /no authentifiers/);
    const nested = ['or', [['and', [sigDef(0), sigDef(1)]], sigDef(2)]];
    expect(check(nested, { 'r.0.0': signWith(0), 'r.0.1': signWith(1) }).status).toBe('verified');
    expectFailure(() => check(nested, { 'r.0.0': signWith(0) }), /not satisfied/);
  });

  it('weighted and', () => {
    const def = [
      'weighted and',
      {
        required: 50,
        set: [
          { value: sigDef(0), weight: 40 },
          { value: sigDef(1), weight: 20 },
          { value: sigDef(2), weight: 30 },
        ],
      },
    ];
    expect(check(def, { 'r.0': signWith(0), 'r.1': signWith(1) }).status).toBe('verified');
    expect(check(def, { 'r.1': signWith(1), 'r.2': signWith(2) }).status).toBe('verified');
    expectFailure(() => check(def, { 'r.0': signWith(0) }), /not satisfied/);
  });

  it('hash and cosigned by', () => {
    const preimage = 'open sesame';
    const def = ['and', [sigDef(0), ['hash', { hash: sha256Base64(preimage) }]]];
    expect(check(def, { 'r.0': signWith(0), 'r.1': preimage }).status).toBe('verified');
    expectFailure(() => check(def, { 'r.0': signWith(0), 'r.1': 'wrong' }), /bad hash at path r.1/);
    const cosigner = 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX';
    const cosigned = ['and', [sigDef(0), ['cosigned by', cosigner]]];
    expect(check(cosigned, { 'r.0': signWith(0) }, ['X', cosigner]).status).toBe('verified');
    expectFailure(() => check(cosigned, { 'r.0': signWith(0) }, ['X']), /not satisfied/);
  });

  it('definitions with references are not evaluable', () => {
    const address = ['and', [sigDef(0), ['address', 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX']]];
    expect(check(address, { 'r.0': signWith(0) })).toEqual({
      status: 'not_evaluable',
      op: 'address',
    });
    const feed = [
      'or',
      [sigDef(0), ['in data feed', [['GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX'], 'x', '=', 1]]],
    ];
    expect(check(feed, { 'r.0': signWith(0) })).toEqual({
      status: 'not_evaluable',
      op: 'in data feed',
    });
    expect(check(['not', ['mci', '>', 5]], { r: 'x' })).toEqual({
      status: 'not_evaluable',
      op: 'not',
    });
    expect(check(['autonomous agent', { bounce_fees: { base: 10000 } }], { r: 'x' })).toEqual({
      status: 'not_evaluable',
      op: 'autonomous agent',
    });
  });

  it('malformed definitions fail like ocore validateDefinition', () => {
    const s = { r: signWith(0) };
    expectFailure(() => check(['sig'], s), /2-element array/);
    expectFailure(() => check(['sig', { pubkey: 'short' }], s), /wrong pubkey length/);
    expectFailure(
      () => check(['sig', { pubkey: key(0).pubkey, algo: 'secp256k1' }], s),
      /default algo/,
    );
    expectFailure(() => check(['and', [sigDef(0)]], s), /at least 2 options/);
    expectFailure(
      () => check(['r of set', { required: 3, set: [sigDef(0), sigDef(1)] }], s),
      /required must be <= than set length/,
    );
    expectFailure(
      () => check(['hash', { hash: sha256Base64('x') }], s),
      /each branch must have a signature/,
    );
    let deep: Hashable = sigDef(0);
    for (let i = 0; i < 100; i++) deep = ['or', [deep, sigDef(1)]];
    expectFailure(() => check(deep, s), /complexity exceeded/);
  });
});

describe('properties', () => {
  it('r of set verifies exactly when enough members sign', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((size) =>
          fc.record({
            size: fc.constant(size),
            required: fc.integer({ min: 1, max: size }),
            signers: fc.subarray([0, 1, 2].slice(0, size), { minLength: 1 }),
          }),
        ),
        ({ size, required, signers }) => {
          const def = ['r of set', { required, set: [0, 1, 2].slice(0, size).map(sigDef) }];
          const authentifiers = Object.fromEntries(signers.map((i) => [`r.${i}`, signWith(i)]));
          if (signers.length >= required) expect(check(def, authentifiers).status).toBe('verified');
          else expectFailure(() => check(def, authentifiers), /not satisfied/);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('any changed byte of a signature is rejected', () => {
    const good = fromBase64(signWith(0));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const bad = good.slice();
        bad[at] = (bad[at] ?? 0) ^ xor;
        expectFailure(() => check(sigDef(0), { r: toBase64(bad) }), /bad signature at path r/);
      }),
      { numRuns: 25 },
    );
  });
});
