/**
 * Timers as a dependency (like Clock), so auto-lock can be tested without waiting. The system
 * timers are unref'd: a pending auto-lock never keeps the CLI process alive.
 */
/** Whatever `setTimeout` returned; only handed back to `clearTimeout`. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
