/**
 * Textcoins end to end in Chromium against the test hub: send one (the preview names the claim
 * fee, Confirm & send shows its words, link and QR once, the posted unit pays the words' address),
 * and claim somebody else's from an obyte:textcoin link (the claim preview, then a unit signed by
 * the textcoin's key). Screenshots at 1280 and 360 px, light and dark; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DeepLinkInbox } from '../../electron/main/services/deep-links';
import { sha256Base64 } from '../../shared/protocol/hash';
import { getTextcoinAddress } from '../../shared/protocol/hd';
import type { PaymentPayload } from '../../shared/protocol/unit-types';
import type { Harness } from '../support/harness/harness';
import type { WalletScenario } from '../support/test-hub/wallet-scenarios';
import { expectNoSeriousAxe, screenshotPath } from './screens';
import { FUNDED } from './wallet-fixture';
import { fundedScenario, linkTarget, openWalletPage, type WalletPage } from './wallet-page';

/** test/fixtures/textcoin-vectors.json, vector 0 (made with ocore's code). */
const FOREIGN = 'wheel-west-illegal-expand-swear-two-orphan-multiply-fringe-summer-supply-liberty';
const FOREIGN_ADDRESS = 'WZPKJN4GLUFU437EJQS6XXHS6Y3MNFKW';
/** A divisible asset (2 decimals, named GOLD by the registry) and an indivisible one. */
const GOLD = sha256Base64('e2e gold asset');
const TICKETS = sha256Base64('e2e tickets asset');

