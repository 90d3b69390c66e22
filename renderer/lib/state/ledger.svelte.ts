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
import { sentence } from '../api';

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

  private filter(): { asset?: string; direction?: Direction; search?: string } {
    return {
      ...(this.filterAsset ? { asset: this.filterAsset } : {}),
      ...(this.filterDirection ? { direction: this.filterDirection } : {}),
      ...(this.search.trim() ? { search: this.search.trim() } : {}),
    };
  }

  /** The newest payments of the wallet itself (not of watched addresses), unfiltered. */
  async loadRecent(count = 5): Promise<void> {
    const reply = await this.api.history.list({ limit: 50 });
    this.loadingRecent = false;
    if (!reply.ok) return;
    this.recent = reply.value.rows.filter((row) => row.scope === 'wallet').slice(0, count);
  }

  async reloadHistory(): Promise<void> {
    this.loadingHistory = true;
    const reply = await this.api.history.list({ ...this.filter(), limit: 200 });
    this.loadingHistory = false;
    if (!reply.ok) {
      this.error = sentence('The history could not be read', reply.error);
      return;
    }
    this.rows = reply.value.rows;
    this.nextCursor = reply.value.nextCursor;
  }

  async loadMore(): Promise<void> {
    if (this.nextCursor === null || this.loadingHistory) return;
    this.loadingHistory = true;
    const reply = await this.api.history.list({
      ...this.filter(),
      cursor: this.nextCursor,
      limit: 200,
    });
    this.loadingHistory = false;
    if (!reply.ok) return;
    this.rows = [...this.rows, ...reply.value.rows];
    this.nextCursor = reply.value.nextCursor;
  }

  async open(unit: string): Promise<void> {
    const reply = await this.api.history.get({ unit });
    if (reply.ok) this.details = reply.value;
    else this.error = sentence('The unit could not be read', reply.error);
  }

  close(): void {
    this.details = null;
  }

  async openExplorer(unit: string): Promise<void> {
    await this.api.links.openExplorer({ unit });
  }

  async exportCsv(): Promise<string | null> {
    const reply = await this.api.history.exportCsv({ ...this.filter(), saveToFile: true });
    if (!reply.ok) {
      this.exportMessage = sentence('The history was not exported', reply.error);
      return null;
    }
    const { rows, savedTo, csv } = reply.value;
    this.exportMessage = savedTo
      ? `Saved ${rows} transactions to ${savedTo}.`
      : csv !== null
        ? `Prepared ${rows} transactions as CSV.`
        : 'Export cancelled.';
    return csv;
  }

  async syncNow(): Promise<void> {
    await this.api.sync.now();
  }
}
