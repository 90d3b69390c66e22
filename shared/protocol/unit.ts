/**
 * Unit, payload and ball hashes (light-client.md §3.2–§3.6). Ports ocore `object_hash.js`
 * (getNakedUnit, getUnitContentHash, getStrippedUnit, getUnitHash, getUnitHashToSign,
 * getBallHash) and the payload-hash rule of `validation.js` (getPayloadForHash). These are
 * consensus code: the output must match ocore byte for byte.
 *
 * Fields a hub adds when serving (`main_chain_index`, `actual_tps_fee`) and the derived fee
 * fields are dropped before hashing, so a served unit hashes like the unit that was posted.
 * An `undefined` field counts as absent everywhere.
 */
import { toBase64 } from './bytes';
import { fail } from './errors';
import { sha256Utf8 } from './hash';
import { getJsonSourceString, getSourceString } from './serialize';
import type { AnyUnit, Message, Unit } from './unit-types';
import { isVoidedUnit, parseUnitVersion } from './unit-types';

// ---------------------------------------------------------------------------------------------
// Versions. ocore compares the whole version string with its network's `versionWithoutTimestamp`
// ("1.0", "1.0t", "1.0dev") and `versionWithoutKeySizes` ("2.0", …) from constants.js; we
// accept the spelling of any of the three networks (parseUnitVersion).

export type SerializationKind = 'source_string' | 'json';

/** Version 1.0: the legacy NUL-joined source string and no hashed timestamp. */
function isVersion1(version: string): boolean {
  return parseUnitVersion(version).base === '1.0';
}

/** Which serialization the unit's payload, content, stripped-unit and signing hashes use. */
export function getSerializationKind(version: string): SerializationKind {
  return isVersion1(version) ? 'source_string' : 'json';
}

/** Whether `timestamp` enters the hashes and the headers size (from version 2.0). */
export function isTimestampHashed(version: string): boolean {
  return !isVersion1(version);
}

/** Whether key names count in headers and payload sizes (from version 3.0). */
export function commissionCountsKeyLengths(version: string): boolean {
  const { base } = parseUnitVersion(version);
  return base !== '1.0' && base !== '2.0';
}

/** ocore compares `parseFloat(version) >= 4` for the v4 rules (tps_fee, oversize_fee). */
export function isVersion4OrLater(version: string): boolean {
  return Number.parseFloat(parseUnitVersion(version).base) >= 4;
}

/** Serialize with the unit version's canonical form (getBase64Hash's bJsonBased switch). */
export function serializeForVersion(value: unknown, version: string): string {
  return getSerializationKind(version) === 'json'
    ? getJsonSourceString(value)
    : getSourceString(value);
}

// ---------------------------------------------------------------------------------------------
// Payload hash.

/** base64(sha256(serialize(payload))) with the version's serialization. */
export function getPayloadHash(payload: unknown, version: string): string {
  return toBase64(sha256Utf8(serializeForVersion(payload, version)));
}

/** ocore getPayloadForHash: temp_data is hashed without its `data` (its data_hash covers it). */
export function getPayloadForHash(message: Message): unknown {
  if (message.payload === undefined) {
    fail('unit', `The ${message.app} message has no inline payload to hash.`);
  }
  if (message.app !== 'temp_data' || !isRecord(message.payload)) return message.payload;
  const { data: _data, ...rest } = message.payload;
  return rest;
}

export function getMessagePayloadHash(message: Message, version: string): string {
  return getPayloadHash(getPayloadForHash(message), version);
}

/** Hash of a temp_data message's `data` (its payload's `data_hash`): always JSON-based. */
export function getTempDataHash(data: unknown): string {
  return toBase64(sha256Utf8(getJsonSourceString(data)));
}

// ---------------------------------------------------------------------------------------------
// Naked unit, content hash, stripped unit, unit hash, hash to sign.

type PlainObject = Record<string, unknown>;

function isRecord(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Never hashed: the hash itself, re-derivable fees, and what hubs add when serving. */
const UNHASHED_UNIT_FIELDS = new Set([
  'unit',
  'headers_commission',
  'payload_commission',
  'oversize_fee',
  'actual_tps_fee',
  'main_chain_index',
]);

/** A shallow copy of a record without the given keys and without `undefined` members. */
function copyWithout(record: PlainObject, omit: ReadonlySet<string> | undefined): PlainObject {
  const copy: PlainObject = {};
  for (const key in record) {
    const member = record[key];
    if (member === undefined || omit?.has(key)) continue;
    copy[key] = member;
  }
  return copy;
}

/**
 * The unit without the fields that are never hashed (and, for version 1.0, without
 * `timestamp`). Shared by the naked unit and the headers size. The copy is shallow: nested
 * values are shared with the unit and must be treated as read-only.
 */
export function withoutUnhashedFields(unit: AnyUnit): PlainObject {
  const copy = copyWithout(unit as unknown as PlainObject, UNHASHED_UNIT_FIELDS);
  if (!isTimestampHashed(unit.version)) delete copy['timestamp'];
  return copy;
}

const PAYLOAD_FIELDS = new Set(['payload', 'payload_uri']);
const AUTHENTIFIERS = new Set(['authentifiers']);

function mapRecords(value: unknown, omit: ReadonlySet<string>): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) => (isRecord(item) ? copyWithout(item, omit) : item));
}

