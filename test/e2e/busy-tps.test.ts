/**
 * A payment while the hub's TPS fee is high (a burst of units: the devnet hub's estimate for an
 * AA trigger reached 21,010 bytes, then fell within seconds): the Send preview, whose bytes
 * leaving are mostly that fee, says the network is busy and that the fee usually falls within a
 * minute, beside the fee rows. Screenshots of the four looks (test-results/screenshots/
 * send-preview-busy-tps-*); axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalletScenario } from '../support/test-hub/wallet-scenarios';
import { expectLooks } from './screens';
import { FUNDED, RECIPIENT } from './wallet-fixture';
import { openWalletPage, type WalletPage } from './wallet-page';

let app: WalletPage;

beforeAll(async () => {
  const scenario = new WalletScenario({
    payments: FUNDED.map((address, i) => ({ address, amount: (i + 1) * 100_000_000 })),
    tpsFee: 21_010,
  });
  app = await openWalletPage(scenario, { screen: '#/send', followSystemTheme: true });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('the Send preview while the network is busy', () => {
  it('says most of what leaves is the TPS fee, and that it usually falls soon', async () => {
    const { page } = app.harness;
    await page.getByLabel('Address', { exact: true }).fill(RECIPIENT);
    // 0.00002 GBYTE = 20,000 bytes: with 21,010 of TPS fee, more than half of what leaves.
    await page.getByLabel('Amount in GBYTE').fill('0.00002');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /^Preview/ }).waitFor({ timeout: 20_000 });
    const note = page.getByTestId('preview-tps-busy');
    await expect(note.innerText()).resolves.toBe(
      "Most of the bytes leaving the wallet are the network's TPS fee, which is high right now because the network is busy; it usually falls within a minute, so waiting costs less.",
    );
    await expectLooks(page, 'send-preview-busy-tps', () => note);
  });
});
