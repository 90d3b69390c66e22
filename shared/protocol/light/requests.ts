/**
 * The request catalogue: one typed function per request a light wallet (or, for completeness, a
 * full node) sends to a hub (light-client.md §2, device-messaging.md §5–§7). Each checks its
 * params against the rules the hub enforces (a refused param costs a round trip and is a bug of
 * ours: `HubParamsError`), sends through any `HubRequester` (the `HubClient`, or a fake), and
 * parses the answer with its parser from responses.ts. Error answers arrive as `HubRequestError`;
 * the few that mean something other than failure are mapped here (`known` → posted,
 * `no metadata` → null).
 */
import { isBase64 } from '../bytes';
import { isValidAddress, isValidDeviceAddress } from '../chash';
import type { DeviceEnvelope, TempPubkeyPackage } from '../device';
import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import { isValidPubkey } from '../signature';
import { LIBRARY_VERSION } from '../wire';
import {
  MAX_AUTHORS_PER_UNIT,
  MAX_BALANCE_ADDRESSES,
  MAX_CAP,
  MAX_HISTORY_ITEMS,
  MAX_OUTPUT_ADDRESSES,
} from '../constants';
import { HubParamsError, HubRequestError } from './errors';
import {
  parseAssetMetadata,
  parseAttestation,
  parseAttestations,
  parseBalances,
  parseBots,
  parseCatchup,
  parseCustom,
  parseDefinition,
  parseDeliver,
  parseGetJoint,
  parseHashTree,
  parseHeartbeat,
  parseHistory,
  parseLastMci,
  parseLinkProofs,
  parseNotificationOk,
  parseParentsAndLastBall,
  parsePeers,
  parsePickedCoins,
  parsePostJoint,
  parseProfileUnits,
  parseSubscribe,
  parseTempPubkey,
  parseTempPubkeyUpdated,
  parseWitnesses,
  type AssetMetadataPointer,
  type Attestation,
  type BallObject,
  type CatchupResult,
  type GetJointResult,
  type HeartbeatResult,
  type HubBalances,
  type HubBot,
  type ParentsAndLastBall,
  type PickedCoins,
  type PostJointResult,
  type ServedDefinition,
} from './responses';

/** Anything that can send a request and hand back the hub's answer (the hub client, or a fake). */
export interface HubRequester {
  request(
    command: string,
    params?: JsonValue,
    options?: RequestOptions,
  ): Promise<JsonValue | undefined>;
}

export interface RequestOptions {
  readonly timeoutMs?: number;
}

/** Anything that can send a justsaying on the current connection. */
export interface HubJustsayer {
  justsay(subject: string, body?: JsonValue): boolean;
}

// ---- param checks ----

function check(command: string, ok: boolean, problem: string): void {
  if (!ok) throw new HubParamsError(command, problem);
}

function checkAddresses(
  command: string,
  field: string,
  addresses: readonly string[],
  max: number,
): string[] {
  check(command, Array.isArray(addresses) && addresses.length > 0, `${field} must not be empty`);
  check(
    command,
    addresses.length <= max,
    `${field} has ${addresses.length} entries; at most ${max}`,
  );
  check(
    command,
    addresses.every((a) => isValidAddress(a)),
    `${field} holds an invalid address`,
  );
  return [...addresses];
}

function checkHashes(
  command: string,
  field: string,
  hashes: readonly string[],
  max: number,
): string[] {
  check(command, Array.isArray(hashes) && hashes.length > 0, `${field} must not be empty`);
  check(command, hashes.length <= max, `${field} has ${hashes.length} entries; at most ${max}`);
  check(
    command,
    hashes.every((h) => isBase64(h, 32)),
    `${field} holds a value that is not a hash`,
  );
  return [...hashes];
}

function checkHash(command: string, field: string, value: string): void {
  check(command, isBase64(value, 32), `${field} must be a 44-character base64 hash`);
}

function checkCount(command: string, field: string, value: number, min = 0): void {
  check(
    command,
    Number.isSafeInteger(value) && value >= min,
    `${field} must be an integer of at least ${min}`,
  );
}

