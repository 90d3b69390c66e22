/**
 * The balance cross-check after each sync: the hub's own balances (light/get_balances, unproven)
 * are kept beside the verified ones, and a difference is shown to the user. Optional: a hub that
 * refuses it, never answers it or answers nonsense leaves the verified history as it is.
 */
import { isValidAddress } from '../../../../shared/protocol/index';
import { MAX_BALANCE_ADDRESSES } from '../../../../shared/protocol/constants';
import {
  getBalances,
  HubRequestError,
  HubTimeoutError,
  type HubRequester,
} from '../../../../shared/protocol/light/index';
import type { Logger } from '../logger';
import type { WalletDatabase } from '../storage/index';
import { chunks } from './chunks';

export interface BalanceCrossCheckOptions {
  readonly hub: HubRequester & { readonly isConnected: boolean };
  readonly db: WalletDatabase;
  readonly logger: Logger;
  /** How long the hub may take to answer (an optional request: not a history's timeout). */
  readonly timeoutMs: number;
  /** The sync run's progress, for the status bar. */
  readonly progress: (task: string, done: number, total: number | null) => void;
  /** What the balances view compares with changed: the balances must be shown again. */
  readonly onFiguresChanged: () => void;
}

/** Hub text as part of a sentence: short, without control or direction characters. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what we remove
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').slice(0, 100);
}

/** Why the hub's balances could not be had, as the sentence the status shows. */
function crossCheckUnavailable(error: unknown): string {
  const why =
    error instanceof HubTimeoutError
      ? `it did not answer light/get_balances in ${Math.round(error.timeoutMs / 1000)} s`
      : error instanceof HubRequestError
        ? `it refused light/get_balances (${plain(error.hubMessage)})`
        : error instanceof Error
          ? `its light/get_balances answer could not be used (${plain(error.message)})`
          : 'light/get_balances failed';
  return `Cross-check unavailable: the hub's own balances could not be compared with ours, because ${why}. The balances shown are the ones verified from the history.`;
}

export class BalanceCrossCheck {
  private readonly options: BalanceCrossCheckOptions;

  constructor(options: BalanceCrossCheckOptions) {
    this.options = options;
  }

  /**
   * The hub's own balances (unproven), kept beside ours; a difference is shown to the user. The
   * check is optional: a hub that refuses it, never answers it or answers nonsense leaves the
   * verified history as it is, and the reason is returned (shown as "cross-check unavailable").
   */
  async run(addresses: readonly string[]): Promise<string | null> {
    const list = addresses.filter((address) => isValidAddress(address));
    // What the view compares with: the hub's figures, and which ones predate our last change.
    const figures = (): string => {
      const changedAt = this.options.db.lastUnitChangeAt() ?? 0;
      return JSON.stringify(
        this.options.db
          .addressSyncStates(list)
          .map((state) => [state.hubBalances, (state.hubBalancesAt ?? -1) < changedAt]),
      );
    };
    const before = figures();
    const batches = chunks(list, MAX_BALANCE_ADDRESSES);
    let done = 0;
    for (const batch of batches) {
      this.options.progress('Checking balances with the hub', done, list.length);
      let hub: Awaited<ReturnType<typeof getBalances>>;
      try {
        hub = await getBalances(this.options.hub, batch, { timeoutMs: this.options.timeoutMs });
      } catch (error) {
        if (!this.options.hub.isConnected) throw error;
        const reason = crossCheckUnavailable(error);
        this.options.logger.warn('The balance cross-check is unavailable', { reason });
        if (figures() !== before) this.options.onFiguresChanged();
        return reason;
      }
      this.options.db.recordHubBalances(batch, hub);
      const mismatches = this.options.db.crossCheckBalances(hub, batch);
      if (mismatches.length > 0) {
        this.options.logger.warn('The hub counts different balances', {
          mismatches: mismatches.length,
        });
      }
      done += batch.length;
    }
    // The view compares with the hub's figure only once it is newer than our last change: when
    // that changes what is compared, the balances must be shown again, or a difference with an
    // older figure stays on screen until something else changes (it stayed until a restart).
    if (figures() !== before) this.options.onFiguresChanged();
    return null;
  }
}
