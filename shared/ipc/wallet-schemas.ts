/**
 * Watched addresses, balances and history as they cross IPC. Amounts are integers of the
 * smallest unit (at most 9e15, exact in a double); the renderer formats them. Every value that
 * is not proven says so (ARCHITECTURE.md principle 6).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { MIN_HISTORY_SEARCH, MIN_WORDS_SEARCH } from '../vocabulary/history-search';
import { MAX_CAP } from '../protocol/constants';

const amount = lazySchema(() => z.number().int().min(-MAX_CAP).max(MAX_CAP));
const count = lazySchema(() => z.number().int().nonnegative());
const epochMs = lazySchema(() => z.number().int().nonnegative());
/** "base" or a 44-character asset id. */
export const AssetIdSchema = lazySchema(() =>
  z
    .string()
    .regex(/^(base|[A-Za-z0-9+/]{43}=)$/, { message: 'An asset is "base" or a 44-character id.' }),
);
const UnitHash = lazySchema(() =>
  z.string().regex(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'A unit is a 44-character hash.',
  }),
);
const AddressText = lazySchema(() => z.string().max(64));

export const WatchAddParamsSchema = lazySchema(() =>
  z.strictObject({
    address: z.string().max(200, { message: 'That is far too long for an Obyte address.' }),
    label: z.string().max(100, { message: 'A label has at most 100 characters.' }).optional(),
  }),
);

export const WatchedAddressInfoSchema = lazySchema(() =>
  z.object({
    address: AddressText,
    label: z.string().max(100),
    kind: z.enum(['watch-only', 'wallet']),
    addedAt: epochMs,
    /** The hub refuses this address's full history (more than 2000 units). */
    historyTooLarge: z.boolean(),
  }),
);
export type WatchedAddressInfo = z.infer<typeof WatchedAddressInfoSchema>;

export const WatchListSchema = lazySchema(() => z.array(WatchedAddressInfoSchema).max(10_000));

export const AssetInfoSchema = lazySchema(() =>
  z.object({
    asset: AssetIdSchema,
    /** Registry name ("GBYTE" for bytes); null when the registry has none. */
    name: z.string().max(40).nullable(),
    decimals: z.number().int().min(0).max(18),
  }),
);

export const AssetBalanceViewSchema = lazySchema(() =>
  AssetInfoSchema.extend({
    /** From proven units only. */
    stable: amount,
    /** From units not proven yet. */
    pending: amount,
    /**
     * Of `pending`, what units others made bring (not verified yet: a hub can make one up). Never
     * spendable, never proven; listed per unit in `BalancesView.incoming`.
     */
    pendingUnverified: amount,
    /**
     * True when every address's history was verified (`stable` is proven); false when a hub
     * figure is shown. Says nothing about `pending`, which is never proven.
     */
    proven: z.boolean(),
    /** The hub's own (unproven) figure when it disagrees with ours; null when it agrees. */
    hubDisagrees: z
      .object({
        kind: z.enum(['total', 'split']),
        hubStable: amount,
        hubPending: amount,
        addresses: z.array(AddressText).max(100),
      })
      .nullable(),
  }),
);
export type AssetBalanceView = z.infer<typeof AssetBalanceViewSchema>;

export const AddressBalancesSchema = lazySchema(() =>
  z.object({
    address: AddressText,
    label: z.string().max(100),
    historyTooLarge: z.boolean(),
    assets: z.array(AssetBalanceViewSchema).max(1000),
  }),
);

/**
 * What one hub said about a unit not proven yet: whether it knows it (`get_joint`, or the unit
 * in its history answer). A hub knowing a unit is never a proof; two hubs that disagree are
 * shown in words.
 */
export const HubKnowledgeSchema = lazySchema(() =>
  z.object({
    url: z.string().max(200),
    /** 'main': the hub the wallet syncs with; 'second': the first fallback, asked too. */
    role: z.enum(['main', 'second']),
    knows: z.enum(['yes', 'no', 'unavailable', 'unchecked']),
    /** In words: why it could not be asked, or what it answered; null when nothing to add. */
    detail: z.string().max(300).nullable(),
    checkedAt: epochMs.nullable(),
  }),
);
export type HubKnowledge = z.infer<typeof HubKnowledgeSchema>;

/** A payment others made, not proven yet: its amounts per asset and which hubs know it. */
export const UnverifiedIncomingSchema = lazySchema(() =>
  z.object({
    unit: UnitHash,
    /** Seconds, as the unit's author wrote it. */
    timestamp: count,
    /** 'wallet': to the wallet's own addresses; 'watched': to watch-only ones only. */
    scope: z.enum(['wallet', 'watched']),
    addresses: z.array(AddressText).max(100),
    amounts: z.array(AssetInfoSchema.extend({ amount: count })).max(100),
    hubs: z.array(HubKnowledgeSchema).max(8),
  }),
);
export type UnverifiedIncoming = z.infer<typeof UnverifiedIncomingSchema>;

export const BalancesViewSchema = lazySchema(() =>
  z.object({
    /** The wallet's own money: its HD addresses, the only ones it can spend from. */
    total: z.array(AssetBalanceViewSchema).max(1000),
    byAddress: z.array(AddressBalancesSchema).max(10_000),
    /** Watch-only addresses (no key): never spendable, never counted in `total`. */
    watched: z.object({
      total: z.array(AssetBalanceViewSchema).max(1000),
      byAddress: z.array(AddressBalancesSchema).max(10_000),
    }),
    /** Payments others made that no proof reaches yet, newest first, each marked as such. */
    incoming: z.array(UnverifiedIncomingSchema).max(500),
  }),
);
export type BalancesView = z.infer<typeof BalancesViewSchema>;

