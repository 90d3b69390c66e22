/**
 * Parsers for the hub's answers, one per command (light-client.md §2, device-messaging.md §7,
 * ocore network.js handleRequest). Every answer is untrusted: a parser returns a typed value or
 * throws `HubMalformedResponseError` saying which field is wrong (never echoing the data). Wire
 * field names stay snake_case, as in the protocol types.
 *
 * Error answers (`{error}`) never reach these parsers: the client turns them into
 * `HubRequestError` first.
 */
import { z } from 'zod';
import { isBase64 } from '../bytes';
import { isValidAddress } from '../chash';
import { parseTempPubkeyPackage, type TempPubkeyPackage } from '../device';
import { ProtocolError } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import { parseUnit } from '../unit-parse';
import type { AnyUnit } from '../unit-types';
import { HubMalformedResponseError } from './errors';
import { MAX_PARENTS_PER_UNIT } from '../constants';

// ---- building blocks ----

const hash = z.string().refine((value) => isBase64(value, 32), 'expected a 44-character hash');
const address = z.string().refine((value) => isValidAddress(value), 'expected a valid address');
const count = z
  .number()
  .int()
  .nonnegative()
  .refine((value) => Number.isSafeInteger(value), 'expected a safe integer');
const positive = count.refine((value) => value > 0, 'expected a positive integer');
const jsonObject = z.custom<JsonObject>((value) => isJsonObject(value), 'expected an object');
const jsonValue = z.custom<JsonValue>((value) => value !== undefined, 'expected a value');

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.length === 0 ? 'the answer' : issue.path.map(String).join('.');
  return `${path}: ${issue.message}`.slice(0, 200);
}

/** Parse with a schema; a mismatch becomes HubMalformedResponseError for `command`. */
function parseWith<T>(command: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new HubMalformedResponseError(command, describeIssue(result.error));
  return result.data;
}

function malformed(command: string, problem: string): never {
  throw new HubMalformedResponseError(command, problem);
}

// ---- general requests (§2.9) ----

/** `get_peers`: URLs of the hub's outbound peers (empty is normal). */
export function parsePeers(value: JsonValue | undefined): string[] {
  return parseWith('get_peers', z.array(z.string().max(300)), value);
}

/** `get_witnesses`: the hub's witness (order provider) list: valid, distinct addresses. */
export function parseWitnesses(value: JsonValue | undefined): string[] {
  const witnesses = parseWith('get_witnesses', z.array(address).min(1).max(12), value);
  if (new Set(witnesses).size !== witnesses.length)
    malformed('get_witnesses', 'duplicate witnesses');
  return witnesses;
}

/** `get_last_mci`: the hub's last main chain index, stable or not. */
export function parseLastMci(value: JsonValue | undefined): number {
  return parseWith('get_last_mci', count, value);
}

export type GetJointResult =
  /**
   * The joint as served, and its unit parsed. A `ball` on it is not a stability proof (recent
   * stable units come without one, and the hub is not trusted): prove it with light/get_history.
   */
  | { readonly kind: 'found'; readonly joint: JsonObject; readonly unit: AnyUnit }
  | { readonly kind: 'not_found'; readonly unit: string };

/** `get_joint`: `{joint}` for the unit we asked about, or `{joint_not_found: unit}`. */
export function parseGetJoint(value: JsonValue | undefined, requestedUnit: string): GetJointResult {
  const command = 'get_joint';
  if (!isJsonObject(value)) return malformed(command, 'the answer is not an object');
  if (!('joint' in value)) {
    if (value['joint_not_found'] === requestedUnit)
      return { kind: 'not_found', unit: requestedUnit };
    return malformed(command, 'neither joint nor joint_not_found for the requested unit');
  }
  const joint = value['joint'];
  if (!isJsonObject(joint) || !isJsonObject(joint['unit'])) {
    return malformed(command, 'the joint has no unit object');
  }
  // ocore handleResponseToJointRequest: "I didn't request this unit from you".
  if (joint['unit']['unit'] !== requestedUnit) {
    return malformed(command, 'the joint is not the requested unit');
  }
  const extra = Object.keys(joint).filter(
    (key) => !['unit', 'ball', 'skiplist_units'].includes(key),
  );
  if (extra.length > 0)
    malformed(command, `the joint has unknown fields: ${extra.join(', ').slice(0, 80)}`);
  if ('ball' in joint && !isBase64(joint['ball'], 32)) malformed(command, 'the ball is not a hash');
  try {
    return { kind: 'found', joint, unit: parseUnit(joint['unit']) };
  } catch (error) {
    if (error instanceof ProtocolError) {
      throw new HubMalformedResponseError(command, error.message, { cause: error });
    }
    throw error;
  }
}

