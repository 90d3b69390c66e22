/**
 * Keys, addresses and payments as they cross IPC (issue 5). The mnemonic crosses only in the
 * results of `wallet.createWithMnemonicForBackup` and `wallet.revealMnemonicForBackup` and in the
 * params of `wallet.restoreFromMnemonic`; private keys never cross. Amounts the user types travel
 * as decimal strings and are parsed in main with the asset's decimals.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { MAX_CAP } from '../protocol/constants';
import { AaPreviewViewSchema, DataViewSchema } from './aa-schemas';
import { MAX_PASSWORD_UNITS, newPasswordProblem } from '../vocabulary/password-rule';
import { DisplayUnitSchema, NetworkSchema, SpendUnconfirmedSchema } from './schemas';

const count = lazySchema(() => z.number().int().nonnegative());
const epochMs = lazySchema(() => z.number().int().nonnegative());
const amountInt = lazySchema(() => z.number().int().min(0).max(MAX_CAP));
const AddressText = lazySchema(() => z.string().max(64));
const UnitHash = lazySchema(() =>
  z.string().regex(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'A unit is a 44-character hash.',
  }),
);
const AssetText = lazySchema(() =>
  z
    .string()
    .regex(/^(base|[A-Za-z0-9+/]{43}=)$/, { message: 'An asset is "base" or a 44-character id.' }),
);

export const ProtectionModeSchema = lazySchema(() => z.enum(['password', 'keychain']));
export type ProtectionMode = z.infer<typeof ProtectionModeSchema>;

/** A password that opens a wallet: any length it was made with (older rules were laxer). */
const Password = lazySchema(() =>
  z
    .string({ message: 'The password must be text.' })
    .min(1, { message: 'Enter a password.' })
    .max(MAX_PASSWORD_UNITS, { message: 'That password is too long (1024 characters at most).' }),
);

/** A password for a new wallet or a new password: held to the rule, before anything is written. */
const NewPassword = lazySchema(() =>
  z.string({ message: 'The password must be text.' }).superRefine((value, ctx) => {
    const problem = newPasswordProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

/** How a new (or re-protected) wallet is kept: a password, or a random key in the OS keychain. */
export const NewProtectionSchema = lazySchema(() =>
  z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('password'), password: NewPassword }),
    z.strictObject({ mode: z.literal('keychain') }),
  ]),
);
export type NewProtectionParams = z.infer<typeof NewProtectionSchema>;

/** What the page may know about the wallet: never a key, never the mnemonic. */
export const WalletStatusSchema = lazySchema(() =>
  z.discriminatedUnion('state', [
    z.object({ state: z.literal('none'), keychainAvailable: z.boolean() }),
    z.object({
      state: z.enum(['locked', 'unlocked']),
      network: NetworkSchema,
      protection: ProtectionModeSchema,
      walletId: z.string().max(64),
      deviceAddress: z.string().max(33),
      /** Wallet addresses known so far (receive and change), public. */
      addresses: z.array(AddressText).max(10_000),
      /** Milliseconds until another password try is accepted (0 = now). */
      retryAfterMs: count,
      /** Idle minutes before the wallet locks itself; null: never. */
      autoLockMinutes: z.number().int().min(1).max(1440).nullable(),
      keychainAvailable: z.boolean(),
    }),
    /** A keystore file exists but cannot be read; `problem` says why and what to do. */
    z.object({ state: z.literal('damaged'), problem: z.string().max(600) }),
  ]),
);
export type WalletStatus = z.infer<typeof WalletStatusSchema>;

export const BackupDraftSchema = lazySchema(() =>
  z.object({
    /** Names this draft in `wallet.confirmBackup`; the wallet is written only after the check. */
    draftId: z.string().max(64),
    /** The 12 words, shown once. */
    mnemonic: z.string().max(400),
    /** 1-based positions of the words the page must ask the user to type again. */
    askPositions: z.array(z.number().int().min(1).max(24)).min(1).max(6),
  }),
);
export type BackupDraft = z.infer<typeof BackupDraftSchema>;

