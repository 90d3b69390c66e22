/**
 * Timers as a dependency, next to `Clock`: the hub client schedules heartbeats, request timeouts
 * and reconnects through this, so tests can run it with short or controlled timers.
 */
export type TimerHandle = { readonly cancel: () => void };

export interface Timers {
  /** Calls `callback` once after `ms` milliseconds unless the handle is cancelled first. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
}

export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const id = setTimeout(callback, Math.max(0, ms));
    return { cancel: () => clearTimeout(id) };
  },
};

/** A uniform random number in [0, 1): injectable for the reconnect jitter. */
export type RandomSource = () => number;

export const systemRandom: RandomSource = () => Math.random();
