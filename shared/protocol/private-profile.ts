/**
 * Attested private profiles (ocore private_profile.js; device-messaging.md §10.2).
 *
 * An attestor posts only a hash of a user's profile: an `attestation` message
 * `{address, profile: {profile_hash, …}}` whose `profile_hash` is the hash of an object mapping
 * each field to the hash of `[value, blinding]`. The user receives the source, `src_profile`,
 * each field as `[value, blinding]`, and shows it to whom they choose as
 * `[Private profile](profile:BASE64)`, BASE64 being the JSON `{unit, payload_hash, src_profile}`:
 * a field disclosed is `[value, blinding]`, a field kept back is its hash. Anyone holding the
 * attestation unit checks the disclosed values against the attested hash.
 *
 * Everything here is pure. A profile arrives from a chat peer, so `parsePrivateProfile` bounds
 * its size and shape before anything else, and `checkPrivateProfile` trusts nothing but the
 * attestation unit the caller verified.
 */
import { fromBase64, fromUtf8, isBase64, toBase64, utf8 } from './bytes';
import { isValidAddress } from './chash';
import { fail } from './errors';
import { getBase64Hash } from './hash';
import { isJsonObject, type JsonValue } from './json';
import { getSerializationKind } from './unit';
import type { Unit } from './unit-types';

/** Longest base64 a profile link may carry (ocore has no limit; real ones are < 2 KB). */
export const MAX_PROFILE_BASE64 = 16_000;
export const MAX_PROFILE_FIELDS = 50;
/** ocore's private_profile_fields.field is VARCHAR(50). */
export const MAX_FIELD_NAME = 50;
export const MAX_FIELD_VALUE = 1_000;

/** A field disclosed (`[value, blinding]`) or kept back (its hash). */
export type ProfileField = readonly [value: string, blinding: string] | string;

export interface PrivateProfile {
  /** The attestation unit. */
  readonly unit: string;
  /** The attestation message's payload hash within that unit. */
  readonly payload_hash: string;
  readonly src_profile: Readonly<Record<string, ProfileField>>;
}

/** What a profile proves, once checked against its attestation unit. */
export interface CheckedProfile {
  /** The attested address (whose profile it is). */
  readonly address: string;
  /** The attestation unit's first author. */
  readonly attestor: string;
  /** The disclosed fields, blinding removed, in the profile's order. */
  readonly fields: Readonly<Record<string, string>>;
  /** Some fields are kept back (only their hash is there). */
  readonly hasHiddenFields: boolean;
  /** Hashes in the unit's serialization (JSON for every version after 1.0). */
  readonly jsonBased: boolean;
}

function bad(message: string): never {
  return fail('data', message);
}

function isHash(value: unknown): value is string {
  return isBase64(value, 32);
}

function isDisclosed(value: unknown): value is readonly [string, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'string' && v !== '')
  );
}

/** The `{unit, payload_hash, src_profile}` object, checked for shape and size; throws in words. */
export function parsePrivateProfileObject(value: unknown): PrivateProfile {
  if (!isJsonObject(value)) bad('A private profile is a JSON object.');
  const { unit, payload_hash: payloadHash, src_profile: src } = value;
  if (!isHash(unit)) bad('The private profile does not name its attestation unit.');
  if (!isHash(payloadHash)) bad('The private profile does not name its attestation message.');
  if (!isJsonObject(src)) bad('The private profile has no fields.');
  const names = Object.keys(src);
  if (names.length === 0) bad('The private profile has no fields.');
  if (names.length > MAX_PROFILE_FIELDS) {
    bad(`The private profile has more than ${MAX_PROFILE_FIELDS} fields.`);
  }
  const fields: Record<string, ProfileField> = {};
  for (const name of names) {
    if (name === '' || name.length > MAX_FIELD_NAME || name !== name.trim()) {
      bad('A field name of the private profile is empty, too long or padded.');
    }
    const field = src[name];
    if (isDisclosed(field)) {
      if (field[0].length > MAX_FIELD_VALUE || field[1].length > MAX_FIELD_VALUE) {
        bad(`The field ${name} of the private profile is too long.`);
      }
      fields[name] = [field[0], field[1]];
    } else if (isHash(field)) {
      fields[name] = field;
    } else {
      bad(`The field ${name} of the private profile is neither a value nor a hash.`);
    }
  }
  return { unit, payload_hash: payloadHash, src_profile: fields };
}

