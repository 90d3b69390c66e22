/**
 * What the screens and the CLI show, read from the wallet database: watch list, balances per
 * asset (ours, proven, beside the hub's figure when it disagrees) and history pages, in this
 * module's own types (the IPC edge hands them to the page, whose contract types they satisfy;
 * unit details are built there, electron/main/ipc/unit-view.ts). One place, so the app and the
 * CLI say the same thing.
 */
import { parseAddress, ProtocolError } from '../../../../shared/protocol/index';
import { BYTES_DECIMALS } from '../../../../shared/protocol/constants';
import { compareBalances } from '../storage/index';
import { NO_HUB_REPORTS, type HubKnowledge, type HubKnowledgeSource } from './hub-reports';
import type {
  AssetBalance,
  HistoryDirection,
  HistoryEntry,
  HistoryScope,
  HubBalancesAnswer,
  UnitStatus,
  WalletDatabase,
} from '../storage/index';

/** A watched address (the wallet's own or watch-only) and whether the hub serves its history. */
export interface WatchedAddress {
  readonly address: string;
  readonly label: string;
  readonly kind: 'watch-only' | 'wallet';
  readonly addedAt: number;
  /** The hub refuses this address's full history (more than 2000 units). */
  readonly historyTooLarge: boolean;
}

/** An asset as it is shown: its registry name (null: none) and decimals. */
export interface AssetInfo {
  readonly asset: string;
  readonly name: string | null;
  readonly decimals: number;
}

/** One asset's balance over some addresses. */
export interface AssetBalanceLine extends AssetInfo {
  /** From proven units only. */
  readonly stable: number;
  /** From units not proven yet. */
  readonly pending: number;
  /** Of `pending`, what units others made bring (not verified yet). */
  readonly pendingUnverified: number;
  /** Every address's history was verified; false when a hub figure is shown. */
  readonly proven: boolean;
  /** The hub's own (unproven) figure when it disagrees with ours; null when it agrees. */
  readonly hubDisagrees: {
    readonly kind: 'total' | 'split';
    readonly hubStable: number;
    readonly hubPending: number;
    readonly addresses: string[];
  } | null;
}

export interface AddressBalanceLines {
  readonly address: string;
  readonly label: string;
  readonly historyTooLarge: boolean;
  readonly assets: AssetBalanceLine[];
}

/** A payment others made, not proven yet: its amounts per asset and which hubs know it. */
export interface IncomingPayment {
  readonly unit: string;
  /** Seconds, as the unit's author wrote it. */
  readonly timestamp: number;
  readonly scope: HistoryScope;
  readonly addresses: string[];
  readonly amounts: (AssetInfo & { readonly amount: number })[];
  readonly hubs: HubKnowledge[];
}

/** The wallet's own money apart from the watch-only addresses', and the unverified payments. */
export interface WalletBalances {
  readonly total: AssetBalanceLine[];
  readonly byAddress: AddressBalanceLines[];
  readonly watched: {
    readonly total: AssetBalanceLine[];
    readonly byAddress: AddressBalanceLines[];
  };
  readonly incoming: IncomingPayment[];
}

/** A stored AA response beside the unit that triggered it or is it (the hub's word). */
export interface AaLink {
  readonly role: 'trigger' | 'response';
  readonly aaAddress: string;
  readonly triggerUnit: string;
  readonly responseUnit: string | null;
  readonly bounced: boolean;
  readonly error: string | null;
  readonly responseVars: { readonly name: string; readonly value: string }[];
}

/** One unit of the history as the addresses in view see it. */
export interface HistoryLine {
  readonly unit: string;
  /** Seconds. */
  readonly timestamp: number;
  readonly mainChainIndex: number | null;
  readonly status: UnitStatus;
  readonly proven: boolean;
  readonly direction: HistoryDirection;
  readonly scope: HistoryScope;
  /** Watch-only addresses the unit touches. */
  readonly watched: string[];
  readonly amounts: (AssetInfo & {
    readonly net: number;
    readonly received: number;
    readonly sent: number;
  })[];
  /** Total fees when one of our addresses paid them. */
  readonly fee: number | null;
  readonly counterparties: string[];
  readonly aa?: AaLink | null;
}

export interface HistoryLines {
  readonly rows: HistoryLine[];
  readonly nextCursor: string | null;
}

/** Thrown for input a person typed wrong; its message is shown as it is. */
export class WalletInputError extends Error {}

