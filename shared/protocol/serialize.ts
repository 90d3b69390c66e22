/**
 * The two canonical serializations of Obyte (light-client.md §3.2). Both are consensus code:
 * a one-byte difference changes every hash and address computed from them.
 *
 * - Source string: ports ocore `string_utils.getSourceString`.
 * - JSON source string: ports ocore `string_utils.getJsonSourceString`.
 *
 * Both reject null, undefined, non-finite numbers, empty arrays and empty objects, exactly where
 * ocore throws; the source string also rejects NUL inside strings and keys (it is the separator).
 * They sit on the hot path of history verification, so they build no per-node path strings:
 * an error names the offending key instead.
 */
import { fail } from './errors';

export const STRING_JOIN_CHAR = '\u0000';

function where(key: string | undefined): string {
  return key === undefined ? '' : ` at "${key}"`;
}

function numberString(value: number, key: string | undefined): string {
  if (!Number.isFinite(value)) fail('serialization', `Invalid number${where(key)}.`);
  return value.toString();
}

/** ocore getSourceString: components joined with NUL. */
export function getSourceString(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown, key: string | undefined): void => {
    switch (typeof v) {
      case 'string':
        if (v.includes(STRING_JOIN_CHAR))
          fail('serialization', `Text${where(key)} contains a NUL character.`);
        parts.push('s', v);
        return;
      case 'number':
        parts.push('n', numberString(v, key));
        return;
      case 'boolean':
        parts.push('b', v ? 'true' : 'false');
        return;
      case 'object': {
        if (v === null) return fail('serialization', `Null value${where(key)}.`);
        if (Array.isArray(v)) {
          if (v.length === 0) fail('serialization', `Empty array${where(key)}.`);
          parts.push('[');
          for (const item of v as unknown[]) walk(item, key);
          parts.push(']');
          return;
        }
        const record = v as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        if (keys.length === 0) fail('serialization', `Empty object${where(key)}.`);
        for (const k of keys) {
          if (k.includes(STRING_JOIN_CHAR))
            fail('serialization', `A key${where(key)} contains a NUL character.`);
          const child = record[k];
          if (child === undefined) fail('serialization', `Undefined value at "${k}".`);
          parts.push(k);
          walk(child, k);
        }
        return;
      }
      default:
        fail('serialization', `Unsupported ${typeof v}${where(key)}.`);
    }
  };
  walk(value, undefined);
  return parts.join(STRING_JOIN_CHAR);
}

const SURROGATE_TEST = /[\ud800-\udfff]/;
const SURROGATE_ALL = /[\ud800-\udfff]/g;

/**
 * JSON.stringify of a string with every UTF-16 surrogate written as a lowercase \uXXXX escape
 * (ocore toWellFormedJsonStringify): emoji become two escapes, other non-ASCII stays raw.
 */
export function jsonString(text: string): string {
  const json = JSON.stringify(text);
  if (!SURROGATE_TEST.test(text)) return json;
  return json.replace(SURROGATE_ALL, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** ocore getJsonSourceString: canonical JSON, keys sorted, no whitespace. */
export function getJsonSourceString(value: unknown, allowEmpty = false): string {
  const walk = (v: unknown, key: string | undefined): string => {
    switch (typeof v) {
      case 'string':
        return jsonString(v);
      case 'number':
        return numberString(v, key);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'object': {
        if (v === null) return fail('serialization', `Null value${where(key)}.`);
        if (Array.isArray(v)) {
          if (v.length === 0 && !allowEmpty) fail('serialization', `Empty array${where(key)}.`);
          let out = '[';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) out += ',';
            out += walk(v[i], key);
          }
          return out + ']';
        }
        const record = v as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        if (keys.length === 0 && !allowEmpty) fail('serialization', `Empty object${where(key)}.`);
        let out = '{';
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i] as string;
          const child = record[k];
          if (child === undefined) fail('serialization', `Undefined value at "${k}".`);
          if (i > 0) out += ',';
          out += jsonString(k) + ':' + walk(child, k);
        }
        return out + '}';
      }
      default:
        return fail('serialization', `Unsupported ${typeof v}${where(key)}.`);
    }
  };
  return walk(value, undefined);
}