/** A `profile:` link's base64 (ocore getPrivateProfileFromJsonBase64, bounded); throws in words. */
export function parsePrivateProfile(base64: string): PrivateProfile {
  if (base64.length > MAX_PROFILE_BASE64) bad('The private profile is far too long.');
  if (!isBase64(base64)) bad('The private profile is not base64.');
  let json: JsonValue;
  try {
    json = JSON.parse(fromUtf8(fromBase64(base64))) as JsonValue;
  } catch {
    return bad('The private profile is not JSON.');
  }
  return parsePrivateProfileObject(json);
}

/** The profile as a link's base64 (JSON as the official wallet writes it). */
export function encodePrivateProfile(profile: PrivateProfile): string {
  return toBase64(utf8(JSON.stringify(profile)));
}

/** What a wallet sends in answer to a profile request. */
export function privateProfileReply(profile: PrivateProfile): string {
  return `[Private profile](profile:${encodePrivateProfile(profile)})`;
}

/** The hash a field is kept back as (ocore objectHash.getBase64Hash([value, blinding])). */
export function fieldHash(field: readonly [string, string], jsonBased: boolean): string {
  return getBase64Hash([field[0], field[1]], jsonBased);
}

/**
 * ocore parseAndValidatePrivateProfile: the attestation message with the profile's payload hash
 * in `unit` (which the caller verified: right hash, on the DAG), and the profile's field hashes
 * hashing to its `profile_hash`. Throws in words when it does not check.
 */
export function checkPrivateProfile(profile: PrivateProfile, unit: Unit): CheckedProfile {
  if (unit.unit !== profile.unit) bad('The attestation unit is not the one the profile names.');
  const message = unit.messages.find(
    (m) => m.app === 'attestation' && m.payload_hash === profile.payload_hash,
  );
  const payload: unknown = message?.payload;
  if (!isJsonObject(payload)) bad('The attestation unit has no such attestation.');
  const attested = payload['profile'];
  const address = payload['address'];
  if (!isJsonObject(attested) || typeof attested['profile_hash'] !== 'string') {
    bad('That attestation is public, not of a private profile.');
  }
  if (!isValidAddress(address)) bad('The attestation names no valid address.');
  const attestor = unit.authors[0]?.address;
  if (attestor === undefined) bad('The attestation unit has no author.');
  const jsonBased = getSerializationKind(unit.version) === 'json';
  const hidden: Record<string, string> = {};
  const fields: Record<string, string> = {};
  let hasHiddenFields = false;
  for (const [name, field] of Object.entries(profile.src_profile)) {
    if (typeof field === 'string') {
      hidden[name] = field;
      hasHiddenFields = true;
    } else {
      hidden[name] = fieldHash(field, jsonBased);
      fields[name] = field[0];
    }
  }
  if (getBase64Hash(hidden, jsonBased) !== attested['profile_hash']) {
    bad('The profile does not match what the attestor attested.');
  }
  return { address, attestor, fields, hasHiddenFields, jsonBased };
}

/**
 * The profile with only `fields` disclosed (the official wallet's answer to a profile request):
 * every other field is replaced by its hash, so the attestation still checks. Throws when a
 * requested field is not disclosed in `profile`.
 */
export function discloseOnly(
  profile: PrivateProfile,
  fields: readonly string[],
  jsonBased: boolean,
): PrivateProfile {
  const wanted = new Set(fields);
  const src: Record<string, ProfileField> = {};
  for (const name of wanted) {
    const field = profile.src_profile[name];
    if (field === undefined || typeof field === 'string') {
      bad(`The profile does not disclose the field ${name}.`);
    }
  }
  for (const [name, field] of Object.entries(profile.src_profile)) {
    src[name] = wanted.has(name) || typeof field === 'string' ? field : fieldHash(field, jsonBased);
  }
  return { unit: profile.unit, payload_hash: profile.payload_hash, src_profile: src };
}
