/**
 * Rows read back from SQLite are untrusted shapes until checked: the file may be old, damaged
 * or edited by hand. These readers turn `unknown` rows into typed values or throw
 * StorageError('corrupt'); nothing past them casts.
 */
import { storageFail } from './errors';

export type Row = Readonly<Record<string, unknown>>;

export function asRow(value: unknown, what: string): Row {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    storageFail('corrupt', `The database returned no row for ${what}.`);
  }
  return value as Row;
}

export function asRows(values: readonly unknown[], what: string): Row[] {
  return values.map((value) => asRow(value, what));
}

function corrupt(row: Row, key: string, expected: string): never {
  const value = row[key];
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : String(value);
  storageFail('corrupt', `The database column "${key}" holds ${shown}, expected ${expected}.`);
}

export function text(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') corrupt(row, key, 'text');
  return value;
}

export function nullableText(row: Row, key: string): string | null {
  return row[key] === null ? null : text(row, key);
}

/** A safe integer; accepts bigint from statements read with safeIntegers(). */
export function integer(row: Row, key: string): number {
  const value = row[key];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (
    typeof value === 'bigint' &&
    value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= BigInt(Number.MIN_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  return corrupt(row, key, 'a safe integer');
}

export function nullableInteger(row: Row, key: string): number | null {
  return row[key] === null ? null : integer(row, key);
}

/** An exact integer of any size (statements read with safeIntegers()). */
export function bigInteger(row: Row, key: string): bigint {
  const value = row[key];
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return corrupt(row, key, 'an integer');
}

export function flag(row: Row, key: string): boolean {
  const value = integer(row, key);
  if (value !== 0 && value !== 1) corrupt(row, key, '0 or 1');
  return value === 1;
}

export function oneOf<T extends string>(row: Row, key: string, allowed: readonly T[]): T {
  const value = text(row, key);
  const found = allowed.find((item) => item === value);
  if (found === undefined) corrupt(row, key, `one of ${allowed.join(', ')}`);
  return found;
}

/** A bigint known to be exact, as a number, or StorageError('overflow'). */
export function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    storageFail(
      'overflow',
      `${what} is ${value.toString()}, beyond the range this app can count exactly (2^53 − 1).`,
    );
  }
  return Number(value);
}