/** A plain JSON copy of a typed protocol object (what goes on the wire anyway). */
function asJsonObject(command: string, value: object): JsonObject {
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    throw new HubParamsError(command, 'the params are not JSON');
  }
  if (!isJsonObject(copy)) throw new HubParamsError(command, 'the params must be an object');
  return copy;
}

async function call<T>(
  hub: HubRequester,
  command: string,
  params: JsonValue | undefined,
  parse: (value: JsonValue | undefined) => T,
  options?: RequestOptions,
): Promise<T> {
  return parse(await hub.request(command, params, options));
}

// ---- general requests (§2.9) ----

export async function getPeers(hub: HubRequester, options?: RequestOptions): Promise<string[]> {
  return call(hub, 'get_peers', undefined, parsePeers, options);
}

export async function getWitnesses(hub: HubRequester, options?: RequestOptions): Promise<string[]> {
  return call(hub, 'get_witnesses', undefined, parseWitnesses, options);
}

export async function getLastMci(hub: HubRequester, options?: RequestOptions): Promise<number> {
  return call(hub, 'get_last_mci', undefined, parseLastMci, options);
}

/** A joint by unit hash. Its `ball` is not a proof of stability. */
export async function getJoint(
  hub: HubRequester,
  unit: string,
  options?: RequestOptions,
): Promise<GetJointResult> {
  checkHash('get_joint', 'unit', unit);
  return call(hub, 'get_joint', unit, (value) => parseGetJoint(value, unit), options);
}

/**
 * Post a signed joint (`{unit}`, never a ball). `known` (the hub already has it) counts as
 * success; every other refusal is a `HubRequestError` classified per §1.8.
 */
export async function postJoint(
  hub: HubRequester,
  joint: { readonly unit: object },
  options?: RequestOptions,
): Promise<PostJointResult> {
  const command = 'post_joint';
  const params = asJsonObject(command, joint);
  const unit = params['unit'];
  check(command, isJsonObject(unit) && isBase64(unit['unit'], 32), 'the joint has no unit hash');
  check(command, !('ball' in params), 'a posted joint must not carry a ball');
  try {
    return await call(hub, command, params, parsePostJoint, options);
  } catch (error) {
    if (error instanceof HubRequestError && error.reason === 'known') return 'known';
    throw error;
  }
}

/** Our own heartbeat (the client also sends them by itself when the socket is idle). */
export async function heartbeat(
  hub: HubRequester,
  options?: RequestOptions,
): Promise<HeartbeatResult> {
  return call(hub, 'heartbeat', undefined, parseHeartbeat, options);
}

export interface SubscribeParams {
  readonly subscription_id: string;
  readonly last_mci: number;
  readonly library_version?: string;
}

/** Full nodes only: a light wallet never subscribes (a hub answers a light peer with an error). */
export async function subscribe(
  hub: HubRequester,
  params: SubscribeParams,
  options?: RequestOptions,
): Promise<'subscribed'> {
  const command = 'subscribe';
  check(command, params.subscription_id.length > 0, 'subscription_id must not be empty');
  checkCount(command, 'last_mci', params.last_mci);
  return call(
    hub,
    command,
    {
      subscription_id: params.subscription_id,
      last_mci: params.last_mci,
      library_version: params.library_version ?? LIBRARY_VERSION,
    },
    parseSubscribe,
    options,
  );
}

export interface CatchupParams {
  readonly witnesses: readonly string[];
  readonly last_stable_mci: number;
  readonly last_known_mci: number;
}

/** Full-node catch-up chain (ocore catchup.prepareCatchupChain); hubs serve it to subscribers. */
export async function catchup(
  hub: HubRequester,
  params: CatchupParams,
  options?: RequestOptions,
): Promise<CatchupResult> {
  const command = 'catchup';
  const witnesses = checkAddresses(command, 'witnesses', params.witnesses, 12);
  checkCount(command, 'last_stable_mci', params.last_stable_mci);
  checkCount(command, 'last_known_mci', params.last_known_mci);
  return call(
    hub,
    command,
    { witnesses, last_stable_mci: params.last_stable_mci, last_known_mci: params.last_known_mci },
    parseCatchup,
    options,
  );
}

