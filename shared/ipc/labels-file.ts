/** Moved to shared/vocabulary/labels-file.ts (not contract: shared vocabulary); kept so imports by this path still work. */
export * from '../vocabulary/labels-file';
