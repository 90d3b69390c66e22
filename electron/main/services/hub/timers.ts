/** The hub client's timers (one shape for every service: ../timers.ts) and its reconnect jitter. */
export { systemTimers, type TimerHandle, type Timers } from '../timers';

/** A uniform random number in [0, 1): injectable for the reconnect jitter. */
export type RandomSource = () => number;

export const systemRandom: RandomSource = () => Math.random();
