/**
 * The data a payment carries to an autonomous agent: a `data` message whose payload becomes
 * `trigger.data` (ocore aa_composer getTrigger takes the first data message). It arrives as
 * `base64data` in a link, as JSON typed on the command line, or as an object from a form — all
 * untrusted — and is checked here once, before anything is composed:
 *
 * - a JSON object (validation.js: "data payload must be object"; an array would pass validation
 *   but no AA reads `trigger.data` as a list, and the official wallet reads data as key/value
 *   pairs), with at least one key (the official wallet sends no data message for `{}`);
 * - hashable as ocore hashes it (no null, no empty list or object anywhere, finite numbers:
 *   string_utils.getJsonSourceString throws on those);
 * - well formed (string_utils.isObjectWellFormed: no lone surrogate, no NUL) and within the
 *   nesting and node limits validation.js applies to the whole unit
 *   (isTooDeeplyNestedOrHasTooManyNodes(unit, 100, 10000)), with room for the rest of the unit;
 * - at most MAX_DATA_SIZE in the size the network charges for it (object_length.getLength with
 *   keys): a wallet limit, far above any dApp's data, that keeps a hostile link from making an
 *   enormous unit (the oversize fee already starts above 10 000).
 */
import { fromBase64, fromUtf8, isBase64, toBase64, utf8 } from './bytes';
import { getLength } from './commission';
import { fail, ProtocolError } from './errors';
import type { Hashable, HashableObject, JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';
import { getJsonSourceString } from './serialize';

/** Wallet limit on the data's size as the network counts it (bytes of fee). */
export const MAX_DATA_SIZE = 100_000;
/** validation.js allows depth 100 for the unit; the payload sits at depth 4 of it. */
export const MAX_DATA_DEPTH = 96;
/** validation.js allows 10 000 nodes for the unit; leave room for authors, inputs, outputs. */
export const MAX_DATA_NODES = 8000;

function bad(message: string): never {
  return fail('data', message);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormed(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

function checkTree(value: unknown): void {
  let nodes = 0;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth > MAX_DATA_DEPTH) bad(`The data is nested more than ${MAX_DATA_DEPTH} levels deep.`);
    if (typeof v === 'string') {
      if (!isWellFormed(v)) bad(`The data text at ${path} has a broken character or a NUL.`);
      return;
    }
    if (v === null) bad(`The data has an empty value (null) at ${path}; the network refuses it.`);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) bad(`The data has a number that is not finite at ${path}.`);
      return;
    }
    if (typeof v === 'boolean') return;
    if (Array.isArray(v)) {
      if (v.length === 0) bad(`The data has an empty list at ${path}; the network refuses it.`);
      nodes += v.length;
      if (nodes > MAX_DATA_NODES) bad(`The data has more than ${MAX_DATA_NODES} values.`);
      v.forEach((item, i) => walk(item, depth + 1, `${path}[${i}]`));
      return;
    }
    if (isJsonObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0)
        bad(`The data has an empty object at ${path}; the network refuses it.`);
      nodes += keys.length;
      if (nodes > MAX_DATA_NODES) bad(`The data has more than ${MAX_DATA_NODES} values.`);
      for (const key of keys) {
        if (!isWellFormed(key)) bad(`The data has a key with a broken character or a NUL.`);
        walk(v[key], depth + 1, path === '' ? key : `${path}.${key}`);
      }
      return;
    }
    bad(`The data holds a ${typeof v} at ${path}, which JSON cannot carry.`);
  };
  walk(value, 1, '');
}

/** A checked data payload: a non-empty JSON object the network accepts as a `data` message. */
export function parseDataPayload(value: unknown): HashableObject {
  if (!isJsonObject(value)) {
    bad(
      Array.isArray(value)
        ? 'The data must be a JSON object ({"key": value, …}), not a list.'
        : `The data must be a JSON object ({"key": value, …}), not ${value === null ? 'null' : `a ${typeof value}`}.`,
    );
  }
  if (Object.keys(value).length === 0)
    bad('The data is an empty object: there is nothing to send.');
  checkTree(value);
  try {
    getJsonSourceString(value);
  } catch (error) {
    if (error instanceof ProtocolError) bad(`The data cannot be hashed: ${error.message}`);
    throw error;
  }
  const size = getLength(value as JsonValue, true);
  if (size > MAX_DATA_SIZE) {
    bad(
      `The data is too large: it would add ${size.toLocaleString('en-US')} bytes to the unit; ` +
        `this wallet sends at most ${MAX_DATA_SIZE.toLocaleString('en-US')}.`,
    );
  }
  return value as HashableObject;
}

/** Data typed as JSON text (the command line's --data). */
export function parseDataJson(text: string): HashableObject {
  if (typeof text !== 'string') bad('The data must be text holding a JSON object.');
  if (text.length > MAX_DATA_SIZE * 4) bad('The data is too large for this wallet.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('The data is not valid JSON: write it as {"key": "value", …} with double quotes.');
  }
  return parseDataPayload(value);
}

/** A link's `base64data`: base64 of the UTF-8 of a JSON object. */
export function decodeBase64Data(base64: string): HashableObject {
  if (typeof base64 !== 'string' || !isBase64(base64)) {
    bad("The link's data (base64data) is not valid base64.");
  }
  let text: string;
  try {
    text = fromUtf8(fromBase64(base64));
  } catch {
    return bad("The link's data (base64data) is not UTF-8 text.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad("The link's data (base64data) is not JSON.");
  }
  return parseDataPayload(value);
}

/** base64 of the JSON of a payload (what a link's base64data carries). */
export function encodeBase64Data(payload: HashableObject): string {
  return toBase64(utf8(JSON.stringify(parseDataPayload(payload))));
}

export interface DataRow {
  /** Where the value sits: `key`, `key.inner`, `list[0]`. */
  readonly path: string;
  /** The value as text: strings as they are, numbers and booleans as JSON writes them. */
  readonly value: string;
  readonly type: 'text' | 'number' | 'boolean';
}

/**
 * The data as a table a person can read: one row per value, nested keys joined with "." and list
 * items with [i], in the order the network hashes them (keys sorted).
 */
export function dataRows(payload: Hashable | JsonObject): DataRow[] {
  const rows: DataRow[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') rows.push({ path, value: v, type: 'text' });
    else if (typeof v === 'number') rows.push({ path, value: JSON.stringify(v), type: 'number' });
    else if (typeof v === 'boolean') rows.push({ path, value: String(v), type: 'boolean' });
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (isJsonObject(v)) {
      for (const key of Object.keys(v).sort()) walk(v[key], path === '' ? key : `${path}.${key}`);
    }
  };
  walk(payload, '');
  return rows;
}
