/** JSON values as they arrive from the wire, before any parse into protocol types. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values the canonical serializers accept: JSON without null (undefined is rejected too). */
export type Hashable = string | number | boolean | readonly Hashable[] | HashableObject;
export interface HashableObject {
  readonly [key: string]: Hashable;
}
