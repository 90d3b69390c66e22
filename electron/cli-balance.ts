/**
 * `obyte-light balance`: the wallet's own money apart from each watched address, in JSON and in
 * text. A watch-only address (no key) is never part of the wallet's figures: it has its own
 * section and its own total.
 */
import { amountText } from '../shared/ipc/amount-text';
import type { DisplayUnit, SecondHubStatus } from '../shared/ipc/schemas';
import type { AssetBalanceView, BalancesView, HubKnowledge } from '../shared/ipc/wallet-schemas';

type AddressEntry = BalancesView['byAddress'][number];

export interface BalanceReport {
  readonly document: {
    readonly wallet: BalancesView['watched'];
    readonly watched: BalancesView['watched'];
    /** Payments others made that no proof reaches yet, with which hubs know each. */
    readonly incoming: BalancesView['incoming'];
    /** The second hub's word (null: no fallback hub set). */
    readonly secondHub: SecondHubStatus | null;
  };
  readonly text: string;
}

const KNOWS: Readonly<Record<HubKnowledge['knows'], string>> = {
  yes: 'knows it',
  no: 'does not know it',
  unavailable: 'could not be asked',
  unchecked: 'not asked yet',
};

/** `addresses` (when given) keeps only those addresses' lines; section totals stay whole. */
export function balanceReport(
  view: BalancesView,
  addresses: readonly string[],
  unit: DisplayUnit,
  secondHub: SecondHubStatus | null = null,
): BalanceReport {
  const pick = (entries: readonly AddressEntry[]): AddressEntry[] =>
    addresses.length === 0
      ? [...entries]
      : entries.filter((entry) => addresses.includes(entry.address));
  const own = pick(view.byAddress);
  const watched = pick(view.watched.byAddress);
  const shown = (a: AssetBalanceView, amount: number): string => amountText(amount, a, unit);
  const assetLine = (a: AssetBalanceView): string =>
    `${a.asset === 'base' ? 'bytes' : (a.name ?? a.asset)}  stable ${shown(a, a.stable)}${a.proven ? ' proven' : ' unproven'}  pending ${shown(a, a.pending)}${a.pendingUnverified > 0 ? ` (${shown(a, a.pendingUnverified)} of it incoming, not verified yet)` : ''}${a.hubDisagrees ? '  (the hub reports a different balance)' : ''}`;
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
  const incoming = view.incoming.filter(
    (item) =>
      addresses.length === 0 || item.addresses.some((address) => addresses.includes(address)),
  );
  if (incoming.length > 0) {
    lines.push('Incoming, not verified yet (no proof reaches them; never spendable):');
    for (const item of incoming) {
      const amounts = item.amounts.map((a) => amountText(a.amount, a, unit)).join(', ');
      const hubs = item.hubs.map((hub) => `${hub.role} hub ${hub.url} ${KNOWS[hub.knows]}`);
      lines.push(
        `  ${item.unit}  ${amounts} to ${item.scope === 'watched' ? 'watched ' : ''}${item.addresses.join(', ')}${hubs.length > 0 ? `; ${hubs.join('; ')}` : ''}`,
      );
    }
  }
  if (secondHub !== null) lines.push(`Second hub: ${secondHub.summary}`);
  return {
    document: {
      wallet: { total: view.total, byAddress: own },
      watched: { total: view.watched.total, byAddress: watched },
      incoming,
      secondHub,
    },
    text: lines.join('\n'),
  };
}
