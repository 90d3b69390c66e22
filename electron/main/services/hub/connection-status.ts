/**
 * The hub client's state in the words of the status bar: four states, when the state began, and
 * one sentence of detail (≤ 300 characters). The IPC edge shows it as the contract's
 * `Status.connection` (electron/main/ipc/status-view.ts).
 */
import type { HubConnectionStatus } from './hub-client';

/** What the status bar says of the connection. */
export interface ConnectionStatus {
  readonly state: 'offline' | 'connecting' | 'connected' | 'disconnected';
  /** When the connection entered this state; null when it never changed since start. */
  readonly since: number | null;
  /** Why, in words, when there is something to say. */
  readonly detail: string | null;
  /** The hub this state is about (with fallback hubs, not always the first hub). */
  readonly url?: string | null;
  /** Why the connection was lost, in words (disconnected only). */
  readonly reason?: string | null;
  /** When the next connection attempt starts (disconnected only). */
  readonly retryAt?: number | null;
}

const MAX_DETAIL = 300;

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s === 1 ? '1 second' : `${s} seconds`;
}

export function toConnectionStatus(status: HubConnectionStatus): ConnectionStatus {
  switch (status.state) {
    case 'idle':
      return {
        state: 'offline',
        since: null,
        detail: null,
        url: null,
        reason: null,
        retryAt: null,
      };
    case 'connecting':
      // After a failure the hub stays unreachable until this attempt works: the reason stays.
      return {
        state: 'connecting',
        since: status.since,
        detail: clip(
          status.lastFailure !== undefined
            ? `Cannot reach ${status.url}: ${status.lastFailure}. Trying again (attempt ${status.attempt}).`
            : status.attempt > 1
              ? `Connecting to ${status.url} (attempt ${status.attempt})`
              : `Connecting to ${status.url}`,
        ),
        url: status.url,
        reason: status.lastFailure === undefined ? null : clip(status.lastFailure),
        retryAt: null,
      };
    case 'connected':
      return {
        state: 'connected',
        since: status.since,
        detail: clip(`Connected to ${status.url}`),
        url: status.url,
        reason: null,
        retryAt: null,
      };
    case 'disconnected':
      return {
        state: 'disconnected',
        since: status.since,
        detail: clip(
          `Lost ${status.url}: ${status.reason}. Trying ${status.nextUrl === status.url ? 'again' : status.nextUrl} in ${seconds(status.retryInMs)}.`,
        ),
        url: status.url,
        reason: clip(status.reason),
        retryAt: status.nextRetryAt,
      };
    case 'fatal':
      return {
        state: 'disconnected',
        since: status.since,
        detail: clip(status.reason),
        url: null,
        reason: clip(status.reason),
        retryAt: null,
      };
    case 'stopped':
      return {
        state: 'offline',
        since: status.since,
        detail: null,
        url: null,
        reason: null,
        retryAt: null,
      };
  }
}
