/**
 * Failures of the wallet database, each with a stable code for callers (sync layer, IPC, CLI)
 * and a message written for a person. Any StorageError thrown inside `applyVerifiedHistory`
 * rolls back the whole hub answer.
 */
export type StorageErrorCode =
  /** The caller handed in data that breaks a storage rule (bad joint, unknown address, …). */
  | 'invalid-input'
  /** A proven fact would change: another ball or sequence for a unit already proven. */
  | 'conflict'
  /** A row read back from the file does not have the shape the schema promises. */
  | 'corrupt'
  /** The file was written by a newer Obyte Light (its schema version is above ours). */
  | 'newer-schema'
  /** A migration failed; the file keeps its previous version. */
  | 'migration'
  /** A sum of amounts left the range of exact integers (Number.MAX_SAFE_INTEGER). */
  | 'overflow';

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

export function storageFail(code: StorageErrorCode, message: string): never {
  throw new StorageError(code, message);
}
