/**
 * Watched addresses, balances and history as the page shows them. Reads through the IPC API,
 * refreshes on main's `balancesChanged` / `historyChanged` events (never polls).
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type {
  BalancesView,
  Direction,
  HistoryRow,
  UnitDetails,
  WatchedAddressInfo,
} from '../../../shared/ipc/wallet-schemas';
import { MIN_WORDS_SEARCH } from '../../../shared/ipc/wallet-schemas';

/** What the search asks for when it is too short to search by. */
export const SEARCH_TOO_SHORT = `Type at least ${MIN_WORDS_SEARCH} characters to search.`;
import { sentence } from '../api';
import { dayStart } from '../history-words';

type HistoryFilterParams = {
  asset?: string;
  direction?: Direction;
  search?: string;
  from?: number;
  to?: number;
};

export { amountText, signedAmountText } from '../../../shared/ipc/amount-text';

export class LedgerState {
  watched = $state<WatchedAddressInfo[]>([]);
  balances = $state<BalancesView | null>(null);
  rows = $state<HistoryRow[]>([]);
  /** The wallet's last few payments for Home, whatever History is filtered by. */
  recent = $state<HistoryRow[]>([]);
  loadingRecent = $state(true);
  nextCursor = $state<string | null>(null);
  loadingHistory = $state(false);
  filterAsset = $state<string>('');
  filterDirection = $state<Direction | ''>('');
  search = $state('');
  /** The date filter as the date fields hold it ("2025-01-31", or '' for none), local days. */
  fromDate = $state('');
  toDate = $state('');
  /** What is wrong with the filters or the search, shown beside them (History only). */
  filterProblem = $state<string | null>(null);
  /** The history list could not be read (History only; Wallet has its own errors). */
  historyError = $state<string | null>(null);
  details = $state<UnitDetails | null>(null);
  error = $state<string | null>(null);
  watchError = $state<string | null>(null);
  exportMessage = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  subscribe(): Array<() => void> {
    return [
      this.api.on('balancesChanged', (view) => {
        this.balances = view;
        void this.loadWatched();
      }),
      this.api.on('historyChanged', () => {
        void this.reloadHistory();
        void this.loadRecent();
        if (this.viewing && this.hasFocus()) void this.markSeen();
      }),
    ];
  }

  /** True while the History screen is shown (set by the screen). */
  viewing = false;

  /** The user has seen the history: main clears payment notifications and their badge count. */
  async markSeen(): Promise<void> {
    await this.api.history.markSeen();
  }

  private hasFocus(): boolean {
    return typeof document === 'undefined' || document.hasFocus();
  }

  async load(): Promise<void> {
    await Promise.all([
      this.loadWatched(),
      this.loadBalances(),
      this.reloadHistory(),
      this.loadRecent(),
    ]);
  }

  async loadWatched(): Promise<void> {
    const reply = await this.api.watch.list();
    if (reply.ok) this.watched = reply.value;
    else this.error = sentence('The watched addresses could not be read', reply.error);
  }

  async loadBalances(): Promise<void> {
    const reply = await this.api.balances.get();
    if (reply.ok) this.balances = reply.value;
    else this.error = sentence('The balances could not be read', reply.error);
  }

  /** Returns true when the address is now watched. */
  async watch(address: string, label: string): Promise<boolean> {
    this.watchError = null;
    const reply = await this.api.watch.add({
      address: address.trim(),
      ...(label.trim() ? { label: label.trim() } : {}),
    });
    if (!reply.ok) {
      this.watchError = reply.error.message;
      return false;
    }
    await Promise.all([this.loadWatched(), this.loadBalances()]);
    return true;
  }

  async unwatch(address: string): Promise<void> {
    const reply = await this.api.watch.remove({ address });
    if (reply.ok) this.watched = reply.value;
    await this.loadBalances();
    await Promise.all([this.reloadHistory(), this.loadRecent()]);
  }

