/**
 * A lying hub in Chromium: after an honest first sync, the hub serves tampered history (an
 * output amount changed). The answer is rejected: the status bar says so in words with an
 * icon, the connection panel explains it in full with what to do, and the balances stay as
 * they were. Screenshot of the connection panel with the problem; axe stays clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../shared/protocol/json';
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

const statusBar = () => harness.page.locator('footer[aria-label="Status"]');

describe('a hub that lies about history', () => {
  it('is rejected: the status bar says so in words and the balances stay as before', async () => {
    const page = harness.page;
    await statusBar()
      .getByText(/Connected/)
      .first()
      .waitFor({ timeout: 15_000 });
    for (const address of FUNDED) {
      await page.getByLabel('Address', { exact: true }).fill(address);
      await page.getByRole('button', { name: 'Watch', exact: true }).click();
      await page.getByText(address).first().waitFor();
    }
    await page.getByText('0.13 GBYTE').first().waitFor({ timeout: 15_000 });
    const before = await page.locator('main').innerText();

    // The newest unit appears, with an output inflated by 1 GBYTE: the unit hash no longer
    // matches, so the whole answer must be rejected.
    history.options.tamper = (answer: JsonObject) => {
      const joints = answer['joints'] as unknown as {
        unit: { messages: { payload?: { outputs?: { amount: number }[] } }[] };
      }[];
      const output = joints[0]?.unit.messages[0]?.payload?.outputs?.[0];
      if (output) output.amount += 1_000_000_000;
    };
    history.release();
    hub.broadcast('light/have_updates');

    const problem = statusBar().locator('[data-status="problem"]');
    await problem.waitFor({ timeout: 15_000 });
    await expect(problem.innerText()).resolves.toContain('Hub history rejected; balances kept');
    await expect(problem.locator('svg').count()).resolves.toBe(1);
    await expect(problem.getAttribute('title')).resolves.toMatch(
      /^The hub sent history that failed verification: /,
    );
    // Balances and the list of watched addresses: exactly as before the lie.
    await expect(page.locator('main').innerText()).resolves.toBe(before);
    await expect(page.getByText('1.13 GBYTE').count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Connection details' }).click();
    const panel = page.getByRole('region', { name: 'Connection' });
    await panel.waitFor();
    const text = await panel.innerText();
    expect(text).toMatch(/The hub sent history that failed verification: /);
    expect(text).toContain('Obyte Light kept your previous balances');
    expect(text).toMatch(/It will retry in \d+ s/);
    expect(text).toContain('try another hub in Settings → Network');
    expect(text).toMatch(/Witnesses\s+1 named by the hub/);
    expect(text).toMatch(/Hub\s+ws:\/\/127\.0\.0\.1:\d+/);
    const box = await panel.boundingBox();
    expect((box?.y ?? -1) >= 0).toBe(true);
    await page.screenshot({ path: screenshotPath('connection-panel-problem') });
    const serious = (await runAxe(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);

    // "Open hub settings" takes the user to the hub fields.
    await panel.getByRole('button', { name: 'Open hub settings' }).click();
    const hubField = page.getByLabel('Hub address');
    await hubField.waitFor();
    await expect(hubField.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('settings-network-hubs') });
    const seriousSettings = (await runAxe(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(seriousSettings).toEqual([]);
  });

  it('a hub that refuses light/get_balances: the balances stand, the cross-check is shown as unavailable', async () => {
    const page = harness.page;
    history.options.tamper = undefined;
    hub.setHandler('light/get_balances', () => ({ error: 'not served here' }));
    await page.getByRole('link', { name: 'Wallet' }).first().click();
    hub.broadcast('light/have_updates');
    const note = page.locator('[data-balances="cross-check"]');
    await note.waitFor({ timeout: 20_000 });
    await expect(note.innerText()).resolves.toMatch(
      /^Cross-check unavailable: .*refused light\/get_balances \(not served here\)\..*verified from the history\.$/,
    );
    await expect(statusBar().locator('[data-status="problem"]').count()).resolves.toBe(0);
    // The verified balances stand beside the note.
    await expect(page.getByText('0.129999196 GBYTE').count()).resolves.toBe(1);
    await note.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('wallet-cross-check-unavailable') });
    await page.getByRole('button', { name: 'Connection details' }).click();
    const panel = page.getByRole('region', { name: 'Connection' });
    await expect(panel.innerText()).resolves.toMatch(
      /Balance cross-check\s+Cross-check unavailable/,
    );
  });
});
