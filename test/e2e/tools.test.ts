/**
 * The Tools screen in Chromium against the loopback test hub (the funded test wallet, the echo
 * AA, the device side and the test bot), with main's own dialog as a recording stand-in that
 * says yes: a message is signed only after that dialog showed its whole text, and the signature
 * verifies; a bot's sign-message request in chat opens Tools with its text, and the signed
 * message goes back to the bot, which checks it; an AA's details with its state variables page
 * by page. Screenshots at 360 and 1280 px, light and dark; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedMessage, verifySignedMessage } from '../../shared/protocol/signed-message';
import { NETWORKS } from '../../shared/protocol/wire';
import type { Harness } from '../support/harness/harness';
import { DeviceHub } from '../support/test-hub/device-hub';
import { TestBot } from '../support/test-hub/test-bot';
import { ECHO_AA, type WalletScenario } from '../support/test-hub/wallet-scenarios';
import { shoot } from './screens';
import { FUNDED } from './wallet-fixture';
import {
  fundedScenario,
  openWalletPage,
  RecordingConfirmation,
  type WalletPage,
} from './wallet-page';

const OUSD = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=';
const UNNAMED = 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=';

let app: WalletPage;
let scenario: WalletScenario;
let device: DeviceHub;
let bot: TestBot;
let harness: Harness;
let aa: string;
const dialog = new RecordingConfirmation();
const SIGNER = FUNDED[0] ?? '';

beforeAll(async () => {
  scenario = fundedScenario();
  aa = scenario.addAa(ECHO_AA);
  const vars: Record<string, string | number> = { last_echo: 'hello from the e2e' };
  for (let i = 0; i < 60; i += 1) vars[`balance_${String(i).padStart(2, '0')}`] = i * 1000;
  scenario.stateVars.set(aa, vars);
  // The AA holds an asset the registry names (OUSD, 4 decimals) and one it does not.
  const metadataUnit = scenario.publish([
    { app: 'data', payload: { asset: OUSD, name: 'OUSD', decimals: 4 } },
  ]);
  scenario.aaBalances.set(aa, { base: 1398, [OUSD]: 123_000, [UNNAMED]: 5 });
  app = await openWalletPage(scenario, {
    chat: true,
    confirmation: dialog,
    screen: '#/tools',
    beforeApp: (hub) => {
      hub.setHandler('hub/get_asset_metadata', ({ params }) =>
        params === OUSD
          ? {
              response: { metadata_unit: metadataUnit, registry_address: scenario.funder.address },
            }
          : { error: 'no metadata' },
      );
      device = new DeviceHub(hub);
      bot = new TestBot(device, new Map([[device.hubString, device]]), {
        name: 'Signing Bot',
        echo: false,
      });
    },
  });
  harness = app.harness;
}, 90_000);

afterAll(async () => {
  await app?.close();
});

describe('Tools', () => {
  it('signs a message after main’s own dialog showed it, and verifies it', async () => {
    const { page } = harness;
    await page.getByRole('heading', { name: 'Tools', exact: true }).waitFor();
    const select = page.getByLabel('Sign with address');
    await expect
      .poll(() => select.locator('option').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await select.selectOption(SIGNER);
    const text = 'I hold this address.\nSigned in the e2e on 7 December 2026.';
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Review and sign…' }).click();
    await page.locator('pre.signed-text').waitFor();
    await expect(page.locator('pre.signed-text').textContent()).resolves.toBe(text);
    expect(dialog.asked).toHaveLength(0);
    await page.getByRole('button', { name: 'Sign this message' }).click();
    await page.getByText(`Signed by ${SIGNER}.`).waitFor({ timeout: 15_000 });
    expect(dialog.asked).toHaveLength(1);
    expect(dialog.asked[0]?.message).toContain(SIGNER);
    expect(dialog.asked[0]?.detail).toContain(text);
    const signed = await page.locator('#signed-output').inputValue();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy the signed message' }).click();
    await page.getByText('Copied.', { exact: true }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(signed);
    const pkg = decodeSignedMessage(signed, NETWORKS.devnet.supportedVersions);
    expect(pkg.signed_message).toBe(text);
    expect(verifySignedMessage(pkg).status).toBe('valid');

    await page.locator('#verify-input').fill(signed);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(`Valid: signed by ${SIGNER}.`).waitFor();
    await shoot(page, 'tools-signed');
    // One character of the signed text changed: not valid.
    const forged = Buffer.from(
      JSON.stringify({ ...pkg, signed_message: text.replace('hold', 'sold') }),
    ).toString('base64');
    await page.locator('#verify-input').fill(forged);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(/^Not valid:/).waitFor();
  });

  it('shows the echo AA: bounce fee, state variables page by page and filtered, definition', async () => {
    const { page } = harness;
    await page.locator('#aa-address').fill(aa);
    await page
      .locator('section[aria-labelledby="aa-details-title"]')
      .getByRole('button', { name: 'Look up' })
      .click();
    const section = page.locator('section[aria-labelledby="aa-details-title"]');
    await section.getByText('0.00001 GBYTE').waitFor({ timeout: 15_000 });
    // Balances in names and decimals from the registry, each asset's id kept beside it.
    const balances = section.getByRole('list', { name: 'Balances of the AA' }).locator('li');
    await expect(balances.allInnerTexts()).resolves.toEqual([
      '0.000001398 GBYTE',
      `12.3 OUSD\nasset ${OUSD}`,
      `5 ${UNNAMED.slice(0, 6)}…\nunnamed asset ${UNNAMED}`,
    ]);
    const names = section.locator('table.vars th');
    await expect.poll(() => names.count()).toBe(50);
    await expect(names.first().textContent()).resolves.toBe('balance_00');
    await section.getByRole('button', { name: 'More' }).click();
    await expect.poll(() => names.count()).toBe(61);
    await expect(names.last().textContent()).resolves.toBe('last_echo');
    await expect(section.getByRole('button', { name: 'More' }).count()).resolves.toBe(0);
    await page.locator('#aa-prefix').fill('last_');
    await section.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => names.count()).toBe(1);
    await section.getByText('"hello from the e2e"').waitFor();
    await section.getByText('Definition (read-only)').click();
    await section
      .locator('pre.definition')
      .getByText(/last_echo/)
      .waitFor();
    await shoot(page, 'tools-aa');
  });

  it('a bot’s sign-message request is answered with the signed message, which the bot checks', async () => {
    const { page, services } = harness;
    const paired = await services.dispatcher.dispatch(
      'chat.pair',
      { code: bot.pairingCode },
      { url: `${harness.server.origin}/`, isMainFrame: true },
    );
    expect(paired.ok).toBe(true);
    const me = services.chat.messenger.deviceAddress;
    await bot.waitFor(() => bot.peers.has(me));
    const challenge = 'Prove that you own this address: nonce 8f2c';
    bot.sendText(me, `Please [sign this](sign-message-request:${challenge})`);
    await page.goto(`${harness.server.origin}/#/chat`);
    await page.getByRole('list', { name: 'Correspondents' }).getByText('Signing Bot').click();
    const request = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: 'Sign a message: sign this' });
    await request.waitFor({ timeout: 15_000 });
    await request.click();
    await page.waitForURL(/#\/tools$/);
    await page.getByText(/Signing Bot asks you to sign this message/).waitFor();
    await expect(page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe(challenge);
    await page.getByLabel('Sign with address').selectOption(SIGNER);
    await page.getByRole('button', { name: 'Review and sign…' }).click();
    await page.getByText(/goes back to Signing Bot/).waitFor();
    await page.getByRole('button', { name: 'Sign this message' }).click();
    await page.getByText(`Signed by ${SIGNER} and sent back to Signing Bot.`).waitFor({
      timeout: 15_000,
    });
    expect(dialog.asked.at(-1)?.detail).toContain(challenge);
    expect(dialog.asked.at(-1)?.detail).toContain('sent back to Signing Bot');
    await bot.waitFor(() =>
      bot.received.some((m) => typeof m.body === 'string' && m.body.includes('signed-message:')),
    );
    const reply = bot.received.find(
      (m) => typeof m.body === 'string' && m.body.includes('signed-message:'),
    );
    const base64 = /signed-message:([A-Za-z0-9+/=]+)/.exec(String(reply?.body))?.[1] ?? '';
    const pkg = decodeSignedMessage(base64, NETWORKS.devnet.supportedVersions);
    expect(pkg.signed_message).toBe(challenge);
    expect(pkg.authors[0]?.address).toBe(SIGNER);
    expect(verifySignedMessage(pkg).status).toBe('valid');
  });

  it('fits 360 and 1280 px, light and dark', async () => {
    const { page, services } = harness;
    await page.goto(`${harness.server.origin}/#/tools`);
    await page.getByRole('heading', { name: 'Tools', exact: true }).waitFor();
    await page.locator('#aa-address').fill(aa);
    await page
      .locator('section[aria-labelledby="aa-details-title"]')
      .getByRole('button', { name: 'Look up' })
      .click();
    await page.locator('table.vars th').first().waitFor({ timeout: 15_000 });
    try {
      for (const theme of ['light', 'dark'] as const) {
        await services.settings.update({ theme });
        await page.waitForFunction(
          (wanted) => document.documentElement.dataset['theme'] === wanted,
          theme,
        );
        for (const width of [360, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          const wide = await page.evaluate(
            () => document.documentElement.scrollWidth > window.innerWidth,
          );
          expect(wide, `${theme} ${width}px scrolls sideways`).toBe(false);
          await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
          await shoot(page, `tools-${theme}-${width}`);
          await page.locator('#aa-details-title').scrollIntoViewIfNeeded();
          await shoot(page, `tools-aa-${theme}-${width}`);
        }
      }
    } finally {
      await services.settings.update({ theme: 'light' });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