export const ConfirmBackupParamsSchema = lazySchema(() =>
  z.strictObject({
    draftId: z.string().max(64),
    answers: z
      .array(
        z.strictObject({ position: z.number().int().min(1).max(24), word: z.string().max(40) }),
      )
      .max(6),
    /** Without it, only the words are checked; with it, the wallet is written and unlocked. */
    protection: NewProtectionSchema.optional(),
  }),
);

export const ConfirmBackupResultSchema = lazySchema(() =>
  z.object({
    /** True when every word matched. */
    confirmed: z.boolean(),
    /** The positions whose word did not match. */
    wrongPositions: z.array(z.number().int().min(1).max(24)).max(6),
    /** The wallet once written (protection given and words right); null otherwise. */
    wallet: WalletStatusSchema.nullable(),
  }),
);

export const RestoreParamsSchema = lazySchema(() =>
  z.strictObject({
    mnemonic: z.string().max(1000, { message: 'That is far too long for a recovery phrase.' }),
    passphrase: z
      .string()
      .max(1000, { message: 'The passphrase has at most 1000 characters.' })
      .optional(),
    protection: NewProtectionSchema,
    /** Keep a damaged wallet file aside (renamed, never deleted) and restore over it. */
    replaceDamaged: z.boolean().optional(),
  }),
);

export const DiscoveryProgressSchema = lazySchema(() =>
  z.object({
    round: count,
    addressesChecked: count,
    addressesToCheck: count,
    unitsVerified: count,
    usedAddresses: count,
  }),
);
export type DiscoveryProgressView = z.infer<typeof DiscoveryProgressSchema>;

export const RestoreResultSchema = lazySchema(() =>
  z.object({
    wallet: WalletStatusSchema,
    /** What discovery found; null when it could not run (the problem says why). */
    discovery: z
      .object({
        addressesChecked: count,
        usedAddresses: count,
        unitsVerified: count,
        roundTrips: count,
      })
      .nullable(),
    problem: z.string().max(500).nullable(),
  }),
);

export const UnlockParamsSchema = lazySchema(() =>
  z.strictObject({ password: Password.optional() }),
);
export const PasswordParamsSchema = lazySchema(() =>
  z.strictObject({ password: Password.optional() }),
);

export const ChangePasswordParamsSchema = lazySchema(() =>
  z.strictObject({
    currentPassword: Password.optional(),
    newPassword: NewPassword,
  }),
);

export const SetProtectionParamsSchema = lazySchema(() =>
  z.strictObject({
    /** Opens a password-protected wallet (not needed in keychain mode). */
    currentPassword: Password.optional(),
    protection: NewProtectionSchema,
  }),
);

export const SetAutoLockParamsSchema = lazySchema(() =>
  z.strictObject({
    minutes: z.number().int().min(1).max(1440).nullable(),
  }),
);

export const RevealedMnemonicSchema = lazySchema(() =>
  z.object({
    mnemonic: z.string().max(400),
    passphrase: z.string().max(1000).optional(),
  }),
);

export const WalletAddressViewSchema = lazySchema(() =>
  z.object({
    address: AddressText,
    account: count,
    isChange: z.boolean(),
    index: count,
    used: z.boolean(),
    /** Bytes on this address (proven and pending). */
    bytes: z.object({ stable: z.number().int(), pending: z.number().int() }),
  }),
);
export const AddressListSchema = lazySchema(() => z.array(WalletAddressViewSchema).max(10_000));
export type WalletAddressView = z.infer<typeof WalletAddressViewSchema>;

export const ReceiveAddressSchema = lazySchema(() => z.object({ address: AddressText }));

export const PaymentUriParamsSchema = lazySchema(() =>
  z.strictObject({
    address: z.string().max(64),
    /** A decimal in the asset's unit ("1.5"); bytes in `unit` (default GBYTE). */
    amount: z.string().trim().max(40).optional(),
    asset: AssetText.optional(),
    unit: DisplayUnitSchema.optional(),
  }),
);
export const PaymentUriSchema = lazySchema(() => z.object({ uri: z.string().max(600) }));