/** A user-typed address, or a WalletInputError with parseAddress's plain sentence. */
export function checkUserAddress(input: string): string {
  try {
    return parseAddress(input);
  } catch (error) {
    if (error instanceof ProtocolError) throw new WalletInputError(error.message);
    throw error;
  }
}

export type AssetNames = ReadonlyMap<string, { name: string; decimals: number }>;

export function assetNames(db: WalletDatabase): AssetNames {
  const map = new Map<string, { name: string; decimals: number }>([
    ['base', { name: 'GBYTE', decimals: BYTES_DECIMALS }],
  ]);
  for (const item of db.assetMetadata()) {
    map.set(item.asset, { name: item.name, decimals: item.decimals });
  }
  return map;
}

export function assetInfo(names: AssetNames, asset: string): AssetInfo {
  const known = names.get(asset);
  return { asset, name: known?.name ?? null, decimals: known?.decimals ?? 0 };
}

function compareAssets(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'base') return -1;
  if (b === 'base') return 1;
  return a < b ? -1 : 1;
}

export function watchList(db: WalletDatabase): WatchedAddress[] {
  const states = new Map(db.addressSyncStates().map((state) => [state.address, state]));
  return db.watchedAddresses().map((item) => ({
    ...item,
    historyTooLarge: states.get(item.address)?.historyTooLarge ?? false,
  }));
}

/**
 * Balances: the wallet's own (its HD addresses: what it can spend) apart from the watch-only
 * addresses (no key: never the user's money), each with its own totals. For an address whose
 * history is too large for the hub to serve, the hub's figure is shown, marked unproven.
 */
export function balancesView(
  db: WalletDatabase,
  reports: HubKnowledgeSource = NO_HUB_REPORTS,
): WalletBalances {
  // The account in view only (when the seed has several accounts), watched addresses always.
  const watched = db.watchedAddresses().filter((item) => db.inView(item.address));
  const addresses = watched.map((item) => item.address);
  const names = assetNames(db);
  const incoming = unverifiedIncoming(db, watched, names, reports);
  const ours = db.balances(addresses);
  const states = db.addressSyncStates(addresses);
  const hub: Record<string, Record<string, HubBalancesAnswer[string][string]>> = {};
  const checked: string[] = [];
  // Only a hub figure taken after our last change says anything about our figure: one taken
  // before the user's own payment (or before a unit was proven) would show a difference that is
  // only our own newer state, and it stays until the next check replaces it.
  const changedAt = db.lastUnitChangeAt() ?? 0;
  for (const state of states) {
    if (state.hubBalancesAt === null) continue;
    if (state.hubBalancesAt < changedAt && !state.historyTooLarge) continue;
    checked.push(state.address);
    hub[state.address] = Object.fromEntries(
      Object.entries(state.hubBalances).map(([asset, b]) => [
        asset,
        {
          stable: b.stable,
          pending: b.pending,
          stable_outputs_count: b.stableOutputsCount,
          pending_outputs_count: b.pendingOutputsCount,
          total: b.total,
        },
      ]),
    );
  }
  const tooLarge = new Set(states.filter((s) => s.historyTooLarge).map((s) => s.address));
  const mismatches = compareBalances(ours, hub, checked).filter((m) => !tooLarge.has(m.address));

  const perAddress = watched.map((item) => {
    const assets = new Map<string, AssetBalanceLine>();
    const mine: Readonly<Record<string, AssetBalance>> = ours.byAddress[item.address] ?? {};
    if (tooLarge.has(item.address)) {
      for (const [asset, b] of Object.entries(hub[item.address] ?? {})) {
        assets.set(asset, {
          ...assetInfo(names, asset),
          stable: b.stable,
          pending: b.pending,
          // The hub's figure: none of its pending part was verified.
          pendingUnverified: b.pending,
          proven: false,
          hubDisagrees: null,
        });
      }
    } else {
      for (const [asset, b] of Object.entries(mine)) {
        assets.set(asset, {
          ...assetInfo(names, asset),
          stable: b.stable,
          pending: b.pending,
          pendingUnverified: Math.min(
            b.pending,
            incoming.perAddress.get(item.address)?.get(asset) ?? 0,
          ),
          proven: true,
          hubDisagrees: null,
        });
      }
    }
    for (const m of mismatches.filter((x) => x.address === item.address)) {
      const current = assets.get(m.asset) ?? {
        ...assetInfo(names, m.asset),
        stable: 0,
        pending: 0,
        pendingUnverified: 0,
        proven: true,
        hubDisagrees: null,
      };
      assets.set(m.asset, {
        ...current,
        hubDisagrees: {
          kind: m.kind,
          hubStable: m.hub.stable,
          hubPending: m.hub.pending,
          addresses: [item.address],
        },
      });
    }
    return {
      kind: item.kind,
      entry: {
        address: item.address,
        label: item.label,
        historyTooLarge: tooLarge.has(item.address),
        assets: [...assets.values()].sort((a, b) => compareAssets(a.asset, b.asset)),
      },
    };
  });
  const own = perAddress.filter((item) => item.kind === 'wallet').map((item) => item.entry);
  const watchOnly = perAddress
    .filter((item) => item.kind === 'watch-only')
    .map((item) => item.entry);
  return {
    total: totalOf(own, names, true),
    byAddress: own,
    watched: { total: totalOf(watchOnly, names, watchOnly.length > 0), byAddress: watchOnly },
    incoming: incoming.list,
  };
}

