/** Moved to shared/vocabulary/labels.ts (not contract: shared vocabulary); kept so imports by this path still work. */
export * from '../vocabulary/labels';
