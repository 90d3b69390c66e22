/**
 * Paying an autonomous agent from an `obyte:` link, end to end in Chromium against the test hub's
 * echo AA (bounce fee 10000 bytes, returns the amount minus 2000, echoes data.echo): the link's
 * data travels to the preview, which shows it as a table with the AA's bounce fee and the hub's
 * dry run; Confirm & send posts the unit with exactly that data. A link that would bounce says so
 * first, and Confirm & send waits for a separate checkbox. Screenshots of each; axe finds nothing
 * serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeepLinkInbox } from '../../electron/main/services/deep-links';
import { encodeBase64Data } from '../../shared/protocol/aa-data';
import type { GenericMessage } from '../../shared/protocol/unit-types';
import { buildHarnessAssets, type Harness, type HarnessAssets } from '../support/harness/harness';
import { ECHO_AA, type WalletScenario } from '../support/test-hub/wallet-scenarios';
import { shoot } from './screens';
import { fundedScenario, linkTarget, openWalletPage, type WalletPage } from './wallet-page';

let assets: HarnessAssets;

beforeAll(async () => {
  assets = await buildHarnessAssets();
});

describe('paying an autonomous agent from a link', () => {
  let app: WalletPage;
  let scenario: WalletScenario;
  let harness: Harness;
  let inbox: DeepLinkInbox;
  let aa: string;

  beforeAll(async () => {
    scenario = fundedScenario();
    aa = scenario.addAa(ECHO_AA);
    scenario.respondToTriggers = true;
    app = await openWalletPage(scenario, { assets, screen: '#/wallet' });
    harness = app.harness;
    inbox = new DeepLinkInbox();
    inbox.connect(linkTarget(harness));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the data and the dry run, then sends the unit with that data', async () => {
    const { page } = harness;
    const data = { echo: 'hello from a dApp', order: { side: 'buy', price: 0.0123 } };
    inbox.receive(
      `obyte:${aa}?amount=20000&base64data=${encodeURIComponent(encodeBase64Data(data))}`,
    );
    await page.waitForURL(/#\/send$/);
    await page.getByText('The link also asks for:').waitFor();
    await page.locator('.extras').getByText('data for an autonomous agent').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /^Preview/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Autonomous agent' }).waitFor();
    await page.getByText("What the AA would do — the hub's dry run").waitFor();
    await page.getByText(/sends 0\.000018 GBYTE to you/).waitFor();
    await page.getByText('Response echo = "hello from a dApp"').waitFor();
    await page.getByText(/Its bounce fee is 0\.00001 GBYTE/).waitFor();
    // The data as a table, every value by its path.
    const table = page.locator('.data-table');
    await expect(table.locator('tbody th').allTextContents()).resolves.toEqual([
      'echo',
      'order.price',
      'order.side',
    ]);
    await expect(table.locator('tbody td').allTextContents()).resolves.toEqual([
      'hello from a dApp',
      '0.0123',
      'buy',
    ]);
    await expect(page.locator('.bounce').count()).resolves.toBe(0);
    await expect(
      page.getByRole('button', { name: /^See this AA's details/ }).count(),
    ).resolves.toBe(1);
    await shoot(page, 'aa-preview');
    expect(scenario.posted).toHaveLength(0);
    await page.getByRole('button', { name: 'Confirm & send' }).click();
    await page.locator('#sent-title').waitFor({ timeout: 20_000 });
    expect(scenario.posted).toHaveLength(1);
    const message = scenario.posted[0]?.messages.find((m) => m.app === 'data') as GenericMessage;
    expect(message.payload).toEqual(data);
    const trigger = scenario.posted[0]?.unit ?? '';

    // The app follows the trigger: History shows it with what came back, linked both ways.
    await page.goto(`${harness.server.origin}/#/history`);
    const triggerRow = page.locator(`[data-unit="${trigger}"]`);
    await triggerRow.getByText('AA: responded').waitFor({ timeout: 30_000 });
    await page.getByText('AA response', { exact: true }).waitFor({ timeout: 30_000 });
    await triggerRow.getByRole('button').click();
    const details = page.getByRole('dialog');
    await details.getByText('It responded to this payment.').waitFor();
    await details.getByText('echo = "hello from a dApp"').waitFor();
    await shoot(page, 'aa-history-trigger');
    await details.getByRole('button', { name: 'Show its response' }).click();
    await details.getByText('This is its response to your payment.').waitFor();
    await details
      .getByText(/\+0\.000018 GBYTE/)
      .first()
      .waitFor();
    await shoot(page, 'aa-history-response');
    await details.getByRole('button', { name: 'Show your payment' }).click();
    await details.getByText('It responded to this payment.').waitFor();
    // The AA's own details, one click away: Tools with its state and definition.
    await details.getByRole('button', { name: /^AA details/ }).click();
    await page.waitForURL(/#\/tools$/);
    const aaSection = page.locator('section[aria-labelledby="aa-details-title"]');
    await aaSection.getByText('0.00001 GBYTE').waitFor({ timeout: 15_000 });
    await aaSection.getByText('"hello from a dApp"').waitFor();
    await expect(page.locator('#aa-address').inputValue()).resolves.toBe(aa);
    await page.goto(`${harness.server.origin}/#/send`);
  });

  it('a link that would bounce says so first and needs the checkbox before sending', async () => {
    const { page } = harness;
    inbox.receive(
      `obyte:${aa}?amount=5000&base64data=${encodeURIComponent(encodeBase64Data({ echo: 'too little' }))}`,
    );
    await page.waitForURL(/#\/send$/);
    await page.getByRole('button', { name: 'Preview' }).click();
    const warning = page.locator('.bounce[role="alert"]');
    await warning.waitFor({ timeout: 20_000 });
    await expect(warning.textContent()).resolves.toMatch(
      /Warning: This payment would bounce: .*the AA keeps everything it receives/,
    );
    const confirm = page.getByRole('button', { name: 'Confirm & send' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await shoot(page, 'aa-preview-bounce');
    await page.getByLabel(/I understand: send it anyway/).check();
    await expect(confirm.isDisabled()).resolves.toBe(false);
    await confirm.click();
    await page.locator('#sent-title').waitFor({ timeout: 20_000 });
    expect(scenario.posted).toHaveLength(2);
  });
});
