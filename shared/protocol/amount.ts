/**
 * Amounts, asset ids and unit hashes: the integer and hash values every payment, URI and hub
 * answer carries. Amounts are integers of the smallest unit (bytes, or an asset's indivisible
 * units) and are never floats: decimal text typed by a person is converted with exact integer
 * arithmetic (BigInt), never through `Number.parseFloat`.
 *
 * Provenance: `MAX_CAP` is ocore constants.js `MAX_CAP` (validation.js rejects any output, input
 * or asset cap above it); the integer-text rule is ocore uri.js `parseUri` (`parseInt(s) + '' ===
 * s` and positive); hashes follow ocore `ValidationUtils.isValidBase64(x, HASH_LENGTH)`, narrowed
 * to exactly 32 bytes (every unit hash and asset id is a SHA-256).
 */
import { isBase64 } from './bytes';
import { HASH_LENGTH, MAX_CAP } from './constants';
import { fail } from './errors';

/** Most decimals we format or parse (asset registries use far fewer; bytes shown as GBYTE use 9). */
export const MAX_DECIMALS = 18;

/** The asset name ocore uses for bytes, the native currency. */
export const BASE_ASSET = 'base';

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const CAP = BigInt(MAX_CAP);

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a value of type ${typeof value}`;
}

/** A positive safe integer no larger than MAX_CAP: the only amounts the network accepts. */
export function isValidAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_CAP;
}

/**
 * An amount from an untrusted JSON value (hub answer, bot JSON, IPC). Only a JSON number is an
 * amount; text is refused so that a type confusion upstream cannot slip through.
 */
export function parseAmount(value: unknown): number {
  if (typeof value !== 'number') {
    fail('amount', `An amount must be a number, not ${describeValue(value)}.`);
  }
  if (!Number.isFinite(value)) fail('amount', `An amount must be a finite number, not ${value}.`);
  if (!Number.isInteger(value)) {
    fail('amount', `An amount must be a whole number of the smallest unit, not ${value}.`);
  }
  if (value <= 0) fail('amount', `An amount must be more than zero, not ${value}.`);
  if (!Number.isSafeInteger(value)) {
    fail('amount', `The amount ${value} is too large to be represented exactly.`);
  }
  if (value > MAX_CAP) fail('amount', `The amount ${value} is above the network maximum of 9e15.`);
  return value;
}

/**
 * An amount written as text in a link: exactly the decimal digits of a positive integer, no
 * sign, no leading zero, no decimal point or exponent (ocore uri.js `parseUri`). Also capped at
 * MAX_CAP, which ocore does not check here (its validator rejects such a unit later).
 */
export function parseAmountString(text: unknown): number {
  if (typeof text !== 'string')
    fail('amount', `An amount must be text here, not ${describeValue(text)}.`);
  if (!/^[0-9]+$/.test(text)) {
    fail(
      'amount',
      `The amount ${describeValue(text)} must be a whole number of the smallest unit, written with digits only.`,
    );
  }
  if (text.length > 1 && text.startsWith('0')) {
    fail('amount', `The amount ${describeValue(text)} must not start with a zero.`);
  }
  return checkIntegerRange(BigInt(text), describeValue(text));
}

function checkIntegerRange(value: bigint, shown: string): number {
  if (value <= 0n) fail('amount', `The amount ${shown} must be more than zero.`);
  if (value > SAFE_MAX)
    fail('amount', `The amount ${shown} is too large to be represented exactly.`);
  if (value > CAP) fail('amount', `The amount ${shown} is above the network maximum of 9e15.`);
  return Number(value);
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    fail('amount', `The number of decimals must be a whole number from 0 to ${MAX_DECIMALS}.`);
  }
}

/**
 * Decimal text typed by a person ("0.1", "12", ".5", "3.") → the integer amount in the smallest
 * unit, given the unit's decimals (9 for GBYTE → bytes). Exact: digits are shifted, never
 * multiplied as floats. Extra trailing zeros beyond `decimals` are fine; any other extra digit is
 * an error, because it would be silently rounded.
 */
export function parseDecimalAmount(text: string, decimals: number): number {
  checkDecimals(decimals);
  if (typeof text !== 'string') fail('amount', 'An amount must be text.');
  const trimmed = text.trim();
  if (trimmed === '') fail('amount', 'Enter an amount.');
  if (/^[+-]/.test(trimmed)) {
    fail(
      'amount',
      trimmed.startsWith('-')
        ? 'An amount cannot be negative.'
        : 'Write the amount without a sign.',
    );
  }
  if (/^[0-9]*,[0-9]*$/.test(trimmed)) {
    fail('amount', 'Use a point, not a comma, as the decimal separator.');
  }
  const match = /^([0-9]*)(?:\.([0-9]*))?$/.exec(trimmed);
  const whole = match?.[1] ?? '';
  const fraction = match?.[2] ?? '';
  if (!match || whole + fraction === '') {
    fail(
      'amount',
      `"${trimmed.slice(0, 40)}" is not an amount: use digits and at most one decimal point.`,
    );
  }
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > decimals) {
    fail(
      'amount',
      decimals === 0
        ? 'This unit has no decimals: enter a whole number.'
        : `This unit has at most ${decimals} decimal${decimals === 1 ? '' : 's'}; the amount has ${significantFraction.length}.`,
    );
  }
  const wholeDigits = whole.replace(/^0+(?=[0-9])/, '');
  // More than 30 integer digits is far beyond any cap; refuse before building a huge BigInt.
  if (wholeDigits.length > 30)
    fail('amount', 'That amount is too large to be represented exactly.');
  const units = BigInt((wholeDigits || '0') + significantFraction.padEnd(decimals, '0'));
  return checkIntegerRange(units, `"${trimmed}"`);
}

/**
 * Checks decimal text typed for an asset whose decimals are not known yet (the command line
 * checks its arguments before it opens the database): its shape, its sign, and that it fits the
 * network's range with the fewest decimals that write it exactly. Its own decimals, when known,
 * can only make it larger, so this refuses nothing the full check would accept.
 */
export function checkDecimalShape(text: string): void {
  const fraction = /\.([0-9]*)\s*$/.exec(typeof text === 'string' ? text : '')?.[1] ?? '';
  parseDecimalAmount(text, Math.min(fraction.replace(/0+$/, '').length, MAX_DECIMALS));
}

/**
 * An integer amount of the smallest unit → decimal text with `decimals` places, trailing zeros
 * (and a bare point) trimmed: 100000000 with 9 decimals → "0.1". Negative amounts (history
 * deltas) keep their sign; zero is "0".
 */
export function formatAmount(amount: number, decimals: number): string {
  checkDecimals(decimals);
  if (!Number.isSafeInteger(amount)) {
    fail('amount', `Only whole amounts of the smallest unit can be shown, not ${String(amount)}.`);
  }
  const negative = amount < 0;
  const digits = Math.abs(amount)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** Base64 of exactly 32 bytes (44 characters, one "=" of padding): a SHA-256 hash. */
export function isValidBase64Hash(value: unknown): value is string {
  return typeof value === 'string' && value.length === HASH_LENGTH && isBase64(value, 32);
}

/** A unit hash (base64 SHA-256 of the unit). */
export function isValidUnitHash(value: unknown): value is string {
  return isValidBase64Hash(value);
}

export function parseUnitHash(value: unknown): string {
  if (typeof value !== 'string')
    fail('unit', `A unit hash must be text, not ${describeValue(value)}.`);
  const hash = value.trim();
  if (!isValidUnitHash(hash)) {
    fail('unit', 'A unit hash is 44 characters of base64 (a 32-byte hash ending in "=").');
  }
  return hash;
}

/** An asset id: the hash of the unit that defined the asset. Does not include "base". */
export function isValidAssetId(value: unknown): value is string {
  return isValidBase64Hash(value);
}

/** "base" (bytes) or an asset id. */
export function isValidAsset(value: unknown): value is string {
  return value === BASE_ASSET || isValidAssetId(value);
}

export function parseAsset(value: unknown): string {
  if (typeof value !== 'string')
    fail('asset', `An asset must be text, not ${describeValue(value)}.`);
  const asset = value.trim();
  if (asset === BASE_ASSET) return asset;
  if (!isValidAssetId(asset)) {
    fail(
      'asset',
      `${describeValue(asset)} is not an asset: use "base" for bytes or a 44-character asset id.`,
    );
  }
  return asset;
}