describe('textcoins in the app', () => {
  let app: WalletPage;
  let scenario: WalletScenario;
  let harness: Harness;
  let inbox: DeepLinkInbox;

  async function shoot(page: Page, name: string): Promise<void> {
    for (const theme of ['light', 'dark'] as const) {
      await harness.services.settings.update({ theme });
      await page.waitForFunction((t) => document.documentElement.dataset['theme'] === t, theme);
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: screenshotPath(`${name}-${width}-${theme}`),
          fullPage: true,
        });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoSeriousAxe(page, name);
  }

  beforeAll(async () => {
    scenario = fundedScenario();
    scenario.pay([{ address: FOREIGN_ADDRESS, amount: 250_000 }]);
    scenario.payAsset(GOLD, [{ address: FUNDED[0] ?? '', amount: 12_345 }]);
    scenario.payAsset(TICKETS, [{ address: FUNDED[1] ?? '', amount: 40 }], 1);
    app = await openWalletPage(scenario);
    harness = app.harness;
    const { services } = harness;
    // The registry's answer for GOLD (the test hub has no registry): its name and decimals.
    services.wallet.services().db.saveAssetMetadata({
      asset: GOLD,
      name: 'GOLD',
      decimals: 2,
      registryAddress: FOREIGN_ADDRESS,
      metadataUnit: sha256Base64('e2e gold metadata unit'),
      suffix: null,
    });
    inbox = new DeepLinkInbox();
    await harness.open(harness.page, '#/textcoins');
    inbox.connect(linkTarget(harness));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('sends a textcoin after a preview that names the claim fee, and shows its words once', async () => {
    const { page } = harness;
    await page.getByRole('heading', { name: 'Send a textcoin' }).waitFor();
    await page.getByLabel(/^Amount/).fill('0.0001');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByTestId('textcoin-preview');
    await preview.waitFor({ timeout: 20_000 });
    await preview.getByText('Claim fee added (paid by you, for their claim)').waitFor();
    // The test hub sends no system_vars: the least TPS allowance uses the initial values, and
    // the preview says so.
    await preview
      .getByText("TPS fee allowance for the claim (twice the hub's estimate, at least 344 bytes)")
      .waitFor();
    await preview.getByTestId('tps-variables-initial').waitFor();
    await preview
      .getByText(/775\sbytes/)
      .first()
      .waitFor();
    await shoot(page, 'textcoin-send-preview');
    expect(scenario.posted).toHaveLength(0);
    await page.getByRole('button', { name: 'Confirm & send' }).click();
    const sent = page.getByTestId('textcoin-sent');
    await sent.waitFor({ timeout: 20_000 });
    const words = (await page.getByTestId('textcoin-words').textContent())?.trim() ?? '';
    expect(words.split('-')).toHaveLength(12);
    await expect(page.getByTestId('textcoin-link').textContent()).resolves.toContain(
      `https://obyte.org/#textcoin?${words}`,
    );
    await sent.getByRole('img', { name: 'QR code of the textcoin link' }).waitFor();
    expect(scenario.posted).toHaveLength(1);
    const outputs = (scenario.posted[0]?.messages[0]?.payload as PaymentPayload).outputs;
    // The amount, the claim fee and the least TPS allowance (the test hub estimates 0): 2 × 172.
    expect(outputs).toContainEqual({
      address: getTextcoinAddress(words),
      amount: 100_000 + 775 + 344,
    });
    await shoot(page, 'textcoin-sent');
    await page.getByRole('button', { name: 'I wrote the words down' }).click();
    await expect(page.getByTestId('textcoin-words').count()).resolves.toBe(0);
    await page.getByTestId('textcoin-list').getByText('Not claimed yet').waitFor();
  });

  it('sends a textcoin of a divisible asset picked in the list, its amount in its decimals and name; the indivisible one is not offered, and main refuses it if asked directly', async () => {
    const { page } = harness;
    const picker = page.getByLabel('Asset', { exact: true });
    await picker
      .locator('option', { hasText: 'GOLD — 123.45 GOLD' })
      .waitFor({ state: 'attached', timeout: 20_000 });
    // The wallet holds TICKETS (indivisible: its balance shows on the Wallet screen), but main
    // does not name it among the assets a textcoin can carry, so the picker does not offer it.
    const ticketsHeld = await page.evaluate(() =>
      (
        globalThis as unknown as {
          obyte: { balances: { get(): Promise<{ value: { total: unknown[] } }> } };
        }
      ).obyte.balances.get(),
    );
    const tickets = (ticketsHeld.value.total as Array<{ asset: string; stable: number }>).find(
      (a) => a.asset === TICKETS,
    );
    expect(tickets?.stable).toBe(40);
    await expect(
      picker
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).resolves.toEqual(['base', GOLD]);
    // Asked directly (as a page that skipped the picker would), main still refuses it in words,
    // and nothing is posted.
    const posts = scenario.posted.length;
    const refused = await page.evaluate(
      (asset) =>
        (
          globalThis as unknown as {
            obyte: {
              textcoins: { previewSend(p: { amount: string; asset: string }): Promise<unknown> };
            };
          }
        ).obyte.textcoins.previewSend({ amount: '2', asset }),
      TICKETS,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(
          /is indivisible \(fixed denominations\) and cannot be sent as a textcoin/,
        ) as unknown,
      },
    });
    expect(scenario.posted).toHaveLength(posts);

    await picker.selectOption(GOLD);
    await page.getByLabel('Amount (GOLD)').fill('1.5');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByTestId('textcoin-preview');
    await preview.waitFor({ timeout: 20_000 });
    await expect(
      preview.getByRole('row', { name: /The recipient gets/ }).textContent(),
    ).resolves.toContain('1.5 GOLD');
    // ocore TEXTCOIN_ASSET_CLAIM_FEE on devnet ("4.0dev": 1072 + 3), in bytes, beside the asset.
    await preview
      .getByText(/1,075\sbytes/)
      .first()
      .waitFor();
    await shoot(page, 'textcoin-asset-preview');
    await page.getByRole('button', { name: 'Confirm & send' }).click();
    await page.getByTestId('textcoin-sent').waitFor({ timeout: 20_000 });
    expect(scenario.posted).toHaveLength(posts + 1);
    const words = (await page.getByTestId('textcoin-words').textContent())?.trim() ?? '';
    const payments = (scenario.posted.at(-1)?.messages ?? []).map(
      (m) => m.payload as PaymentPayload,
    );
    const gold = payments.find((p) => p.asset === GOLD);
    expect(gold?.outputs).toContainEqual({ address: getTextcoinAddress(words), amount: 150 });
    await page.getByRole('button', { name: 'I wrote the words down' }).click();
  });

  it('claims a textcoin from an obyte:textcoin link after showing what arrives', async () => {
    const { page } = harness;
    inbox.receive(`obyte:textcoin?${FOREIGN}`);
    const preview = page.getByTestId('claim-preview');
    await preview.waitFor({ timeout: 20_000 });
    await preview.getByRole('heading', { name: 'What this textcoin brings you' }).waitFor();
    await preview.getByText(FOREIGN_ADDRESS).waitFor();
    await shoot(page, 'textcoin-claim-preview');
    const posts = scenario.posted.length;
    await preview.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByTestId('textcoin-claimed').waitFor({ timeout: 20_000 });
    expect(scenario.posted).toHaveLength(posts + 1);
    expect(scenario.posted.at(-1)?.authors.map((a) => a.address)).toEqual([FOREIGN_ADDRESS]);
    await shoot(page, 'textcoin-claimed');
  });
});
