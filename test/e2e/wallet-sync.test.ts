/**
 * Watch an address on the loopback devnet hub in Chromium: its balance and history appear;
 * the hub stops and comes back, the status bar follows and the history catches up.
 * Screenshots of Wallet and History with data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness/harness';
import { FUNDED, type DevnetHistory, type TestHub } from '../support/test-hub';
import { startDevnetApp, stopDevnetApp } from './devnet-app';
import { runAxe, screenshotPath } from './screens';

let hub: TestHub;
let history: DevnetHistory;
let harness: Harness;

beforeAll(async () => {
  ({ hub, history, harness } = await startDevnetApp());
});

afterAll(async () => {
  await stopDevnetApp({ hub, history, harness });
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
    // The details sit in a side panel that is whole on screen at 820 px, and hold the focus.
    const details = page.getByRole('dialog', { name: /Received|Sent|Moved|Watched address/ });
    const box = await details.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? 0) <= 820).toBe(true);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
    const list = await page.getByRole('list', { name: 'Transactions' }).boundingBox();
    expect((list?.x ?? 0) + (list?.width ?? 0)).toBeLessThanOrEqual(box?.x ?? 0);
    await expect(
      page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName),
    ).resolves.toBe('details-title');
    await page.screenshot({ path: screenshotPath('history-details-panel') });
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await expect(
      page.evaluate(() => document.activeElement?.classList.contains('row-button') ?? false),
    ).resolves.toBe(true);
    // Narrow: the same details as a sheet over the list.
    await page.setViewportSize({ width: 760, height: 820 });
    await rows().first().getByRole('button').click();
    await details.waitFor();
    const sheet = await details.boundingBox();
    expect((sheet?.y ?? -1) >= 0 && (sheet?.y ?? 0) + (sheet?.height ?? 0) <= 820).toBe(true);
    await page.screenshot({ path: screenshotPath('history-details-sheet-narrow') });
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 820 });
    await rows().first().getByRole('button').click();
    await details.waitFor();
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
      .getByText(/Hub unreachable|Connecting/)
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
