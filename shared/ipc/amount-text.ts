/** Moved to shared/vocabulary/amount-text.ts (not contract: shared vocabulary); kept so imports by this path still work. */
export * from '../vocabulary/amount-text';