/** Full-node hash tree between two main-chain balls (ocore catchup.readHashTree). */
export async function getHashTree(
  hub: HubRequester,
  params: { readonly from_ball: string; readonly to_ball: string },
  options?: RequestOptions,
): Promise<readonly BallObject[]> {
  const command = 'get_hash_tree';
  checkHash(command, 'from_ball', params.from_ball);
  checkHash(command, 'to_ball', params.to_ball);
  return call(
    hub,
    command,
    { from_ball: params.from_ball, to_ball: params.to_ball },
    parseHashTree,
    options,
  );
}

// ---- light/* (§2.1–§2.7) ----

export interface HistoryRequest {
  /** The client's witness list: exactly the network's COUNT_WITNESSES addresses. */
  readonly witnesses: readonly string[];
  readonly addresses?: readonly string[];
  readonly requested_joints?: readonly string[];
  readonly known_stable_units?: readonly string[];
  readonly min_mci?: number;
}

/**
 * `light/get_history`. Watches `addresses` on this connection as a side effect. Returns the raw
 * answer for the pure verifier; `{}` is an empty history. Errors: `history_too_large` (split the
 * request), `already_current` (nothing provable yet), `witness_list`.
 */
export async function getHistory(
  hub: HubRequester,
  request: HistoryRequest,
  options?: RequestOptions,
): Promise<JsonValue> {
  const command = 'light/get_history';
  const params: JsonObject = {
    witnesses: checkAddresses(command, 'witnesses', request.witnesses, 12),
  };
  check(
    command,
    request.addresses !== undefined || request.requested_joints !== undefined,
    'neither addresses nor joints requested',
  );
  if (request.addresses !== undefined) {
    params['addresses'] = checkAddresses(
      command,
      'addresses',
      request.addresses,
      MAX_HISTORY_ITEMS,
    );
  }
  if (request.requested_joints !== undefined) {
    params['requested_joints'] = checkHashes(
      command,
      'requested_joints',
      request.requested_joints,
      MAX_HISTORY_ITEMS,
    );
  }
  if (request.known_stable_units !== undefined) {
    params['known_stable_units'] = checkHashes(
      command,
      'known_stable_units',
      request.known_stable_units,
      MAX_HISTORY_ITEMS,
    );
  }
  if (request.min_mci !== undefined) {
    checkCount(command, 'min_mci', request.min_mci);
    params['min_mci'] = request.min_mci;
  }
  return call(hub, command, params, parseHistory, options);
}

/** Link proofs between units, later unit first (≥ 2). Verify them before use (§2.6). */
export async function getLinkProofs(
  hub: HubRequester,
  units: readonly string[],
  options?: RequestOptions,
): Promise<readonly JsonObject[]> {
  const command = 'light/get_link_proofs';
  const list = checkHashes(command, 'units', units, MAX_HISTORY_ITEMS);
  check(command, list.length >= 2, 'a chain needs at least two units');
  return call(hub, command, list, parseLinkProofs, options);
}

export interface ParentsRequest {
  /** Omit to let the hub use its own list. */
  readonly witnesses?: readonly string[];
  readonly from_addresses: readonly string[];
  readonly output_addresses: readonly string[];
  /** ocore wallets send 10; required when an output goes to an AA (§2.2). */
  readonly max_aa_responses?: number;
}

/** Parents, last ball, timestamp and tps fee for a new unit (§2.2). */
export async function getParentsAndLastBall(
  hub: HubRequester,
  request: ParentsRequest,
  options?: RequestOptions,
): Promise<ParentsAndLastBall> {
  const command = 'light/get_parents_and_last_ball_and_witness_list_unit';
  const params: JsonObject = {};
  if (request.witnesses !== undefined) {
    params['witnesses'] = checkAddresses(command, 'witnesses', request.witnesses, 12);
  }
  params['from_addresses'] = checkAddresses(
    command,
    'from_addresses',
    request.from_addresses,
    MAX_AUTHORS_PER_UNIT,
  );
  params['output_addresses'] = checkAddresses(
    command,
    'output_addresses',
    request.output_addresses,
    MAX_OUTPUT_ADDRESSES,
  );
  if (request.max_aa_responses !== undefined) {
    checkCount(command, 'max_aa_responses', request.max_aa_responses);
    check(command, request.max_aa_responses <= 10, 'max_aa_responses must be at most 10');
    params['max_aa_responses'] = request.max_aa_responses;
  }
  return call(hub, command, params, parseParentsAndLastBall, options);
}

