/** Words for what the status bar and panels show. Pure functions; no clock. */
import type { ConnectionState, Network, Status, SyncStatus } from '../../shared/ipc/schemas';

const NETWORK_NAMES: Record<Network, string> = {
  mainnet: 'Mainnet',
  testnet: 'Testnet',
  devnet: 'Devnet',
};

export function networkName(network: Network): string {
  return NETWORK_NAMES[network];
}

const CONNECTION_WORDS: Record<ConnectionState, string> = {
  offline: 'Offline',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',
};

export function connectionWords(state: ConnectionState): string {
  return CONNECTION_WORDS[state];
}

/** "14:02" today's clock time, in the user's locale. */
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/**
 * "14:02" when `epochMs` is today (by `now`), else the date too ("26 Nov 2026, 09:30"): a time
 * alone would read as today's.
 */
export function clockTimeOrDate(epochMs: number, now: number = Date.now()): string {
  const today = new Date(epochMs).toDateString() === new Date(now).toDateString();
  if (today) return clockTime(epochMs);
  return `${new Date(epochMs).toLocaleDateString(undefined, { dateStyle: 'medium' })}, ${clockTime(epochMs)}`;
}

/**
 * The connection in a few words. A hub that was lost, or that a new attempt has not reached yet
 * after a failure, is "Hub unreachable": the status bar never says only "Connecting…" while the
 * hub is not answering.
 */
export function connectionSentence(connection: Status['connection']): string {
  if (connection.state === 'disconnected') {
    return connection.since === null
      ? 'Hub unreachable'
      : `Hub unreachable since ${clockTime(connection.since)}`;
  }
  if (connection.state === 'connecting' && connection.reason) {
    return 'Hub unreachable, trying again…';
  }
  const words = connectionWords(connection.state);
  return connection.since === null ? words : `${words} since ${clockTime(connection.since)}`;
}

export function integer(value: number): string {
  return value.toLocaleString('en-US');
}

/** The MCI and when it was verified: the time today, the date and time before (an earlier run). */
export function mciWords(
  status: Pick<Status, 'lastStableMci' | 'lastStableMciAt'>,
  now: number = Date.now(),
): string {
  if (status.lastStableMci === null) return 'not known yet';
  const verified = status.lastStableMciAt;
  if (verified === null) return integer(status.lastStableMci);
  return `${integer(status.lastStableMci)} (at ${clockTimeOrDate(verified, now)})`;
}

export function syncWords(sync: SyncStatus): string {
  if (sync.state === 'idle') return 'Idle';
  const progress =
    sync.total === null ? integer(sync.done) : `${integer(sync.done)}/${integer(sync.total)}`;
  return `${sync.task} ${progress}`;
}

/** Our payments on their way (posted, not yet stable). */
export function outboxWords(count: number): string {
  if (count === 0) return 'Empty';
  return count === 1 ? '1 payment' : `${integer(count)} payments`;
}

/** A hub URL without the scheme, for the compact status bar; the full URL is in the panel. */
export function hubShort(url: string): string {
  return url.replace(/^wss?:\/\//, '');
}

/** "12 s", "4 min", "3 h", "2 days": a duration in words. */
export function durationWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** "14:02:31": a clock time with seconds, for retries a few seconds away. */
export function clockTimeSeconds(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * How old the last stable point was when we learned it: the time between its unit's timestamp
 * and the check. Both come from main, so the words never go stale (no timer in the page).
 */
export function mciAgeWords(
  status: Pick<Status, 'lastStableMci' | 'lastStableMciAt' | 'lastStableUnitAt'>,
): string | null {
  const { lastStableMciAt: at, lastStableUnitAt: unitAt } = status;
  if (status.lastStableMci === null || at === null) return null;
  if (unitAt === null || unitAt === undefined) return `checked at ${clockTime(at)}`;
  return `${durationWords(at - unitAt)} old when checked at ${clockTime(at)}`;
}

const VERIFICATION_PREFIX = 'The hub sent history that failed verification';

/** The status bar's few words for a sync problem; the panel has the whole sentence. */
export function problemShort(problem: string): string {
  if (problem.startsWith(VERIFICATION_PREFIX)) return 'Hub history rejected; balances kept';
  if (problem.startsWith('The hub did not answer')) return 'Hub did not answer';
  if (problem.startsWith('The network is too young')) return 'Nothing provable yet';
  return 'Sync problem';
}

/** What the user can do about a problem, with the retry time main reported. */
export function problemAdvice(status: Pick<Status, 'problem' | 'problemAt' | 'retryAt'>): string {
  const kept = status.problem?.startsWith(VERIFICATION_PREFIX)
    ? 'Nothing from that answer was stored: Obyte Light kept your previous balances and history. '
    : 'Your balances and history stay as they were. ';
  const { problemAt, retryAt } = status;
  const retry =
    retryAt === null || retryAt === undefined
      ? 'It will try again when the hub reports news or reconnects.'
      : problemAt === null || problemAt === undefined
        ? `It will retry at ${clockTimeSeconds(retryAt)}.`
        : `It will retry in ${durationWords(retryAt - problemAt)} (at ${clockTimeSeconds(retryAt)}).`;
  return `${kept}${retry} If this keeps happening, try another hub in Settings → Network.`;
}

/** "Lost: connection refused. Next try at 14:02:31 (in 8 s)." for a disconnected hub. */
export function retryWords(connection: Status['connection']): string | null {
  const { retryAt, since } = connection;
  if (connection.state !== 'disconnected' || retryAt === null || retryAt === undefined) return null;
  const wait = since === null ? '' : ` (${durationWords(retryAt - since)} after the loss)`;
  return `${clockTimeSeconds(retryAt)}${wait}`;
}
