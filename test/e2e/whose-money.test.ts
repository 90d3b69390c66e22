/**
 * What the wallet counts as the user's money, in Chromium against a loopback hub serving a
 * synthetic devnet: a restored, funded wallet and an address watched without its key.
 * - The watched address has its own section and total; the wallet's balance, Send's figure and
 *   the history's "own" never include it; a payment from the wallet to it is "Sent".
 * - A second hub (the fallback in the settings) serves the same DAG. The main hub then serves a
 *   unit paying the wallet 5,000 GBYTE that nothing proves and the second hub does not know: it
 *   is marked not verified on the Wallet screen (never in the proven or spendable figure), the
 *   hubs' word is shown beside it, in the unit's details and in the connection panel, and the
 *   status bar says the hubs disagree.
 * Screenshots of the Wallet screen, History and the connection panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness/harness';
import { TestHub } from '../support/test-hub';
import { WalletScenario, walletAddressesOf } from '../support/test-hub/wallet-scenarios';
import { FUNDED } from './wallet-fixture';
import { openWalletPage, type WalletPage } from './wallet-page';
import { runAxe, screenshotPath } from './screens';

/** Somebody else's address the user watches: 7 GBYTE, no key. */
const WATCHED =
  walletAddressesOf('zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong', 0, false, 1)[0] ?? '';

let app: WalletPage;
let scenario: WalletScenario;
/** The second hub: the same DAG, told of the same units unless a test says otherwise. */
let secondHub: TestHub;
let second: WalletScenario;
let harness: Harness;

beforeAll(async () => {
  const options = {
    payments: [
      { address: FUNDED[0] ?? '', amount: 100_000_000 },
      { address: FUNDED[1] ?? '', amount: 200_000_000 },
      { address: WATCHED, amount: 7_000_000_000 },
    ],
  };
  secondHub = new TestHub();
  second = new WalletScenario(options);
  second.install(secondHub);
  const secondUrl = await secondHub.start();
  app = await openWalletPage(new WalletScenario(options), {
    fallbackHubs: [secondUrl],
    screen: '#/wallet',
  });
  ({ harness, scenario } = app);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await secondHub?.stop();
});

const headline = () => harness.page.getByRole('region', { name: 'Total balance' });
const watchedSection = () => harness.page.getByRole('region', { name: 'Watched addresses' });
const rows = () => harness.page.getByRole('list', { name: 'Transactions' }).getByRole('listitem');