export type PostJointResult = 'accepted' | 'known';

/** `post_joint`: "accepted" (the `known` error answer is mapped to success by the caller). */
export function parsePostJoint(value: JsonValue | undefined): PostJointResult {
  if (value === 'accepted') return 'accepted';
  return malformed('post_joint', 'expected "accepted"');
}

export type HeartbeatResult = 'awake' | 'sleep';

/** `heartbeat`: no response, or "sleep" (the peer asks not to be pinged). */
export function parseHeartbeat(value: JsonValue | undefined): HeartbeatResult {
  if (value === undefined || value === null) return 'awake';
  if (value === 'sleep') return 'sleep';
  return malformed('heartbeat', 'expected no response or "sleep"');
}

/** `subscribe` (full nodes only): "subscribed". */
export function parseSubscribe(value: JsonValue | undefined): 'subscribed' {
  if (value === 'subscribed') return value;
  return malformed('subscribe', 'expected "subscribed"');
}

/** A ball of a proofchain or hash tree: `{unit, ball, parent_balls?, skiplist_balls?, is_nonserial?}`. */
export interface BallObject {
  readonly unit: string;
  readonly ball: string;
  readonly parent_balls?: readonly string[];
  readonly skiplist_balls?: readonly string[];
  readonly is_nonserial?: boolean;
}

const ballSchema: z.ZodType<BallObject> = z
  .object({
    unit: hash,
    ball: hash,
    parent_balls: z.array(hash).min(1).optional(),
    skiplist_balls: z.array(hash).min(1).optional(),
    is_nonserial: z.boolean().optional(),
  })
  .strict();

export type CatchupResult =
  | { readonly status: 'current' }
  | {
      readonly status: 'chain';
      readonly unstable_mc_joints: readonly JsonObject[];
      readonly stable_last_ball_joints: readonly JsonObject[];
      readonly witness_change_and_definition_joints: readonly JsonObject[];
      readonly proofchain_balls: readonly BallObject[];
    };

/** `catchup` (ocore catchup.prepareCatchupChain): `{status: "current"}` or the catchup chain. */
export function parseCatchup(value: JsonValue | undefined): CatchupResult {
  if (isJsonObject(value) && value['status'] === 'current') return { status: 'current' };
  const chain = parseWith(
    'catchup',
    z.object({
      unstable_mc_joints: z.array(jsonObject),
      stable_last_ball_joints: z.array(jsonObject).min(1),
      witness_change_and_definition_joints: z.array(jsonObject).optional(),
      proofchain_balls: z.array(ballSchema).optional(),
    }),
    value,
  );
  return {
    status: 'chain',
    unstable_mc_joints: chain.unstable_mc_joints,
    stable_last_ball_joints: chain.stable_last_ball_joints,
    witness_change_and_definition_joints: chain.witness_change_and_definition_joints ?? [],
    proofchain_balls: chain.proofchain_balls ?? [],
  };
}

/** `get_hash_tree`: `{balls: [...]}` between two main-chain balls. */
export function parseHashTree(value: JsonValue | undefined): readonly BallObject[] {
  return parseWith('get_hash_tree', z.object({ balls: z.array(ballSchema) }), value).balls;
}

// ---- light/* (§2.1–§2.7) ----

/**
 * `light/get_history`: the raw answer, for the pure verifier (shared/protocol/history*) to parse
 * and prove. Only its presence is checked here; `{}` means an empty history.
 */
export function parseHistory(value: JsonValue | undefined): JsonValue {
  if (value === undefined) return malformed('light/get_history', 'the answer has no response');
  return value;
}

/** `light/get_link_proofs`: joints and balls, later unit first; verified by the caller (§2.6). */
export function parseLinkProofs(value: JsonValue | undefined): readonly JsonObject[] {
  return parseWith('light/get_link_proofs', z.array(jsonObject).min(1), value);
}

/** What `light/get_parents_and_last_ball_and_witness_list_unit` answers (§2.2), the base of a new unit. */
export interface ParentsAndLastBall {
  readonly parent_units: readonly string[];
  readonly last_stable_mc_ball: string;
  readonly last_stable_mc_ball_unit: string;
  readonly last_stable_mc_ball_mci: number;
  /** Seconds; becomes the unit's timestamp (the TPS fee was computed for it). */
  readonly timestamp: number;
  /** Becomes the unit's `tps_fee` verbatim; already net of the prepaid balance. */
  readonly tps_fee: number;
  readonly count_primary_aa_triggers: number;
}

