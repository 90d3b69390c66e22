/**
 * Textcoins as they cross IPC (issue 16). The words of a textcoin this wallet sends cross ONCE,
 * in the result of `textcoins.send` (the page shows them with a copy button and a QR and keeps
 * them nowhere else); the words of a textcoin being claimed come in through `previewClaim`.
 * The textcoin's private key never crosses.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { MAX_CAP } from '../protocol/constants';
import { OutputViewSchema, PaymentPreviewViewSchema, SendResultSchema } from './keys-schemas';
import { DisplayUnitSchema } from './schemas';

const amountInt = lazySchema(() => z.number().int().min(0).max(MAX_CAP));
const count = lazySchema(() => z.number().int().nonnegative());
const AddressText = lazySchema(() => z.string().max(64));
const UnitHash = lazySchema(() => z.string().regex(/^[A-Za-z0-9+/]{43}=$/));
const AssetText = lazySchema(() =>
  z
    .string()
    .regex(/^(base|[A-Za-z0-9+/]{43}=)$/, { message: 'An asset is "base" or a 44-character id.' }),
);
/** 12 to 24 words of at most 8 letters, with their separators and a link's prefix. */
const Words = lazySchema(() => z.string().max(300));

export const TextcoinPreviewSendParamsSchema = lazySchema(() =>
  z.strictObject({
    /** A decimal in the asset's unit; bytes in `unit` (GBYTE by default). */
    amount: z.string().trim().min(1, { message: 'Enter an amount.' }).max(40),
    asset: AssetText.optional(),
    unit: DisplayUnitSchema.optional(),
  }),
);

export const TextcoinSendPreviewViewSchema = lazySchema(() =>
  z.object({
    preview: PaymentPreviewViewSchema,
    /** The textcoin's address: the payment's recipient. */
    address: AddressText,
    asset: AssetText,
    assetName: z.string().max(40).nullable(),
    decimals: z.number().int().min(0).max(18),
    /** What the recipient is to receive (asset units). */
    amount: amountInt,
    /** ocore's TEXTCOIN_CLAIM_FEE (bytes) or TEXTCOIN_ASSET_CLAIM_FEE (assets), in bytes. */
    claimFee: count,
    /** Twice the hub's TPS fee estimate for the claim, in bytes (at least `leastTpsAllowance`). */
    tpsAllowance: count,
    /** Twice ocore's TPS fee of one unit at one unit per second, with `tpsVariables`. */
    leastTpsAllowance: count,
    /**
     * `hub`: the least allowance uses the hub's current system variables; `initial`: the hub has
     * not sent them (yet), so the network's initial values were used.
     */
    tpsVariables: z.enum(['hub', 'initial']),
    /** claimFee + tpsAllowance: bytes added so the recipient can claim without paying fees. */
    addedBytes: count,
  }),
);
export type TextcoinSendPreviewView = z.infer<typeof TextcoinSendPreviewViewSchema>;

/**
 * An asset a textcoin can carry (divisible and public: main decides from what the wallet knows)
 * that the account in view can spend now; what the Textcoins screen's asset picker lists.
 */
export const TextcoinAssetViewSchema = lazySchema(() =>
  z.object({
    asset: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
    name: z.string().max(40).nullable(),
    decimals: z.number().int().min(0).max(18),
    /** Stable and pending, minus what others' units not verified yet bring (never spendable). */
    spendable: z.number().int().min(1).max(MAX_CAP),
  }),
);
export type TextcoinAssetView = z.infer<typeof TextcoinAssetViewSchema>;
export const TextcoinAssetsSchema = lazySchema(() => z.array(TextcoinAssetViewSchema).max(1000));

export const PreviewIdParamsSchema = lazySchema(() =>
  z.strictObject({ previewId: z.string().max(100) }),
);

export const TextcoinSentViewSchema = lazySchema(() =>
  SendResultSchema.extend({
    address: AddressText,
    /** The words joined by "-": shown once. */
    words: Words,
    /** https://obyte.org/#textcoin?… */
    link: z.string().max(400),
    /** obyte:textcoin?… */
    uri: z.string().max(400),
  }),
);
export type TextcoinSentView = z.infer<typeof TextcoinSentViewSchema>;

export const TextcoinStateSchema = lazySchema(() =>
  z.enum(['unclaimed', 'claimed', 'taken-back', 'unknown']),
);
export type TextcoinState = z.infer<typeof TextcoinStateSchema>;

export const TextcoinViewSchema = lazySchema(() =>
  z.object({
    address: AddressText,
    asset: AssetText,
    assetName: z.string().max(40).nullable(),
    decimals: z.number().int().min(0).max(18),
    amount: amountInt,
    addedBytes: count,
    claimFee: count,
    /** The funding unit; null while it is being posted. */
    unit: UnitHash.nullable(),
    /** Our own claim, when we took it back. */
    claimUnit: UnitHash.nullable(),
    createdAt: count,
    /** The hub's word (not proven): does the address still hold anything? */
    state: TextcoinStateSchema,
    /** What the hub says the address still holds, per asset. */
    holds: z.array(OutputViewSchema.omit({ address: true })).max(20),
  }),
);
export type TextcoinView = z.infer<typeof TextcoinViewSchema>;
export const TextcoinListSchema = lazySchema(() => z.array(TextcoinViewSchema).max(10_000));

export const TextcoinClaimParamsSchema = lazySchema(() =>
  z.strictObject({
    /** A link (https://obyte.org/#textcoin?…, obyte:textcoin?…) or the words. */
    input: z.string().max(1000, { message: 'That is too long to be a textcoin.' }),
  }),
);

export const TextcoinTakeBackParamsSchema = lazySchema(() =>
  z.strictObject({ address: AddressText }),
);

export const TextcoinClaimPreviewViewSchema = lazySchema(() =>
  z.object({
    preview: PaymentPreviewViewSchema,
    /** The textcoin's address (the unit's author). */
    address: AddressText,
    /** The receiving address of this wallet the money goes to. */
    to: AddressText,
    /** One of this wallet's own textcoins, being taken back. */
    ownTextcoin: z.boolean(),
    /** Coins on the textcoin that are not confirmed yet. */
    unconfirmedCoins: count,
  }),
);
export type TextcoinClaimPreviewView = z.infer<typeof TextcoinClaimPreviewViewSchema>;

export const TextcoinClaimResultSchema = lazySchema(() =>
  SendResultSchema.extend({ address: AddressText }),
);
export type TextcoinClaimResult = z.infer<typeof TextcoinClaimResultSchema>;

export const DiscardedSchema = lazySchema(() => z.object({ done: z.literal(true) }));
