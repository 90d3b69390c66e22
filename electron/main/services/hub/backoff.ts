/**
 * Reconnect delays: exponential backoff with jitter, so a hub that drops every connection is not
 * hammered in a tight loop, and many wallets that lost the same hub do not come back in lockstep.
 * ocore light wallets retry their vendor every 60 s; we start faster and end there.
 */
import type { RandomSource } from './timers';

export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** The delay never grows beyond this. */
  readonly maxMs: number;
  /** Growth per consecutive failure. */
  readonly multiplier: number;
  /** Share of the delay that is random: 0 = none, 0.5 = between half and the full delay. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 60_000,
  multiplier: 2,
  jitter: 0.5,
};

/**
 * The delay before retry number `failures` (1 for the first retry after a failure). The
 * un-jittered ceiling grows as initial × multiplier^(failures − 1), capped at `maxMs`; the jitter
 * takes a random share of it away ("equal jitter"), so the delay never drops below
 * (1 − jitter) × ceiling and the growth stays visible.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  failures: number,
  random: RandomSource,
): number {
  const exponent = Math.max(0, Math.min(failures - 1, 52));
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling * (1 - jitter * r));
}