/** The latest attestation of `field = value` by an attestor, or null. */
export async function getAttestation(
  hub: HubRequester,
  request: { readonly attestor_address: string; readonly field: string; readonly value: string },
  options?: RequestOptions,
): Promise<string | null> {
  const command = 'light/get_attestation';
  check(command, isValidAddress(request.attestor_address), 'attestor_address is not valid');
  check(
    command,
    request.field.length > 0 && request.field.length <= 50,
    'field: 1 to 50 characters',
  );
  check(
    command,
    request.value.length > 0 && request.value.length <= 100,
    'value: 1 to 100 characters',
  );
  return call(
    hub,
    command,
    { attestor_address: request.attestor_address, field: request.field, value: request.value },
    parseAttestation,
    options,
  );
}

export async function getAttestations(
  hub: HubRequester,
  address: string,
  options?: RequestOptions,
): Promise<readonly Attestation[]> {
  const command = 'light/get_attestations';
  check(command, isValidAddress(address), 'address is not valid');
  return call(hub, command, { address }, parseAttestations, options);
}

export interface PickCoinsRequest {
  readonly addresses: readonly string[];
  readonly last_ball_mci: number;
  readonly amount: number;
  readonly asset?: string;
  readonly spend_unconfirmed?: 'own' | 'none' | 'all';
}

/** Let the hub pick inputs (obyte.js does; ocore wallets pick from their own history, §4). */
export async function pickDivisibleCoinsForAmount(
  hub: HubRequester,
  request: PickCoinsRequest,
  options?: RequestOptions,
): Promise<PickedCoins> {
  const command = 'light/pick_divisible_coins_for_amount';
  const params: JsonObject = {
    addresses: checkAddresses(command, 'addresses', request.addresses, MAX_AUTHORS_PER_UNIT),
  };
  checkCount(command, 'last_ball_mci', request.last_ball_mci, 1);
  checkCount(command, 'amount', request.amount, 1);
  check(command, request.amount <= MAX_CAP, 'amount is too large');
  params['last_ball_mci'] = request.last_ball_mci;
  params['amount'] = request.amount;
  if (request.asset !== undefined) {
    checkHash(command, 'asset', request.asset);
    params['asset'] = request.asset;
  }
  if (request.spend_unconfirmed !== undefined)
    params['spend_unconfirmed'] = request.spend_unconfirmed;
  return call(hub, command, params, parsePickedCoins, options);
}

/** An address's definition, or null when the hub does not know it. */
export async function getDefinition(
  hub: HubRequester,
  address: string,
  options?: RequestOptions,
): Promise<ServedDefinition | null> {
  const command = 'light/get_definition';
  check(command, isValidAddress(address), 'address is not valid');
  return call(hub, command, address, parseDefinition, options);
}

/** Balances as the hub counts them (not proven): cross-check only. At most 100 addresses. */
export async function getBalances(
  hub: HubRequester,
  addresses: readonly string[],
  options?: RequestOptions,
): Promise<HubBalances> {
  const command = 'light/get_balances';
  const list = checkAddresses(command, 'addresses', addresses, MAX_BALANCE_ADDRESSES);
  return call(hub, command, list, (value) => parseBalances(value, list), options);
}

export async function getProfileUnits(
  hub: HubRequester,
  addresses: readonly string[],
  options?: RequestOptions,
): Promise<readonly string[]> {
  const command = 'light/get_profile_units';
  const list = checkAddresses(command, 'addresses', addresses, MAX_BALANCE_ADDRESSES);
  return call(hub, command, list, parseProfileUnits, options);
}

// ---- hub/* (device-messaging.md §5–§7) ----

/** Deliver a signed envelope to the recipient's hub. */
export async function deliver(
  hub: HubRequester,
  envelope: DeviceEnvelope,
  options?: RequestOptions,
): Promise<'accepted'> {
  const command = 'hub/deliver';
  check(command, isValidDeviceAddress(envelope.to), 'to is not a device address');
  check(command, isValidPubkey(envelope.pubkey), 'pubkey is not a valid public key');
  return call(hub, command, asJsonObject(command, envelope), parseDeliver, options);
}