/**
 * Payments others made that no proof reaches yet: to the wallet's addresses from anyone else
 * (a watched address too), and to watched addresses from outside the wallet and the watch
 * list. One entry per unit (the wallet's view first), and per address and asset the sum.
 */
function unverifiedIncoming(
  db: WalletDatabase,
  watched: readonly { address: string; kind: 'wallet' | 'watch-only' }[],
  names: AssetNames,
  reports: HubKnowledgeSource,
): { list: IncomingPayment[]; perAddress: Map<string, Map<string, number>> } {
  const own = watched.filter((item) => item.kind === 'wallet').map((item) => item.address);
  const watchOnly = watched
    .filter((item) => item.kind === 'watch-only')
    .map((item) => item.address);
  const perAddress = new Map<string, Map<string, number>>();
  const units = new Map<
    string,
    {
      timestamp: number;
      scope: 'wallet' | 'watched';
      addresses: Set<string>;
      amounts: Map<string, number>;
    }
  >();
  const scopes = [
    { scope: 'wallet' as const, outputs: db.unverifiedIncoming(own, own) },
    {
      scope: 'watched' as const,
      outputs: db.unverifiedIncoming(watchOnly, [...own, ...watchOnly]),
    },
  ];
  for (const { scope, outputs } of scopes) {
    for (const output of outputs) {
      const byAsset = perAddress.get(output.address) ?? new Map<string, number>();
      byAsset.set(output.asset, (byAsset.get(output.asset) ?? 0) + output.amount);
      perAddress.set(output.address, byAsset);
      const entry = units.get(output.unit) ?? {
        timestamp: output.timestamp,
        scope,
        addresses: new Set<string>(),
        amounts: new Map<string, number>(),
      };
      units.set(output.unit, entry);
      // A unit that pays the wallet is the wallet's: its watched outputs are another party's.
      if (entry.scope !== scope) continue;
      entry.addresses.add(output.address);
      entry.amounts.set(output.asset, (entry.amounts.get(output.asset) ?? 0) + output.amount);
    }
  }
  const list = [...units.entries()]
    .sort(([ua, a], [ub, b]) => b.timestamp - a.timestamp || (ua < ub ? -1 : 1))
    .slice(0, 500)
    .map(([unit, entry]) => ({
      unit,
      timestamp: entry.timestamp,
      scope: entry.scope,
      addresses: [...entry.addresses].sort().slice(0, 100),
      amounts: [...entry.amounts.entries()]
        .sort(([a], [b]) => compareAssets(a, b))
        .slice(0, 100)
        .map(([asset, amount]) => ({ ...assetInfo(names, asset), amount })),
      hubs: reports.knowledgeOf(unit).slice(0, 8),
    }));
  return { list, perAddress };
}

