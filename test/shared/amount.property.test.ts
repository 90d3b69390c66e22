/**
 * Properties of amounts (exact decimal ↔ integer conversion, ocore MAX_CAP and uri.js integer
 * rule) and of the 44-character hash ids (unit hashes, asset ids).
 */
import { MAX_CAP } from '../../shared/protocol/constants';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDecimalShape,
  formatAmount,
  isValidAmount,
  isValidAsset,
  isValidAssetId,
  isValidBase64Hash,
  isValidUnitHash,
  MAX_DECIMALS,
  parseAmount,
  parseAmountString,
  parseAsset,
  parseDecimalAmount,
  parseUnitHash,
} from '../../shared/protocol/amount';
import { toBase64 } from '../../shared/protocol/bytes';
import { amount, hash44 } from './arbitraries';
import { protocolError } from './protocol-error';

function amountError(fn: () => unknown): string {
  const error = protocolError(fn);
  expect(error.code).toBe('amount');
  return error.message;
}

const decimals = fc.integer({ min: 0, max: MAX_DECIMALS });

/** Test oracle: the integer a decimal text stands for, by string shifting (no wire.ts code). */
function oracle(whole: string, fraction: string, d: number): bigint {
  return BigInt((whole || '0') + fraction.padEnd(d, '0').slice(0, d));
}

describe('MAX_CAP', () => {
  it('is ocore constants.MAX_CAP (9e15), below 2^53', () => {
    expect(MAX_CAP).toBe(9_000_000_000_000_000);
    expect(MAX_CAP).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});

describe('parseAmount (JSON numbers)', () => {
  it('accepts exactly the positive safe integers up to MAX_CAP', () => {
    fc.assert(
      fc.property(amount, (n) => {
        expect(parseAmount(n)).toBe(n);
        expect(isValidAmount(n)).toBe(true);
      }),
    );
    expect(parseAmount(1)).toBe(1);
    expect(parseAmount(MAX_CAP)).toBe(MAX_CAP);
  });

  it('rejects zero, negatives, fractions, > MAX_CAP, > 2^53, non-finite and non-numbers', () => {
    const bad = fc.oneof(
      fc.constant(0),
      fc.constant(-0),
      fc.integer({ max: -1 }),
      fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)),
      fc.integer({ min: MAX_CAP + 1, max: Number.MAX_SAFE_INTEGER }),
      fc.double({ min: 2 ** 53, max: 1e300, noNaN: true }),
      fc.constantFrom(NaN, Infinity, -Infinity),
      fc.string(),
      fc.constantFrom(null, undefined, true, [1], { amount: 1 }),
      fc.bigInt({ min: 1n, max: 100n }),
    );
    fc.assert(
      fc.property(bad, (value) => {
        amountError(() => parseAmount(value));
        expect(isValidAmount(value)).toBe(false);
      }),
    );
    expect(amountError(() => parseAmount(1.5))).toMatch(/whole number/);
    expect(amountError(() => parseAmount(0))).toMatch(/more than zero/);
    expect(amountError(() => parseAmount(MAX_CAP + 1))).toMatch(/maximum/);
    expect(amountError(() => parseAmount(2 ** 53 + 2))).toMatch(/too large/);
    expect(amountError(() => parseAmount('100'))).toMatch(/must be a number/);
  });
});

describe('parseAmountString (link amounts, ocore uri.js rule)', () => {
  it('accepts the canonical decimal text of every valid amount', () => {
    fc.assert(
      fc.property(amount, (n) => {
        expect(parseAmountString(String(n))).toBe(n);
      }),
    );
  });

  it('rejects anything else', () => {
    for (const text of [
      '',
      '0',
      '00',
      '01',
      '+1',
      '-1',
      '1.5',
      '1.0',
      '1e3',
      ' 1',
      '1 ',
      '0x10',
      '١٢',
      String(MAX_CAP + 1),
      '9007199254740993',
      '100000000000000000000000',
    ]) {
      amountError(() => parseAmountString(text));
    }
    amountError(() => parseAmountString(5));
    fc.assert(
      fc.property(fc.string(), (text) => {
        if (/^[1-9][0-9]*$/.test(text) && BigInt(text) <= BigInt(MAX_CAP)) return;
        amountError(() => parseAmountString(text));
      }),
    );
  });
});

