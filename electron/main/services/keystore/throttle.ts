/**
 * The growing delay after wrong passwords: the first wrong try costs nothing more, then the
 * next try is accepted only after 1, 2, 4, 8 … s (capped). A right password resets it. Kept in
 * memory: it slows guessing through the app; scrypt bounds guessing against a copied file.
 */
import type { Clock } from '../clock';

export class PasswordThrottle {
  private readonly clock: Clock;
  private readonly maxDelayMs: number;
  private failures = 0;
  private nextAttemptAt = 0;

  constructor(options: { clock: Clock; maxDelayMs: number }) {
    this.clock = options.clock;
    this.maxDelayMs = options.maxDelayMs;
  }

  /** Milliseconds until another try is accepted (0 = now). */
  waitMs(): number {
    return Math.max(0, this.nextAttemptAt - this.clock.now());
  }

  /** Consecutive wrong tries so far. */
  get failureCount(): number {
    return this.failures;
  }

  /** Records a wrong try; returns the delay before the next one is accepted. */
  fail(): number {
    this.failures += 1;
    const delay =
      this.failures <= 1
        ? 0
        : Math.min(this.maxDelayMs, 1000 * 2 ** Math.min(this.failures - 2, 30));
    this.nextAttemptAt = this.clock.now() + delay;
    return delay;
  }

  reset(): void {
    this.failures = 0;
    this.nextAttemptAt = 0;
  }
}