/** Per asset over `entries`; bytes always listed when `withBytes` (a zero is an answer too). */
function totalOf(
  entries: readonly AddressBalanceLines[],
  names: AssetNames,
  withBytes: boolean,
): AssetBalanceLine[] {
  const total = new Map<string, AssetBalanceLine>();
  for (const entry of entries) {
    for (const a of entry.assets) {
      const sum = total.get(a.asset);
      if (!sum) {
        total.set(a.asset, {
          ...a,
          hubDisagrees: a.hubDisagrees && { ...a.hubDisagrees },
        });
        continue;
      }
      const disagree =
        sum.hubDisagrees || a.hubDisagrees
          ? {
              kind:
                sum.hubDisagrees?.kind === 'total' || a.hubDisagrees?.kind === 'total'
                  ? ('total' as const)
                  : ('split' as const),
              hubStable:
                (sum.hubDisagrees?.hubStable ?? sum.stable) +
                (a.hubDisagrees?.hubStable ?? a.stable),
              hubPending:
                (sum.hubDisagrees?.hubPending ?? sum.pending) +
                (a.hubDisagrees?.hubPending ?? a.pending),
              addresses: [
                ...(sum.hubDisagrees?.addresses ?? []),
                ...(a.hubDisagrees?.addresses ?? []),
              ].slice(0, 100),
            }
          : null;
      total.set(a.asset, {
        ...sum,
        stable: sum.stable + a.stable,
        pending: sum.pending + a.pending,
        pendingUnverified: sum.pendingUnverified + a.pendingUnverified,
        proven: sum.proven && a.proven,
        hubDisagrees: disagree,
      });
    }
  }
  if (withBytes && !total.has('base')) {
    total.set('base', {
      ...assetInfo(names, 'base'),
      stable: 0,
      pending: 0,
      pendingUnverified: 0,
      proven: true,
      hubDisagrees: null,
    });
  }
  return [...total.values()].sort((a, b) => compareAssets(a.asset, b.asset));
}

/** The AA part of a history row, from the stored response (the hub's word). */
function aaLinkOf(db: WalletDatabase, unit: string): AaLink | null {
  const stored = db.aaResponseOf(unit);
  if (stored === null) return null;
  let response: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(stored.response);
    if (typeof parsed === 'object' && parsed !== null) response = parsed as Record<string, unknown>;
  } catch {
    // A response that is not JSON shows as no variables and no error.
  }
  const vars = response['responseVars'];
  const error = response['error'];
  return {
    role: stored.triggerUnit === unit ? 'trigger' : 'response',
    aaAddress: stored.aaAddress,
    triggerUnit: stored.triggerUnit,
    responseUnit: stored.responseUnit,
    bounced: stored.bounced,
    error:
      error === undefined || error === null
        ? null
        : (typeof error === 'string' ? error : JSON.stringify(error)).slice(0, 2000),
    responseVars:
      typeof vars === 'object' && vars !== null
        ? Object.entries(vars)
            .slice(0, 200)
            .map(([name, value]) => ({
              name: name.slice(0, 1000),
              value: JSON.stringify(value).slice(0, 2000),
            }))
        : [],
  };
}

/** A stored history entry with its assets' names (and, given the database, its AA part). */
export function historyLineOf(
  entry: HistoryEntry,
  names: AssetNames,
  db?: WalletDatabase,
): HistoryLine {
  return {
    ...(db === undefined ? {} : { aa: aaLinkOf(db, entry.unit) }),
    unit: entry.unit,
    timestamp: entry.timestamp,
    mainChainIndex: entry.mainChainIndex,
    status: entry.status,
    proven: entry.proven,
    direction: entry.direction,
    scope: entry.scope,
    watched: entry.watched.slice(0, 200),
    amounts: entry.amounts.map((a) => ({
      ...assetInfo(names, a.asset),
      net: a.net,
      received: a.received,
      sent: a.sent,
    })),
    fee: entry.paidByAddresses && entry.fees ? entry.fees.total : null,
    counterparties: entry.counterparties.slice(0, 200),
  };
}

export interface HistoryFilter {
  readonly asset?: string;
  readonly direction?: HistoryDirection;
  readonly search?: string;
  /** Seconds: from (inclusive), to (exclusive). */
  readonly from?: number;
  readonly to?: number;
}

export function historyPage(
  db: WalletDatabase,
  query: HistoryFilter & {
    cursor?: string | null;
    limit?: number;
    /** Only these addresses' history, amounts as seen by them (the CLI); default every watched. */
    addresses?: readonly string[];
  },
): HistoryLines {
  const search = query.search?.trim();
  // The account in view (several accounts): its addresses and the watched ones, as they see it.
  const inView =
    (query.addresses === undefined || query.addresses.length === 0) && db.hasViewFilter
      ? db
          .watchedAddresses()
          .map((item) => item.address)
          .filter((address) => db.inView(address))
      : null;
  if (inView !== null && inView.length === 0) return { rows: [], nextCursor: null };
  const addresses = inView ?? query.addresses;
  const page = db.history({
    ...(addresses && addresses.length > 0 ? { addresses } : {}),
    ...(query.asset ? { asset: query.asset } : {}),
    ...(query.direction ? { direction: query.direction } : {}),
    ...(search ? { search } : {}),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ?? 100,
  });
  const names = assetNames(db);
  return {
    rows: page.entries.map((entry) => historyLineOf(entry, names, db)),
    nextCursor: page.nextCursor,
  };
}