  /** The filters as main takes them, or a sentence saying what to change. */
  private filter(): HistoryFilterParams | { problem: string } {
    const search = this.search.trim();
    if (search !== '' && search.length < MIN_WORDS_SEARCH) {
      return { problem: SEARCH_TOO_SHORT };
    }
    const from = dayStart(this.fromDate);
    const to = dayStart(this.toDate, 1);
    if (from !== null && to !== null && from >= to) {
      return { problem: 'The start date is after the end date.' };
    }
    return {
      ...(this.filterAsset ? { asset: this.filterAsset } : {}),
      ...(this.filterDirection ? { direction: this.filterDirection } : {}),
      ...(search ? { search } : {}),
      ...(from === null ? {} : { from }),
      ...(to === null ? {} : { to }),
    };
  }

  /** Whether any filter or a search narrows the history list. */
  get filtered(): boolean {
    return (
      this.filterAsset !== '' ||
      this.filterDirection !== '' ||
      this.search.trim() !== '' ||
      this.fromDate !== '' ||
      this.toDate !== ''
    );
  }

  /** Every filter and the search back to none, and the whole history read again. */
  async clearFilters(): Promise<void> {
    this.filterAsset = '';
    this.filterDirection = '';
    this.search = '';
    this.fromDate = '';
    this.toDate = '';
    await this.reloadHistory();
  }

  /** The newest payments of the wallet itself (not of watched addresses), unfiltered. */
  async loadRecent(count = 5): Promise<void> {
    const reply = await this.api.history.list({ limit: 50 });
    this.loadingRecent = false;
    if (!reply.ok) return;
    this.recent = reply.value.rows.filter((row) => row.scope === 'wallet').slice(0, count);
  }

  async reloadHistory(): Promise<void> {
    const filter = this.filter();
    if ('problem' in filter) {
      this.filterProblem = filter.problem;
      return;
    }
    this.filterProblem = null;
    this.loadingHistory = true;
    const reply = await this.api.history.list({ ...filter, limit: 200 });
    this.loadingHistory = false;
    if (!reply.ok) {
      // A refused search is the user's to fix, beside the field; anything else is a failure.
      if (reply.error.code === 'rejected') this.filterProblem = reply.error.message;
      else this.historyError = sentence('The history could not be read', reply.error);
      return;
    }
    this.historyError = null;
    this.rows = reply.value.rows;
    this.nextCursor = reply.value.nextCursor;
  }

  async loadMore(): Promise<void> {
    if (this.nextCursor === null || this.loadingHistory) return;
    const filter = this.filter();
    if ('problem' in filter) return;
    this.loadingHistory = true;
    const reply = await this.api.history.list({ ...filter, cursor: this.nextCursor, limit: 200 });
    this.loadingHistory = false;
    if (!reply.ok) return;
    this.rows = [...this.rows, ...reply.value.rows];
    this.nextCursor = reply.value.nextCursor;
  }

  async open(unit: string): Promise<void> {
    const reply = await this.api.history.get({ unit });
    if (reply.ok) this.details = reply.value;
    else this.historyError = sentence('The unit could not be read', reply.error);
  }

  close(): void {
    this.details = null;
  }

  async openExplorer(unit: string): Promise<void> {
    await this.api.links.openExplorer({ unit });
  }

  /** The filtered history (with the date range) as CSV or JSON; returns the text when unsaved. */
  async exportHistory(format: 'csv' | 'json' = 'csv'): Promise<string | null> {
    const filter = this.filter();
    if ('problem' in filter) {
      this.exportMessage = `Nothing was exported. ${filter.problem}`;
      return null;
    }
    const reply = await this.api.history.export({ ...filter, format, saveToFile: true });
    if (!reply.ok) {
      this.exportMessage = sentence('The history was not exported', reply.error);
      return null;
    }
    const { rows, savedTo, text } = reply.value;
    const count = `${rows.toLocaleString('en-US')} ${rows === 1 ? 'transaction' : 'transactions'}`;
    const kind = format === 'json' ? 'JSON' : 'CSV';
    this.exportMessage = savedTo
      ? `Saved ${count} as ${kind} in ${savedTo}.`
      : text !== null
        ? `Prepared ${count} as ${kind}; this window cannot save files.`
        : 'Export cancelled: nothing was saved.';
    return text;
  }

  async syncNow(): Promise<void> {
    await this.api.sync.now();
  }
}
