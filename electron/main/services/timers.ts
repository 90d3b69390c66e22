/**
 * Timers as a dependency, next to `Clock`: the hub client (heartbeats, timeouts, reconnects), the
 * keystore (auto-lock), the sync and the notifications schedule through this, so tests can run
 * them with short or hand-advanced timers. One shape for every service.
 */
export interface TimerHandle {
  /** The callback will not run (a no-op once it ran). */
  readonly cancel: () => void;
  /** The pending timer will not keep the process alive (the system timers only). */
  readonly unref?: () => void;
}

export interface Timers {
  /** Calls `callback` once after `ms` milliseconds unless the handle is cancelled first. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
}

export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const id = setTimeout(callback, Math.max(0, ms));
    return {
      cancel: () => clearTimeout(id),
      unref: () => {
        id.unref();
      },
    };
  },
};
