/**
 * signing.json (ocore signature.sign / verify, native libsecp256k1): pubkeys from private keys,
 * byte-exact RFC 6979 low-S compact signatures, negative cases, the digest >= n edge case and a
 * signature taken from a unit.
 */
import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { fromBase64, fromHex, toHex } from '../../../shared/protocol/bytes';
import {
  compressPubkey,
  getPublicKey,
  getPublicKeyB64,
  getUncompressedPublicKey,
  sign,
  verify,
} from '../../../shared/protocol/signature';
import { bool, expectFields, optionalStrings, str, type Json } from './fields';
import { loadVectors } from './load';

/** Free text that explains a vector; nothing to compute from it. */
const DESCRIPTIVE = ['name', 'note', 'digest_description'];

const N = secp256k1.Point.Fn.ORDER;
const HALF_N = N >> 1n;

function scalar(bytes: Uint8Array): bigint {
  return BigInt('0x' + toHex(bytes));
}

/** Private key → compressed / uncompressed pubkeys, for whichever encodings the vector gives. */
function checkKeys(v: Json): void {
  const priv = fromHex(str(v, 'private_key_hex'));
  const compressedB64 = str(v, 'public_key_compressed_base64');
  expect(getPublicKeyB64(priv)).toBe(compressedB64);
  if ('public_key_compressed_hex' in v) {
    expect(toHex(getPublicKey(priv))).toBe(str(v, 'public_key_compressed_hex'));
  }
  if ('public_key_uncompressed_hex' in v) {
    const uncompressed = str(v, 'public_key_uncompressed_hex');
    expect(toHex(getUncompressedPublicKey(priv))).toBe(uncompressed);
    expect(toHex(compressPubkey(fromHex(uncompressed)))).toBe(toHex(fromBase64(compressedB64)));
  }
}

const KEY_FIELDS = ['public_key_compressed_hex', 'public_key_uncompressed_hex'];

/** The fields of a signature vector (`vectors[i]` and `unit_signature`). */
const SIGNATURE_REQUIRED = [
  'private_key_hex',
  'public_key_compressed_base64',
  'digest_hex',
  'signature_base64',
  'verifies',
];
const SIGNATURE_OPTIONAL = [...DESCRIPTIVE, ...KEY_FIELDS, 'signature_r_hex', 'signature_s_hex'];

/** sign() reproduces the vector's signature byte for byte, low-S, and verify() agrees. */
function checkSignature(v: Json): void {
  checkKeys(v);
  const digest = fromHex(str(v, 'digest_hex'));
  const signature = str(v, 'signature_base64');
  expect(sign(digest, fromHex(str(v, 'private_key_hex')))).toBe(signature);
  const raw = fromBase64(signature);
  expect(raw.length).toBe(64);
  if ('signature_r_hex' in v) expect(toHex(raw.slice(0, 32))).toBe(str(v, 'signature_r_hex'));
  if ('signature_s_hex' in v) expect(toHex(raw.slice(32))).toBe(str(v, 'signature_s_hex'));
  expect(scalar(raw.slice(32)) <= HALF_N, 'low-S').toBe(true);
  expect(verify(digest, signature, str(v, 'public_key_compressed_base64'))).toBe(
    bool(v, 'verifies'),
  );
}

interface SigningFile {
  curve: string;
  vectors: Json[];
  negative: Json[];
  edge_cases: Json[];
  unit_signature: Json;
}

const file = loadVectors<SigningFile & Json>('signing.json');

describe('signing.json', () => {
  it('has only sections this suite checks', () => {
    expectFields(
      file,
      ['curve', 'vectors', 'negative', 'edge_cases', 'unit_signature'],
      ['generated_with'],
      'signing.json',
    );
    optionalStrings(file, ['generated_with']);
    expect(file.curve).toBe('secp256k1');
    expect(Array.isArray(file.vectors)).toBe(true);
    expect(Array.isArray(file.negative)).toBe(true);
    expect(Array.isArray(file.edge_cases)).toBe(true);
  });

  describe('vectors', () => {
    for (const [i, v] of file.vectors.entries()) {
      it(`${i}: ${String(v['name'])}`, () => {
        expectFields(v, SIGNATURE_REQUIRED, SIGNATURE_OPTIONAL, `vectors[${i}]`);
        optionalStrings(v, DESCRIPTIVE);
        checkSignature(v);
      });
    }
  });

  describe('negative', () => {
    for (const [i, v] of file.negative.entries()) {
      it(`${i}: ${String(v['name'])}`, () => {
        expectFields(
          v,
          ['public_key_compressed_base64', 'digest_hex', 'signature_base64', 'verifies'],
          DESCRIPTIVE,
          `negative[${i}]`,
        );
        optionalStrings(v, DESCRIPTIVE);
        const ok = verify(
          fromHex(str(v, 'digest_hex')),
          str(v, 'signature_base64'),
          str(v, 'public_key_compressed_base64'),
        );
        expect(ok).toBe(bool(v, 'verifies'));
      });
    }
  });

  describe('edge cases', () => {
    for (const [i, v] of file.edge_cases.entries()) {
      it(`${i}: ${String(v['name'])}`, () => {
        expectFields(
          v,
          [
            'private_key_hex',
            'public_key_compressed_base64',
            'digest_hex',
            'signature_base64_native_libsecp256k1',
            'signature_base64_rfc6979_reduced_message',
            'both_verify',
          ],
          [...DESCRIPTIVE, ...KEY_FIELDS],
          `edge_cases[${i}]`,
        );
        optionalStrings(v, DESCRIPTIVE);
        checkKeys(v);
        const digest = fromHex(str(v, 'digest_hex'));
        const pubkey = str(v, 'public_key_compressed_base64');
        const native = str(v, 'signature_base64_native_libsecp256k1');
        const reduced = str(v, 'signature_base64_rfc6979_reduced_message');
        const bothVerify = bool(v, 'both_verify');
        expect(verify(digest, native, pubkey)).toBe(bothVerify);
        expect(verify(digest, reduced, pubkey)).toBe(bothVerify);
        // libsecp256k1 and elliptic/noble derive different RFC 6979 nonces for a digest >= n;
        // ours must be one of the two reference signatures, and valid.
        const ours = sign(digest, fromHex(str(v, 'private_key_hex')));
        expect([native, reduced]).toContain(ours);
        expect(verify(digest, ours, pubkey)).toBe(true);
      });
    }
  });

  it('unit signature', () => {
    const v = file.unit_signature;
    expectFields(v, SIGNATURE_REQUIRED, SIGNATURE_OPTIONAL, 'unit_signature');
    optionalStrings(v, DESCRIPTIVE);
    checkSignature(v);
  });
});