describe('a watched address is not the user’s money', () => {
  it('has its own section and total; the wallet’s balance and Send never count it', async () => {
    const { page } = harness;
    await headline().getByText('0.3 GBYTE').first().waitFor({ timeout: 20_000 });
    await page.getByLabel('Address', { exact: true }).fill(WATCHED);
    await page.getByLabel('Label (optional)').fill('A friend’s savings');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await watchedSection().getByText('7 GBYTE').first().waitFor({ timeout: 20_000 });

    // The wallet's figure is its own 0.3 GBYTE, never 7.3.
    const wallet = await headline().innerText();
    expect(wallet).toContain('0.3 GBYTE');
    expect(wallet).not.toContain('7.3');
    const section = await watchedSection().innerText();
    expect(section).toContain('A friend’s savings');
    expect(section).toContain(WATCHED);
    expect(section).toMatch(/Watched total\s+Stable\s+Pending\s+GBYTE\s+7 GBYTE/);
    expect(section).toContain('not your money');
    await page.screenshot({ path: screenshotPath('wallet-watched-apart'), fullPage: true });
    const serious = (await runAxe(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);

    // Send offers what the wallet holds: 0.3 GBYTE.
    await page.goto(`${harness.server.origin}/#/send`);
    const asset = page.getByLabel('Asset');
    await asset.waitFor();
    await expect(asset.locator('option').first().textContent()).resolves.toBe(
      'Bytes (GBYTE) — 0.3 GBYTE',
    );
  });

  it('in History, the watched address’s own payments are its, and paying it is "Sent"', async () => {
    const { page, services } = harness;
    // The wallet pays the watched address 0.05 GBYTE; the hub puts it on the main chain.
    const { payment } = await services.wallet.payments.preview({
      recipients: [{ address: WATCHED, amount: '0.05' }],
    });
    expect(payment.recipients.map((r) => r.address)).toEqual([WATCHED]);
    const outcome = await services.wallet.payments.send(payment.previewId);
    // Both hubs see it and put it on the main chain, as a network would.
    const posted = scenario.accepted.get(outcome.unit);
    if (!posted) throw new Error('the hub did not take the payment');
    second.accepted.set(outcome.unit, posted);
    scenario.confirm(outcome.unit);
    second.confirm(outcome.unit);
    // And somebody else pays the watched address alone.
    scenario.pay([{ address: WATCHED, amount: 1_000_000_000 }]);
    second.pay([{ address: WATCHED, amount: 1_000_000_000 }]);
    await services.light.parts.sync.syncNow();

    await page.goto(`${harness.server.origin}/#/history`);
    await rows().nth(2).waitFor({ timeout: 20_000 });
    const list = await page.getByRole('list', { name: 'Transactions' }).innerText();
    expect(list).not.toContain('Moved between own addresses');
    expect(list).toContain('Watched address received');
    const sent = rows().filter({ has: page.locator(`[title="${outcome.unit}"]`) });
    await expect(sent.innerText()).resolves.toMatch(/^.*\n?Sent/m);
    await sent.getByRole('button').click();
    const details = page.getByRole('dialog', { name: 'Sent' });
    await details.waitFor();
    const text = await details.innerText();
    expect(text).toContain(`A friend’s savings (${WATCHED})`);
    expect(text).toContain('not one of your own addresses');
    await page.screenshot({ path: screenshotPath('history-payment-to-watched') });
  });
});

describe('a payment no proof reaches yet, and a second hub that does not know it', () => {
  it('is marked not verified, apart from the proven and spendable figures, with the hubs’ word', async () => {
    const { page, services } = harness;
    await services.light.parts.secondHubCheck.idle();
    await expect(Promise.resolve(services.status.get().secondHub?.state)).resolves.toBe('agrees');
    // The main hub serves a unit paying the wallet 5,000 GBYTE; the second hub never saw it.
    const injected = scenario.pay([{ address: FUNDED[0] ?? '', amount: 5_000e9 }], true);
    app.hub.broadcast('light/have_updates');
    await page.goto(`${harness.server.origin}/#/wallet`);
    const wallet = headline();
    await wallet.getByText(/5000 GBYTE incoming, not verified yet/).waitFor({ timeout: 20_000 });
    const incoming = page.getByRole('group', { name: 'Incoming, not verified yet' });
    await incoming.getByText(/Second hub .* does not know it/).waitFor({ timeout: 20_000 });
    const text = await wallet.innerText();
    // The total is what is proven (and the wallet's own change): the 5,000 GBYTE are apart,
    // marked, never in the total or the proof line.
    expect(text).toMatch(/^Total balance\s+0\.249999218 GBYTE\s+✓ ?Proven: the witness proof/);
    expect(text).toContain(
      '⚠ Not in this total: 5000 GBYTE incoming, not verified yet (no proof reaches it; a hub can show a payment that does not exist).',
    );
    const list = await incoming.innerText();
    expect(list).toContain('+5000 GBYTE');
    expect(list).toContain('⚠ Not verified yet');
    expect(list).toMatch(/Main hub ws:\/\/127\.0\.0\.1:\d+ knows it/);
    expect(list).toMatch(/Second hub ws:\/\/127\.0\.0\.1:\d+ does not know it/);
    // The status bar says the hubs disagree.
    const flag = page.locator('footer[aria-label="Status"] [data-status="second-hub"]');
    await flag.waitFor();
    await expect(flag.innerText()).resolves.toBe('Hubs disagree');
    await page.screenshot({ path: screenshotPath('wallet-unverified-incoming'), fullPage: true });
    const serious = (await runAxe(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);

    // Send offers what can be spent: the 5,000 GBYTE are not part of it.
    await page.goto(`${harness.server.origin}/#/send`);
    await expect(page.getByLabel('Asset').locator('option').first().textContent()).resolves.toBe(
      'Bytes (GBYTE) — 0.249999218 GBYTE',
    );

    // The connection panel says it in words.
    await page.getByRole('button', { name: 'Connection details' }).click();
    const panel = page.getByRole('region', { name: 'Connection' });
    const secondHubLine = panel.locator('[data-panel="second-hub"]');
    await secondHubLine.waitFor();
    const said = await secondHubLine.innerText();
    expect(said).toContain('disagrees');
    expect(said).toContain(
      `does not know 1 pending unit the main hub sent, first ${injected}: it may not exist on the network.`,
    );
    await page.screenshot({ path: screenshotPath('connection-panel-second-hub') });
    await page.getByRole('button', { name: 'Close connection details' }).click();

    // History: the unit is not verified yet, and its details name what each hub said.
    await page.goto(`${harness.server.origin}/#/history`);
    const row = rows().filter({ has: page.locator(`[title="${injected}"]`) });
    await row.waitFor({ timeout: 20_000 });
    await expect(row.innerText()).resolves.toContain('Not verified yet');
    await row.getByRole('button').click();
    const details = page.getByRole('dialog', { name: 'Received' });
    await details.waitFor();
    const hubs = await details.locator('[data-details="hubs"]').innerText();
    expect(hubs).toMatch(/Main hub ws:\/\/\S+: knows it/);
    expect(hubs).toMatch(/Second hub ws:\/\/\S+: does not know it/);
    expect(hubs).toContain('The hubs disagree');
    await page.screenshot({ path: screenshotPath('history-unverified-details') });
  });
});