export const PreviewParamsSchema = lazySchema(() =>
  z.strictObject({
    recipients: z
      .array(
        z.strictObject({
          address: z.string().max(200),
          /** A decimal in the asset's unit; bytes in `unit`. Ignored with sendAll. */
          amount: z.string().trim().max(40),
          asset: AssetText.optional(),
        }),
      )
      .min(1, { message: 'Add at least one recipient.' })
      .max(100, { message: 'At most 100 recipients in one payment.' }),
    /** Bytes only: everything spendable, minus the fees, to the one recipient. */
    sendAll: z.boolean().optional(),
    unit: DisplayUnitSchema.optional(),
    /** Data for an autonomous agent: JSON text of an object (checked in main)… */
    dataJson: z.string().max(400_000).optional(),
    /** …or a link's base64data (base64 of the JSON). */
    base64data: z.string().max(600_000).optional(),
    /** A link's from_address: the payment must come from this address of the wallet. */
    fromAddress: AddressText.optional(),
    /** A link's single_address: inputs and change at one address only. */
    singleAddress: z.boolean().optional(),
  }),
);
export type PreviewParamsView = z.infer<typeof PreviewParamsSchema>;

const OutputView = lazySchema(() =>
  z.object({
    address: AddressText,
    amount: amountInt,
    asset: AssetText,
    assetName: z.string().max(40).nullable(),
    decimals: z.number().int().min(0).max(18),
  }),
);
export type OutputView = z.infer<typeof OutputView>;
export const OutputViewSchema = OutputView;

export const FeesViewSchema = lazySchema(() =>
  z.object({
    headers: count,
    payload: count,
    tps: count,
    oversize: count,
    burn: count,
    total: count,
  }),
);

export const PaymentPreviewViewSchema = lazySchema(() =>
  z.object({
    previewId: z.string().max(100),
    expiresAt: epochMs,
    recipients: z.array(OutputView).max(200),
    change: z.array(OutputView).max(200),
    fees: FeesViewSchema,
    /** Per asset: what leaves the wallet (for bytes, recipients plus every fee). */
    totalLeaving: z.array(OutputView.omit({ address: true })).max(200),
    inputCount: count,
    /** The hub picked the coins (the wallet was still syncing): their amounts are not proven. */
    coinsFromHub: z.boolean(),
    /** The spend-unconfirmed rule the coins were picked under (Settings, or the CLI's option). */
    spendUnconfirmed: SpendUnconfirmedSchema.optional(),
    /** How many spent coins come from units not yet proven stable. */
    unconfirmedCoins: count.optional(),
    /** The data the unit carries, as a table; absent or null without data. */
    data: DataViewSchema.nullable().optional(),
    /** When the payment goes to an autonomous agent: bounce fees and the hub's dry run. */
    aa: AaPreviewViewSchema.nullable().optional(),
    /** The address that pays (a link's from_address or single_address), or null. */
    payingAddress: AddressText.nullable().optional(),
  }),
);
export type PaymentPreviewView = z.infer<typeof PaymentPreviewViewSchema>;

export const SendParamsSchema = lazySchema(() =>
  z.strictObject({
    previewId: z.string().max(100),
    /** A separate confirmation that the payment may bounce (the preview said it would). */
    acceptBounce: z.boolean().optional(),
  }),
);

export const SendResultSchema = lazySchema(() =>
  z.object({
    status: z.enum(['accepted', 'unresolved']),
    unit: UnitHash,
    message: z.string().max(500).nullable(),
  }),
);

export const PendingPaymentViewSchema = lazySchema(() =>
  z.object({
    unit: UnitHash,
    status: z.enum(['unresolved', 'pending', 'stable', 'final-bad', 'rejected']),
    recipients: z.array(OutputView).max(200),
    feesTotal: count,
    lastError: z.string().max(500).nullable(),
    createdAt: epochMs,
  }),
);
export const PendingPaymentsSchema = lazySchema(() => z.array(PendingPaymentViewSchema).max(1000));
export type PendingPaymentView = z.infer<typeof PendingPaymentViewSchema>;

export const PaymentStateChangedSchema = lazySchema(() =>
  z.object({
    unit: UnitHash,
    status: PendingPaymentViewSchema.shape.status,
    message: z.string().max(500).nullable(),
  }),
);