describe('decimal text ↔ integer amount', () => {
  it('examples: GBYTE (9 decimals) and whole units', () => {
    expect(parseDecimalAmount('0.1', 9)).toBe(100_000_000);
    expect(parseDecimalAmount('1', 9)).toBe(1_000_000_000);
    expect(parseDecimalAmount('.5', 9)).toBe(500_000_000);
    expect(parseDecimalAmount('3.', 9)).toBe(3_000_000_000);
    expect(parseDecimalAmount(' 0.000000001 ', 9)).toBe(1);
    expect(parseDecimalAmount('0.10000000000', 9)).toBe(100_000_000);
    expect(parseDecimalAmount('9000000', 9)).toBe(MAX_CAP);
    expect(parseDecimalAmount('007', 0)).toBe(7);
    expect(formatAmount(100_000_000, 9)).toBe('0.1');
    expect(formatAmount(1_000_000_000, 9)).toBe('1');
    expect(formatAmount(1, 9)).toBe('0.000000001');
    expect(formatAmount(1_234_500, 4)).toBe('123.45');
    expect(formatAmount(0, 9)).toBe('0');
    expect(formatAmount(-150, 2)).toBe('-1.5');
    expect(formatAmount(42, 0)).toBe('42');
  });

  it('examples of clear refusals', () => {
    expect(amountError(() => parseDecimalAmount('0.0000000001', 9))).toMatch(/at most 9 decimals/);
    expect(amountError(() => parseDecimalAmount('1.5', 0))).toMatch(/no decimals/);
    expect(amountError(() => parseDecimalAmount('9000000.000000001', 9))).toMatch(/maximum/);
    expect(amountError(() => parseDecimalAmount('9007199.254740993', 9))).toMatch(/too large/);
    expect(amountError(() => parseDecimalAmount('1'.repeat(40), 0))).toMatch(/too large/);
    expect(amountError(() => parseDecimalAmount('0', 9))).toMatch(/more than zero/);
    expect(amountError(() => parseDecimalAmount('0.000', 9))).toMatch(/more than zero/);
    expect(amountError(() => parseDecimalAmount('-1', 9))).toMatch(/negative/);
    expect(amountError(() => parseDecimalAmount('+1', 9))).toMatch(/sign/);
    expect(amountError(() => parseDecimalAmount('0,5', 9))).toMatch(/comma/);
    expect(amountError(() => parseDecimalAmount('', 9))).toMatch(/Enter an amount/);
    for (const text of ['.', '1.2.3', '1e5', 'abc', '1 000', 'Infinity', 'NaN', '0x1']) {
      amountError(() => parseDecimalAmount(text, 9));
    }
    amountError(() => parseDecimalAmount('1', -1));
    amountError(() => parseDecimalAmount('1', 1.5));
    amountError(() => parseDecimalAmount('1', MAX_DECIMALS + 1));
    amountError(() => formatAmount(1.5, 9));
    amountError(() => formatAmount(2 ** 53, 9));
  });

  it('format → parse gives the amount back', () => {
    fc.assert(
      fc.property(amount, decimals, (n, d) => {
        const text = formatAmount(n, d);
        expect(text).not.toMatch(/\.$|\.[0-9]*0$/);
        expect(parseDecimalAmount(text, d)).toBe(n);
      }),
    );
  });

  it('parse → format gives the normalized text back (leading and trailing zeros trimmed)', () => {
    const digits = (max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
    fc.assert(
      fc.property(digits(17), digits(MAX_DECIMALS), decimals, (whole, fraction, d) => {
        const text = fraction === '' ? whole : `${whole}.${fraction}`;
        const trimmedFraction = fraction.replace(/0+$/, '');
        if (whole + fraction === '') return;
        const value = oracle(whole, fraction, d);
        if (trimmedFraction.length > d || value === 0n || value > BigInt(MAX_CAP)) {
          amountError(() => parseDecimalAmount(text, d));
          return;
        }
        const n = parseDecimalAmount(text, d);
        expect(BigInt(n)).toBe(value);
        const normalizedWhole = whole.replace(/^0+/, '') || '0';
        expect(formatAmount(n, d)).toBe(
          trimmedFraction === '' ? normalizedWhole : `${normalizedWhole}.${trimmedFraction}`,
        );
      }),
    );
  });

  it('negative amounts format with a sign and mirror the positive text', () => {
    fc.assert(
      fc.property(amount, decimals, (n, d) => {
        expect(formatAmount(-n, d)).toBe(`-${formatAmount(n, d)}`);
      }),
    );
  });
});

describe('checkDecimalShape (an asset amount whose decimals are not known yet)', () => {
  it('accepts amounts any number of decimals could write, "1" among them', () => {
    for (const text of ['1', '12.5', '0.000000000000000001', '9000000000000000', '3.', ' 7.250 ']) {
      expect(() => checkDecimalShape(text)).not.toThrow();
    }
  });

  it('refuses what no number of decimals makes an amount', () => {
    expect(amountError(() => checkDecimalShape('-1'))).toMatch(/negative/);
    expect(amountError(() => checkDecimalShape('1,5'))).toMatch(/decimal separator/);
    expect(amountError(() => checkDecimalShape('0.0000000000000000001'))).toMatch(/at most 18/);
    expect(amountError(() => checkDecimalShape('9000000000000001'))).toBeTruthy();
    expect(amountError(() => checkDecimalShape('90071992547.40993'))).toBeTruthy();
  });

  it('never refuses an amount that parses with some number of decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: BigInt(MAX_CAP) }), decimals, (units, d) => {
        const text = formatAmount(Number(units), d);
        expect(() => checkDecimalShape(text)).not.toThrow();
      }),
    );
  });
});

