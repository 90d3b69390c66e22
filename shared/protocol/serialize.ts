/**
 * The two canonical serializations of Obyte (light-client.md §3.2). Both are consensus code:
 * a one-byte difference changes every hash and address computed from them.
 *
 * - Source string: ports ocore `string_utils.getSourceString`.
 * - JSON source string: ports ocore `string_utils.getJsonSourceString`.
 *
 * Both reject null, undefined, non-finite numbers, empty arrays and empty objects, exactly where
 * ocore throws; the source string also rejects NUL inside strings and keys (it is the separator).
 */
import { fail } from './errors';

export const STRING_JOIN_CHAR = '\u0000';

type Input = unknown;

function describe(path: string): string {
  return path === '' ? 'the value' : `"${path}"`;
}

function checkNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) fail('serialization', `Invalid number at ${describe(path)}.`);
  return value.toString();
}

function sortedKeys(value: object, path: string, allowEmpty: boolean): string[] {
  const keys = Object.keys(value).sort();
  if (keys.length === 0 && !allowEmpty) fail('serialization', `Empty object at ${describe(path)}.`);
  return keys;
}

/** ocore getSourceString: components joined with NUL. */
export function getSourceString(value: Input): string {
  const parts: string[] = [];
  const walk = (v: Input, path: string): void => {
    if (v === null) fail('serialization', `Null value at ${describe(path)}.`);
    switch (typeof v) {
      case 'string':
        if (v.includes(STRING_JOIN_CHAR)) {
          fail('serialization', `String at ${describe(path)} contains a NUL character.`);
        }
        parts.push('s', v);
        return;
      case 'number':
        parts.push('n', checkNumber(v, path));
        return;
      case 'boolean':
        parts.push('b', v ? 'true' : 'false');
        return;
      case 'object': {
        if (Array.isArray(v)) {
          if (v.length === 0) fail('serialization', `Empty array at ${describe(path)}.`);
          parts.push('[');
          v.forEach((item: Input, i) => walk(item, `${path}[${i}]`));
          parts.push(']');
          return;
        }
        const record = v as Record<string, Input>;
        for (const key of sortedKeys(record, path, false)) {
          if (key.includes(STRING_JOIN_CHAR)) {
            fail('serialization', `Key at ${describe(path)} contains a NUL character.`);
          }
          const child = record[key];
          const childPath = path === '' ? key : `${path}.${key}`;
          if (child === undefined)
            fail('serialization', `Undefined value at ${describe(childPath)}.`);
          parts.push(key);
          walk(child, childPath);
        }
        return;
      }
      default:
        fail('serialization', `Unsupported ${typeof v} at ${describe(path)}.`);
    }
  };
  walk(value, '');
  return parts.join(STRING_JOIN_CHAR);
}

const SURROGATE_RE = /[\ud800-\udfff]/g;

/**
 * JSON.stringify of a string with every UTF-16 surrogate written as a lowercase \uXXXX escape
 * (ocore toWellFormedJsonStringify): emoji become two escapes, other non-ASCII stays raw.
 */
export function jsonString(text: string): string {
  return JSON.stringify(text).replace(
    SURROGATE_RE,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/** ocore getJsonSourceString: canonical JSON, keys sorted, no whitespace. */
export function getJsonSourceString(value: Input, allowEmpty = false): string {
  const walk = (v: Input, path: string): string => {
    if (v === null) fail('serialization', `Null value at ${describe(path)}.`);
    switch (typeof v) {
      case 'string':
        return jsonString(v);
      case 'number':
        return checkNumber(v, path);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'object': {
        if (Array.isArray(v)) {
          if (v.length === 0 && !allowEmpty)
            fail('serialization', `Empty array at ${describe(path)}.`);
          return '[' + v.map((item: Input, i) => walk(item, `${path}[${i}]`)).join(',') + ']';
        }
        const record = v as Record<string, Input>;
        const members = sortedKeys(record, path, allowEmpty).map((key) => {
          const childPath = path === '' ? key : `${path}.${key}`;
          const child = record[key];
          if (child === undefined)
            fail('serialization', `Undefined value at ${describe(childPath)}.`);
          return jsonString(key) + ':' + walk(child, childPath);
        });
        return '{' + members.join(',') + '}';
      }
      default:
        return fail('serialization', `Unsupported ${typeof v} at ${describe(path)}.`);
    }
  };
  return walk(value, '');
}
