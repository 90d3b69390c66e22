/**
 * Chat in Chromium against the loopback test hub with its device side and the test bot: the bot
 * store, pairing, a text each way, a payment request whose Pay button only opens the Send
 * preview, and an XSS corpus from the bot that must stay text. Screenshots of Chat and Bots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { DevnetHistory, TestHub } from '../support/test-hub';
import { DeviceHub } from '../support/test-hub/device-hub';
import { BOT_PAYMENT_ADDRESS, TestBot } from '../support/test-hub/test-bot';
import { recordingOs } from '../support/recording-notifications';
import { homedir } from 'node:os';
import { AppPaths } from '../../electron/main/services/app-paths';
import { ChatDatabase } from '../../electron/main/services/chat/chat-database';
import { systemClock } from '../../electron/main/services/clock';
import { Logger } from '../../electron/main/services/logger';
import { runAxe, screenshotPath } from './screens';

const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

let hub: TestHub;
let device: DeviceHub;
let bot: TestBot;
let harness: Harness;
let posted = 0;
/** The OS side of notifications, recorded; the app window counts as focused unless a test says. */
const os = recordingOs();
let windowFocused = true;

const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '[click me](javascript:window.__xss=3)',
  '<a href="javascript:window.__xss=4">link</a>',
  '**bold** _em_ ![img](https://example.invalid/x.png) <iframe src="about:blank"></iframe>',
  '<svg onload="window.__xss=5"></svg>',
];

beforeAll(async () => {
  hub = new TestHub();
  // The light side of the hub (witnesses, history) answers too, so the sync never waits.
  new DevnetHistory().install(hub);
  const url = await hub.start();
  // After start: the device side takes its hub string (host:port) from the hub's URL.
  device = new DeviceHub(hub);
  hub.setHandler('post_joint', () => {
    posted += 1;
    return { response: 'accepted' };
  });
  bot = new TestBot(device, new Map([[device.hubString, device]]), { name: 'Test Bot' });
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
    testScrypt: { N: 16, r: 1, p: 1 },
    viewport: { width: 1280, height: 820 },
    notifications: { port: os.port, windowFocused: () => windowFocused },
  });
  // The keystore's restore (no address discovery: the test hub has no history), then the same
  // announcement the unlock path makes (WalletSession's state signal); chat follows it.
  const { services } = harness;
  await services.wallet.keystore().restore({
    mnemonic: MNEMONIC,
    network: 'devnet',
    protection: { mode: 'password', password: 'correct horse' },
  });
  await services.wallet.announce();
  const deadline = Date.now() + 15_000;
  while (!(harness.services.chat.isRunning && harness.services.chat.messenger.isLoggedIn)) {
    if (Date.now() > deadline) {
      throw new Error(
        `chat did not log in to the test hub:\n${harness.logs.slice(-30).join('\n')}`,
      );
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await hub?.stop();
});

