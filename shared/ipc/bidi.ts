/** Moved to shared/vocabulary/bidi.ts (not contract: shared vocabulary); kept so imports by this path still work. */
export * from '../vocabulary/bidi';
