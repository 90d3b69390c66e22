/**
 * The answer to `light/get_history` (light-client.md §2.1) as typed data. Parsing is step 1 of
 * ocore `light.processHistory` (shape) plus the strict per-unit parse of unit-parse.ts and the
 * joint-level checks of ocore `validation.validate` that need the raw JSON (well-formed strings,
 * nesting and node limits, allowed joint fields). Nothing here is trusted yet: hashes, the
 * witness proof and the proofchain are checked by verifyHistory (history.ts).
 */
import { isBase64 } from './bytes';
import { isValidAddress } from './chash';
import { fail } from './errors';
import { isJsonObject } from './json';
import type { AnyUnit } from './unit-types';
import { parseUnit } from './unit-parse';

/** A joint as a hub serves it: the unit, plus `ball` (and maybe `skiplist_units`) when stable. */
export interface HistoryJoint {
  readonly unit: AnyUnit;
  readonly ball?: string;
  readonly skiplist_units?: readonly string[];
}

/** One element of `proofchain_balls`: what a ball hash is made of (§3.6). */
export interface ProofchainBall {
  readonly unit: string;
  readonly ball: string;
  readonly parent_balls?: readonly string[];
  readonly skiplist_balls?: readonly string[];
  readonly is_nonserial?: true;
}

/** A row of ocore's `aa_responses` table as the hub serves it (nulls removed). */
export interface AaResponse {
  readonly mci: number;
  readonly trigger_address: string;
  readonly aa_address: string;
  readonly trigger_unit: string;
  readonly bounced: 0 | 1;
  readonly response_unit?: string;
  /** A JSON document in a string (checked to parse). */
  readonly response: string;
  readonly timestamp?: number;
  readonly creation_date?: string;
}

export interface HistoryResponse {
  readonly kind: 'history';
  /** Newest first; the witness proof. */
  readonly unstable_mc_joints: readonly HistoryJoint[];
  readonly witness_change_and_definition_joints: readonly HistoryJoint[];
  /** MCI descending, then level descending; units without MCI last. */
  readonly joints: readonly HistoryJoint[];
  readonly proofchain_balls: readonly ProofchainBall[];
  readonly aa_responses: readonly AaResponse[];
}

/** The hub found nothing (it answers `{}`; ocore wrongly treats that as an error). */
export interface EmptyHistory {
  readonly kind: 'empty';
}

export type ParsedHistoryResponse = HistoryResponse | EmptyHistory;

/** ocore validation.js limits for isTooDeeplyNestedOrHasTooManyNodes. */
const MAX_DEPTH = 100;
const MAX_NODES = 10_000;

