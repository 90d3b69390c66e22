/**
 * axe-core and a screenshot of every state a user spends time in, light and dark, wide and
 * narrow: onboarding (the words, the 3-word check with a wrong word, the protection choice; the
 * restore phrase, its progress and its summary), Wallet with balances, Send (a filled form, a
 * field problem, an error, the preview with every fee by name, sent), History with rows and the
 * details panel (a sheet when narrow), Receive with QR and a payment link, Settings with a wallet,
 * Bots, Chat with a paired bot and a Pay button, and Unlock (a wrong password, the countdown).
 *
 * One harness and one test hub (the wallet scenario, the device hub and the test bot) for all of
 * it; each state is reached once and the four looks are switched in place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { TestHub } from '../support/test-hub';
import { DeviceHub } from '../support/test-hub/device-hub';
import { TestBot } from '../support/test-hub/test-bot';
import { TEST_MNEMONIC, WalletScenario } from '../support/test-hub/wallet-scenarios';
import type { HubAnswer } from '../support/test-hub/test-hub';
import { runAxe, screenshotPath, sidewaysScroll } from './screens';
import { FUNDED, PASSWORD, RECIPIENT } from './wallet-fixture';

const THEMES = ['light', 'dark'] as const;
const SIZES = [
  { name: 'wide', width: 1280, height: 800 },
  { name: 'narrow', width: 420, height: 760 },
] as const;
/** Checked for sideways scrolling too (no screenshot): the narrowest window we support. */
const NARROWEST = { width: 360, height: 740 } as const;
const BLOCKING = new Set(['serious', 'critical']);

let hub: TestHub;
let scenario: WalletScenario;
let harness: Harness;
let page: Page;
/** While set, `light/get_history` waits for it (to hold a restore in progress on screen). */
let historyGate: Promise<void> | null = null;

beforeAll(async () => {
  const started = Date.now();
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
  const device = new DeviceHub(hub);
  const bot = new TestBot(device, new Map([[device.hubString, device]]), { name: 'Test Bot' });
  device.bots = [
    {
      id: 1,
      name: 'Test Bot',
      pairing_code: bot.pairingCode,
      description: 'Echoes what you say; type "pay" for a payment request.',
    },
  ];
  harness = await startHarness(await buildHarnessAssets(), {
    hubUrl: url,
    genesisUnit: scenario.genesisUnit,
    viewport: { width: SIZES[0].width, height: SIZES[0].height },
  });
  // Follow the OS, so emulateMedia switches the theme.
  await harness.services.settings.update({ theme: 'system' });
  page = harness.page;
  await harness.open();
  await page
    .locator('footer[aria-label="Status"]')
    .getByText(/Connected/)
    .first()
    .waitFor({ timeout: 15_000 });
  console.log(`a11y-states: setup took ${Date.now() - started} ms`);
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await hub?.stop();
});

/**
 * The state on screen, in each theme and size: a screenshot, axe's serious and critical findings
 * (every one printed), and nothing that scrolls sideways (at 360 px too). `show` scrolls a part
 * into view for the screenshot.
 */
async function expectAccessible(state: string, show?: () => Locator): Promise<void> {
  const found: string[] = [];
  const sideways: string[] = [];
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForFunction((t) => document.documentElement.dataset['theme'] === t, theme);
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      if (show) await show().scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`a11y-${state}-${theme}-${size.name}`) });
      for (const v of await runAxe(page)) {
        if (!BLOCKING.has(v.impact ?? '')) continue;
        found.push(
          `${theme} ${size.name}: ${v.id} [${v.impact}] ${v.help} at ${v.targets.join(', ')}`,
        );
      }
      if (theme === 'light') {
        for (const s of await sidewaysScroll(page)) sideways.push(`${size.width} px: ${s}`);
      }
    }
  }
  await page.setViewportSize(NARROWEST);
  for (const s of await sidewaysScroll(page)) sideways.push(`${NARROWEST.width} px: ${s}`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: SIZES[0].width, height: SIZES[0].height });
  expect(found, `${state}: serious or critical axe violations`).toEqual([]);
  expect(sideways, `${state}: scrolls sideways`).toEqual([]);
}

async function go(hash: string): Promise<void> {
  await page.goto(`${harness.server.origin}/${hash}`);
}

