/**
 * Values in a currency from the hub's rates: the arithmetic, the words, and which currencies a
 * hub quotes. The rates themselves are checked where they arrive (exchange-rates.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fiatText, fiatValue, quotedCurrencies, rateOf, rateSource } from '../../shared/ipc/fiat';

const ASSET = 'O'.repeat(43) + '=';
const rates = {
  rates: { GBYTE_USD: 12.5, GBYTE_BTC: 0.0002, BTC_USD: 62_500, [`${ASSET}_USD`]: 1.02 },
  receivedAt: Date.UTC(2026, 11, 7, 14, 5),
  hub: 'wss://obyte.org/bb',
};

describe('fiat values from the hub rates', () => {
  it('values bytes by GBYTE_X and a token by <asset>_X, per whole unit', () => {
    expect(fiatValue(2_000_000_000, 'base', 9, rates, 'USD')).toBe(25);
    expect(fiatValue(1_500_000_000, 'base', 9, rates, 'BTC')).toBeCloseTo(0.0003, 12);
    expect(fiatValue(250, ASSET, 2, rates, 'USD')).toBeCloseTo(2.55, 12);
    expect(fiatValue(-1_000_000_000, 'base', 9, rates, 'USD')).toBe(-12.5);
  });

  it('gives no value when off, without rates, or without a rate for that asset or currency', () => {
    expect(fiatValue(1e9, 'base', 9, rates, 'off')).toBeNull();
    expect(fiatValue(1e9, 'base', 9, null, 'USD')).toBeNull();
    expect(fiatValue(1e9, 'base', 9, rates, 'EUR')).toBeNull();
    expect(fiatValue(100, 'P'.repeat(43) + '=', 0, rates, 'USD')).toBeNull();
    expect(
      rateOf({ ...rates, rates: { ...rates.rates, GBYTE_EUR: Number.NaN } }, 'base', 'EUR'),
    ).toBeNull();
    expect(rateOf(rates, 'base', 'constructor')).toBeNull();
  });

  it('says it in words: rounded, grouped, and whose rate it is and when', () => {
    expect(fiatText(1234.567, 'USD')).toBe('≈ 1,234.57 USD');
    expect(fiatText(-0.5, 'EUR')).toBe('≈ −0.50 EUR');
    expect(fiatText(0.00031234567, 'BTC')).toBe('≈ 0.00031235 BTC');
    expect(rateSource(rates, () => '14:05')).toBe("the hub's rate of 14:05, not verified");
  });

  it('lists the currencies the hub quotes GBYTE in, USD first', () => {
    expect(quotedCurrencies(rates)).toEqual(['USD', 'BTC']);
    expect(quotedCurrencies({ ...rates, rates: { GBYTE_EUR: 1, GBYTE_USD: 1 } })).toEqual([
      'USD',
      'EUR',
    ]);
    expect(quotedCurrencies(null)).toEqual([]);
  });
});