function bad(message: string): never {
  return fail('unit', `Bad history: ${message}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormedText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** ocore string_utils.isObjectWellFormed: no lone surrogates and no NUL in strings or keys. */
function checkWellFormed(value: unknown, where: string): void {
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return isWellFormedText(v);
    if (Array.isArray(v)) return v.every(walk);
    if (isJsonObject(v)) {
      for (const key of Object.keys(v)) if (!isWellFormedText(key) || !walk(v[key])) return false;
    }
    return true;
  };
  if (!walk(value)) bad(`${where} contains an invalid string (lone surrogate or NUL).`);
}

/**
 * ocore string_utils.isTooDeeplyNestedOrHasTooManyNodes(unit, 100, 10000), counted on the unit
 * without the two fields a hub adds (validateLight deletes them first). With `nodes` false only
 * the depth is limited: that guard runs on every unit so that no answer can exhaust the stack.
 */
function checkSize(unit: unknown, where: string, nodes: boolean): void {
  let count = 0;
  const tooBig = (v: unknown, depth: number, top: boolean): boolean => {
    if (depth > MAX_DEPTH || (nodes && count > MAX_NODES)) return true;
    if (Array.isArray(v)) {
      count += v.length;
      return v.some((item) => tooBig(item, depth + 1, false));
    }
    if (isJsonObject(v)) {
      for (const key of Object.keys(v)) {
        if (top && (key === 'main_chain_index' || key === 'actual_tps_fee')) continue;
        count++;
        if (tooBig(v[key], depth + 1, false)) return true;
      }
    }
    return false;
  };
  if (tooBig(unit, 1, true)) bad(`${where} is too deeply nested or has too many nodes.`);
}

function hashAt(value: unknown, where: string): string {
  if (!isBase64(value, 32)) bad(`${where} must be a 44-character base64 hash.`);
  return value;
}

function hashListAt(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0) bad(`${where} must be a non-empty list.`);
  return value.map((item, i) => hashAt(item, `${where}[${i}]`));
}

function parseUnitAt(value: unknown, where: string): AnyUnit {
  try {
    return parseUnit(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return bad(`${where}: ${reason}`);
  }
}

type JointKind = 'unstable_mc' | 'definition' | 'light';

/**
 * A joint: `{unit}`, or `{unit, ball}` plus optional non-empty `skiplist_units` (ocore validate:
 * "unknown fields in unit-joint" / "in ball-joint", "wrong ball length", "missing or empty
 * skiplist array"). `light` joints also get validateLight's string and size limits.
 */
function parseJoint(value: unknown, where: string, kind: JointKind): HistoryJoint {
  if (!isJsonObject(value)) bad(`${where} must be an object.`);
  if (kind === 'unstable_mc' && 'ball' in value) bad(`${where}: unstable mc but has ball.`);
  if (kind === 'definition' && !('ball' in value)) {
    bad(`${where}: witness_change_and_definition_joints: joint without ball.`);
  }
  // The hub deletes `ball` from the main-chain joints of a witness proof but leaves their
  // `skiplist_units` (ocore witness_proof.js), so those may carry skiplist units without a ball;
  // ocore processWitnessProof ignores them, and so do we: they prove nothing here.
  const allowed =
    'ball' in value || kind === 'unstable_mc' ? ['unit', 'ball', 'skiplist_units'] : ['unit'];
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) bad(`${where} has unknown fields: ${unknown.join(', ')}.`);
  const rawUnit = value['unit'];
  checkSize(rawUnit, `${where} unit`, kind === 'light');
  if (kind === 'light') checkWellFormed(value, where);
  const unit = parseUnitAt(rawUnit, `${where} unit`);
  if (unit.unit === undefined) bad(`${where} unit has no unit hash.`);
  if (!('ball' in value)) {
    if ('skiplist_units' in value) hashListAt(value['skiplist_units'], `${where} skiplist_units`);
    return { unit };
  }
  const joint: { unit: AnyUnit; ball: string; skiplist_units?: string[] } = {
    unit,
    ball: hashAt(value['ball'], `${where} ball`),
  };
  if ('skiplist_units' in value) {
    joint.skiplist_units = hashListAt(value['skiplist_units'], `${where} skiplist_units`);
  }
  return joint;
}

function parseBall(value: unknown, where: string): ProofchainBall {
  if (!isJsonObject(value) || Object.keys(value).length === 0) {
    bad('proofchain_balls must be array of non-empty objects.');
  }
  const allowed = ['unit', 'ball', 'parent_balls', 'skiplist_balls', 'is_nonserial'];
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) bad(`${where} has unknown fields: ${unknown.join(', ')}.`);
  const ball: {
    unit: string;
    ball: string;
    parent_balls?: string[];
    skiplist_balls?: string[];
    is_nonserial?: true;
  } = {
    unit: hashAt(value['unit'], `${where} unit`),
    ball: hashAt(value['ball'], `${where} ball`),
  };
  if ('parent_balls' in value) {
    ball.parent_balls = hashListAt(value['parent_balls'], `${where} parent_balls`);
  }
  if ('skiplist_balls' in value) {
    // ocore proof check: "bad skiplist_balls" unless a non-empty array.
    ball.skiplist_balls = hashListAt(value['skiplist_balls'], `${where} skiplist_balls`);
  }
  if ('is_nonserial' in value) {
    if (value['is_nonserial'] !== true) bad(`${where} is_nonserial must be true when present.`);
    ball.is_nonserial = true;
  }
  return ball;
}

const AA_RESPONSE_KEYS = [
  'mci',
  'trigger_address',
  'aa_address',
  'trigger_unit',
  'bounced',
  'response_unit',
  'response',
  'timestamp',
  'creation_date',
];

/** The shape checks of ocore processHistory for aa_responses (membership is checked later). */
function parseAaResponse(value: unknown, where: string): AaResponse {
  if (!isJsonObject(value)) bad(`${where} must be an object.`);
  const unknown = Object.keys(value).filter((key) => !AA_RESPONSE_KEYS.includes(key));
  if (unknown.length > 0) bad(`${where} has unknown fields: ${unknown.join(', ')}.`);
  const { mci, trigger_address, aa_address, bounced, response } = value;
  if (typeof mci !== 'number' || !Number.isSafeInteger(mci) || mci <= 0) bad(`${where}: bad mci.`);
  if (!isValidAddress(trigger_address)) bad(`${where}: bad trigger_address.`);
  if (!isValidAddress(aa_address)) bad(`${where}: bad aa_address.`);
  const trigger_unit = hashAt(value['trigger_unit'], `${where} trigger_unit`);
  if (bounced !== 0 && bounced !== 1) bad(`${where}: bad bounced.`);
  if (typeof response !== 'string') bad(`${where}: bad response json.`);
  try {
    JSON.parse(response);
  } catch {
    bad(`${where}: bad response json.`);
  }
  const out: {
    -readonly [K in keyof AaResponse]: AaResponse[K];
  } = { mci, trigger_address, aa_address, trigger_unit, bounced, response };
  if ('response_unit' in value) {
    out.response_unit = hashAt(value['response_unit'], `${where} response_unit`);
  }
  if ('timestamp' in value) {
    const timestamp = value['timestamp'];
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
      bad(`${where}: bad timestamp.`);
    }
    out.timestamp = timestamp;
  }
  if ('creation_date' in value) {
    const date = value['creation_date'];
    if (typeof date !== 'string') bad(`${where}: bad creation_date.`);
    out.creation_date = date;
  }
  return out;
}

function listAt(value: unknown, where: string, nonEmpty: boolean): unknown[] {
  if (!Array.isArray(value)) bad(`${where} must be array.`);
  if (nonEmpty && value.length === 0) bad(`no ${where}.`);
  return value;
}

/**
 * Parse the `response` of a `light/get_history` answer. `{}` (or any object without `joints`)
 * is the empty history. An `{error}` answer is not a history: the caller checks for it first
 * (classifyHistoryError); here it is rejected. Unknown top-level keys are ignored, as ocore does.
 */
export function parseHistoryResponse(value: unknown): ParsedHistoryResponse {
  if (!isJsonObject(value)) bad('the response must be an object.');
  if ('error' in value) {
    const message = typeof value['error'] === 'string' ? value['error'] : 'unknown error';
    bad(`the hub answered with an error: ${message}`);
  }
  if (!('joints' in value)) return { kind: 'empty' };
  const unstable = listAt(value['unstable_mc_joints'], 'unstable_mc_joints', true);
  const definitions =
    value['witness_change_and_definition_joints'] === undefined
      ? []
      : listAt(
          value['witness_change_and_definition_joints'],
          'witness_change_and_definition_joints',
          false,
        );
  const joints = listAt(value['joints'], 'joints', true);
  const balls =
    value['proofchain_balls'] === undefined
      ? []
      : listAt(value['proofchain_balls'], 'proofchain_balls', false);
  const aa =
    value['aa_responses'] === undefined ? [] : listAt(value['aa_responses'], 'aa_responses', true);
  return {
    kind: 'history',
    unstable_mc_joints: unstable.map((j, i) =>
      parseJoint(j, `unstable_mc_joints[${i}]`, 'unstable_mc'),
    ),
    witness_change_and_definition_joints: definitions.map((j, i) =>
      parseJoint(j, `witness_change_and_definition_joints[${i}]`, 'definition'),
    ),
    joints: joints.map((j, i) => parseJoint(j, `joints[${i}]`, 'light')),
    proofchain_balls: balls.map((b, i) => parseBall(b, `proofchain_balls[${i}]`)),
    aa_responses: aa.map((r, i) => parseAaResponse(r, `aa_responses[${i}]`)),
  };
}

export type HistoryErrorClass =
  'too_large' | 'not_provable_yet' | 'witness_list' | 'bad_request' | 'other';

/** ocore constants.lightHistoryTooLargeErrorMessage. */
export const HISTORY_TOO_LARGE_MESSAGE =
  'your history is too large, consider switching to a full client';

// Parameter errors of ocore light.prepareHistory.
const BAD_REQUEST_MESSAGES = new Set([
  'no history request',
  'neither addresses nor joints requested',
  'no addresses',
  'too many addresses',
  'some addresses are not valid',
  'no requested joints',
  'too many requested joints',
  'invalid requested joints',
  'known_stable_units must be non-empty array',
  'too many known stable units',
  'invalid known stable units',
  'min_mci should be non negative integer',
]);

// Witness-list errors of ocore light.prepareHistory / witness_proof.prepareWitnessProof.
const WITNESS_LIST_MESSAGES = new Set([
  'wrong number of witnesses',
  'no witnesses',
  'too many witnesses',
  'invalid witness addresses',
  'some witnesses have references in their addresses, please change your witness list',
]);

/**
 * What the caller should do about an `{error}` answer to `light/get_history`:
 * - `too_large`: split the address batch and retry (one address alone: use min_mci paging);
 * - `not_provable_yet`: the network is too young to prove anything (`already_current`, `last
 *   ball mci is 0`); retry later;
 * - `witness_list`: the request's witness list does not match the network: refresh it;
 * - `bad_request`: our request was malformed (a bug on our side);
 * - `other`: anything else (including "I'm light myself" style refusals).
 */
export function classifyHistoryError(message: string): HistoryErrorClass {
  if (message === HISTORY_TOO_LARGE_MESSAGE) return 'too_large';
  if (message === 'already_current' || message === 'last ball mci is 0') return 'not_provable_yet';
  if (message.startsWith('your witness list might be too much off')) return 'witness_list';
  if (WITNESS_LIST_MESSAGES.has(message)) return 'witness_list';
  if (BAD_REQUEST_MESSAGES.has(message)) return 'bad_request';
  return 'other';
}
