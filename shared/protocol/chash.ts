/**
 * chash160 addresses (ports ocore chash.js and object_hash.getChash160 / getDeviceAddress).
 * RIPEMD-160 straight over the serialization, 4 bytes dropped, a 32-bit checksum interleaved at
 * positions taken from the digits of pi, base32. Pure JS (noble): Electron's BoringSSL cannot be
 * relied on for RIPEMD-160.
 */
import { base32 } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { utf8 } from './bytes';
import { fail } from './errors';
import { getJsonSourceString, getSourceString } from './serialize';

const PI_DIGITS =
  '14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196';

function checksumPositions(): readonly number[] {
  const positions: number[] = [];
  let sum = 0;
  for (const digit of PI_DIGITS) {
    const d = Number(digit);
    if (d === 0) continue;
    sum += d;
    if (sum >= 160) break;
    positions.push(sum);
  }
  if (positions.length !== 32) throw new Error('chash: wrong number of checksum positions');
  return positions;
}

const POSITIONS = checksumPositions();
const IS_CHECKSUM_POSITION: readonly boolean[] = (() => {
  const flags = new Array<boolean>(160).fill(false);
  for (const p of POSITIONS) flags[p] = true;
  return flags;
})();

function bit(bytes: Uint8Array, index: number): number {
  return ((bytes[index >> 3] ?? 0) >> (7 - (index & 7))) & 1;
}

function checksumOf(clean: Uint8Array): Uint8Array {
  const h = sha256(clean);
  return Uint8Array.of(h[5] ?? 0, h[13] ?? 0, h[21] ?? 0, h[29] ?? 0);
}

/** Interleave 16 bytes of clean data with its 4-byte checksum into 20 bytes. */
export function mixChecksumIntoCleanData(clean: Uint8Array, checksum: Uint8Array): Uint8Array {
  const out = new Uint8Array(20);
  let cleanIndex = 0;
  let checksumIndex = 0;
  for (let pos = 0; pos < 160; pos++) {
    const b = IS_CHECKSUM_POSITION[pos] ? bit(checksum, checksumIndex++) : bit(clean, cleanIndex++);
    if (b) out[pos >> 3] = (out[pos >> 3] ?? 0) | (1 << (7 - (pos & 7)));
  }
  return out;
}

function splitChash(bytes: Uint8Array): { clean: Uint8Array; checksum: Uint8Array } {
  const clean = new Uint8Array(16);
  const checksum = new Uint8Array(4);
  let cleanIndex = 0;
  let checksumIndex = 0;
  for (let pos = 0; pos < 160; pos++) {
    const b = bit(bytes, pos);
    if (IS_CHECKSUM_POSITION[pos]) {
      if (b)
        checksum[checksumIndex >> 3] =
          (checksum[checksumIndex >> 3] ?? 0) | (1 << (7 - (checksumIndex & 7)));
      checksumIndex++;
    } else {
      if (b) clean[cleanIndex >> 3] = (clean[cleanIndex >> 3] ?? 0) | (1 << (7 - (cleanIndex & 7)));
      cleanIndex++;
    }
  }
  return { clean, checksum };
}

/** Intermediate values of one chash160 computation (all vectors expose them). */
export interface Chash160Parts {
  ripemd160: Uint8Array;
  clean: Uint8Array;
  checksum: Uint8Array;
  bytes: Uint8Array;
  chash: string;
}

export function chash160Parts(data: string | Uint8Array): Chash160Parts {
  const input = typeof data === 'string' ? utf8(data) : data;
  const hash = ripemd160(input);
  const clean = hash.slice(4);
  const checksum = checksumOf(clean);
  const bytes = mixChecksumIntoCleanData(clean, checksum);
  return { ripemd160: hash, clean, checksum, bytes, chash: base32.encode(bytes) };
}

/** ocore chash.getChash160 over a string (or bytes). */
export function getChash160(data: string | Uint8Array): string {
  return chash160Parts(data).chash;
}

const ADDRESS_RE = /^[A-Z2-7]{32}$/;

/** ocore chash.isChashValid for 160-bit chashes (no case check: see isValidAddress). */
export function isChashValid(chash: string): boolean {
  if (typeof chash !== 'string' || chash.length !== 32) return false;
  let bytes: Uint8Array;
  try {
    bytes = base32.decode(chash.toUpperCase());
  } catch {
    return false;
  }
  if (bytes.length !== 20) return false;
  const { clean, checksum } = splitChash(bytes);
  const expected = checksumOf(clean);
  return expected.every((b, i) => b === checksum[i]);
}

/** ocore ValidationUtils.isValidAddress: upper-case base32 and a matching checksum. */
export function isValidAddress(address: unknown): address is string {
  return typeof address === 'string' && ADDRESS_RE.test(address) && isChashValid(address);
}

/** Parse a user- or hub-supplied payment address, with an error a person can act on. */
export function parseAddress(input: unknown): string {
  if (typeof input !== 'string') fail('address', 'An address must be text.');
  const address = input.trim();
  if (address.length !== 32) {
    fail('address', `An Obyte address has 32 characters; this one has ${address.length}.`);
  }
  if (!/^[A-Za-z2-7]+$/.test(address)) {
    fail('address', 'An Obyte address uses only the letters A–Z and the digits 2–7.');
  }
  if (address !== address.toUpperCase()) {
    fail('address', 'An Obyte address is written in upper case.');
  }
  if (!isChashValid(address)) {
    fail('address', 'That address has a typo: its checksum does not match.');
  }
  return address;
}

/**
 * Serialization used for a definition's address (ocore objectHash.getChash160): JSON for an AA
 * definition — exactly two elements, the first 'autonomous agent' — else the source string.
 */
export function getDefinitionPreimage(definition: unknown): string {
  const isAa =
    Array.isArray(definition) && definition.length === 2 && definition[0] === 'autonomous agent';
  return isAa ? getJsonSourceString(definition) : getSourceString(definition);
}

/** ocore objectHash.getChash160(definition): the address a definition stands for. */
export function getAddressFromDefinition(definition: unknown): string {
  return getChash160(getDefinitionPreimage(definition));
}

/** ocore objectHash.getDeviceAddress: "0" + chash160 of the source string of the pubkey. */
export function getDeviceAddress(pubkeyB64: string): string {
  return '0' + getChash160(getSourceString(pubkeyB64));
}

export function isValidDeviceAddress(address: unknown): address is string {
  return (
    typeof address === 'string' &&
    address.length === 33 &&
    address[0] === '0' &&
    isValidAddress(address.slice(1))
  );
}

export function parseDeviceAddress(input: unknown): string {
  if (typeof input !== 'string') fail('device_address', 'A device address must be text.');
  const address = input.trim();
  if (address.length !== 33 || address[0] !== '0') {
    fail('device_address', 'A device address has 33 characters and starts with 0.');
  }
  if (!isValidAddress(address.slice(1))) {
    fail('device_address', 'That device address has a typo: its checksum does not match.');
  }
  return address;
}
