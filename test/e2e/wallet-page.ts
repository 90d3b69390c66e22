/**
 * The setup most e2e files share: a loopback test hub serving a scenario's DAG, the app in
 * Chromium on devnet against it (the browser harness), the test wallet restored and unlocked, and
 * a screen open. `openWalletPage(scenario)` does all of it; the test keeps `hub`, `harness` and
 * `page` and calls `close()` in afterAll.
 */
import type { Page } from 'playwright-core';
import type { DeepLinkTarget } from '../../electron/main/services/deep-links';
import type { DeepLink } from '../../shared/ipc';
import type { UserConfirmation } from '../../electron/main/services/user-confirmation';
import {
  buildHarnessAssets,
  startHarness,
  type Harness,
  type HarnessAssets,
} from '../support/harness/harness';
import { TestHub } from '../support/test-hub';
import { TEST_MNEMONIC, WalletScenario } from '../support/test-hub/wallet-scenarios';
import { until } from '../support/until';
import { FUNDED, PASSWORD } from './wallet-fixture';

/** Main's dialog as a test sees it (one copy for all tests): every request kept, yes by default. */
export { RecordingConfirmation } from '../support/recording-confirmation';

/** The funded test wallet: 0.1, 0.2 and 0.3 GBYTE on its first three addresses (0.6 in all). */
export function fundedScenario(): WalletScenario {
  return new WalletScenario({
    payments: FUNDED.map((address, i) => ({ address, amount: (i + 1) * 100_000_000 })),
  });
}

export interface WalletPageOptions {
  /**
   * How the wallet gets there. 'restored' (the default): TEST_MNEMONIC restored and unlocked by
   * main's services, as the Wallet screen's restore does, once the hub is connected. 'typed':
   * restored through onboarding's form on the page, then "Go to the wallet" with its 0.6 GBYTE
   * shown. 'none': no wallet; the page shows the first screen, connected to the hub.
   */
  readonly wallet?: 'restored' | 'typed' | 'none';
  /** The screen to open (a hash such as '#/tools'); with a restored wallet and none, no page is opened. */
  readonly screen?: string;
  /** Wait until chat has logged in to the test hub (the device side needs a DeviceHub). */
  readonly chat?: boolean;
  /** The theme follows the OS, so `page.emulateMedia` switches it (the harness's is light). */
  readonly followSystemTheme?: boolean;
  readonly viewport?: { width: number; height: number };
  /** Main's own dialogs (a recording stand-in). */
  readonly confirmation?: UserConfirmation;
  /** Fallback hubs after the test hub. */
  readonly fallbackHubs?: string[];
  /** Built renderer and bridge, when the file has them already. */
  readonly assets?: HarnessAssets;
  /** Runs once the hub listens, before the app starts: a DeviceHub, a bot, extra handlers. */
  readonly beforeApp?: (hub: TestHub) => void;
}

export interface WalletPage {
  readonly hub: TestHub;
  readonly scenario: WalletScenario;
  readonly harness: Harness;
  readonly page: Page;
  /** Closes the app and its browser, then stops the hub. */
  close(): Promise<void>;
}

export async function openWalletPage(
  scenario: WalletScenario = fundedScenario(),
  options: WalletPageOptions = {},
): Promise<WalletPage> {
  const hub = new TestHub();
  scenario.install(hub);
  const url = await hub.start();
  let harness: Harness | undefined;
  try {
    options.beforeApp?.(hub);
    harness = await startHarness(options.assets ?? (await buildHarnessAssets()), {
      hubUrl: url,
      genesisUnit: scenario.genesisUnit,
      viewport: options.viewport ?? { width: 1280, height: 900 },
      ...(options.confirmation === undefined ? {} : { confirmation: options.confirmation }),
      ...(options.fallbackHubs === undefined ? {} : { fallbackHubs: options.fallbackHubs }),
    });
    const { services, page } = harness;
    if (options.followSystemTheme === true) await services.settings.update({ theme: 'system' });
    const wallet = options.wallet ?? 'restored';
    if (wallet === 'restored') {
      // 20 s: room for a loaded machine (the hub is on loopback, the app's first connect is not).
      await until(() => services.light.parts.hub.isConnected, 'the test hub connection', 20_000);
      const restored = await services.wallet.restoreFromMnemonic({
        mnemonic: TEST_MNEMONIC,
        protection: { mode: 'password', password: PASSWORD },
      });
      if (restored.problem !== null) {
        throw new Error(`the test wallet's restore reported: ${restored.problem}`);
      }
      if (options.chat === true) {
        await until(
          () => services.chat.isRunning && services.chat.messenger.isLoggedIn,
          'chat to log in to the test hub',
        );
      }
      if (options.screen !== undefined) await harness.open(page, options.screen);
    } else {
      await harness.open(page, options.screen);
      await page
        .locator('footer[aria-label="Status"]')
        .getByText(/Connected/)
        .first()
        .waitFor({ timeout: 15_000 });
      if (wallet === 'typed') await restoreOnPage(page);
    }
    const opened = harness;
    return {
      hub,
      scenario,
      harness: opened,
      page,
      async close() {
        await opened.close();
        await hub.stop();
      },
    };
  } catch (error) {
    await harness?.close();
    await hub.stop();
    throw error;
  }
}

/** The link target index.ts builds for its DeepLinkInbox, over the harness's services. */
export function linkTarget(harness: Harness): DeepLinkTarget {
  return {
    network: () => harness.services.settings.get().network,
    deliver: (link: DeepLink) => harness.services.events.emit('deepLinkOpened', link),
    logger: harness.services.logger.child('links'),
  };
}

/** Onboarding's "Restore from recovery phrase" with TEST_MNEMONIC and PASSWORD, to the Wallet. */
async function restoreOnPage(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
  await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(TEST_MNEMONIC);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Restore the wallet' }).click();
  await page.getByText(/^Restored\./).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Go to the wallet' }).click();
  await page.getByText('0.6 GBYTE').first().waitFor({ timeout: 15_000 });
}
