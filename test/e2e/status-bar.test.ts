/**
 * The status bar in a narrow window: one or two lines whatever it says (connected, a hub gone
 * away, the wallet syncing when it is back), with what it leaves out (network, hub, last stable MCI)
 * in the Connection details button's tooltip and in the panel, and no axe finding. Wide, it
 * keeps every item in words on its line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { TestHub } from '../support/test-hub';
import { TEST_MNEMONIC, WalletScenario } from '../support/test-hub/wallet-scenarios';
import type { HubAnswer } from '../support/test-hub/test-hub';
import { shoot } from './screens';
import { FUNDED, PASSWORD } from './wallet-fixture';

let hub: TestHub;
let scenario: WalletScenario;
let harness: Harness;
let page: Page;
let port: number;
/** While set, `light/get_history` waits for it (to hold a restore's sync on screen). */
let historyGate: Promise<void> | null = null;

beforeAll(async () => {
  hub = new TestHub();
  scenario = new WalletScenario({
    payments: FUNDED.map((address, i) => ({ address, amount: (i + 1) * 100_000_000 })),
  });
  scenario.install(hub);
  hub.setHandler('light/get_history', async ({ params }): Promise<HubAnswer> => {
    if (historyGate) await historyGate;
    return scenario.history(params as never);
  });
  const url = await hub.start();
  port = hub.port;
  harness = await startHarness(await buildHarnessAssets(), {
    hubUrl: url,
    genesisUnit: scenario.genesisUnit,
    viewport: { width: 360, height: 740 },
  });
  page = harness.page;
  await harness.open();
  await bar()
    .getByText(/Connected/)
    .first()
    .waitFor({ timeout: 15_000 });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await hub?.stop();
});

const bar = () => page.locator('footer[aria-label="Status"]');

/** How many lines of text the status bar's items take (their distinct tops). */
async function lines(): Promise<number> {
  return bar()
    .locator('dl')
    .evaluate((dl) => {
      const tops = new Set<number>();
      for (const item of dl.querySelectorAll<HTMLElement>(':scope > .item')) {
        if (item.offsetParent === null) continue;
        for (const rect of item.getClientRects()) tops.add(Math.round(rect.top));
      }
      return tops.size;
    });
}

/** The items the status bar shows (visible), by their data-status. */
async function shown(): Promise<string[]> {
  return bar()
    .locator('[data-status]')
    .evaluateAll((all) =>
      all
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => el.getAttribute('data-status') ?? ''),
    );
}

describe('the status bar at 360 px', () => {
  it('connected: one line, the rest in the tooltip and the panel', async () => {
    await expect(lines()).resolves.toBe(1);
    await expect(shown()).resolves.toEqual(['connection']);
    const details = bar().getByRole('button', { name: 'Connection details' });
    await expect(details.getAttribute('title')).resolves.toMatch(
      /^Devnet, hub 127\.0\.0\.1:\d+, last stable MCI (not known yet|[\d,]+( \(at .+\))?)$/,
    );
    await shoot(page, 'statusbar-360-connected');
    await details.click();
    const panel = page.getByRole('region', { name: 'Connection' });
    for (const term of ['Network', 'Hub', 'Last stable MCI', 'Sync']) {
      await panel.getByRole('term').filter({ hasText: term }).first().waitFor();
    }
    await shoot(page, 'statusbar-360-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('a hub gone away: unreachable in words, at most two lines', async () => {
    await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
    await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(TEST_MNEMONIC);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Restore the wallet' }).click();
    await page.getByRole('button', { name: 'Go to the wallet' }).click({ timeout: 30_000 });
    await hub.stop();
    const connection = bar().locator('[data-status="connection"]');
    await expect
      .poll(() => connection.innerText(), { timeout: 20_000 })
      .toMatch(/^Hub unreachable/);
    expect(await lines()).toBeLessThanOrEqual(2);
    await shoot(page, 'statusbar-360-unreachable');
  });

  it('back, syncing the wallet: the work in words, at most two lines', async () => {
    let release = (): void => undefined;
    historyGate = new Promise((done) => (release = done));
    try {
      await hub.start(port);
      await bar().locator('[data-status="sync"]').waitFor({ state: 'visible', timeout: 30_000 });
      await expect(shown()).resolves.toEqual(['connection', 'sync']);
      expect(await lines()).toBeLessThanOrEqual(2);
      await shoot(page, 'statusbar-360-syncing');
    } finally {
      historyGate = null;
      release();
    }
  });

  it('wide: every item on one line', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(lines()).resolves.toBe(1);
    const items = await shown();
    for (const item of ['network', 'hub', 'connection', 'mci', 'sync', 'outbox']) {
      expect(items).toContain(item);
    }
    await shoot(page, 'statusbar-1280');
  });
});
