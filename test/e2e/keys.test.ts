/**
 * Keys, receive and send in Chromium against the harness and the loopback test hub:
 * create a wallet (words shown once, backup check, password), lock and unlock with a wrong then
 * the right password, receive (address in groups and its QR), restore a funded wallet (progress
 * with numbers, balances), and a send preview with every fee by name — nothing is posted until
 * Confirm & send. Screenshots of each screen; axe finds no serious or critical problem.
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
import { shoot } from './screens';
import { FUNDED, PASSWORD, RECIPIENT } from './wallet-fixture';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let assets: HarnessAssets;
let hub: TestHub;
let scenario: WalletScenario;

beforeAll(async () => {
  assets = await buildHarnessAssets();
  hub = new TestHub();
  scenario = new WalletScenario({
    payments: FUNDED.map((address, i) => ({ address, amount: (i + 1) * 100_000_000 })),
  });
  scenario.install(hub);
  await hub.start();
});

afterAll(async () => {
  await hub?.stop();
});

describe('a new wallet', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(assets, {
      hubUrl: `ws://127.0.0.1:${hub.port}`,
      genesisUnit: scenario.genesisUnit,
      viewport: { width: 1280, height: 860 },
    });
    await harness.open();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('is created after its words are shown once and checked', async () => {
    const { page } = harness;
    await page.getByRole('heading', { name: 'No wallet yet' }).waitFor();
    await shoot(page, 'onboarding-choose');
    await page.getByRole('button', { name: 'Create a new wallet' }).click();
    const list = page.getByRole('list', { name: 'Recovery phrase' });
    await list.waitFor();
    const words = (await list.locator('.mono').allTextContents()).map((w) => w.trim());
    expect(words).toHaveLength(12);
    await expect(page.getByText('What it does not restore').isVisible()).resolves.toBe(true);
    await shoot(page, 'onboarding-words');
    await page.getByRole('button', { name: 'I wrote them down' }).click();
    const fields = page.getByLabel(/^Word \d+$/);
    await fields.first().waitFor();
    const labels = await page.locator('label[for^="word-"]').allTextContents();
    expect(labels).toHaveLength(3);
    // A wrong word first: the page says which one.
    const positions = labels.map((label) => Number(label.replace('Word ', '')));
    for (const [i, position] of positions.entries()) {
      await page
        .getByLabel(`Word ${position}`, { exact: true })
        .fill(i === 0 ? 'zzz' : (words[position - 1] ?? ''));
    }
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText(`Word ${positions[0]} does not match`).waitFor();
    await shoot(page, 'onboarding-confirm');
    await page
      .getByLabel(`Word ${positions[0]}`, { exact: true })
      .fill(words[(positions[0] ?? 1) - 1] ?? '');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'Protect the wallet on this computer' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await shoot(page, 'onboarding-protect');
    await page.getByRole('button', { name: 'Create the wallet' }).click();
    await page.getByText('Your wallet is ready.').waitFor();
    // The words are gone from the page.
    const html = await page.content();
    expect(html).not.toContain(words.slice(0, 4).join(' '));
    await page.getByRole('button', { name: 'Go to the wallet' }).click();
    await page.getByRole('heading', { name: 'No wallet yet' }).waitFor({ state: 'detached' });
  });

  it('locks, refuses a wrong password with its delay, and unlocks with the right one', async () => {
    const { page } = harness;
    await page.goto(`${harness.server.origin}/#/settings`);
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.goto(`${harness.server.origin}/#/wallet`);
    await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor();
    await page.getByLabel('Wallet password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That password does not open this wallet.').waitFor();
    await shoot(page, 'unlock-wrong-password');
    // Two wrong tries cost nothing more (typos happen); the third starts the delay.
    await page.getByLabel('Wallet password').fill('another wrong one');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That password does not open this wallet.', { exact: true }).waitFor();
    await page.getByLabel('Wallet password').fill('a third wrong one');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByText(/That password does not open this wallet\. Try again in \d+ s\./)
      .waitFor();
    // The button counts the delay down and refuses until it is over.
    const waiting = page.getByRole('button', { name: /^Try again in \d+ s$/ });
    await waiting.waitFor();
    await expect(waiting.isDisabled()).resolves.toBe(true);
    await shoot(page, 'unlock-countdown');
    await waiting.waitFor({ state: 'detached', timeout: 5_000 });
    // Over: the message no longer says to wait.
    await page.getByText('That password does not open this wallet.', { exact: true }).waitFor();
    await expect(page.getByText(/Try again in/).count()).resolves.toBe(0);
    await page.getByLabel('Wallet password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor({
      state: 'detached',
    });
  });

  it('receive shows the next address in groups, its QR code and a payment link', async () => {
    const { page } = harness;
    await page.goto(`${harness.server.origin}/#/receive`);
    const qr = page.getByRole('img', { name: /^QR code of the address [A-Z2-7]{32}$/ });
    await qr.waitFor();
    const label = (await qr.getAttribute('aria-label')) ?? '';
    const address = label.replace('QR code of the address ', '');
    await expect(page.locator('.address .group').count()).resolves.toBe(8);
    await page.getByLabel(/Amount in GBYTE/).fill('1.5');
    await page.getByRole('button', { name: 'Make a payment link' }).click();
    await page.getByText(new RegExp(`^obyte[a-z-]*:${address}\\?amount=1500000000$`)).waitFor();
    await page.getByRole('img', { name: 'QR code of the payment link' }).waitFor();
    await page
      .getByRole('list', { name: 'Addresses of this wallet' })
      .getByText(address, { exact: true })
      .first()
      .waitFor();
    await shoot(page, 'receive');
  });

  it('settings show the keys section; the phrase needs the password', async () => {
    const { page } = harness;
    await page.goto(`${harness.server.origin}/#/settings`);
    await page.getByRole('heading', { name: 'Wallet and keys' }).waitFor();
    await page.getByLabel('Wallet password').fill('wrong password');
    await page.getByRole('button', { name: 'Show the recovery phrase' }).click();
    await page.getByText(/That password does not open this wallet/).waitFor();
    await shoot(page, 'settings-wallet');
  });
});

describe('a funded wallet restored from its phrase', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(assets, {
      hubUrl: `ws://127.0.0.1:${hub.port}`,
      genesisUnit: scenario.genesisUnit,
      viewport: { width: 1280, height: 860 },
    });
    await harness.open();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('finds its addresses with numbers and shows the balance', async () => {
    const { page } = harness;
    await page
      .locator('footer[aria-label="Status"]')
      .getByText(/Connected/)
      .first()
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
    await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(TEST_MNEMONIC);
    await shoot(page, 'restore-words');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Restore the wallet' }).click();
    await page
      .getByText(/^Restored\. Checked \d+ addresses, 3 used, \d+ units? verified\.$/)
      .waitFor({ timeout: 20_000 });
    await shoot(page, 'restore-done');
    await page.getByRole('button', { name: 'Go to the wallet' }).click();
    await page.getByText('0.6 GBYTE').first().waitFor({ timeout: 15_000 });
    await shoot(page, 'wallet-restored');
  });

  it('previews a payment with every fee by name; nothing is posted until Confirm', async () => {
    const { page } = harness;
    await page.goto(`${harness.server.origin}/#/send`);
    const address = page.getByLabel('Address', { exact: true });
    await address.fill(RECIPIENT.slice(0, 31) + (RECIPIENT.endsWith('A') ? 'B' : 'A'));
    await page.getByText(/checksum does not match/).waitFor();
    await address.fill(RECIPIENT);
    await page.getByLabel('Amount in GBYTE').fill('0.25');
    await shoot(page, 'send-form');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /^Preview/ }).waitFor({ timeout: 15_000 });
    for (const name of ['Headers fee', 'Payload fee', 'TPS fee', 'Oversize fee', 'All fees']) {
      await page.getByRole('rowheader', { name, exact: true }).waitFor();
    }
    await page.getByRole('rowheader', { name: /Change back to your address/ }).waitFor();
    await page.getByRole('rowheader', { name: 'Total leaving the wallet' }).waitFor();
    await page.getByRole('cell', { name: '0.25 GBYTE', exact: true }).waitFor();
    await shoot(page, 'send-preview');
    expect(scenario.posted).toHaveLength(0);
    await page.getByRole('button', { name: 'Confirm & send' }).click();
    await page.getByRole('heading', { name: 'Sent' }).waitFor({ timeout: 15_000 });
    expect(scenario.posted).toHaveLength(1);
    const outputs = JSON.stringify(scenario.posted[0]?.messages);
    expect(outputs).toContain(RECIPIENT);
    expect(outputs).toContain('250000000');
    await shoot(page, 'send-sent');
  });

  it('lists payments on their way: accepted ones, and one whose answer was lost, until settled', async () => {
    const { page } = harness;
    const outgoing = page.getByRole('region', { name: /^On their way/ });
    const outbox = page.locator('[data-status="outbox"]');
    // The payment just sent: the hub accepted it; the network has not confirmed it yet.
    await page.getByRole('button', { name: 'New payment' }).click();
    await outgoing
      .getByText('Accepted by the hub; waiting for the network to confirm it.')
      .waitFor();
    await outgoing.getByText('0.25 GBYTE').waitFor();
    await outbox.getByText('1 payment').waitFor();

    // A second one: the connection dies before the hub answers, and the hub is away a while.
    scenario.postMode = { kind: 'drop', lost: true };
    await page.getByLabel('Address', { exact: true }).fill(RECIPIENT);
    await page.getByLabel('Amount in GBYTE').fill('0.1');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Confirm & send' }).click({ timeout: 15_000 });
    const port = hub.port;
    const end = Date.now() + 10_000;
    while (scenario.posted.length < 2 && Date.now() < end) await sleep(5);
    await hub.stop();
    await outgoing.getByText(/^Signed and kept, not accepted by a hub yet/).waitFor();
    await outbox.getByText('2 payments').waitFor();
    await shoot(page, 'send-on-their-way');
    await page.goto(`${harness.server.origin}/#/wallet`);
    await outgoing.getByText('0.1 GBYTE').waitFor();

    // The hub is back: the same signed joint is posted again (not a new payment) and accepted.
    await hub.start(port);
    await expect(
      outgoing
        .getByText('Accepted by the hub; waiting for the network to confirm it.')
        .nth(1)
        .waitFor({ timeout: 20_000 }),
    ).resolves.toBeUndefined();
    expect(scenario.posted).toHaveLength(3);
    expect(scenario.posted[2]?.unit).toBe(scenario.posted[1]?.unit);
    await shoot(page, 'wallet-on-their-way');
  });
});