describe('onboarding', () => {
  it('create: the words, the check with a wrong word, the protection choice', async () => {
    await page.getByRole('heading', { name: 'No wallet yet' }).waitFor();
    await expectAccessible('onboarding-choose');
    await page.getByRole('button', { name: 'Create a new wallet' }).click();
    const list = page.getByRole('list', { name: 'Recovery phrase' });
    await list.waitFor();
    const words = (await list.locator('.mono').allTextContents()).map((w) => w.trim());
    await expectAccessible('onboarding-words');
    await page.getByRole('button', { name: 'I wrote them down' }).click();
    await page
      .getByLabel(/^Word \d+$/)
      .first()
      .waitFor();
    const labels = await page.locator('label[for^="word-"]').allTextContents();
    const positions = labels.map((label) => Number(label.replace('Word ', '')));
    for (const [i, position] of positions.entries()) {
      await page
        .getByLabel(`Word ${position}`, { exact: true })
        .fill(i === 0 ? 'zzz' : (words[position - 1] ?? ''));
    }
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText(`Word ${positions[0]} does not match`).waitFor();
    await expectAccessible('onboarding-check-wrong-word');
    await page
      .getByLabel(`Word ${positions[0]}`, { exact: true })
      .fill(words[(positions[0] ?? 1) - 1] ?? '');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'Protect the wallet on this computer' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill('not the same');
    await page.getByRole('button', { name: 'Create the wallet' }).click();
    await page.locator('.onboarding [role="alert"], .onboarding .error').first().waitFor();
    await expectAccessible('onboarding-protect');
    // Not created: a fresh page starts over (the restore below makes the wallet).
  });

  it('restore: the phrase, the progress with numbers, the summary', async () => {
    await harness.open();
    await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
    await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(TEST_MNEMONIC);
    // Restore is its own flow, not a part of "Wallet": the screen's heading says so.
    await expect(page.getByRole('heading', { level: 1 }).allInnerTexts()).resolves.toEqual([
      'Restore a wallet',
    ]);
    await expectAccessible('restore-phrase');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    let release = (): void => undefined;
    historyGate = new Promise((done) => (release = done));
    try {
      await page.getByRole('button', { name: 'Restore the wallet' }).click();
      await page.getByRole('heading', { name: 'Restoring' }).waitFor();
      await expectAccessible('restore-progress');
    } finally {
      historyGate = null;
      release();
    }
    await page
      .getByText(/^Restored\. Checked \d+ addresses, 3 used, \d+ units? verified\.$/)
      .waitFor({ timeout: 20_000 });
    await expectAccessible('restore-done');
    await page.getByRole('button', { name: 'Go to the wallet' }).click();
    await page.getByText('0.6 GBYTE').first().waitFor({ timeout: 15_000 });
  });
});