describe('hash ids', () => {
  const hash = hash44;

  it('every base64 SHA-256 is a valid unit hash and asset id', () => {
    fc.assert(
      fc.property(hash, (h) => {
        expect(h).toHaveLength(44);
        expect(isValidBase64Hash(h)).toBe(true);
        expect(isValidUnitHash(h)).toBe(true);
        expect(isValidAssetId(h)).toBe(true);
        expect(isValidAsset(h)).toBe(true);
        expect(parseUnitHash(` ${h} `)).toBe(h);
        expect(parseAsset(h)).toBe(h);
      }),
    );
  });

  it('44 characters of other lengths, non-canonical padding bits, or other alphabets are not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 31, maxLength: 33 }), (bytes) => {
        const b64 = toBase64(bytes);
        expect(isValidBase64Hash(b64)).toBe(bytes.length === 32);
      }),
    );
    const h = toBase64(new Uint8Array(32));
    expect(isValidUnitHash(h.slice(0, 42) + 'B=')).toBe(false); // unused bits set
    expect(isValidUnitHash(h.replace(/^A/, '-'))).toBe(false);
    expect(isValidUnitHash(h.slice(0, 43))).toBe(false);
    expect(isValidUnitHash(42)).toBe(false);
    expect(protocolError(() => parseUnitHash('abc')).code).toBe('unit');
    expect(protocolError(() => parseUnitHash(null)).code).toBe('unit');
  });

  it('"base" is an asset but not an asset id', () => {
    expect(isValidAsset('base')).toBe(true);
    expect(isValidAssetId('base')).toBe(false);
    expect(parseAsset('base')).toBe('base');
    expect(protocolError(() => parseAsset('BASE')).code).toBe('asset');
    expect(protocolError(() => parseAsset('bytes')).code).toBe('asset');
    expect(protocolError(() => parseAsset(undefined)).code).toBe('asset');
  });
});
