/**
 * Autonomous agents as they cross IPC (issue 15): the AA part of a payment preview (bounce fees,
 * what a bounce returns, the hub's dry run), the data a payment carries as a table, and the AA
 * details screen. Every dry-run, state and balance value is the hub's word and is typed with
 * `source: 'hub'` so the page labels it.
 */
import { z } from 'zod';
import { MAX_CAP } from '../protocol/constants';

const count = z.number().int().nonnegative();
const amountInt = z.number().int().min(0).max(MAX_CAP);
const AddressText = z.string().max(64);
const AssetText = z.string().max(44);
const Text = (max: number) => z.string().max(max);

/** An amount with what the page needs to write it. */
export const AaAmountViewSchema = z.object({
  asset: AssetText,
  amount: amountInt,
  assetName: z.string().max(40).nullable(),
  decimals: z.number().int().min(0).max(18),
});
export type AaAmountView = z.infer<typeof AaAmountViewSchema>;

export const DataRowViewSchema = z.object({
  path: Text(1000),
  value: Text(10_000),
  type: z.enum(['text', 'number', 'boolean']),
});
export type DataRowView = z.infer<typeof DataRowViewSchema>;

/** The data a payment carries: a table, and the exact JSON (for "show as JSON"). */
export const DataViewSchema = z.object({
  rows: z.array(DataRowViewSchema).max(10_000),
  json: Text(400_000),
});
export type DataView = z.infer<typeof DataViewSchema>;

export const StateChangeViewSchema = z.object({
  aa: AddressText,
  name: Text(1000),
  action: z.enum(['set', 'deleted', 'increased', 'decreased']),
  /** JSON text of the new value (or of the delta's size). */
  value: Text(2000).nullable(),
  oldValue: Text(2000).nullable(),
});
export type StateChangeView = z.infer<typeof StateChangeViewSchema>;

export const AaResponseViewSchema = z.object({
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
});
export type AaResponseView = z.infer<typeof AaResponseViewSchema>;

export const AaPreviewViewSchema = z.object({
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
});
export type AaPreviewView = z.infer<typeof AaPreviewViewSchema>;