const parentsSchema: z.ZodType<ParentsAndLastBall> = z.object({
  parent_units: z.array(hash).min(1).max(MAX_PARENTS_PER_UNIT),
  last_stable_mc_ball: hash,
  last_stable_mc_ball_unit: hash,
  last_stable_mc_ball_mci: count,
  timestamp: positive,
  tps_fee: count,
  count_primary_aa_triggers: count,
});

/**
 * `light/get_parents_and_last_ball_and_witness_list_unit` (v4 shape). A pre-v4 answer (with
 * `witness_list_unit` and no fee fields) is refused: a unit composed from it would be rejected.
 */
export function parseParentsAndLastBall(value: JsonValue | undefined): ParentsAndLastBall {
  const parsed = parseWith(
    'light/get_parents_and_last_ball_and_witness_list_unit',
    parentsSchema,
    value,
  );
  if (new Set(parsed.parent_units).size !== parsed.parent_units.length) {
    malformed('light/get_parents_and_last_ball_and_witness_list_unit', 'duplicate parent units');
  }
  return parsed;
}

/** `light/get_attestation`: the latest attestation unit, or null (the hub says ""). */
export function parseAttestation(value: JsonValue | undefined): string | null {
  if (value === '') return null;
  return parseWith('light/get_attestation', hash, value);
}

export interface Attestation {
  readonly unit: string;
  readonly attestor_address: string;
  /** The attested profile as the attestor published it (field → value). */
  readonly profile: JsonObject;
}

/** `light/get_attestations`: every attestation of an address. */
export function parseAttestations(value: JsonValue | undefined): readonly Attestation[] {
  return parseWith(
    'light/get_attestations',
    z.array(z.object({ unit: hash, attestor_address: address, profile: jsonObject })),
    value,
  );
}

export type PickedInput =
  | {
      readonly unit: string;
      readonly message_index: number;
      readonly output_index: number;
      readonly address?: string;
    }
  | {
      readonly type: 'headers_commission' | 'witnessing';
      readonly from_main_chain_index: number;
      readonly to_main_chain_index: number;
      readonly address?: string;
    }
  | {
      readonly type: 'issue';
      readonly amount: number;
      readonly serial_number: number;
      readonly address?: string;
    };

export interface PickedCoins {
  readonly inputs_with_proofs: readonly {
    readonly input: PickedInput;
    readonly spend_proof?: { readonly spend_proof: string; readonly address?: string };
  }[];
  /** 0 with no inputs when the funds are not enough. */
  readonly total_amount: number;
}

const pickedInputSchema: z.ZodType<PickedInput> = z.union([
  z
    .object({
      unit: hash,
      message_index: count,
      output_index: count,
      address: address.optional(),
    })
    .strict(),
  z
    .object({
      type: z.enum(['headers_commission', 'witnessing']),
      from_main_chain_index: count,
      to_main_chain_index: count,
      address: address.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('issue'),
      amount: positive,
      serial_number: positive,
      address: address.optional(),
    })
    .strict(),
]);

/** `light/pick_divisible_coins_for_amount` (ocore inputs.pickDivisibleCoinsForAmount). */
export function parsePickedCoins(value: JsonValue | undefined): PickedCoins {
  return parseWith(
    'light/pick_divisible_coins_for_amount',
    z.object({
      inputs_with_proofs: z.array(
        z.object({
          input: pickedInputSchema,
          spend_proof: z.object({ spend_proof: hash, address: address.optional() }).optional(),
        }),
      ),
      total_amount: count,
    }),
    value,
  );
}

/** An address definition as served: `[operator, args]` (also AA definitions). */
export type ServedDefinition = readonly [string, JsonValue];

/** `light/get_definition`: the definition, or null when the hub does not know it. */
export function parseDefinition(value: JsonValue | undefined): ServedDefinition | null {
  if (value === undefined || value === null) return null;
  return parseWith('light/get_definition', z.tuple([z.string().min(1), jsonValue]), value);
}

export interface HubBalance {
  readonly stable: number;
  readonly pending: number;
  readonly stable_outputs_count: number;
  readonly pending_outputs_count: number;
  readonly total: number;
}

