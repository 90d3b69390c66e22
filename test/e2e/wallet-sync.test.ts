/**
 * Watch an address on the loopback devnet hub in Chromium: its balance and history appear;
 * the hub stops and comes back, the status bar follows and the history catches up.
 * Screenshots of Wallet and History with data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { DevnetHistory, FUNDED, NEWEST_UNIT, TestHub } from '../support/test-hub';
import { runAxe, screenshotPath } from './screens';

let hub: TestHub;
let history: DevnetHistory;
let harness: Harness;

beforeAll(async () => {
  hub = new TestHub();
  history = new DevnetHistory({ hidden: [NEWEST_UNIT] });
  history.install(hub);
  const url = await hub.start();
  harness = await startHarness(await buildHarnessAssets(), {
    hubUrl: url,
    viewport: { width: 1280, height: 820 },
  });
  await harness.open();
});

afterAll(async () => {
  await harness?.close();
  await hub?.stop();
});

const rows = () => harness.page.getByRole('list', { name: 'Transactions' }).getByRole('listitem');
const statusBar = () => harness.page.locator('footer[aria-label="Status"]');

describe('watching an address on the test hub', () => {
  it('shows the verified balance and history', async () => {
    const page = harness.page;
    await expect(
      statusBar()
        .getByText(/Connected/)
        .first()
        .isVisible(),
    ).resolves.toBeDefined();
    for (const address of FUNDED) {
      await page.getByLabel('Address', { exact: true }).fill(address);
      await page.getByRole('button', { name: 'Watch', exact: true }).click();
      await page.getByText(address).first().waitFor();
    }
    await page.getByText('0.13 GBYTE').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('wallet-with-data'), fullPage: true });
    const serious = (await runAxe(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);

    await page.goto(`${harness.server.origin}/#/history`);
    await rows().first().waitFor();
    await expect(rows().count()).resolves.toBe(3);
    await rows().first().getByRole('button').click();
    await page.getByText(/Proven stable: the witness proof/).waitFor();
    await page.screenshot({ path: screenshotPath('history-with-data'), fullPage: true });
    const seriousHistory = (await runAxe(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(seriousHistory).toEqual([]);
  });

  it('the status bar follows a hub restart and the history catches up', async () => {
    const port = hub.port;
    await hub.stop();
    await statusBar()
      .getByText(/Disconnected|Connecting/)
      .first()
      .waitFor({ timeout: 15_000 });
    history.release();
    await hub.start(port);
    await statusBar()
      .getByText(/Connected/)
      .first()
      .waitFor({ timeout: 20_000 });
    await rows().nth(3).waitFor({ timeout: 20_000 });
    await expect(rows().count()).resolves.toBe(4);
  });
});
