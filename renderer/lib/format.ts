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

export function connectionSentence(connection: Status['connection']): string {
  const words = connectionWords(connection.state);
  return connection.since === null ? words : `${words} since ${clockTime(connection.since)}`;
}

export function integer(value: number): string {
  return value.toLocaleString('en-US');
}

export function mciWords(status: Pick<Status, 'lastStableMci' | 'lastStableMciAt'>): string {
  if (status.lastStableMci === null) return 'not known yet';
  const at = status.lastStableMciAt === null ? '' : ` (at ${clockTime(status.lastStableMciAt)})`;
  return `${integer(status.lastStableMci)}${at}`;
}

export function syncWords(sync: SyncStatus): string {
  if (sync.state === 'idle') return 'Idle';
  const progress =
    sync.total === null ? integer(sync.done) : `${integer(sync.done)}/${integer(sync.total)}`;
  return `${sync.task} ${progress}`;
}

export function outboxWords(count: number): string {
  if (count === 0) return 'Empty';
  return count === 1 ? '1 message' : `${integer(count)} messages`;
}

/** A hub URL without the scheme, for the compact status bar; the full URL is in the panel. */
export function hubShort(url: string): string {
  return url.replace(/^wss?:\/\//, '');
}
