/**
 * Properties of Obyte signatures (ocore signature.js semantics): what sign() makes verifies, and
 * verify() refuses high-S twins, flipped bits, other keys and non-canonical base64.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { fromBase64, toBase64, toHex } from '../../shared/protocol/bytes';
import {
  compressPubkey,
  getPublicKey,
  getPublicKeyB64,
  getUncompressedPublicKey,
  sign,
  verify,
} from '../../shared/protocol/signature';
import { bytes32, privateKey } from './arbitraries';

const N = secp256k1.Point.Fn.ORDER;
const digest = bytes32;

function scalar(bytes: Uint8Array): bigint {
  return BigInt('0x' + (toHex(bytes) || '0'));
}

function scalarBytes(n: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] = (out[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return out;
}

describe('signatures', () => {
  it('a signature verifies under its key, is 88 characters and low-S', () => {
    fc.assert(
      fc.property(privateKey, digest, (priv, d) => {
        const signature = sign(d, priv);
        expect(signature).toHaveLength(88);
        expect(scalar(fromBase64(signature).slice(32)) <= N >> 1n).toBe(true);
        expect(sign(d, priv)).toBe(signature);
        expect(verify(d, signature, getPublicKeyB64(priv))).toBe(true);
      }),
    );
  });

  it('the high-S twin of a valid signature is rejected', () => {
    fc.assert(
      fc.property(privateKey, digest, (priv, d) => {
        const raw = fromBase64(sign(d, priv));
        const high = new Uint8Array(64);
        high.set(raw.slice(0, 32));
        high.set(scalarBytes(N - scalar(raw.slice(32))), 32);
        const pub = getPublicKey(priv);
        // Mathematically valid ECDSA: only the low-S rule rejects it.
        expect(secp256k1.verify(high, d, pub, { prehash: false, lowS: false })).toBe(true);
        expect(verify(d, toBase64(high), toBase64(pub))).toBe(false);
      }),
    );
  });

  it('flipping any bit of the signature or the digest fails verification', () => {
    fc.assert(
      fc.property(
        privateKey,
        digest,
        fc.nat({ max: 511 }),
        fc.nat({ max: 255 }),
        (priv, d, sigBit, digestBit) => {
          const raw = fromBase64(sign(d, priv));
          const pub = getPublicKeyB64(priv);
          expect(verify(d, toBase64(flipBit(raw, sigBit)), pub)).toBe(false);
          expect(verify(flipBit(d, digestBit), toBase64(raw), pub)).toBe(false);
        },
      ),
    );
  });

  it('a signature does not verify under another key', () => {
    fc.assert(
      fc.property(privateKey, privateKey, digest, (a, b, d) => {
        fc.pre(toHex(a) !== toHex(b));
        expect(verify(d, sign(d, a), getPublicKeyB64(b))).toBe(false);
      }),
    );
  });

  it('a non-canonical base64 spelling of a valid signature is rejected', () => {
    fc.assert(
      fc.property(privateKey, digest, fc.integer({ min: 1, max: 15 }), (priv, d, junk) => {
        const signature = sign(d, priv);
        // 64 bytes → 86 data characters + "=="; the last data character carries 4 unused bits.
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
        const last = alphabet.indexOf(signature[85] ?? '');
        const variant = signature.slice(0, 85) + (alphabet[last | junk] ?? '') + '==';
        fc.pre(variant !== signature);
        // Lenient decoders read the same 64 bytes; ocore compares the canonical form.
        expect(Buffer.from(variant, 'base64').equals(Buffer.from(signature, 'base64'))).toBe(true);
        expect(verify(d, variant, getPublicKeyB64(priv))).toBe(false);
      }),
    );
  });

  it('compressing the uncompressed key gives the compressed key', () => {
    fc.assert(
      fc.property(privateKey, (priv) => {
        expect(toHex(compressPubkey(getUncompressedPublicKey(priv)))).toBe(
          toHex(getPublicKey(priv)),
        );
        expect(getPublicKeyB64(priv)).toMatch(/^A[A-Za-z0-9+/]{43}$/);
      }),
    );
  });
});
