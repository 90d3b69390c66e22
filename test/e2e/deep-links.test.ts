/**
 * `obyte:` links from the OS, end to end in Chromium: a `DeepLinkInbox` wired as index.ts wires
 * it (network from the settings, delivery as the `deepLinkOpened` event, connect once the page
 * has loaded, disconnect while it reloads), links received before the page listens and after.
 * A payment link opens Send prefilled and a pairing link the pairing form; neither pays nor
 * pairs (the test hub sees no unit, the bot no pairing, main no `payments.send` / `chat.pair`)
 * until the user previews and confirms, or clicks Pair. Hostile and malformed links give an
 * error banner in plain words where the user is, and nothing from them becomes markup.
 * Banners are dismissed from the keyboard; screenshots of each; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/until';
import type { Page } from 'playwright-core';
import { DeepLinkInbox, NOT_A_LINK_MESSAGE } from '../../electron/main/services/deep-links';
import { MAX_DEEP_LINK_LENGTH } from '../../shared/ipc';
import {
  buildHarnessAssets,
  startHarness,
  type Harness,
  type HarnessAssets,
} from '../support/harness/harness';
import { DeviceHub } from '../support/test-hub/device-hub';
import { TestBot } from '../support/test-hub/test-bot';
import type { WalletScenario } from '../support/test-hub/wallet-scenarios';
import { screenshotPath, shoot } from './screens';
import { RECIPIENT, RECIPIENT_TYPO } from './wallet-fixture';
import { fundedScenario, linkTarget, openWalletPage, type WalletPage } from './wallet-page';

const ASSET = 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=';
const PAIRING_SECRET = 'deepLinkSecret42';
/** Methods only the user may cause: a link must never reach them by itself. */
const ACTS = ['payments.preview', 'payments.send', 'chat.pair'];

let assets: HarnessAssets;

beforeAll(async () => {
  assets = await buildHarnessAssets();
});

/** Every IPC method the page called, in order (the dispatcher is the one the binding uses). */
function recordCalls(harness: Harness): string[] {
  const calls: string[] = [];
  const dispatcher = harness.services.dispatcher;
  const dispatch = dispatcher.dispatch.bind(dispatcher);
  dispatcher.dispatch = (method, params, sender) => {
    calls.push(String(method));
    return dispatch(method, params, sender);
  };
  return calls;
}

/** A reload as the app sees it: the inbox queues while the page loads, then delivers. */
async function reload(harness: Harness, inbox: DeepLinkInbox, hash: string): Promise<void> {
  inbox.disconnect();
  await harness.open(harness.page, hash);
  inbox.connect(linkTarget(harness));
}

/** The request banner (role status) and the refusal banner (role alert) of a link. */
function requestBanner(page: Page) {
  return page.locator('.link-notice[role="status"]');
}
function errorBanner(page: Page) {
  return page.locator('.link-notice [role="alert"]');
}

/** Tabs from the top of the page until the banner's Dismiss button has focus. */
async function tabToDismiss(page: Page): Promise<void> {
  await page.locator('body').focus();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.closest('.link-notice') !== null && el?.textContent?.trim() === 'Dismiss';
    });
    if (focused) return;
  }
  throw new Error('Tab never reached the Dismiss button of the link banner');
}

