/**
 * The public shapes of the wallet database. Amounts are integers of the smallest unit; assets
 * are 'base' (bytes) or a 44-character asset id. Proof state is in every type that can be
 * unproven (ARCHITECTURE.md principle 6).
 */
import type { AnyUnit } from '../../../../shared/protocol/index';

/**
 * One joint as stored (the protocol's VerifiedJoint, shared/protocol/history.ts, adapted by the
 * sync layer): what the verifier says about it (light-client.md §2.1 steps 3–5):
 * - proven: the proofchain reaches the unit; `sequence` is 'good' or 'final-bad' and `ball`
 *   is the proofchain's ball;
 * - not proven: `sequence` is 'unconfirmed' and there is no ball (a hub-reported ball is never
 *   stored).
 * The sync layer adapts the verifier's output to this shape.
 */
export interface StoredJoint {
  /** The hash-checked unit as served; `unit.unit` is its hash. Voided units have no messages. */
  readonly unit: AnyUnit;
  readonly proven: boolean;
  readonly sequence: 'good' | 'final-bad' | 'unconfirmed';
  readonly ball?: string;
  /** As the hub reported it; never proven (not hashed). */
  readonly mainChainIndex: number | null;
}

/** `temp-bad` comes only from the hub's `light/sequence_became_bad` push, for unproven units. */
export type UnitSequence = 'good' | 'final-bad' | 'unconfirmed' | 'temp-bad';

/** How the UI names a unit's state: proven stable, proven final-bad, or not proven yet. */
export type UnitStatus = 'stable' | 'final-bad' | 'pending' | 'temp-bad';

export type AddressKind = 'watch-only' | 'wallet';

export interface WatchedAddress {
  readonly address: string;
  readonly label: string;
  readonly kind: AddressKind;
  /** Milliseconds since the epoch (the injected clock). */
  readonly addedAt: number;
}

export interface ApplyOptions {
  /**
   * Sync bookkeeping written in the same transaction as the joints, so a crash never records a
   * sync that did not land. `group` is a caller-chosen key (see `addressGroupKey`).
   */
  readonly sync?: {
    readonly group: string;
    readonly addresses: readonly string[];
    readonly lastProvenMci: number | null;
  };
}

export interface ApplyResult {
  /** Units stored for the first time. */
  readonly inserted: readonly string[];
  /** Units whose state moved forward (unconfirmed → good / final-bad). */
  readonly upgraded: readonly string[];
  /** Units already stored whose content arrived only now (stored voided, served in full). */
  readonly enriched: readonly string[];
  /** Units already stored with nothing to change (includes proven units served as unconfirmed). */
  readonly unchanged: number;
  /** Authors and output addresses of every inserted, upgraded or enriched unit, sorted. */
  readonly affectedAddresses: readonly string[];
}

export interface UnitFees {
  readonly headers: number;
  readonly payload: number;
  readonly tps: number;
  readonly oversize: number;
  readonly burn: number;
  readonly total: number;
}

export interface StoredUnit {
  readonly unit: string;
  /** The unit as served, re-parsed from the stored JSON (hub-added fields removed). */
  readonly content: AnyUnit;
  readonly proven: boolean;
  readonly sequence: UnitSequence;
  readonly status: UnitStatus;
  readonly ball: string | null;
  /** Reported by the hub, unproven. */
  readonly mainChainIndex: number | null;
  /** Seconds (the unit's own timestamp). */
  readonly timestamp: number;
  /** null for voided units (their commissions are not served). */
  readonly fees: UnitFees | null;
  readonly actualTpsFee: number | null;
  /** Milliseconds since the epoch (the injected clock). */
  readonly firstSeenAt: number;
  readonly updatedAt: number;
}

export interface AssetBalance {
  /** Unspent outputs of proven good units. */
  readonly stable: number;
  /** Unspent outputs of units not proven yet (sequence unconfirmed, i.e. good so far). */
  readonly pending: number;
  /**
   * Outputs of this address that units not proven yet are spending (outgoing pending spends):
   * already left `stable` / `pending`, not final until the spending unit is proven.
   */
  readonly pendingSpent: number;
  readonly stableOutputs: number;
  readonly pendingOutputs: number;
}

/** An unspent output of a unit not proven yet that none of the own addresses authored. */
export interface UnverifiedOutput {
  readonly unit: string;
  /** Seconds (the unit's own timestamp, as its author wrote it). */
  readonly timestamp: number;
  readonly address: string;
  readonly asset: string;
  readonly amount: number;
}

export interface Balances {
  /** Every requested address, with an entry per asset it holds (empty object when none). */
  readonly byAddress: Readonly<Record<string, Readonly<Record<string, AssetBalance>>>>;
  /** Per asset over all requested addresses. */
  readonly total: Readonly<Record<string, AssetBalance>>;
}

/** One address and asset of a hub balance snapshot, as stored; unproven. */
export interface HubAssetBalance {
  readonly stable: number;
  readonly pending: number;
  readonly stableOutputsCount: number;
  readonly pendingOutputsCount: number;
  readonly total: number;
}

/**
 * A `light/get_balances` answer (light-client.md §2.4) as parsed at the edge (`parseBalances` of
 * shared/protocol/light/responses.ts, structurally the same type): address → asset ('base' or an
 * asset id) → counts. Addresses without outputs are absent. Unproven.
 */
