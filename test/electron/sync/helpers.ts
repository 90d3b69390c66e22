/**
 * A sync service on a real hub client and a real database (temp folder), against the loopback
 * test hub serving the captured devnet history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../electron/main/services/clock';
import { Logger } from '../../../electron/main/services/logger';
import { WalletDatabase } from '../../../electron/main/services/storage';
import { SyncService, type SyncState } from '../../../electron/main/services/sync';
import { NETWORKS } from '../../../shared/protocol/wire';
import { createClient } from '../hub/helpers';
import { DevnetHistory, TestHub, type DevnetHistoryOptions } from '../../support/test-hub';

export interface SyncRig {
  readonly hub: TestHub;
  readonly history: DevnetHistory;
  readonly db: WalletDatabase;
  readonly sync: SyncService;
  readonly client: ReturnType<typeof createClient>['client'];
  readonly states: SyncState[];
  readonly lines: string[];
  readonly dir: string;
  /** Resolves when a sync run ends (ok or not) after this call. */
  nextSyncEnd(): Promise<SyncState>;
  close(): Promise<void>;
}

export async function createRig(
  options: DevnetHistoryOptions & { historyTimeoutMs?: number; watch?: string[] } = {},
): Promise<SyncRig> {
  const hub = new TestHub();
  const history = new DevnetHistory(options);
  history.install(hub);
  const url = await hub.start();
  const dir = mkdtempSync(join(tmpdir(), 'obyte-sync-'));
  const lines: string[] = [];
  const logger = new Logger({
    sink: (line) => lines.push(line),
    clock: systemClock,
    level: 'debug',
  });
  const db = WalletDatabase.open({ directory: dir, clock: systemClock, logger });
  for (const address of options.watch ?? []) db.addWatchedAddress({ address, kind: 'watch-only' });
  const { client } = createClient([url], {
    timing: { requestTimeoutMs: options.historyTimeoutMs ?? 3_000 },
  });
  const sync = new SyncService({
    hub: client,
    db,
    network: NETWORKS.devnet,
    logger,
    clock: systemClock,
    debounceMs: 10,
    retryMs: 200,
    historyTimeoutMs: options.historyTimeoutMs ?? 3_000,
    optionalTimeoutMs: 1_000,
  });
  const states: SyncState[] = [];
  const waiters: ((state: SyncState) => void)[] = [];
  let wasRunning = false;
  sync.on('state', (state) => {
    states.push(state);
    if (state.running) wasRunning = true;
    else if (wasRunning) {
      wasRunning = false;
      for (const resolve of waiters.splice(0)) resolve(state);
    }
  });
  sync.start();
  return {
    hub,
    history,
    db,
    sync,
    client,
    states,
    lines,
    dir,
    nextSyncEnd: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      await sync.stop();
      await client.stop();
      await hub.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
