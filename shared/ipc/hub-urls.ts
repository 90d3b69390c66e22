/** Moved to shared/vocabulary/hub-urls.ts (not contract: shared vocabulary); kept so imports by this path still work. */
export * from '../vocabulary/hub-urls';
