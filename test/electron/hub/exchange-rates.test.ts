/**
 * The hub's `exchange_rates` push from a hostile hub: only sane entries survive (a known name
 * shape, a finite positive number, not absurdly large), a body with none is malformed, and the
 * table one hub builds over its pushes stays bounded and never mixes hubs.
 */
import { describe, expect, it } from 'vitest';
import { parseExchangeRates, parsePush } from '../../../electron/main/services/hub/pushes';
import { mergeRates } from '../../../electron/main/services/sync/light-session';
import type { JsonValue } from '../../../shared/protocol/json';

const ASSET = 'O'.repeat(43) + '=';

describe('exchange_rates from the hub', () => {
  it('keeps the sane entries and drops the rest one by one', () => {
    const body = {
      GBYTE_USD: 12.5,
      [`${ASSET}_USD`]: 1.02,
      BTC_USD: 62_500,
      GBYTE_EUR: -3,
      GBYTE_GBP: 0,
      GBYTE_JPY: 1e13,
      GBYTE_CHF: '11',
      GBYTE_CAD: null,
      GBYTE_AUD: { value: 1 },
      GBYTE_NOK: [1],
      GBYTE_SEK: true,
      gbyte_usd: 1,
      GBYTE_US: 1,
      __proto__: 5,
      'GBYTE_USD ': 1,
      '<script>_USD': 1,
    } as unknown as JsonValue;
    expect(parseExchangeRates(body)).toEqual({
      GBYTE_USD: 12.5,
      [`${ASSET}_USD`]: 1.02,
      BTC_USD: 62_500,
    });
    // Not reachable through JSON, but never a rate either.
    expect(
      parseExchangeRates({ GBYTE_USD: Number.NaN, GBYTE_EUR: Infinity } as unknown as JsonValue),
    ).toBeNull();
  });

  it('a body that is not an object, or holds no sane rate, is malformed (and changes nothing)', () => {
    for (const body of [null, 'GBYTE_USD=10', 12, [], [{ GBYTE_USD: 10 }], {}, { GBYTE_USD: -1 }]) {
      expect(parsePush('exchange_rates', body as JsonValue).kind).toBe('malformed');
    }
    expect(parsePush('exchange_rates', { GBYTE_USD: 10 })).toEqual({
      kind: 'push',
      push: { subject: 'exchange_rates', rates: { GBYTE_USD: 10 } },
    });
  });

  it('keeps at most 500 rates from one push', () => {
    const body: Record<string, number> = {};
    for (let i = 0; i < 2_000; i++)
      body[`${i.toString(36).toUpperCase().padStart(43, 'A')}=_USD`] = 1;
    expect(Object.keys(parseExchangeRates(body) ?? {})).toHaveLength(500);
  });

  it("merges one hub's pushes as ocore does, starts over for another hub or past 1000 rates", () => {
    const first = mergeRates(null, { GBYTE_USD: 10, GBYTE_BTC: 0.0002 }, 1_000, 'wss://a/bb');
    const second = mergeRates(first, { GBYTE_USD: 11 }, 2_000, 'wss://a/bb');
    expect(second).toEqual({
      rates: { GBYTE_USD: 11, GBYTE_BTC: 0.0002 },
      receivedAt: 2_000,
      hub: 'wss://a/bb',
    });
    const other = mergeRates(second, { GBYTE_EUR: 9 }, 3_000, 'wss://b/bb');
    expect(other.rates).toEqual({ GBYTE_EUR: 9 });
    let grown = mergeRates(null, { GBYTE_USD: 1 }, 1, 'wss://a/bb');
    for (let round = 0; round < 4; round++) {
      const batch: Record<string, number> = {};
      for (let i = 0; i < 300; i++) batch[`R${round}X${i}`.padEnd(43, 'A') + '=_USD'] = 1;
      grown = mergeRates(grown, batch, 1, 'wss://a/bb');
      expect(Object.keys(grown.rates).length).toBeLessThanOrEqual(1_000);
    }
  });
});
