/**
 * Field access for the vector suites. Every getter asserts the type it returns, and
 * `expectFields` / `onlyKeys` fail on any field a suite does not know how to check, so a vector
 * file that grows a field fails the run until a test checks it.
 */
import { expect } from 'vitest';

export type Json = Record<string, unknown>;

/** A field name, or a pattern for a family of names (`oversize_fee_at_threshold_N`). */
export type KnownKey = string | RegExp;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isKnown(key: string, known: readonly KnownKey[]): boolean {
  return known.some((k) => (typeof k === 'string' ? k === key : k.test(key)));
}

/**
 * Fails unless `value` is a plain object holding every required field and no field outside
 * required + optional (the fields this suite knows how to check). Returns it as a record.
 */
export function expectFields(
  value: unknown,
  required: readonly string[],
  optional: readonly KnownKey[],
  where: string,
): Json {
  expect(value, where).toBeTypeOf('object');
  expect(value, where).not.toBeNull();
  expect(Array.isArray(value), `${where} must be an object`).toBe(false);
  const record = value as Json;
  const missing = required.filter((k) => !(k in record));
  const unknown = Object.keys(record).filter((k) => !isKnown(k, [...required, ...optional]));
  expect({ missing, unknown }, `${where}: fields`).toEqual({ missing: [], unknown: [] });
  return record;
}

/** Fails on any field of `o` outside `allowed` (nothing required). */
export function onlyKeys(o: unknown, allowed: readonly KnownKey[], where: string): Json {
  return expectFields(o, [], allowed, where);
}

/** `value` as an object; fails when it is not one. */
export function obj(value: unknown, where: string): Json {
  expect(isRecord(value), `${where} must be an object`).toBe(true);
  return value as Json;
}

/** `value` as a non-empty array; fails otherwise. */
export function nonEmptyList(value: unknown, where: string): unknown[] {
  expect(Array.isArray(value), `${where} must be an array`).toBe(true);
  expect((value as unknown[]).length, `${where} must not be empty`).toBeGreaterThan(0);
  return value as unknown[];
}

function label(key: string, where?: string): string {
  return where === undefined ? key : `${where}.${key}`;
}

export function str(o: Json, key: string, where?: string): string {
  const value = o[key];
  expect(value, `${label(key, where)} must be a string`).toBeTypeOf('string');
  return value as string;
}

/** A safe integer field. */
export function int(o: Json, key: string, where?: string): number {
  const value = o[key];
  expect(Number.isSafeInteger(value), `${label(key, where)} must be an integer`).toBe(true);
  return value as number;
}

export function bool(o: Json, key: string, where?: string): boolean {
  const value = o[key];
  expect(value, `${label(key, where)} must be a boolean`).toBeTypeOf('boolean');
  return value as boolean;
}

export function list(o: Json, key: string, where?: string): unknown[] {
  const value = o[key];
  expect(Array.isArray(value), `${label(key, where)} must be an array`).toBe(true);
  return value as unknown[];
}

/** An object field. */
export function record(o: Json, key: string, where?: string): Json {
  return obj(o[key], label(key, where));
}

/** Optional free-text fields (names, notes): each one present must be a string. */
export function optionalStrings(o: Json, keys: readonly string[], where?: string): string[] {
  return keys.filter((key) => key in o).map((key) => str(o, key, where));
}

/**
 * The `encoding` legend of device.json and encrypted-message.json: one text per encoding this
 * suite knows, and no other.
 */
export function expectEncodingLegend(value: unknown): void {
  const encoding = obj(value, 'encoding');
  onlyKeys(
    encoding,
    ['hex', 'b64', 'source_string', 'sha256_hex', 'signature', 'pubkey', 'wire'],
    'encoding',
  );
  for (const text of Object.values(encoding)) expect(typeof text).toBe('string');
}
