/**
 * Byte encodings used on the Obyte wire. Obyte uses standard base64 with `=` padding
 * everywhere (hashes, pubkeys, signatures); decoding is strict so that two different strings
 * can never stand for the same bytes (a non-canonical encoding is an error, not a variant).
 */
import { base64 } from '@scure/base';
import { bytesToHex, hexToBytes as nobleHexToBytes } from '@noble/hashes/utils.js';
import { fail } from './errors';

// The WHATWG text codecs exist in every runtime we target (Node, Electron, Chromium) but are not
// part of the ES library typings that keep shared/ free of DOM and Node types.
interface TextCodecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (
    label: string,
    options: { fatal: boolean },
  ) => { decode(bytes: Uint8Array): string };
}
const codecs = globalThis as unknown as TextCodecs;
const encoder = new codecs.TextEncoder();
const decoder = new codecs.TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return fail('encoding', 'The data is not valid UTF-8 text.');
  }
}

export function toBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict, canonical standard base64 (padding required, unused bits zero). */
export function fromBase64(text: string, what = 'value'): Uint8Array {
  if (typeof text !== 'string' || !BASE64_RE.test(text)) {
    fail('encoding', `The ${what} is not valid base64.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = base64.decode(text);
  } catch {
    return fail('encoding', `The ${what} is not valid base64.`);
  }
  if (base64.encode(bytes) !== text) fail('encoding', `The ${what} is not canonical base64.`);
  return bytes;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * True for strict, canonical standard base64 (what `fromBase64` accepts), optionally of exactly
 * `byteLength` bytes. Checked without decoding (it runs on every hash and key of a history
 * answer): past the pattern, the only non-canonical form left is a padded ending whose unused
 * bits are not zero — the last character before "==" carries 4 of them, before "=" 2.
 */
export function isBase64(text: unknown, byteLength?: number): text is string {
  if (typeof text !== 'string' || !BASE64_RE.test(text)) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0) {
    const last = BASE64_ALPHABET.indexOf(text.charAt(text.length - padding - 1));
    if ((last & (padding === 2 ? 0b1111 : 0b11)) !== 0) return false;
  }
  return byteLength === undefined || (text.length / 4) * 3 - padding === byteLength;
}

export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

export function fromHex(hex: string, what = 'value'): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    fail('encoding', `The ${what} is not valid hex.`);
  }
  return nobleHexToBytes(hex);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
