/** SHA-256 helpers over the canonical serializations (ocore object_hash.js). */
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64, utf8 } from './bytes';
import { getJsonSourceString, getSourceString } from './serialize';

export { sha256 };

export function sha256Utf8(text: string): Uint8Array {
  return sha256(utf8(text));
}

export function sha256Base64(text: string): string {
  return toBase64(sha256Utf8(text));
}

/** ocore getBase64Hash(obj, bJsonBased). */
export function getBase64Hash(value: unknown, jsonBased: boolean): string {
  return sha256Base64(jsonBased ? getJsonSourceString(value) : getSourceString(value));
}
