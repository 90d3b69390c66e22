/**
 * The keystore's timers: the services' own (../timers.ts). The auto-lock timer is unref'd where it
 * is set, so that a pending auto-lock never keeps the CLI process alive.
 */
export { systemTimers, type TimerHandle, type Timers } from '../timers';