export const DirectionSchema = lazySchema(() => z.enum(['incoming', 'outgoing', 'self']));
export type Direction = z.infer<typeof DirectionSchema>;

export const UnitStatusSchema = lazySchema(() =>
  z.enum(['stable', 'final-bad', 'pending', 'temp-bad']),
);
export type UnitStatusName = z.infer<typeof UnitStatusSchema>;

export { MIN_HISTORY_SEARCH, MIN_WORDS_SEARCH };

export const HistoryFilterSchema = lazySchema(() =>
  z.strictObject({
    asset: AssetIdSchema.optional(),
    direction: DirectionSchema.optional(),
    /**
     * A whole unit hash or address, at least MIN_HISTORY_SEARCH characters of one, or words of a
     * label, a note or a contact's name (at least MIN_WORDS_SEARCH characters).
     */
    search: z
      .string()
      .trim()
      .max(64, { message: 'A search has at most 64 characters.' })
      .optional(),
    /** Only units from this time on (seconds, inclusive). */
    from: count.optional(),
    /** Only units before this time (seconds, exclusive). */
    to: count.optional(),
  }),
);

export const HistoryListParamsSchema = lazySchema(() =>
  HistoryFilterSchema.extend({
    cursor: z.string().max(200).nullable().optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
);
export type HistoryListParams = z.infer<typeof HistoryListParamsSchema>;

export const HistoryRowSchema = lazySchema(() =>
  z.object({
    unit: UnitHash,
    /** Seconds. */
    timestamp: count,
    mainChainIndex: count.nullable(),
    status: UnitStatusSchema,
    proven: z.boolean(),
    direction: DirectionSchema,
    /**
     * 'wallet': the unit touches the wallet's own addresses, and direction, amounts and
     * counterparties are the wallet's (a watch-only address is another party). 'watched': it
     * touches only watch-only addresses, seen as they see it; never the user's money.
     */
    scope: z.enum(['wallet', 'watched']),
    /** Watch-only addresses the unit touches. */
    watched: z.array(AddressText).max(200),
    amounts: z
      .array(AssetInfoSchema.extend({ net: amount, received: amount, sent: amount }))
      .max(200),
    /** Total fees when one of our addresses paid them. */
    fee: count.nullable(),
    counterparties: z.array(AddressText).max(200),
    /**
     * An autonomous agent's part: this unit triggered an AA (and what came back), or is an AA's
     * response to a trigger of ours. The response row is the hub's word.
     */
    aa: z
      .object({
        role: z.enum(['trigger', 'response']),
        aaAddress: AddressText,
        triggerUnit: UnitHash,
        responseUnit: UnitHash.nullable(),
        bounced: z.boolean(),
        error: z.string().max(2000).nullable(),
        responseVars: z
          .array(z.object({ name: z.string().max(1000), value: z.string().max(2000) }))
          .max(200),
      })
      .nullable()
      .optional(),
  }),
);
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

export const HistoryPageSchema = lazySchema(() =>
  z.object({
    rows: z.array(HistoryRowSchema).max(500),
    nextCursor: z.string().max(200).nullable(),
  }),
);
export type HistoryPageView = z.infer<typeof HistoryPageSchema>;

export const UnitParamsSchema = lazySchema(() => z.strictObject({ unit: UnitHash }));

export const UnitDetailsSchema = lazySchema(() =>
  HistoryRowSchema.extend({
    ball: z.string().max(44).nullable(),
    /** In words: what the proof says about this unit. */
    proofState: z.string().max(300),
    fees: z
      .object({
        headers: count,
        payload: count,
        tps: count,
        oversize: count,
        burn: count,
        total: count,
      })
      .nullable(),
    authors: z.array(AddressText).max(16),
    /** Which hubs know the unit, while no proof reaches it (empty once proven). */
    hubs: z.array(HubKnowledgeSchema).max(8),
    outputs: z
      .array(z.object({ address: AddressText, asset: AssetIdSchema, amount: count }))
      .max(4096),
    /** null on a network without an explorer (devnet). */
    explorerUrl: z.string().max(200).nullable(),
  }),
);
export type UnitDetails = z.infer<typeof UnitDetailsSchema>;

export const HistoryExportFormatSchema = lazySchema(() => z.enum(['csv', 'json']));

export const HistoryExportParamsSchema = lazySchema(() =>
  HistoryFilterSchema.extend({
    /** CSV (one line per unit and asset) or JSON (one object per unit); CSV when not given. */
    format: HistoryExportFormatSchema.optional(),
    /** Ask where to save (a dialog in the app); otherwise the text comes back. */
    saveToFile: z.boolean().optional(),
  }),
);

export const HistoryExportResultSchema = lazySchema(() =>
  z.object({
    /** Units exported. */
    rows: count,
    format: HistoryExportFormatSchema,
    /** The file's text, when it was not written to a file. */
    text: z.string().max(100_000_000).nullable(),
    /** Where it was saved (home shortened to ~); null when not saved. */
    savedTo: z.string().max(1000).nullable(),
  }),
);
export type HistoryExportResult = z.infer<typeof HistoryExportResultSchema>;

export const SyncNowResultSchema = lazySchema(() =>
  z.object({
    ok: z.boolean(),
    problem: z.string().max(500).nullable(),
    changedUnits: count,
  }),
);

export const HistoryChangedSchema = lazySchema(() =>
  z.object({ units: z.array(UnitHash).max(10_000) }),
);

export const OpenExplorerParamsSchema = lazySchema(() => z.strictObject({ unit: UnitHash }));
export const OpenedSchema = lazySchema(() =>
  z.object({ opened: z.boolean(), url: z.string().max(200) }),
);