/** Address → asset (`base` or an asset id) → balance, as the hub counts it: **not proven**. */
export type HubBalances = Readonly<Record<string, Readonly<Record<string, HubBalance>>>>;

const balanceSchema: z.ZodType<HubBalance> = z.object({
  stable: count,
  pending: count,
  stable_outputs_count: count,
  pending_outputs_count: count,
  total: count,
});

const assetKey = z
  .string()
  .refine((key) => key === 'base' || isBase64(key, 32), 'expected "base" or an asset id');

/** `light/get_balances`: addresses without outputs are absent. Only addresses we asked about. */
export function parseBalances(
  value: JsonValue | undefined,
  requested: readonly string[],
): HubBalances {
  const command = 'light/get_balances';
  const balances = parseWith(command, z.record(address, z.record(assetKey, balanceSchema)), value);
  const asked = new Set(requested);
  for (const [owner, assets] of Object.entries(balances)) {
    if (!asked.has(owner)) malformed(command, 'a balance for an address we did not ask about');
    for (const balance of Object.values(assets)) {
      if (balance.total !== balance.stable + balance.pending) {
        malformed(command, 'total is not stable + pending');
      }
    }
  }
  return balances;
}

/** `light/get_profile_units`: units with `profile` messages, by MCI ascending. */
export function parseProfileUnits(value: JsonValue | undefined): readonly string[] {
  return parseWith('light/get_profile_units', z.array(hash), value);
}

// ---- hub/* (device-messaging.md §5–§7) ----

/** `hub/deliver`: "accepted". */
export function parseDeliver(value: JsonValue | undefined): 'accepted' {
  if (value === 'accepted') return value;
  return malformed('hub/deliver', 'expected "accepted"');
}

/**
 * `hub/get_temp_pubkey`: the peer's temp pubkey package, checked as ocore's sender checks it
 * (signed by the permanent pubkey we asked about, a real curve point). A forged package is a
 * malformed answer.
 */
export function parseTempPubkey(
  value: JsonValue | undefined,
  permanentPubkey: string,
): TempPubkeyPackage {
  try {
    return parseTempPubkeyPackage(value, permanentPubkey);
  } catch (error) {
    if (error instanceof ProtocolError) {
      throw new HubMalformedResponseError('hub/get_temp_pubkey', error.message, { cause: error });
    }
    throw error;
  }
}

/** `hub/temp_pubkey`: "updated". */
export function parseTempPubkeyUpdated(value: JsonValue | undefined): 'updated' {
  if (value === 'updated') return value;
  return malformed('hub/temp_pubkey', 'expected "updated"');
}

/** `hub/enable_notification`, `hub/disable_notification`: always "ok". */
export function parseNotificationOk(command: string, value: JsonValue | undefined): 'ok' {
  if (value === 'ok') return value;
  return malformed(command, 'expected "ok"');
}

export interface HubBot {
  readonly id: number;
  readonly name: string;
  /** Untrusted text: parse it with parsePairingCode before pairing. */
  readonly pairing_code: string;
  readonly description: string;
}

/** `hub/get_bots`: the hub's bot store, by rank. */
export function parseBots(value: JsonValue | undefined): readonly HubBot[] {
  const rows = parseWith(
    'hub/get_bots',
    z.array(
      z.object({
        id: count,
        name: z.string().max(200),
        pairing_code: z.string().max(400),
        description: z.string().max(10_000).nullable(),
      }),
    ),
    value,
  );
  return rows.map((row) => ({ ...row, description: row.description ?? '' }));
}

export interface AssetMetadataPointer {
  /** The unit holding the metadata `data` message; fetch and check it (§2.9). */
  readonly metadata_unit: string;
  /** Must be the first author of `metadata_unit`. */
  readonly registry_address: string;
  readonly suffix: string | null;
}

/** `hub/get_asset_metadata` (the `no metadata` error answer is mapped to null by the caller). */
export function parseAssetMetadata(value: JsonValue | undefined): AssetMetadataPointer {
  const parsed = parseWith(
    'hub/get_asset_metadata',
    z.object({
      metadata_unit: hash,
      registry_address: address,
      suffix: z.string().max(100).nullable().optional(),
    }),
    value,
  );
  return { ...parsed, suffix: parsed.suffix ?? null };
}

/** `custom`: whatever the peer's application answers; the caller parses it. */
export function parseCustom(value: JsonValue | undefined): JsonValue | undefined {
  return value;
}
