/**
 * Autonomous agents as they cross IPC (issue 15): the AA part of a payment preview (bounce fees,
 * what a bounce returns, the hub's dry run), the data a payment carries as a table, and the AA
 * details screen. Every dry-run, state and balance value is the hub's word and is typed with
 * `source: 'hub'` so the page labels it.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { MAX_CAP } from '../protocol/constants';

const count = lazySchema(() => z.number().int().nonnegative());
const amountInt = lazySchema(() => z.number().int().min(0).max(MAX_CAP));
const AddressText = lazySchema(() => z.string().max(64));
const AssetText = lazySchema(() => z.string().max(44));
const Text = (max: number) => z.string().max(max);

/** An amount with what the page needs to write it. */
export const AaAmountViewSchema = lazySchema(() =>
  z.object({
    asset: AssetText,
    amount: amountInt,
    assetName: z.string().max(40).nullable(),
    decimals: z.number().int().min(0).max(18),
  }),
);
export type AaAmountView = z.infer<typeof AaAmountViewSchema>;

export const DataRowViewSchema = lazySchema(() =>
  z.object({
    path: Text(1000),
    value: Text(10_000),
    type: z.enum(['text', 'number', 'boolean']),
  }),
);
export type DataRowView = z.infer<typeof DataRowViewSchema>;

/** The data a payment carries: a table, and the exact JSON (for "show as JSON"). */
export const DataViewSchema = lazySchema(() =>
  z.object({
    rows: z.array(DataRowViewSchema).max(10_000),
    json: Text(400_000),
  }),
);
export type DataView = z.infer<typeof DataViewSchema>;

export const StateChangeViewSchema = lazySchema(() =>
  z.object({
    aa: AddressText,
    name: Text(1000),
    action: z.enum(['set', 'deleted', 'increased', 'decreased']),
    /** JSON text of the new value (or of the delta's size). */
    value: Text(2000).nullable(),
    oldValue: Text(2000).nullable(),
  }),
);
export type StateChangeView = z.infer<typeof StateChangeViewSchema>;

export const AaResponseViewSchema = lazySchema(() =>
  z.object({
    aaAddress: AddressText,
    bounced: z.boolean(),
    error: Text(2000).nullable(),
    info: Text(2000).nullable(),
    /** Payments of the response, without the AA's own change. */
    payments: z
      .array(
        AaAmountViewSchema.extend({
          address: AddressText,
          /** The payment goes to the trigger's author: this wallet. */
          toYou: z.boolean(),
          /** It goes to another AA of the chain. */
          toAa: z.boolean(),
        }),
      )
      .max(2048),
    responseVars: z.array(z.object({ name: Text(1000), value: Text(2000) })).max(1000),
    stateChanges: z.array(StateChangeViewSchema).max(1000),
    otherMessages: z.array(Text(50)).max(128),
    responseUnit: z.string().max(44).nullable(),
  }),
);
export type AaResponseView = z.infer<typeof AaResponseViewSchema>;

export const AaPreviewViewSchema = lazySchema(() =>
  z.object({
    address: AddressText,
    baseAa: AddressText.nullable(),
    docUrl: Text(500).nullable(),
    received: z.array(AaAmountViewSchema).max(130),
    bounceFees: z.array(AaAmountViewSchema).max(130),
    missingBounceFees: z.array(AaAmountViewSchema).max(130),
    /** A bounce returns these (minus the fees), or nothing ('keeps_all'). */
    bounce: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('refund'), refunds: z.array(AaAmountViewSchema).max(130) }),
      z.object({ kind: z.literal('keeps_all') }),
    ]),
    maxAaResponses: count,
    tpsFeeUnits: count,
    /** Why the payment would bounce; sending then needs a separate confirmation. */
    bounceReason: Text(2000).nullable(),
    dryRun: z.object({
      source: z.literal('hub'),
      responses: z.array(AaResponseViewSchema).max(50),
    }),
  }),
);
export type AaPreviewView = z.infer<typeof AaPreviewViewSchema>;

// ---- signed messages ----

const DeviceAddressText = lazySchema(() => z.string().max(33));