describe('obyte: links in a funded, unlocked wallet', () => {
  let app: WalletPage;
  let scenario: WalletScenario;
  let device: DeviceHub;
  let bot: TestBot;
  let harness: Harness;
  let inbox: DeepLinkInbox;
  let calls: string[];
  const dialogs: string[] = [];

  beforeAll(async () => {
    // The restore the Wallet screen makes (address discovery included); chat follows the unlock.
    app = await openWalletPage(fundedScenario(), {
      assets,
      chat: true,
      viewport: { width: 1280, height: 860 },
      beforeApp: (hub) => {
        device = new DeviceHub(hub);
        bot = new TestBot(device, new Map([[device.hubString, device]]), {
          name: 'Link Bot',
          secret: PAIRING_SECRET,
        });
      },
    });
    ({ harness, scenario } = app);
    calls = recordCalls(harness);
    harness.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Built before the window, as index.ts does: links of the launch wait here.
    inbox = new DeepLinkInbox();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a payment link from the launch waits for the page, then opens Send filled in; nothing is paid', async () => {
    const { page } = harness;
    inbox.receive(`obyte:${RECIPIENT}?amount=123456789`);
    expect(inbox.pending).toBe(1);
    await harness.open(page, '#/wallet');
    // The page is up but the inbox is not connected yet (did-finish-load): still queued.
    await page.waitForTimeout(200);
    await expect(requestBanner(page).count()).resolves.toBe(0);
    expect(page.url()).toMatch(/#\/wallet$/);

    inbox.connect(linkTarget(harness));
    expect(inbox.pending).toBe(0);
    await page.waitForURL(/#\/send$/);
    const banner = requestBanner(page);
    await banner.waitFor();
    await expect(banner.locator('p').textContent()).resolves.toBe(
      `This link asks you to pay 0.123456789 GBYTE to ${RECIPIENT}. Review it in Send: nothing is paid until you confirm.`,
    );
    // The address is shown whole, in monospace, to compare with where the link came from.
    await expect(banner.locator('.mono').allTextContents()).resolves.toEqual([RECIPIENT]);
    await page.getByText('Filled in from a payment link.').waitFor();
    await expect(page.getByLabel('Address', { exact: true }).inputValue()).resolves.toBe(RECIPIENT);
    await expect(page.getByLabel('Amount in GBYTE').inputValue()).resolves.toBe('0.123456789');
    await expect(page.getByLabel('Asset').inputValue()).resolves.toBe('base');
    // The form waits for the user: no preview made, nothing signed, nothing posted or queued.
    await page.waitForTimeout(500);
    await expect(page.getByRole('button', { name: 'Confirm & send' }).count()).resolves.toBe(0);
    expect(calls.filter((m) => ACTS.includes(m))).toEqual([]);
    expect(scenario.posted).toHaveLength(0);
    expect(harness.services.wallet.payments.pending()).toEqual([]);
    // The log names the kind of link, never the link.
    expect(harness.logs.some((line) => line.includes('Opened a link'))).toBe(true);
    expect(harness.logs.join('\n')).not.toContain(RECIPIENT);
    await shoot(page, 'deep-link-payment');

    // Only the user's Preview, then Confirm & send, sends; exactly what the link asked.
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /^Preview/ }).waitFor({ timeout: 15_000 });
    await page.getByRole('cell', { name: '0.123456789 GBYTE', exact: true }).first().waitFor();
    expect(scenario.posted).toHaveLength(0);
    expect(calls.filter((m) => ACTS.includes(m))).toEqual(['payments.preview']);
    await page.getByRole('button', { name: 'Confirm & send' }).click();
    await page.getByRole('heading', { name: 'Sent' }).waitFor({ timeout: 15_000 });
    expect(scenario.posted).toHaveLength(1);
    const outputs = JSON.stringify(scenario.posted[0]?.messages);
    expect(outputs).toContain(RECIPIENT);
    expect(outputs).toContain('123456789');
    await page.getByRole('button', { name: 'New payment' }).click();
  });

  it('a payment link in an asset, while the page listens, fills Send in that asset', async () => {
    const { page } = harness;
    await page.goto(`${harness.server.origin}/#/wallet`);
    await page.getByRole('heading', { name: 'Wallet', exact: true }).waitFor();
    const before = calls.length;
    inbox.receive(`obyte:${RECIPIENT}?amount=1500&asset=${encodeURIComponent(ASSET)}`);
    await page.waitForURL(/#\/send$/);
    const banner = requestBanner(page);
    await expect(banner.locator('p').textContent()).resolves.toBe(
      `This link asks you to pay 1,500 smallest units of the asset ${ASSET} to ${RECIPIENT}. Review it in Send: nothing is paid until you confirm.`,
    );
    await expect(page.getByLabel('Address', { exact: true }).inputValue()).resolves.toBe(RECIPIENT);
    await expect(banner.locator('.mono').allTextContents()).resolves.toEqual([ASSET, RECIPIENT]);
    // The amount is in the asset's smallest units (the wallet holds none, so no decimals are
    // known), labelled with the asset, never as bytes; the asset is the one chosen.
    const amount = page.getByRole('textbox', { name: /^Amount in / });
    await expect(amount.inputValue()).resolves.toBe('1500');
    await expect(page.locator('label[for="amount-0"]').textContent()).resolves.toBe(
      `Amount in ${ASSET.slice(0, 6)}…`,
    );
    const asset = page.getByLabel('Asset');
    await expect(asset.inputValue()).resolves.toBe(ASSET);
    await expect(asset.locator('option:checked').textContent()).resolves.toBe(
      `${ASSET} — none in this wallet`,
    );
    await page.waitForTimeout(300);
    expect(calls.slice(before).filter((m) => ACTS.includes(m))).toEqual([]);
    expect(scenario.posted).toHaveLength(1);
    await shoot(page, 'deep-link-payment-asset');

    // Preview says plainly that the wallet cannot pay in it; nothing is signed.
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(`This wallet holds none of the asset ${ASSET}`).waitFor();
    expect(calls.slice(before).filter((m) => ACTS.includes(m))).toEqual(['payments.preview']);
    expect(scenario.posted).toHaveLength(1);
  });

  it('a pairing link opens the pairing form filled in; nothing is paired until Pair', async () => {
    const { page } = harness;
    await page.goto(`${harness.server.origin}/#/wallet`);
    await page.getByRole('heading', { name: 'Wallet', exact: true }).waitFor();
    const before = calls.length;
    const code = `${bot.pubkey}@${device.hubString}#${PAIRING_SECRET}`;
    inbox.receive(`obyte:${code}`);
    await page.waitForURL(/#\/chat$/);
    const banner = requestBanner(page);
    await expect(banner.locator('p').textContent()).resolves.toBe(
      `This link asks you to pair with the device ${bot.deviceAddress} at the hub ${device.hubString}. Review it in Chat: nothing is paired until you confirm.`,
    );
    await expect(banner.locator('.mono').allTextContents()).resolves.toEqual([bot.deviceAddress]);
    const field = page.getByRole('textbox', { name: 'Pairing code' });
    await expect(field.inputValue()).resolves.toBe(code);
    await page.waitForTimeout(500);
    expect(calls.slice(before).filter((m) => ACTS.includes(m))).toEqual([]);
    expect(harness.services.chat.messenger.listCorrespondents()).toEqual([]);
    expect(bot.peers.size).toBe(0);
    expect(device.deliveries.filter((d) => d.to === bot.deviceAddress)).toEqual([]);
    // The pairing secret and the key never reach the log.
    const log = harness.logs.join('\n');
    expect(log).not.toContain(PAIRING_SECRET);
    expect(log).not.toContain(bot.pubkey);
    await shoot(page, 'deep-link-pairing');

    // The user's Pair does pair: the same observables change.
    await page.getByRole('button', { name: 'Pair', exact: true }).click();
    await until(() => bot.peers.size === 1, 'the bot to receive the pairing');
    expect(calls.slice(before).filter((m) => ACTS.includes(m))).toEqual(['chat.pair']);
    expect(
      harness.services.chat.messenger.listCorrespondents().map((c) => c.deviceAddress),
    ).toEqual([bot.deviceAddress]);
  });

  it('a link banner is dismissed from the keyboard', async () => {
    const { page } = harness;
    inbox.receive(`obyte:${RECIPIENT}?amount=1000`);
    await page.waitForURL(/#\/send$/);
    const banner = requestBanner(page);
    await banner.waitFor();
    await tabToDismiss(page);
    await page.screenshot({ path: screenshotPath('deep-link-dismiss-focus'), fullPage: true });
    await page.keyboard.press('Enter');
    await banner.waitFor({ state: 'detached' });
    // Focus stays in the content (where the skip link puts it), not lost to the page's top.
    await expect(page.evaluate(() => document.activeElement?.id ?? null)).resolves.toBe('main');
    // The form it filled stays for the user to review or clear.
    await expect(page.getByLabel('Address', { exact: true }).inputValue()).resolves.toBe(RECIPIENT);
  });

  it('hostile and malformed links give an error in plain words, stay put and stay text', async () => {
    const { page } = harness;
    const before = calls.length;
    const postedBefore = scenario.posted.length;
    // A fresh page: the Send form holds nothing from earlier links.
    await reload(harness, inbox, '#/wallet');
    const cases: Array<{ link: unknown; message: string; shot?: string }> = [
      {
        link: `obyte-tn:${RECIPIENT}?amount=1000`,
        message:
          'This is a testnet link (obyte-tn:), but the wallet is on a devnet. Switch to testnet in Settings, then open the link again.',
      },
      {
        link: `obyte:${RECIPIENT_TYPO}?amount=1000`,
        message: /checksum does not match/.source,
        shot: 'deep-link-refused-checksum',
      },
      {
        link: `obyte:${RECIPIENT}?amount=9007199254740993`,
        message: /9007199254740993.*too large/.source,
      },
      {
        link: `obyte:<img src=x onerror="window.__xss=1">?amount=1`,
        message: /"<img src=x onerror="window\.__xss=1">" is not an Obyte address/.source,
        shot: 'deep-link-refused-markup',
      },
      {
        link: 'obyte:%3Cscript%3Ewindow.__xss%3D2%3C%2Fscript%3E',
        message: /"<script>window\.__xss=2<\/script>" is not an Obyte address/.source,
      },
      {
        link: `obyte:${RECIPIENT}?amount=1&device_address=%3Csvg%20onload%3Dalert(3)%3E`,
        message: /device_address "<svg onload=alert\(3\)>" is not valid/.source,
      },
      {
        link: `obyte:${RECIPIENT}?amount=1&asset=%3Ciframe%20src%3Djavascript%3Aalert(4)%3E`,
        message: /Invalid asset "<iframe src=javascript:alert\(4\)>"/.source,
      },
      { link: 'javascript:alert(5)', message: NOT_A_LINK_MESSAGE },
      {
        link: `obyte:${'A'.repeat(MAX_DEEP_LINK_LENGTH)}`,
        message: /This link is too long to be an Obyte link/.source,
      },
    ];
    for (const { link, message, shot } of cases) {
      inbox.receive(link);
      const banner = errorBanner(page);
      await banner.waitFor();
      const text = (await banner.locator('p').textContent()) ?? '';
      if (message.startsWith('This is') || message === NOT_A_LINK_MESSAGE) {
        expect(text).toBe(message);
      } else {
        expect(text).toMatch(new RegExp(message));
      }
      // Plain words: no code, no stack, no raw error names.
      expect(text).not.toMatch(/Error:|at \w+ \(|undefined|\[object/);
      expect(page.url()).toMatch(/#\/wallet$/);
      await expect(requestBanner(page).count()).resolves.toBe(0);
      if (shot) await shoot(page, shot);
    }
    await shoot(page, 'deep-link-refused');

    const injected = await page.evaluate(() => ({
      xss: (globalThis as unknown as { __xss?: unknown }).__xss ?? null,
      images: document.querySelectorAll('img[src="x"], iframe, svg[onload]').length,
      handlers: document.querySelectorAll('[onerror], [onload]').length,
      scripts: [...document.scripts].filter((s) => s.textContent?.includes('__xss')).length,
    }));
    expect(injected).toEqual({ xss: null, images: 0, handlers: 0, scripts: 0 });
    expect(dialogs).toEqual([]);
    expect(calls.slice(before).filter((m) => ACTS.includes(m))).toEqual([]);
    expect(scenario.posted).toHaveLength(postedBefore);

    // The refusal is dismissed from the keyboard too.
    await tabToDismiss(page);
    await page.keyboard.press('Space');
    await errorBanner(page).waitFor({ state: 'detached' });
    await expect(page.evaluate(() => document.activeElement?.id ?? null)).resolves.toBe('main');

    // None of them filled the Send form.
    await page.goto(`${harness.server.origin}/#/send`);
    await expect(page.getByLabel('Address', { exact: true }).inputValue()).resolves.toBe('');
    await expect(page.getByText('Filled in from a payment link.').count()).resolves.toBe(0);
  });

  it('markup in a valid link is shown as text, not made into elements', async () => {
    const { page } = harness;
    await page.goto(`${harness.server.origin}/#/wallet`);
    await page.getByRole('heading', { name: 'Wallet', exact: true }).waitFor();
    const before = calls.length;
    // A social-account recipient may hold any characters after "@".
    inbox.receive('obyte:@%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D6%22%3E?amount=1000');
    // Accounts cannot be paid without an attestor's lookup: refused in place, as text.
    await expect(errorBanner(page).locator('p').textContent()).resolves.toBe(
      'This link asks you to pay 0.000001 GBYTE to the account @<img src=x onerror="window.__xss=6">. Obyte Light can pay only Obyte addresses: nothing was filled in or paid.',
    );
    expect(page.url()).toMatch(/#\/wallet$/);
    await page.waitForTimeout(300);
    const injected = await page.evaluate(() => ({
      xss: (globalThis as unknown as { __xss?: unknown }).__xss ?? null,
      images: document.querySelectorAll('img[src="x"], [onerror]').length,
    }));
    expect(injected).toEqual({ xss: null, images: 0 });
    expect(dialogs).toEqual([]);
    expect(calls.slice(before).filter((m) => ACTS.includes(m))).toEqual([]);
  });
});

describe('obyte: links on mainnet without a wallet', () => {
  let harness: Harness;
  let inbox: DeepLinkInbox;

  beforeAll(async () => {
    // No hub given: mainnet, offline, no wallet yet.
    harness = await startHarness(assets, { viewport: { width: 1180, height: 760 } });
    inbox = new DeepLinkInbox();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('a testnet link is refused on mainnet; a payment link shows Send with the next step', async () => {
    const { page } = harness;
    expect(harness.services.settings.get().network).toBe('mainnet');
    inbox.receive(`obyte-tn:${RECIPIENT}?amount=1000`);
    await reload(harness, inbox, '#/wallet');
    const error = errorBanner(page);
    await expect(error.locator('p').textContent()).resolves.toBe(
      'This is a testnet link (obyte-tn:), but the wallet is on mainnet. Switch to testnet in Settings, then open the link again.',
    );
    expect(page.url()).toMatch(/#\/wallet$/);
    await shoot(page, 'deep-link-wrong-network');

    inbox.receive(`byteball:${RECIPIENT}?amount=2500000000`);
    await page.waitForURL(/#\/send$/);
    await expect(requestBanner(page).locator('p').textContent()).resolves.toBe(
      `This link asks you to pay 2.5 GBYTE to ${RECIPIENT}. Review it in Send: nothing is paid until you confirm.`,
    );
    await page.getByRole('heading', { name: 'Nothing to send from yet' }).waitFor();
    await shoot(page, 'deep-link-payment-no-wallet');
  });
});