describe('a funded wallet', () => {
  it('Wallet with balances', async () => {
    await expectAccessible('wallet-balances');
  });

  it('Send: a field problem, an error, the preview, sent', async () => {
    await go('#/send');
    const address = page.getByLabel('Address', { exact: true });
    await address.fill(RECIPIENT.slice(0, 31) + (RECIPIENT.endsWith('A') ? 'B' : 'A'));
    await page.getByLabel('Amount in GBYTE').fill('0.25');
    await page.getByText(/checksum does not match/).waitFor();
    await expectAccessible('send-field-problem');
    await address.fill(RECIPIENT);
    await page.getByLabel('Amount in GBYTE').fill('100');
    await page.getByRole('button', { name: 'Preview' }).click();
    const problem = page.locator('main [role="alert"]').first();
    await problem.waitFor({ timeout: 15_000 });
    // In the user's unit, not in bytes.
    await expect(problem.innerText()).resolves.toMatch(
      /Not enough GBYTE: this payment needs 100\.0\d* GBYTE with its fees, but [\d.]+ GBYTE can be spent \([\d.]+ GBYTE short\)\./,
    );
    await expectAccessible('send-error', () => problem);
    await page.getByLabel('Amount in GBYTE').fill('0.25');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /^Preview/ }).waitFor({ timeout: 15_000 });
    for (const name of ['Headers fee', 'Payload fee', 'TPS fee', 'Oversize fee', 'All fees']) {
      await page.getByRole('rowheader', { name, exact: true }).waitFor();
    }
    await expectAccessible('send-preview');
    await page.getByRole('button', { name: 'Confirm & send' }).click();
    await page.getByRole('heading', { name: 'Sent' }).waitFor({ timeout: 15_000 });
    // The outcome comes first and takes the focus; no Confirm & send is left to click.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('sent-title');
    await expect(page.getByRole('button', { name: 'Confirm & send' }).count()).resolves.toBe(0);
    await expectAccessible('send-sent', () => page.getByRole('heading', { name: 'Sent' }));
  });

  it('History with rows and the details (a panel, a sheet when narrow)', async () => {
    await go('#/history');
    const rows = page.getByRole('list', { name: 'Transactions' }).getByRole('listitem');
    // The funding unit (one for all three addresses) and the payment just sent, pending.
    await rows.nth(1).waitFor({ timeout: 15_000 });
    await expectAccessible('history-rows');
    await rows.first().getByRole('button').click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible('history-details');
    await page.keyboard.press('Escape');
  });

  it('Receive with the QR code and a payment link', async () => {
    await go('#/receive');
    await page.getByRole('img', { name: /^QR code of the address / }).waitFor();
    await page.getByLabel(/Amount in GBYTE/).fill('1.5');
    await page.getByRole('button', { name: 'Make a payment link' }).click();
    await page.getByRole('img', { name: 'QR code of the payment link' }).waitFor();
    await expectAccessible('receive', () =>
      page.getByRole('img', { name: 'QR code of the payment link' }),
    );
  });

  it('Settings with a wallet: Wallet and keys, Updates', async () => {
    await go('#/settings');
    await page.getByRole('heading', { name: 'Wallet and keys' }).waitFor();
    await page.getByLabel('Wallet password').fill('wrong password');
    await page.getByRole('button', { name: 'Show the recovery phrase' }).click();
    await page.getByText(/That password does not open this wallet/).waitFor();
    await expectAccessible('settings-wallet', () =>
      page.getByRole('heading', { name: 'Wallet and keys' }),
    );
    await expectAccessible('settings-updates', () =>
      page.getByRole('heading', { name: 'Updates' }),
    );
  });

  it('Bots, then Chat with the paired bot and a Pay button', async () => {
    await go('#/bots');
    await page.getByRole('list', { name: 'Bot store' }).getByText('Test Bot').waitFor({
      timeout: 15_000,
    });
    await expectAccessible('bots');
    await page.getByRole('button', { name: 'Pair with Test Bot' }).click();
    await page.waitForURL(/#\/chat$/);
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByText(/I echo what you say/).waitFor({ timeout: 15_000 });
    await page.getByLabel('Message', { exact: true }).fill('pay');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await messages.getByRole('button', { name: /^Pay 0\.1 GBYTE to / }).waitFor({
      timeout: 15_000,
    });
    await messages.getByText('Delivered').first().waitFor();
    await expectAccessible('chat', () => messages.getByRole('button', { name: /^Pay / }));
  });
});

describe('a locked wallet', () => {
  it('Unlock: a wrong password, then the countdown on the button', async () => {
    await go('#/settings');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await go('#/wallet');
    await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor();
    await expectAccessible('unlock');
    await page.getByLabel('Wallet password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText(/^That password does not open this wallet\./).waitFor();
    // (The wrong password in Settings counted too: a short delay may run out first.)
    await page.getByRole('button', { name: 'Unlock', exact: true }).waitFor();
    await expectAccessible('unlock-wrong-password');
    // The page's clock stands still (timers still run), so the countdown holds while axe runs.
    // Half a second ahead: the retry time is taken from the real clock a moment later.
    await page.clock.setFixedTime(Date.now() + 500);
    await page.getByLabel('Wallet password').fill('another wrong one');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('button', { name: /^Try again in \d+ s$/ }).waitFor();
    await expectAccessible('unlock-countdown');
    // A fresh page, once main's delay is over, unlocks with the right password.
    const keystore = harness.services.wallet.keystore();
    while (keystore.retryAfterMs() > 0) await new Promise((done) => setTimeout(done, 100));
    await harness.open(page, '#/wallet');
    await page.getByLabel('Wallet password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor({
      state: 'detached',
    });
  });
});
