/**
 * The hub's exchange rates (`rates.get`, then `ratesChanged`) and the value in a currency the
 * user chose in Settings (`fiatCurrency`; 'off' shows none). Every value carries the words that
 * say it is the hub's figure and when the rate came.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { ExchangeRates } from '../../../shared/ipc/schemas';
import { fiatText, fiatValue, quotedCurrencies, rateSource } from '../../../shared/ipc/fiat';
import { clockTimeOrDate } from '../format';

export interface FiatFigure {
  /** "≈ 12.34 USD" */
  readonly text: string;
  /** "the hub's rate of 14:05, not verified" */
  readonly rate: string;
  /** "By the hub's rate of 14:05, not verified." (for the title and screen readers) */
  readonly source: string;
}

export class RatesState {
  value = $state<ExchangeRates>(null);
  private readonly api: ObyteApi;
  private readonly currency: () => string;

  constructor(api: ObyteApi, currency: () => string) {
    this.api = api;
    this.currency = currency;
  }

  subscribe(): Array<() => void> {
    return [this.api.on('ratesChanged', (rates) => (this.value = rates))];
  }

  async load(): Promise<void> {
    const reply = await this.api.rates.get();
    if (reply.ok) this.value = reply.value;
  }

  /** The currency in use, or null when the value is off. */
  get chosen(): string | null {
    const currency = this.currency();
    return currency === 'off' ? null : currency;
  }

  /** The currencies the hub quotes, for Settings (the chosen one kept even if not quoted now). */
  get currencies(): string[] {
    const quoted = quotedCurrencies(this.value);
    const chosen = this.chosen;
    const list = quoted.length > 0 ? quoted : ['USD'];
    return chosen !== null && !list.includes(chosen) ? [...list, chosen] : list;
  }

  /**
   * An amount's value in the chosen currency, or null (off, no rates, no rate for the asset).
   * The rate's time carries its date when the rate is from an earlier day than `now`.
   */
  figure(amount: number, asset: string, decimals: number, now = Date.now()): FiatFigure | null {
    const currency = this.chosen;
    const rates = this.value;
    if (currency === null || rates === null) return null;
    const value = fiatValue(amount, asset, decimals, rates, currency);
    if (value === null) return null;
    const rate = rateSource(rates, (ms) => clockTimeOrDate(ms, now));
    return { text: fiatText(value, currency), rate, source: `By ${rate}.` };
  }
}
