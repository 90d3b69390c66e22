/**
 * `obyte-light balance`: the wallet's own money apart from each watched address, in JSON and in
 * text. A watch-only address (no key) is never part of the wallet's figures: it has its own
 * section and its own total.
 */
import { amountText } from '../shared/ipc/amount-text';
import type { DisplayUnit } from '../shared/ipc/schemas';
import type { AssetBalanceView, BalancesView } from '../shared/ipc/wallet-schemas';

type AddressEntry = BalancesView['byAddress'][number];

export interface BalanceReport {
  readonly document: {
    readonly wallet: BalancesView['watched'];
    readonly watched: BalancesView['watched'];
  };
  readonly text: string;
}

/** `addresses` (when given) keeps only those addresses' lines; section totals stay whole. */
export function balanceReport(
  view: BalancesView,
  addresses: readonly string[],
  unit: DisplayUnit,
): BalanceReport {
  const pick = (entries: readonly AddressEntry[]): AddressEntry[] =>
    addresses.length === 0
      ? [...entries]
      : entries.filter((entry) => addresses.includes(entry.address));
  const own = pick(view.byAddress);
  const watched = pick(view.watched.byAddress);
  const shown = (a: AssetBalanceView, amount: number): string => amountText(amount, a, unit);
  const assetLine = (a: AssetBalanceView): string =>
    `${a.asset === 'base' ? 'bytes' : (a.name ?? a.asset)}  stable ${shown(a, a.stable)}  pending ${shown(a, a.pending)}${a.proven ? '  proven' : '  unproven'}${a.hubDisagrees ? '  (the hub reports a different balance)' : ''}`;
  const addressLines = (entry: AddressEntry): string[] => [
    `${entry.label ? `${entry.address} (${entry.label})` : entry.address}${entry.historyTooLarge ? '  (history too large: hub figure, unproven)' : ''}`,
    ...(entry.assets.length === 0 ? ['  no funds'] : []),
    ...entry.assets.map((a) => `  ${assetLine(a)}`),
  ];
  const lines: string[] = [];
  if (addresses.length === 0 || own.length > 0) {
    lines.push(
      view.byAddress.length === 0
        ? 'Wallet: no wallet addresses on this network (create or restore a wallet)'
        : `Wallet (${view.byAddress.length} addresses, yours to spend)`,
    );
    if (view.byAddress.length > 0) {
      lines.push(...view.total.map((a) => `  total ${assetLine(a)}`));
      lines.push(...own.flatMap(addressLines));
    }
  }
  if (watched.length > 0) {
    lines.push(
      `Watched addresses (${view.watched.byAddress.length}; no key: not yours to spend, not in the wallet’s total)`,
    );
    lines.push(...watched.flatMap(addressLines));
    lines.push(...view.watched.total.map((a) => `  watched total ${assetLine(a)}`));
  }
  return {
    document: {
      wallet: { total: view.total, byAddress: own },
      watched: { total: view.watched.total, byAddress: watched },
    },
    text: lines.join('\n'),
  };
}
