/** Moved to shared/vocabulary/password-rule.ts (not contract: shared vocabulary); kept so imports by this path still work. */
export * from '../vocabulary/password-rule';
