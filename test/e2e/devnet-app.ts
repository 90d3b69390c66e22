/**
 * The app in Chromium against the loopback devnet hub replaying the captured history (its newest
 * unit held back so a test can release it): what the wallet-sync and lying-hub suites both start.
 */
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { DevnetHistory, NEWEST_UNIT, TestHub } from '../support/test-hub';

export interface DevnetApp {
  hub: TestHub;
  history: DevnetHistory;
  harness: Harness;
}

export async function startDevnetApp(): Promise<DevnetApp> {
  const hub = new TestHub();
  const history = new DevnetHistory({ hidden: [NEWEST_UNIT] });
  history.install(hub);
  const url = await hub.start();
  const harness = await startHarness(await buildHarnessAssets(), {
    hubUrl: url,
    viewport: { width: 1280, height: 820 },
  });
  await harness.open();
  return { hub, history, harness };
}

export async function stopDevnetApp(app: Partial<DevnetApp>): Promise<void> {
  await app.harness?.close();
  await app.hub?.stop();
}
