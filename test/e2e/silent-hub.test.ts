/**
 * A hub that stops answering (socket open, no frames) in Chromium, with the app's own timings:
 * the status bar says "Hub unreachable" with the reason, a payment being sent ends with the
 * hub's silence in words instead of "Signing and sending…", and a preview asked for while the
 * hub cannot be reached says so instead of staying on "Preparing the preview…".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHarnessAssets,
  startHarness,
  type Harness,
  type HarnessAssets,
} from '../support/harness/harness';
import { TestHub } from '../support/test-hub';
import { TEST_MNEMONIC, WalletScenario } from '../support/test-hub/wallet-scenarios';
import { screenshotPath } from './screens';
import { FUNDED, PASSWORD, RECIPIENT } from './wallet-fixture';

let assets: HarnessAssets;
let hub: TestHub;
let scenario: WalletScenario;
let harness: Harness;

beforeAll(async () => {
  assets = await buildHarnessAssets();
  hub = new TestHub();
  scenario = new WalletScenario({
    payments: FUNDED.map((address, i) => ({ address, amount: (i + 1) * 100_000_000 })),
  });
  scenario.install(hub);
  await hub.start();
  harness = await startHarness(assets, {
    hubUrl: `ws://127.0.0.1:${hub.port}`,
    genesisUnit: scenario.genesisUnit,
    viewport: { width: 1280, height: 860 },
  });
  await harness.open();
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await hub?.stop();
});

const statusBar = () => harness.page.locator('footer[aria-label="Status"]');

describe('a hub that goes silent', () => {
  it('is named unreachable while sending, on the status bar and in the preview', async () => {
    const { page } = harness;
    await statusBar()
      .getByText(/Connected/)
      .first()
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
    await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(TEST_MNEMONIC);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Restore the wallet' }).click();
    await page.getByRole('button', { name: 'Go to the wallet' }).click({ timeout: 30_000 });
    await page.getByText('0.6 GBYTE').first().waitFor({ timeout: 15_000 });

    // A preview while the hub answers; then it stops answering before Confirm & send.
    await page.goto(`${harness.server.origin}/#/send`);
    await page.getByLabel('Address', { exact: true }).fill(RECIPIENT);
    await page.getByLabel('Amount in GBYTE').fill('0.1');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Confirm & send' }).waitFor({ timeout: 15_000 });
    hub.silent = true;
    await page.getByRole('button', { name: 'Confirm & send' }).click();
    // The heartbeat finds the silence (10 s idle + 15 s): the outcome names it, in words.
    await page
      .getByText(/stopped answering/)
      .first()
      .waitFor({ timeout: 45_000 });
    await expect(page.getByText('Signing and sending…').count()).resolves.toBe(0);
    const connection = statusBar().locator('[data-status="connection"]');
    await expect(connection.innerText()).resolves.toMatch(/^Hub unreachable/);
    await expect(connection.getAttribute('title')).resolves.toMatch(
      /stopped answering|did not answer the connection/,
    );
    await page.screenshot({ path: screenshotPath('send-silent-hub') });

    // A new preview while the hub still cannot be reached: refused in words, not left waiting.
    await page.getByRole('button', { name: 'New payment' }).click();
    await page.getByLabel('Address', { exact: true }).fill(RECIPIENT);
    await page.getByLabel('Amount in GBYTE').fill('0.05');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Preparing the preview…').waitFor({ state: 'detached', timeout: 40_000 });
    const form = page.locator('form').filter({ hasText: 'Amount in GBYTE' });
    await expect(form.innerText()).resolves.toMatch(
      /cannot be reached|stopped answering|did not answer the connection/,
    );
    await page.screenshot({ path: screenshotPath('send-preview-silent-hub') });
    hub.silent = false;
  });
});