/** A peer's temp pubkey package, verified against its permanent pubkey. */
export async function getTempPubkey(
  hub: HubRequester,
  permanentPubkey: string,
  options?: RequestOptions,
): Promise<ReturnType<typeof parseTempPubkey>> {
  const command = 'hub/get_temp_pubkey';
  check(command, isValidPubkey(permanentPubkey), 'the permanent pubkey is not a valid point');
  return call(
    hub,
    command,
    permanentPubkey,
    (value) => parseTempPubkey(value, permanentPubkey),
    options,
  );
}

/** Upload our temp pubkey package (needs a logged-in socket). */
export async function uploadTempPubkey(
  hub: HubRequester,
  pkg: TempPubkeyPackage,
  options?: RequestOptions,
): Promise<'updated'> {
  const command = 'hub/temp_pubkey';
  check(command, isValidPubkey(pkg.temp_pubkey), 'temp_pubkey is not a valid point');
  check(command, isValidPubkey(pkg.pubkey), 'pubkey is not a valid point');
  check(command, isBase64(pkg.signature, 64), 'signature is not 64 bytes in base64');
  return call(
    hub,
    command,
    { temp_pubkey: pkg.temp_pubkey, pubkey: pkg.pubkey, signature: pkg.signature },
    parseTempPubkeyUpdated,
    options,
  );
}

/** Mobile push registration; a desktop wallet has no use for it (kept for completeness). */
export async function enableNotification(
  hub: HubRequester,
  registration: { readonly registrationId: string; readonly platform: 'android' | 'ios' },
  options?: RequestOptions,
): Promise<'ok'> {
  const command = 'hub/enable_notification';
  check(command, registration.registrationId.length > 0, 'registrationId must not be empty');
  return call(
    hub,
    command,
    { registrationId: registration.registrationId, platform: registration.platform },
    (value) => parseNotificationOk(command, value),
    options,
  );
}

export async function disableNotification(
  hub: HubRequester,
  registrationId: string,
  options?: RequestOptions,
): Promise<'ok'> {
  const command = 'hub/disable_notification';
  check(command, registrationId.length > 0, 'registrationId must not be empty');
  return call(
    hub,
    command,
    registrationId,
    (value) => parseNotificationOk(command, value),
    options,
  );
}

export async function getBots(
  hub: HubRequester,
  options?: RequestOptions,
): Promise<readonly HubBot[]> {
  return call(hub, 'hub/get_bots', undefined, parseBots, options);
}

/** Where an asset's name and decimals are registered, or null when the hub has no metadata. */
export async function getAssetMetadata(
  hub: HubRequester,
  asset: string,
  options?: RequestOptions,
): Promise<AssetMetadataPointer | null> {
  const command = 'hub/get_asset_metadata';
  checkHash(command, 'asset', asset);
  try {
    return await call(hub, command, asset, parseAssetMetadata, options);
  } catch (error) {
    if (error instanceof HubRequestError && error.reason === 'no_metadata') return null;
    throw error;
  }
}

/** An application-level request (`custom`); the answer is whatever the peer's app sends. */
export async function customRequest(
  hub: HubRequester,
  params: JsonValue,
  options?: RequestOptions,
): Promise<JsonValue | undefined> {
  return call(hub, 'custom', params, parseCustom, options);
}

// ---- justsayings we send ----

/**
 * Watch an address for pushes on this connection (§2.8); the hub answers with an `info`
 * justsaying. Returns false when not connected. Watches end with the socket.
 */
export function watchAddress(hub: HubJustsayer, address: string): boolean {
  if (!isValidAddress(address)) {
    throw new HubParamsError('light/new_address_to_watch', 'address is not valid');
  }
  return hub.justsay('light/new_address_to_watch', address);
}

/** Ask for `system_vars` now and on every change (§2.8). */
export function watchSystemVars(hub: HubJustsayer): boolean {
  return hub.justsay('watch_system_vars');
}
