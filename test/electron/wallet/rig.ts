/**
 * A wallet on real services: loopback test hub serving a synthetic DAG (wallet-scenarios.ts),
 * hub client, wallet database and store in a temp folder, a keystore restored from the test
 * mnemonic, and the wallet service. The payment tests build on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { systemClock } from '../../../electron/main/services/clock';
import {
  KeystoreService,
  nodeRandomSource,
  systemTimers,
} from '../../../electron/main/services/keystore';
import { WalletDatabase } from '../../../electron/main/services/storage';
import type { WalletStore } from '../../../electron/main/services/storage/wallet-store';
import { WalletService } from '../../../electron/main/services/wallet';
import { NETWORKS } from '../../../shared/protocol/wire';
import { recordingLogger } from '../fakes';
import { createClient } from '../hub/helpers';
import { FAST_SCRYPT } from '../keystore/support';
import { TestHub } from '../../support/test-hub';
import {
  TEST_MNEMONIC,
  WalletScenario,
  type WalletScenarioOptions,
} from '../../support/test-hub/wallet-scenarios';
import { getWitnesses } from '../../../shared/protocol/light/index';

export const PASSWORD = 'correct horse battery staple';

export interface WalletRig {
  readonly hub: TestHub;
  readonly scenario: WalletScenario;
  readonly client: ReturnType<typeof createClient>['client'];
  readonly db: WalletDatabase;
  readonly store: WalletStore;
  readonly keystore: KeystoreService;
  readonly wallet: WalletService;
  readonly dir: string;
  close(): Promise<void>;
}

export async function createWalletRig(
  options: WalletScenarioOptions & { latencyMs?: number; requestTimeoutMs?: number },
): Promise<WalletRig> {
  const hub = new TestHub();
  const scenario = new WalletScenario(options);
  scenario.install(hub);
  if (options.latencyMs !== undefined) {
    const history = scenario.historyHandler;
    const latency = options.latencyMs;
    hub.setHandler('light/get_history', async (context) => ({
      ...(await history(context)),
      delayMs: latency,
    }));
  }
  const url = await hub.start();
  const dir = mkdtempSync(join(tmpdir(), 'obyte-wallet-'));
  const { logger } = recordingLogger();
  const db = WalletDatabase.open({ directory: dir, clock: systemClock, logger });
  const store = db.walletStore();
  const keystore = new KeystoreService({
    file: new AtomicFile(join(dir, 'keystore.json')),
    clock: systemClock,
    timers: systemTimers,
    random: nodeRandomSource,
    logger,
    keychain: null,
    autoLockMs: null,
    testScrypt: FAST_SCRYPT,
  });
  await keystore.restore({
    mnemonic: TEST_MNEMONIC,
    network: 'devnet',
    protection: { mode: 'password', password: PASSWORD },
  });
  const { client } = createClient([url], {
    timing: { requestTimeoutMs: options.requestTimeoutMs ?? 5_000 },
  });
  client.start();
  const wallet = new WalletService({
    hub: client,
    db,
    store,
    keys: keystore,
    network: NETWORKS.devnet,
    witnesses: () => getWitnesses(client),
    logger,
    clock: systemClock,
  });
  return {
    hub,
    scenario,
    client,
    db,
    store,
    keystore,
    wallet,
    dir,
    close: async () => {
      await client.stop();
      await hub.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
