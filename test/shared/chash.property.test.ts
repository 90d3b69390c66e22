/** Properties of chash160 addresses (ocore chash.js): round trip, typo detection, case rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  getChash160,
  getDefinitionPreimage,
  isChashValid,
  isValidAddress,
  parseAddress,
} from '../../shared/protocol/chash';
import { ProtocolError } from '../../shared/protocol/errors';
import { getJsonSourceString, getSourceString } from '../../shared/protocol/serialize';
import { addressFrom } from './arbitraries';
import { protocolError } from './protocol-error';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const preimage = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
);
const address = addressFrom(preimage);

describe('chash160', () => {
  it('every computed chash is a valid, parseable address', () => {
    fc.assert(
      fc.property(preimage, (p) => {
        const chash = getChash160(p);
        expect(chash).toMatch(/^[A-Z2-7]{32}$/);
        expect(isChashValid(chash)).toBe(true);
        expect(isValidAddress(chash)).toBe(true);
        expect(parseAddress(chash)).toBe(chash);
        expect(parseAddress(`  ${chash}\n`)).toBe(chash);
      }),
    );
  });

  it('a single changed character is caught by the checksum', () => {
    fc.assert(
      fc.property(
        address,
        fc.nat({ max: 31 }),
        fc.nat({ max: ALPHABET.length - 2 }),
        (valid, position, pick) => {
          const original = valid[position] ?? '';
          const replacement = ALPHABET.replace(original, '')[pick] ?? '';
          const typo = valid.slice(0, position) + replacement + valid.slice(position + 1);
          expect(typo).not.toBe(valid);
          expect(isChashValid(typo)).toBe(false);
          expect(isValidAddress(typo)).toBe(false);
          const error = protocolError(() => parseAddress(typo));
          expect(error.code).toBe('address');
          expect(error.message).toMatch(/checksum/);
        },
      ),
    );
  });

  it('lower case decodes to a valid chash but is not a valid address', () => {
    fc.assert(
      fc.property(address, (valid) => {
        fc.pre(/[A-Z]/.test(valid));
        const lower = valid.toLowerCase();
        expect(isChashValid(lower)).toBe(true);
        expect(isValidAddress(lower)).toBe(false);
        const error = protocolError(() => parseAddress(lower));
        expect(error.code).toBe('address');
        expect(error.message).toMatch(/upper case/);
      }),
    );
  });

  it('wrong lengths and characters are rejected', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 1, max: 31 }), (valid, length) => {
        expect(isValidAddress(valid.slice(0, length))).toBe(false);
        expect(isValidAddress(valid + 'A')).toBe(false);
        expect(isValidAddress(valid.slice(0, 31) + '1')).toBe(false);
        expect(() => parseAddress(valid.slice(0, length))).toThrow(ProtocolError);
      }),
    );
  });
});

describe('definition serialization choice (ocore objectHash.getChash160)', () => {
  it('uses JSON only for a two-element autonomous agent definition', () => {
    const aa = ['autonomous agent', { bounce_fees: { base: 10000 } }];
    const notAa = ['autonomous agent', { bounce_fees: { base: 10000 } }, 'extra'];
    expect(getDefinitionPreimage(aa)).toBe(getJsonSourceString(aa));
    expect(getDefinitionPreimage(notAa)).toBe(getSourceString(notAa));
  });
});
