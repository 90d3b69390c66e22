/**
 * Autonomous agents as a paying wallet sees them (light-client.md §2.5, §2.10; devnet README
 * "What a light-wallet developer must know about AA triggers"): whether an address is an AA, the
 * bounce fees in force, what a bounce would cost, and the trigger a payment makes.
 *
 * Ports: ocore aa_composer.js `getTrigger` (outputs per asset, the first data message) and the
 * bounce rules of `handleTrigger`/`bounce` (bounce fees from the template that runs — the base
 * AA's for a parameterised AA —, `base` at least MIN_BYTES_BOUNCE_FEE); aa_addresses.js
 * `checkAAOutputs` (amounts below the bounce fees); composer.js / light.js tps-fee unit count
 * `1 + count_primary_aa_triggers × max_aa_responses`.
 *
 * What is trusted: nothing the hub says. A definition it serves must hash to the address it was
 * asked about (`checkServedDefinition`), and a base AA's definition to the base address the
 * parameterised definition names; otherwise the hub lied, and the caller refuses to preview.
 */
import { BASE_ASSET, isValidAsset } from './amount';
import { getAddressFromDefinition, isValidAddress } from './chash';
import { MIN_BYTES_BOUNCE_FEE } from './constants';
import { fail, ProtocolError } from './errors';
import type { HashableObject, JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';

export const AA_DEFINITION_OPERATOR = 'autonomous agent';

/** Asset ("base" for bytes) → amount in its smallest unit. */
export type AssetAmounts = Readonly<Record<string, number>>;

export interface AaInfo {
  readonly address: string;
  /** The definition as served (and checked against the address). */
  readonly definition: JsonValue;
  /** A parameterised AA runs the code of this base AA with `params`. */
  readonly baseAa: string | null;
  readonly params: JsonObject | null;
  /** The template whose code runs: the AA's own, or its base AA's once known. */
  readonly template: JsonObject;
  /** Bounce fees in force, `base` always present; null while a base AA's definition is missing. */
  readonly bounceFees: AssetAmounts | null;
  /** An https link to the AA's documentation, when the template names one. */
  readonly docUrl: string | null;
}

export type AddressKind =
  /** The address is an autonomous agent. */
  | { readonly kind: 'aa'; readonly aa: AaInfo }
  /** The address has revealed an ordinary definition (keys, multisig…): not an AA. */
  | { readonly kind: 'plain' }
  /** The hub knows no definition: an unused address, or one that never paid — not an AA. */
  | { readonly kind: 'unknown' };

export function isAaDefinition(definition: unknown): definition is [string, JsonObject] {
  return (
    Array.isArray(definition) &&
    definition.length === 2 &&
    definition[0] === AA_DEFINITION_OPERATOR &&
    isJsonObject(definition[1])
  );
}

/**
 * The definition the hub served for `address` must be that address's: its chash160 (JSON
 * serialization for AAs, source string otherwise) equals the address. A mismatch means the hub
 * lied or is broken.
 */
export function checkServedDefinition(address: string, definition: unknown): void {
  let hashed: string;
  try {
    hashed = getAddressFromDefinition(definition);
  } catch (error) {
    if (error instanceof ProtocolError) {
      fail('aa', `The hub sent a definition for ${address} that cannot be hashed: it is broken.`);
    }
    throw error;
  }
  if (hashed !== address) {
    fail(
      'aa',
      `The hub sent a definition that belongs to ${hashed}, not to ${address}: the hub is lying ` +
        'or broken, so nothing about this address can be trusted from it.',
    );
  }
}

function isFeeAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * ocore aa_composer: `template.bounce_fees || {base: MIN_BYTES_BOUNCE_FEE}`, and `base` set to the
 * minimum when absent or 0. A malformed entry (which aa_validation would have refused at
 * deployment) is an error: the definition cannot be the network's.
 */
export function getBounceFees(template: JsonObject, address: string): AssetAmounts {
  const given = template['bounce_fees'];
  if (given === undefined) return { [BASE_ASSET]: MIN_BYTES_BOUNCE_FEE };
  if (!isJsonObject(given)) fail('aa', `The bounce fees of the AA ${address} are malformed.`);
  const fees: Record<string, number> = {};
  for (const [asset, fee] of Object.entries(given)) {
    if (!isValidAsset(asset) || !isFeeAmount(fee)) {
      fail('aa', `The bounce fees of the AA ${address} are malformed.`);
    }
    fees[asset] = fee;
  }
  if (!fees[BASE_ASSET]) fees[BASE_ASSET] = MIN_BYTES_BOUNCE_FEE;
  return fees;
}

function templateOf(definition: [string, JsonObject], address: string): JsonObject {
  const template = definition[1];
  if ('base_aa' in template) {
    const base = template['base_aa'];
    if (!isValidAddress(base)) fail('aa', `The AA ${address} names an invalid base AA.`);
    const params = template['params'];
    if (params !== undefined && !isJsonObject(params)) {
      fail('aa', `The parameters of the AA ${address} are malformed.`);
    }
  }
  return template;
}

function docUrl(template: JsonObject): string | null {
  const url = template['doc_url'];
  return typeof url === 'string' && /^https:\/\/[^\s]+$/.test(url) && url.length <= 500
    ? url
    : null;
}

/**
 * What the hub's `light/get_definition` answer says about `address` (null: no definition known).
 * The definition is checked against the address first. A parameterised AA needs its base AA's
 * definition for its bounce fees: pass it to `withBaseDefinition`.
 */
export function classifyAddress(address: string, served: unknown): AddressKind {
  if (served === null || served === undefined) return { kind: 'unknown' };
  checkServedDefinition(address, served);
  if (!isAaDefinition(served)) return { kind: 'plain' };
  const template = templateOf(served, address);
  const baseAa = typeof template['base_aa'] === 'string' ? template['base_aa'] : null;
  const params = isJsonObject(template['params']) ? template['params'] : null;
  return {
    kind: 'aa',
    aa: {
      address,
      definition: served,
      baseAa,
      params: baseAa === null ? null : params,
      template,
      bounceFees: baseAa === null ? getBounceFees(template, address) : null,
      docUrl: docUrl(template),
    },
  };
}

/**
 * A parameterised AA completed with its base AA's definition (as served for `aa.baseAa`, checked
 * here): the bounce fees and the code that runs are the base's (ocore aa_composer redirects).
 */
export function withBaseDefinition(aa: AaInfo, served: unknown): AaInfo {
  const base = aa.baseAa;
  if (base === null) return aa;
  if (served === null || served === undefined) {
    fail('aa', `The hub does not know the base AA ${base} of ${aa.address}.`);
  }
  checkServedDefinition(base, served);
  if (!isAaDefinition(served)) fail('aa', `The base ${base} of the AA ${aa.address} is no AA.`);
  const template = served[1];
  if ('base_aa' in template) {
    fail('aa', `The base AA ${base} of ${aa.address} is itself parameterised, which cannot be.`);
  }
  return {
    ...aa,
    template,
    bounceFees: getBounceFees(template, base),
    docUrl: aa.docUrl ?? docUrl(template),
  };
}

export interface TriggerOutput {
  readonly address: string;
  readonly amount: number;
  /** "base" for bytes. */
  readonly asset: string;
}

/** ocore getTrigger: what the AA receives, per asset (several outputs of an asset add up). */
export function triggerOutputs(aaAddress: string, outputs: readonly TriggerOutput[]): AssetAmounts {
  const sums: Record<string, number> = {};
  for (const output of outputs) {
    if (output.address !== aaAddress) continue;
    sums[output.asset] = (sums[output.asset] ?? 0) + output.amount;
  }
  return sums;
}

export interface MissingBounceFee {
  readonly asset: string;
  readonly missing_amount: number;
  readonly recommended_amount: number;
}

/**
 * ocore aa_addresses.checkAAOutputs: every asset with a bounce fee must receive at least that
 * fee, else the AA bounces ("received … not enough to cover bounce fees") and keeps what it got.
 */
export function missingBounceFees(
  bounceFees: AssetAmounts,
  received: AssetAmounts,
): MissingBounceFee[] {
  const missing: MissingBounceFee[] = [];
  for (const [asset, fee] of Object.entries(bounceFees)) {
    const amount = received[asset] ?? 0;
    if (amount < fee) {
      missing.push({ asset, missing_amount: fee - amount, recommended_amount: fee });
    }
  }
  return missing;
}

export type BounceOutcome =
  /** A bounce sends back `refunds` (received minus the bounce fee, per asset). */
  | {
      readonly kind: 'refund';
      readonly refunds: AssetAmounts;
      readonly fees: AssetAmounts;
    }
  /** A bounce sends nothing back: the AA keeps everything it received. */
  | { readonly kind: 'keeps_all'; readonly asset: string };

/**
 * ocore aa_composer `bounce`: nothing comes back when the bytes received are below the bytes
 * bounce fee, or any asset received is below its fee (or when every amount equals its fee);
 * otherwise each asset comes back minus its fee. Assets are taken in the order the trigger lists
 * them, as ocore iterates `trigger.outputs`.
 */
export function bounceOutcome(bounceFees: AssetAmounts, received: AssetAmounts): BounceOutcome {
  const baseFee = bounceFees[BASE_ASSET] ?? MIN_BYTES_BOUNCE_FEE;
  if ((received[BASE_ASSET] ?? 0) < baseFee) return { kind: 'keeps_all', asset: BASE_ASSET };
  const refunds: Record<string, number> = {};
  const fees: Record<string, number> = {};
  for (const [asset, amount] of Object.entries(received)) {
    const fee = bounceFees[asset] ?? 0;
    if (fee > amount) return { kind: 'keeps_all', asset };
    fees[asset] = fee;
    if (fee < amount) refunds[asset] = amount - fee;
  }
  if (Object.keys(refunds).length === 0) return { kind: 'keeps_all', asset: BASE_ASSET };
  return { kind: 'refund', refunds, fees };
}

/**
 * How many units the TPS fee of a trigger pays for (composer.js, light.js): the unit itself and
 * up to `maxAaResponses` responses per AA it pays.
 */
export function tpsFeeUnitCount(countPrimaryAaTriggers: number, maxAaResponses: number): number {
  return 1 + countPrimaryAaTriggers * maxAaResponses;
}

/** What `light/dry_run_aa` takes as `trigger` (devnet README: address, outputs, data, max_aa_responses). */
export interface DryRunTrigger {
  readonly address: string;
  readonly outputs: AssetAmounts;
  readonly data?: HashableObject;
  readonly max_aa_responses?: number;
}

/**
 * The trigger a payment makes (ocore getTrigger): its first author, what the AA receives per
 * asset (bytes always listed: the hub requires them), the first data message's payload.
 */
export function buildDryRunTrigger(params: {
  readonly aaAddress: string;
  readonly triggerAddress: string;
  readonly outputs: readonly TriggerOutput[];
  readonly data?: HashableObject | null;
  readonly maxAaResponses?: number;
}): DryRunTrigger {
  const received = triggerOutputs(params.aaAddress, params.outputs);
  if (Object.keys(received).length === 0) fail('aa', 'The payment sends nothing to the AA.');
  const outputs: Record<string, number> = { [BASE_ASSET]: received[BASE_ASSET] ?? 0 };
  for (const [asset, amount] of Object.entries(received)) outputs[asset] = amount;
  return {
    address: params.triggerAddress,
    outputs,
    ...(params.data ? { data: params.data } : {}),
    ...(params.maxAaResponses !== undefined ? { max_aa_responses: params.maxAaResponses } : {}),
  };
}
