/**
 * The status bar's facts (StatusService) as the contract's `Status`: what `status.get` answers
 * and `statusChanged` carries.
 */
import type { Status } from '../../../shared/ipc';
import type { ConnectionStatus } from '../services/hub/connection-status';
import type { AppStatus, SyncIndicator } from '../services/status';
import type { SecondHubStatus } from '../services/sync/second-hub-check';

export function connectionView(connection: ConnectionStatus): Status['connection'] {
  return {
    state: connection.state,
    since: connection.since,
    detail: connection.detail,
    ...(connection.url === undefined ? {} : { url: connection.url }),
    ...(connection.reason === undefined ? {} : { reason: connection.reason }),
    ...(connection.retryAt === undefined ? {} : { retryAt: connection.retryAt }),
  };
}

export function syncView(sync: SyncIndicator): Status['sync'] {
  return sync.state === 'idle'
    ? { state: 'idle' }
    : { state: 'running', task: sync.task, done: sync.done, total: sync.total };
}

export function secondHubView(second: SecondHubStatus): NonNullable<Status['secondHub']> {
  return {
    hubUrl: second.hubUrl,
    state: second.state,
    summary: second.summary,
    checkedAt: second.checkedAt,
  };
}

/** Every field the service knows, in the contract's shape; absent stays absent. */
export function statusView(status: AppStatus): Status {
  const {
    connection,
    sync,
    secondHub,
    network,
    hubUrl,
    lastStableMci,
    lastStableMciAt,
    outbox,
    ...optional
  } = status;
  return {
    network,
    hubUrl,
    connection: connectionView(connection),
    lastStableMci,
    lastStableMciAt,
    ...optional,
    sync: syncView(sync),
    outbox,
    ...(secondHub === undefined
      ? {}
      : { secondHub: secondHub === null ? null : secondHubView(secondHub) }),
  };
}
