/**
 * Values in a currency from the hub's exchange rates (its `exchange_rates` push): the hub's
 * word, never proven, so every figure says whose it is and when it came. Pure: the caller
 * passes the rates, the currency and the clock's reading.
 */
import type { ExchangeRates } from './schemas';

const BASE_ASSET = 'base';

/** The rate of one whole GBYTE or token in `currency`, or null when the hub gave none. */
export function rateOf(rates: ExchangeRates, asset: string, currency: string): number | null {
  if (rates === null) return null;
  const name = `${asset === BASE_ASSET ? 'GBYTE' : asset}_${currency}`;
  const rate = Object.hasOwn(rates.rates, name) ? rates.rates[name] : undefined;
  return rate !== undefined && Number.isFinite(rate) && rate > 0 ? rate : null;
}

/**
 * What `amount` (in the asset's smallest unit, `decimals` places: 9 for bytes) is worth in
 * `currency` by the hub's rate, or null without a rate or with the value switched off.
 */
export function fiatValue(
  amount: number,
  asset: string,
  decimals: number,
  rates: ExchangeRates,
  currency: string,
): number | null {
  if (currency === 'off' || !Number.isFinite(amount)) return null;
  const rate = rateOf(rates, asset, currency);
  if (rate === null) return null;
  const value = (amount / 10 ** decimals) * rate;
  return Number.isFinite(value) ? value : null;
}

/** "≈ 1,234.56 USD": two decimals (eight for BTC), grouped, the sign kept. */
export function fiatText(value: number, currency: string): string {
  const digits = currency === 'BTC' ? 8 : 2;
  const text = Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `≈ ${value < 0 ? '−' : ''}${text} ${currency}`;
}

/** The currencies the hub quotes GBYTE in (from its GBYTE_XXX names), USD first. */
export function quotedCurrencies(rates: ExchangeRates): string[] {
  if (rates === null) return [];
  const found = Object.keys(rates.rates)
    .map((name) => /^GBYTE_([A-Z]{3,5})$/.exec(name)?.[1])
    .filter((code): code is string => code !== undefined);
  return [...new Set(found)].sort((a, b) => (a === 'USD' ? -1 : b === 'USD' ? 1 : a < b ? -1 : 1));
}

/** "the hub's rate at 14:05" (local time, as `time` formats it): what a shown value rests on. */
export function rateSource(
  rates: NonNullable<ExchangeRates>,
  time: (ms: number) => string,
): string {
  return `the hub's rate of ${time(rates.receivedAt)}, not verified`;
}
