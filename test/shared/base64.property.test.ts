/**
 * isBase64 answers without decoding; it must agree exactly with the decode-and-re-encode check
 * it replaced (and with fromBase64) on canonical, non-canonical and malformed text.
 */
import { base64 } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, isBase64 } from '../../shared/protocol/bytes';

/** The previous implementation: decode, re-encode, compare. */
function reference(text: unknown, byteLength?: number): boolean {
  if (
    typeof text !== 'string' ||
    !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)
  ) {
    return false;
  }
  try {
    const bytes = base64.decode(text);
    if (base64.encode(bytes) !== text) return false;
    return byteLength === undefined || bytes.length === byteLength;
  } catch {
    return false;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Canonical base64 of random bytes, then maybe one character changed anywhere. */
const nearlyBase64 = fc
  .tuple(
    fc.uint8Array({ maxLength: 70 }),
    fc.nat(),
    fc.constantFrom(...`${ALPHABET}=-_ .`.split('')),
    fc.boolean(),
  )
  .map(([bytes, at, char, mutate]) => {
    const text = base64.encode(bytes);
    if (!mutate || text.length === 0) return text;
    const i = at % text.length;
    return text.slice(0, i) + char + text.slice(i + 1);
  });

describe('isBase64', () => {
  it('agrees with decode-and-re-encode on near-base64 text, with and without a length', () => {
    fc.assert(
      fc.property(nearlyBase64, fc.option(fc.nat({ max: 72 }), { nil: undefined }), (text, n) => {
        expect(isBase64(text, n)).toBe(reference(text, n));
        expect(isBase64(text)).toBe(reference(text));
        expect(isBase64(text)).toBe(
          (() => {
            try {
              fromBase64(text);
              return true;
            } catch {
              return false;
            }
          })(),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on arbitrary strings and non-strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (value) => {
        expect(isBase64(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every non-zero padding-bit ending and accepts the zero one', () => {
    for (const char of ALPHABET) {
      expect(isBase64(`AA${char}=`)).toBe(reference(`AA${char}=`));
      expect(isBase64(`A${char}==`)).toBe(reference(`A${char}==`));
    }
    expect(isBase64('AAE=')).toBe(true);
    expect(isBase64('AAF=')).toBe(false);
    expect(isBase64('AQ==')).toBe(true);
    expect(isBase64('AR==')).toBe(false);
    expect(isBase64('', 0)).toBe(true);
  });
});