export const PrepareSignParamsSchema = lazySchema(() =>
  z.strictObject({
    address: AddressText,
    message: z.string().min(1).max(10_000),
    /** The network-aware form (names the last ball; ocore signMessage bNetworkAware). */
    networkAware: z.boolean().optional(),
    /** A bot's request: base64 of a JSON value is signed as that value. */
    decodeJson: z.boolean().optional(),
    /** The chat that asked: the signed message is sent back to it (named in main's dialog). */
    replyTo: DeviceAddressText.optional(),
  }),
);

/** Exactly what will be signed, held in main under `signId`; nothing is signed yet. */
export const PreparedSignatureSchema = lazySchema(() =>
  z.object({
    signId: z.string().max(100),
    address: AddressText,
    text: Text(40_000),
    isJson: z.boolean(),
    networkAware: z.boolean(),
    replyTo: DeviceAddressText.nullable(),
  }),
);
export type PreparedSignatureView = z.infer<typeof PreparedSignatureSchema>;

/** Signs what `signId` holds, once, after main's own dialog; the reply goes where prepared. */
export const SignParamsSchema = lazySchema(() => z.strictObject({ signId: z.string().max(100) }));

export const SignedResultSchema = lazySchema(() =>
  z.object({
    address: AddressText,
    /** base64 of the package's JSON: what a `signed-message:` link carries. */
    base64: Text(100_000),
    /** The correspondent the signed message was sent back to. */
    repliedTo: DeviceAddressText.nullable(),
    /** Signed, but the reply could not be sent: why, in words. */
    replyProblem: Text(500).nullable(),
  }),
);

export const VerifyParamsSchema = lazySchema(() =>
  z.strictObject({ signed: z.string().min(1).max(200_000) }),
);

export const VerifyResultSchema = lazySchema(() =>
  z.object({
    status: z.enum(['valid', 'invalid', 'unverifiable']),
    address: AddressText.nullable(),
    text: Text(40_000).nullable(),
    /** Why not valid, in words. */
    reason: Text(1000).nullable(),
    networkAware: z.boolean(),
  }),
);
export type VerifyResultView = z.infer<typeof VerifyResultSchema>;

// ---- AA details and attestations ----

export const AddressParamsSchema = lazySchema(() =>
  z.strictObject({ address: z.string().max(64) }),
);

export const AaDetailsSchema = lazySchema(() =>
  z.object({
    address: AddressText,
    /** null: not an AA (`kind` says what it is). */
    kind: z.enum(['aa', 'plain', 'unknown']),
    baseAa: AddressText.nullable(),
    docUrl: Text(500).nullable(),
    /** The definition, pretty JSON (read-only). */
    definition: Text(400_000).nullable(),
    bounceFees: z.array(AaAmountViewSchema).max(130),
    /** The hub's word. */
    balances: z.array(AaAmountViewSchema).max(1000),
    responses: z
      .array(
        z.object({
          mci: count.nullable(),
          triggerUnit: z.string().max(44),
          triggerAddress: AddressText,
          bounced: z.boolean(),
          error: Text(2000).nullable(),
          responseUnit: z.string().max(44).nullable(),
        }),
      )
      .max(100),
  }),
);
export type AaDetailsView = z.infer<typeof AaDetailsSchema>;

export const AaStateParamsSchema = lazySchema(() =>
  z.strictObject({
    address: z.string().max(64),
    prefix: z.string().max(1000).optional(),
    /** Paging: variables after this name (var_prefix_from), in name order. */
    after: z.string().max(1000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
);

export const AaStateSchema = lazySchema(() =>
  z.object({
    /** The hub's word. */
    vars: z.array(z.object({ name: Text(1000), value: Text(10_000) })).max(2000),
    /** The last name of this page when there may be more. */
    nextAfter: Text(1000).nullable(),
  }),
);
export type AaStateView = z.infer<typeof AaStateSchema>;

export const AttestationListSchema = lazySchema(() =>
  z
    .array(
      z.object({
        unit: z.string().max(44),
        attestor: AddressText,
        /** What the attestor is known as, when this wallet knows it. */
        attestorName: Text(100).nullable(),
        fields: z.array(z.object({ name: Text(100), value: Text(500) })).max(200),
      }),
    )
    .max(1000),
);
export type AttestationListView = z.infer<typeof AttestationListSchema>;