function serious(violations: Awaited<ReturnType<typeof runAxe>>) {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('chat with the test bot', () => {
  it('pairs from the bot store and exchanges texts', async () => {
    const page = harness.page;
    await harness.open(page, '#/settings');
    await page.getByLabel('Device name').fill('Test laptop');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Name saved.').waitFor();
    await page.goto(`${harness.server.origin}/#/bots`);
    const store = page.getByRole('list', { name: 'Bot store' });
    await store.getByText('Test Bot').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('bots'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);

    await page.getByRole('button', { name: 'Pair with Test Bot' }).click();
    await page.waitForURL(/#\/chat$/);
    const messages = page.getByRole('list', { name: 'Messages' });
    try {
      await messages.getByText(/Hi Test laptop! I echo what you say/).waitFor({ timeout: 15_000 });
    } catch (error) {
      await page.screenshot({ path: screenshotPath('debug-chat'), fullPage: true });
      console.log(await page.locator('main').innerText());
      console.log(
        harness.logs
          .filter((l) => /chat|error|warn/i.test(l))
          .slice(-40)
          .join('\n'),
      );
      console.log(JSON.stringify(bot.received), bot.refused);
      throw error;
    }

    await page.getByLabel('Message', { exact: true }).fill('hello bot');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await messages.getByText('You said: hello bot').waitFor({ timeout: 15_000 });
    await messages.getByText('Delivered').first().waitFor();
    const people = page.getByRole('list', { name: 'Correspondents' });
    await people.getByText('Test Bot').waitFor();
    // Replies that arrive in the open conversation, in front of the user, are read at once:
    // no unread count, no badge.
    const unread = (): number =>
      harness.services.chat.messenger.getCorrespondent(bot.deviceAddress)?.unreadCount ?? -1;
    const deadline = Date.now() + 5_000;
    while (unread() !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(unread()).toBe(0);
    await expect(people.getByLabel(/unread$/).count()).resolves.toBe(0);
    expect(harness.services.notifications.unreadCount).toBe(0);
  });

  it('on a narrow window the open conversation stands alone, with a way back to the list', async () => {
    const page = harness.page;
    const people = page.getByRole('list', { name: 'Correspondents' });
    const messages = page.getByRole('list', { name: 'Messages' });
    await page.setViewportSize({ width: 700, height: 820 });
    try {
      await messages.getByText('You said: hello bot').waitFor();
      await expect(people.isVisible()).resolves.toBe(false);
      await page.screenshot({ path: screenshotPath('chat-narrow-conversation') });
      await page.getByRole('button', { name: '← All chats' }).click();
      await people.getByText('Test Bot').waitFor();
      await expect(messages.isVisible()).resolves.toBe(false);
      await people.getByText('Test Bot').click();
      await messages.getByText('You said: hello bot').waitFor();
    } finally {
      await page.setViewportSize({ width: 1280, height: 820 });
    }
  });

  it('a message while the window is in the background: one notification naming the bot, never the text; a click opens that chat', async () => {
    const page = harness.page;
    await page.goto(`${harness.server.origin}/#/wallet`);
    await page.getByRole('heading', { name: 'Wallet', exact: true }).waitFor();
    windowFocused = false;
    const before = os.shown.length;
    try {
      bot.sendText(harness.services.chat.messenger.deviceAddress, 'a secret for your eyes only');
      const deadline = Date.now() + 15_000;
      while (os.shown.length === before && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      windowFocused = true;
    }
    const shown = os.shown.slice(before);
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Message from Test Bot', body: 'Open the chat to read it.' },
    ]);
    expect(JSON.stringify(shown)).not.toContain('secret');
    expect(os.badges.at(-1)).toBe(1);

    shown[0]?.click();
    await page.waitForURL(/#\/chat$/);
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByText('a secret for your eyes only').waitFor({ timeout: 15_000 });
    // Reading it clears the count, the badge and the notification.
    const deadline = Date.now() + 5_000;
    while (os.badges.at(-1) !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(os.badges.at(-1)).toBe(0);
    expect(shown[0]?.closed).toBe(true);
  });

  it('a payment request opens the Send preview and pays nothing', async () => {
    const page = harness.page;
    const messages = page.getByRole('list', { name: 'Messages' });
    await page.getByLabel('Message', { exact: true }).fill('pay');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const pay = messages.getByRole('button', { name: /^Pay 0\.1 GBYTE to XMXX…$/ });
    await pay.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('chat'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);

    await pay.click();
    await page.waitForURL(/#\/send$/);
    await page.getByText(/Review it in Send: nothing is paid until you confirm/).waitFor();
    // Prefilled for review: the bot's address and amount, and nothing posted.
    await expect(page.getByRole('textbox', { name: 'Address' }).inputValue()).resolves.toBe(
      BOT_PAYMENT_ADDRESS,
    );
    await expect(page.getByRole('textbox', { name: /^Amount/ }).inputValue()).resolves.toBe('0.1');
    await page.screenshot({ path: screenshotPath('chat-pay-opens-send'), fullPage: true });
    expect(posted).toBe(0);
    expect(harness.services.wallet.payments.pending()).toEqual([]);
  });

  it('who the bot is: the address it asked to be paid to, with its attestations as the hub’s word', async () => {
    const page = harness.page;
    hub.setHandler('light/get_attestations', ({ params }) => ({
      response:
        (params as { address?: string }).address === BOT_PAYMENT_ADDRESS
          ? [
              {
                unit: 'A'.repeat(43) + '=',
                attestor_address: 'UENJPVZ7HVHM6QGVGT6MWOJGGRTUTJXQ',
                profile: { username: 'testbot' },
              },
            ]
          : [],
    }));
    await page.goto(`${harness.server.origin}/#/chat`);
    await page.getByRole('button', { name: /Test Bot/ }).click();
    await page.getByRole('button', { name: 'Who is this?' }).click();
    const panel = page.getByRole('region', { name: 'Who is Test Bot?' });
    await panel.getByText(BOT_PAYMENT_ADDRESS).waitFor();
    await panel.getByRole('button', { name: 'Attestations of this address' }).click();
    await panel.getByText('testbot').waitFor({ timeout: 15_000 });
    await panel.getByText(/Attestations of .* \(the hub's word\)/).waitFor();
    await page.screenshot({ path: screenshotPath('chat-who-is'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('chat-who-is-360'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Who is this?' }).click();
  });

  it('an XSS corpus from the bot stays text', async () => {
    const page = harness.page;
    await page.goto(`${harness.server.origin}/#/chat`);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: /Test Bot/ }).click();
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByText('You said: hello bot').waitFor({ timeout: 15_000 });
    for (const text of XSS) bot.sendText(harness.services.chat.messenger.deviceAddress, text);
    for (const text of XSS) {
      await messages.getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
    }
    const injected = await page.evaluate(() => {
      const list = document.querySelector('ol[aria-label="Messages"]');
      return {
        xss: (globalThis as unknown as { __xss?: unknown }).__xss ?? null,
        elements: list
          ? list.querySelectorAll('img, script, iframe, svg, a, b, strong, em').length
          : -1,
      };
    });
    expect(injected).toEqual({ xss: null, elements: 0 });
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: screenshotPath('chat-xss-as-text'), fullPage: true });
  });

  it('bidi controls from a bot never reach the page; a web link waits for main’s own dialog', async () => {
    const page = harness.page;
    const messages = page.getByRole('list', { name: 'Messages' });
    // With the override the bubble would read "Send 1 GBYTE to BACK" (and the link's text
    // backwards): the page gets the text as the bot really wrote it.
    bot.sendText(
      harness.services.chat.messenger.deviceAddress,
      'Send 1 GBYTE to \u202eKCAB\u202c now, or see \u2067https://obyte.org/x\u2069',
    );
    await messages.getByText('Send 1 GBYTE to KCAB now, or see').waitFor({ timeout: 15_000 });
    const text = await messages.evaluate((list) => list.textContent ?? '');
    expect(text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    const link = messages.getByRole('button', { name: 'https://obyte.org/x' });
    await page.screenshot({ path: screenshotPath('chat-bidi-neutralised'), fullPage: true });
    // The harness has no native dialog: the click asks main, main cannot ask the user, nothing
    // opens, and the page shows no dialog of its own that could stand in for main's.
    const pages = harness.context.pages().length;
    await link.click();
    await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);
    expect(harness.context.pages().length).toBe(pages);
    await expect(page.getByText(/The link was not opened/).count()).resolves.toBe(0);
  });
  it('a message the hub cannot take yet says why instead of a bare "Sending…", then is delivered', async () => {
    const page = harness.page;
    const messages = page.getByRole('list', { name: 'Messages' });
    const { messenger } = harness.services.chat;
    // The hub turns the message away for now (a transient refusal): it waits and says why.
    hub.answer('hub/deliver', { error: 'temp pub key not set yet' });
    await page.getByLabel('Message', { exact: true }).fill('wait for it');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const waiting = messages.getByText(
      /^Not sent yet: .*temp pub key not set yet.*Trying again\.$/,
    );
    await waiting.waitFor({ timeout: 15_000 });
    // The grown delivery line is kept in view (the user was at the end of the list).
    const inView = async (): Promise<boolean> => {
      const box = await messages.boundingBox();
      const line = await waiting.boundingBox();
      return (
        box !== null &&
        line !== null &&
        line.y >= box.y &&
        line.y + line.height <= box.y + box.height + 1
      );
    };
    const until = Date.now() + 5_000;
    while (!(await inView()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await inView()).toBe(true);
    await page.screenshot({ path: screenshotPath('chat-not-sent-yet'), fullPage: true });
    hub.setHandler('hub/deliver', ({ params }) => device.deliver(params as never));
    await messenger.flushOutbox();
    await messages.getByText('You said: wait for it').waitFor({ timeout: 15_000 });
    await waiting.waitFor({ state: 'detached' });
  });

  it('pages back: older messages load as the user scrolls up, and the ones in view stay put', async () => {
    const page = harness.page;
    const { messenger } = harness.services.chat;
    await page.goto(`${harness.server.origin}/#/wallet`);
    await page.getByRole('heading', { name: 'Wallet', exact: true }).waitFor();
    // More than one page (CHAT_MESSAGE_PAGE, 200) of messages from the bot, written into the
    // app's own chat database (a second connection to its file; 230 deliveries through the hub
    // would take most of a minute on a loaded machine).
    const COUNT = 230;
    const db = ChatDatabase.open({
      directory: new AppPaths({ root: harness.userDataDir, home: homedir() }).networkDir('devnet'),
      deviceAddress: messenger.deviceAddress,
      clock: systemClock,
      logger: new Logger({ sink: () => undefined, clock: systemClock, level: 'error' }),
    });
    try {
      for (let i = 1; i <= COUNT; i++) {
        db.addMessage({
          correspondent: bot.deviceAddress,
          direction: 'in',
          kind: 'text',
          subject: 'text',
          body: `Line ${i} of ${COUNT}`,
        });
      }
    } finally {
      db.close();
    }

    await page.goto(`${harness.server.origin}/#/chat`);
    await page.getByRole('list', { name: 'Correspondents' }).getByText('Test Bot').click();
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByText(`Line ${COUNT} of ${COUNT}`, { exact: true }).waitFor();
    // The newest page only: line 31 is the oldest of the last 200.
    await messages.getByText(`Line 31 of ${COUNT}`, { exact: true }).waitFor();
    await expect(messages.getByText(`Line 30 of ${COUNT}`, { exact: true }).count()).resolves.toBe(
      0,
    );
    const older = messages.getByRole('button', { name: 'Show older messages' });
    await older.waitFor();

    // Scrolled to the top: the page before comes in front, and line 31 stays where it was.
    const line31 = messages.getByText(`Line 31 of ${COUNT}`, { exact: true });
    await messages.evaluate((list) => list.scrollTo({ top: 0 }));
    await messages.getByText(`Line 30 of ${COUNT}`, { exact: true }).waitFor();
    const list = await messages.boundingBox();
    const kept = await line31.boundingBox();
    expect(list && kept && kept.y >= list.y && kept.y < list.y + list.height).toBe(true);
    // The whole conversation is there: the button is gone, the first line is above.
    await messages.getByText(`Line 1 of ${COUNT}`, { exact: true }).waitFor();
    await older.waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('chat-paged-back'), fullPage: true });
    expect(serious(await runAxe(page))).toEqual([]);
  });
});