export type HubBalancesAnswer = Readonly<
  Record<
    string,
    Readonly<
      Record<
        string,
        {
          readonly stable: number;
          readonly pending: number;
          readonly stable_outputs_count: number;
          readonly pending_outputs_count: number;
          readonly total: number;
        }
      >
    >
  >
>;

/**
 * A difference between our balance and the hub's, for one address and asset:
 * - 'total': stable + pending differ — the hub knows outputs or spends we have not stored
 *   (or it lies). Shown to the user.
 * - 'split': the totals agree but the hub counts more (or less) as stable. Usually the hub has
 *   seen units become stable that no proof has reached yet; it resolves at the next proof.
 */
export interface BalanceMismatch {
  readonly address: string;
  readonly asset: string;
  readonly kind: 'total' | 'split';
  readonly ours: { readonly stable: number; readonly pending: number };
  readonly hub: { readonly stable: number; readonly pending: number };
}

export type HistoryDirection = 'incoming' | 'outgoing' | 'self';

/**
 * Whose point of view a history entry takes: 'wallet' when the unit touches the wallet's own
 * addresses (direction and amounts as the wallet sees them; a watch-only address is just another
 * party), 'watched' when it touches only watch-only addresses (as they see it: never the user's
 * own money).
 */
export type HistoryScope = 'wallet' | 'watched';

export interface HistoryQuery {
  /**
   * Whose history; defaults to every watched address. The wallet's addresses (kind 'wallet')
   * and any address not in the watch list are "own"; watch-only ones are seen apart (scope).
   */
  readonly addresses?: readonly string[];
  /** Only units that move this asset to or from the addresses. */
  readonly asset?: string;
  readonly direction?: HistoryDirection;
  /**
   * A full unit hash or address (exact match), or at least MIN_PARTIAL_SEARCH characters of one
   * (found anywhere in a unit hash, case-sensitive, or in an address).
   */
  readonly search?: string;
  /** Only units from this time on (seconds, inclusive). */
  readonly from?: number;
  /** Only units before this time (seconds, exclusive). */
  readonly to?: number;
  /** Default 50, at most 500. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

export interface HistoryAmount {
  readonly asset: string;
  /** Received minus sent; negative for outgoing. */
  readonly net: number;
  /** Outputs of this unit to the addresses. */
  readonly received: number;
  /** Outputs of the addresses this unit spends (as far as stored). */
  readonly sent: number;
}

export interface HistoryEntry {
  readonly unit: string;
  readonly timestamp: number;
  /** Reported by the hub, unproven. */
  readonly mainChainIndex: number | null;
  readonly status: UnitStatus;
  readonly proven: boolean;
  readonly ball: string | null;
  readonly direction: HistoryDirection;
  /** Whose point of view direction, amounts and counterparties take. */
  readonly scope: HistoryScope;
  /** Watch-only addresses the unit touches (authors or outputs), sorted. */
  readonly watched: readonly string[];
  /** Sorted by asset, 'base' first. */
  readonly amounts: readonly HistoryAmount[];
  /** The unit's fees; `paidByAddresses` when one of the addresses authored it. */
  readonly fees: UnitFees | null;
  readonly paidByAddresses: boolean;
  /** Other side: foreign authors (incoming) or foreign recipients (outgoing). */
  readonly counterparties: readonly string[];
  /**
   * Transfer inputs of a unit the addresses authored whose spent output is not stored: `sent`
   * is then incomplete (another co-author's coins, or history not synced yet).
   */
  readonly unknownInputs: number;
}

export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  readonly nextCursor: string | null;
}

export type SpendUnconfirmed = 'none' | 'own' | 'all';

export interface SpendableOutput {
  readonly unit: string;
  readonly messageIndex: number;
  readonly outputIndex: number;
  readonly address: string;
  readonly asset: string;
  readonly amount: number;
  readonly proven: boolean;
  readonly mainChainIndex: number | null;
}

export interface SyncGroupState {
  readonly group: string;
  readonly addresses: readonly string[];
  readonly lastProvenMci: number | null;
  readonly lastSyncAt: number;
}

export interface AddressSyncState {
  readonly address: string;
  /** The hub refused the address's history as too large (> 2000 units). */
  readonly historyTooLarge: boolean;
  readonly tooLargeSince: number | null;
  /** The hub's last reported (unproven) balances for this address, if any were recorded. */
  readonly hubBalances: Readonly<Record<string, HubAssetBalance>>;
  readonly hubBalancesAt: number | null;
}

export interface AssetMetadata {
  readonly asset: string;
  readonly name: string;
  readonly decimals: number;
  readonly registryAddress: string;
  readonly metadataUnit: string;
  readonly suffix: string | null;
  readonly fetchedAt: number;
}

/** The newest last-ball MCI a verified proof reached, kept between runs (schema version 4). */
export interface LastStableMci {
  readonly mci: number;
  /** When the proof was verified (ms). */
  readonly verifiedAt: number;
  /** The timestamp (ms) of the last-ball unit at `mci`, when the answer carried it. */
  readonly unitAt: number | null;
}