/**
 * ocore getNakedUnit: the unit without its unhashed fields (`timestamp` too for version 1.0) and
 * with every message's `payload` and `payload_uri` removed (the payload_hash stays). Only the
 * containers that differ from the unit are copied; the rest is shared, read-only.
 */
export function getNakedUnit(unit: AnyUnit): PlainObject {
  const naked = withoutUnhashedFields(unit);
  if (naked['messages'] !== undefined)
    naked['messages'] = mapRecords(naked['messages'], PAYLOAD_FIELDS);
  return naked;
}

function requireFullUnit(unit: AnyUnit, what: string): asserts unit is Unit {
  if (isVoidedUnit(unit)) fail('unit', `Cannot compute the ${what} of a unit without content.`);
}

export function getContentHashPreimage(unit: Unit): string {
  requireFullUnit(unit, 'content hash');
  return serializeForVersion(getNakedUnit(unit), unit.version);
}

/** ocore getUnitContentHash: hash of the naked unit (signatures included). */
export function getUnitContentHash(unit: Unit): string {
  return toBase64(sha256Utf8(getContentHashPreimage(unit)));
}

/** The object whose hash is the unit hash (ocore getStrippedUnit). */
export interface StrippedUnit {
  content_hash: string;
  version: string;
  alt: string;
  authors: { address: string }[];
  witness_list_unit?: string;
  witnesses?: string[];
  parent_units?: string[];
  last_ball?: string;
  last_ball_unit?: string;
  timestamp?: number;
}

/** ocore getStrippedUnit: content hash plus the fields other units and proofs refer to. */
export function getStrippedUnit(unit: Unit): StrippedUnit {
  requireFullUnit(unit, 'stripped form');
  const stripped: StrippedUnit = {
    content_hash: getUnitContentHash(unit),
    version: unit.version,
    alt: unit.alt,
    authors: unit.authors.map((author) => ({ address: author.address })),
  };
  if (unit.witness_list_unit) stripped.witness_list_unit = unit.witness_list_unit;
  else if (unit.witnesses) stripped.witnesses = [...unit.witnesses];
  if (unit.parent_units) {
    if (unit.last_ball === undefined || unit.last_ball_unit === undefined) {
      fail('unit', 'A unit with parents must name its last ball and last ball unit.');
    }
    stripped.parent_units = [...unit.parent_units];
    stripped.last_ball = unit.last_ball;
    stripped.last_ball_unit = unit.last_ball_unit;
  }
  if (isTimestampHashed(unit.version)) {
    if (unit.timestamp === undefined) {
      fail('unit', `A version ${unit.version} unit must have a timestamp.`);
    }
    stripped.timestamp = unit.timestamp;
  }
  return stripped;
}

/**
 * The string whose SHA-256 is the unit hash: the stripped unit, or for a unit served without
 * content (it carries `content_hash`) its naked form, which is already the stripped unit.
 */
export function getUnitHashPreimage(unit: AnyUnit): string {
  const hashed = isVoidedUnit(unit) ? getNakedUnit(unit) : getStrippedUnit(unit);
  return serializeForVersion(hashed, unit.version);
}

/** ocore getUnitHash. Depends on the signatures: compute it after signing. */
export function getUnitHash(unit: AnyUnit): string {
  return toBase64(sha256Utf8(getUnitHashPreimage(unit)));
}

/** The naked unit without authentifiers, serialized: what every author signs. */
export function getHashToSignPreimage(unit: Unit): string {
  requireFullUnit(unit, 'hash to sign');
  const naked = getNakedUnit(unit);
  naked['authors'] = mapRecords(naked['authors'], AUTHENTIFIERS);
  return serializeForVersion(naked, unit.version);
}

/** ocore getUnitHashToSign: the 32-byte ECDSA digest (used as-is, never hashed again). */
export function getUnitHashToSign(unit: Unit): Uint8Array {
  return sha256Utf8(getHashToSignPreimage(unit));
}

export function getUnitHashToSignB64(unit: Unit): string {
  return toBase64(getUnitHashToSign(unit));
}

// ---------------------------------------------------------------------------------------------
// Ball hash: always the source string, whatever the unit version.

export interface BallParts {
  unit: string;
  parent_balls?: string[];
  skiplist_balls?: string[];
  is_nonserial?: true;
}

/** The object ocore getBallHash hashes; empty lists and a false flag are left out. */
export function getBallObject(
  unit: string,
  parentBalls: readonly string[] = [],
  skiplistBalls: readonly string[] = [],
  isNonserial = false,
): BallParts {
  const ball: BallParts = { unit };
  if (parentBalls.length > 0) ball.parent_balls = [...parentBalls];
  if (skiplistBalls.length > 0) ball.skiplist_balls = [...skiplistBalls];
  if (isNonserial) ball.is_nonserial = true;
  return ball;
}

export function getBallPreimage(
  unit: string,
  parentBalls: readonly string[] = [],
  skiplistBalls: readonly string[] = [],
  isNonserial = false,
): string {
  return getSourceString(getBallObject(unit, parentBalls, skiplistBalls, isNonserial));
}

/** ocore getBallHash. Parent and skiplist balls are passed in the order the proof lists them. */
export function getBallHash(
  unit: string,
  parentBalls: readonly string[] = [],
  skiplistBalls: readonly string[] = [],
  isNonserial = false,
): string {
  return toBase64(sha256Utf8(getBallPreimage(unit, parentBalls, skiplistBalls, isNonserial)));
}
