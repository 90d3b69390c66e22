/**
 * Attested private profiles in Chromium against the loopback test hub and the test bot: the
 * attestation unit is on the test hub's DAG (profile hash computed by ocore's object_hash.js in
 * test/fixtures/private-profile-vectors.json). A profile the bot sends is kept only once it
 * checks against that unit (a changed value is refused in words); a profile request shows exactly
 * which values go to whom, and after main's own dialog the bot receives the fields asked for in
 * the clear and the others as the hashes ocore computed; a request no profile can answer is
 * declined and nothing is sent. Screenshots at 1280 and 360 px; axe finds nothing serious.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../../shared/protocol/bytes';
import { getMessagePayloadHash } from '../../shared/protocol/unit';
import type { Harness } from '../support/harness/harness';
import { DeviceHub } from '../support/test-hub/device-hub';
import { TestBot } from '../support/test-hub/test-bot';
import { expectLooks, shoot } from './screens';
import { FUNDED } from './wallet-fixture';
import {
  fundedScenario,
  openWalletPage,
  RecordingConfirmation,
  type WalletPage,
} from './wallet-page';

interface Vector {
  src_profile: Record<string, [string, string]>;
  profile_hash: string;
  disclosed_src_profile: Record<string, [string, string] | string>;
}
const VECTOR = (
  JSON.parse(
    readFileSync(new URL('../fixtures/private-profile-vectors.json', import.meta.url), 'utf8'),
  ) as { cases: Vector[] }
).cases[0] as Vector;

const SUBJECT = FUNDED[0] ?? '';
let app: WalletPage;
let harness: Harness;
let bot: TestBot;
let me: string;
let unit: string;
let payloadHash: string;
const dialog = new RecordingConfirmation();

function b64(value: unknown): string {
  return toBase64(utf8(JSON.stringify(value)));
}

beforeAll(async () => {
  const scenario = fundedScenario();
  // The attestor (the scenario's funder) attests the hash of the profile of our first address.
  const payload = { address: SUBJECT, profile: { profile_hash: VECTOR.profile_hash } };
  unit = scenario.publish([{ app: 'attestation', payload }]);
  payloadHash = getMessagePayloadHash(
    { app: 'attestation', payload_location: 'inline', payload_hash: '', payload },
    '4.0dev',
  );
  app = await openWalletPage(scenario, {
    chat: true,
    confirmation: dialog,
    beforeApp: (hub) => {
      const device = new DeviceHub(hub);
      bot = new TestBot(device, new Map([[device.hubString, device]]), {
        name: 'Attestation Bot',
        echo: false,
      });
    },
  });
  harness = app.harness;
  const { services } = harness;
  const paired = await services.dispatcher.dispatch(
    'chat.pair',
    { code: bot.pairingCode },
    { url: `${harness.server.origin}/`, isMainFrame: true },
  );
  expect(paired.ok).toBe(true);
  me = services.chat.messenger.deviceAddress;
  await bot.waitFor(() => bot.peers.has(me));
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('Private profiles in chat', () => {
  it('keeps a profile only once it checks against its attestation unit', async () => {
    const { page } = harness;
    const full = { unit, payload_hash: payloadHash, src_profile: VECTOR.src_profile };
    const forged = {
      ...full,
      src_profile: { ...VECTOR.src_profile, first_name: ['Eve', 'bGx4Y2Zyb3VkZ3Nl'] },
    };
    bot.sendText(me, `A changed one: [profile](profile:${b64(forged)})`);
    bot.sendText(me, `Your attested profile: [profile](profile:${b64(full)})`);
    await page.goto(`${harness.server.origin}/#/chat`);
    await page.getByRole('list', { name: 'Correspondents' }).getByText('Attestation Bot').click();
    const messages = page.getByRole('list', { name: 'Messages' });
    const keep = messages.getByRole('button', {
      name: 'Private profile (first_name, last_name, country, dob): check and keep',
    });
    await expect.poll(() => keep.count(), { timeout: 15_000 }).toBe(2);
    await keep.first().click();
    await page
      .getByRole('alert')
      .getByText(
        'The private profile was not kept. The profile does not match what the attestor attested.',
      )
      .waitFor({ timeout: 15_000 });
    await keep.last().click();
    await page
      .getByText(`Kept: the profile of ${SUBJECT}, attested by `, { exact: false })
      .waitFor({ timeout: 15_000 });
    await page.getByText(/first_name: Ada, last_name: Lovelace, country: GB/).waitFor();
    await page.getByText(/It matches its attestation\./).waitFor();
    const list = await harness.services.dispatcher.dispatch('profiles.list', undefined, {
      url: `${harness.server.origin}/`,
      isMainFrame: true,
    });
    expect(list).toMatchObject({ ok: true, value: [{ address: SUBJECT, mine: true, unit }] });
  });

  it('answers a profile request with exactly the fields asked for, after showing them', async () => {
    const { page } = harness;
    const before = bot.received.length;
    bot.sendText(me, 'Please [share your name](profile-request:first_name,last_name)');
    const ask = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: 'Asks for your profile: first_name, last_name' });
    await ask.waitFor({ timeout: 15_000 });
    await ask.click();
    const box = page.getByRole('dialog', { name: 'Attestation Bot asks for your profile' });
    await box.waitFor();
    // Focus moves into the modal dialog, to Decline (the safe choice: it sends nothing).
    await box.getByRole('button', { name: 'Decline' }).and(page.locator(':focus')).waitFor();
    await expect(box.locator('table.values tr').allInnerTexts()).resolves.toEqual([
      'first_name\tAda',
      'last_name\tLovelace',
    ]);
    await box.getByText('Kept back (only a hash is sent): country, dob.').waitFor();
    await shoot(page, 'chat-profile-request');
    await page.setViewportSize({ width: 360, height: 800 });
    await shoot(page, 'chat-profile-request-360');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(bot.received.length).toBe(before);

    await box.getByRole('button', { name: 'Send these details' }).click();
    await page.getByText('Sent to Attestation Bot: first_name, last_name.').waitFor();
    expect(dialog.asked.at(-1)?.detail).toContain('first_name: Ada\nlast_name: Lovelace');
    expect(dialog.asked.at(-1)?.detail).toContain('country, dob');
    await bot.waitFor(() =>
      bot.received.some((m) => typeof m.body === 'string' && m.body.includes('(profile:')),
    );
    const reply = bot.received.find(
      (m) => typeof m.body === 'string' && m.body.includes('(profile:'),
    );
    const match = /^\[Private profile\]\(profile:([A-Za-z0-9+/=]+)\)$/.exec(String(reply?.body));
    expect(match).not.toBeNull();
    const sent = JSON.parse(fromUtf8(fromBase64(match?.[1] ?? ''))) as unknown;
    // The hidden fields are the hashes ocore's object_hash computed for them.
    expect(sent).toEqual({
      unit,
      payload_hash: payloadHash,
      src_profile: VECTOR.disclosed_src_profile,
    });
  });

  it('a request no profile can answer is declined, and nothing is sent', async () => {
    const { page } = harness;
    const before = bot.received.length;
    const asked = dialog.asked.length;
    bot.sendText(me, 'And [your e-mail](profile-request:email)');
    const ask = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: 'Asks for your profile: email' });
    await ask.waitFor({ timeout: 15_000 });
    await ask.click();
    const box = page.getByRole('dialog', { name: 'Attestation Bot asks for your profile' });
    await box.getByText(/You have no attested private profile with all these fields/).waitFor();
    await expect(box.getByRole('button', { name: 'Send these details' }).count()).resolves.toBe(0);
    await box.getByRole('button', { name: 'Decline' }).click();
    await page.getByText('Declined: nothing was sent to Attestation Bot.').waitFor();
    expect(bot.received.length).toBe(before);
    expect(dialog.asked.length).toBe(asked);
  });

  it('Settings lists the kept profile, whose and from whom, and deletes it after asking', async () => {
    const { page } = harness;
    // Follow the OS, so that expectLooks' emulateMedia switches the theme.
    await harness.services.settings.update({ theme: 'system' });
    await page.goto(`${harness.server.origin}/#/settings`);
    const section = page.getByRole('region', { name: 'Private profiles' });
    const items = section
      .getByRole('list', { name: 'Kept private profiles' })
      .getByRole('listitem');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(1);
    const shown = await items.first().innerText();
    expect(shown).toContain(SUBJECT);
    expect(shown).toContain('Your address');
    expect(shown).toMatch(/Fields\s+first_name, last_name, country, dob/);
    expect(shown).toMatch(/Sent by\s+Attestation Bot/);
    expect(shown).not.toContain('Lovelace');
    await expectLooks(page, 'settings-private-profiles', () => section);

    // Delete all, asked first: Cancel keeps everything.
    await section.getByRole('button', { name: 'Delete all profiles' }).click();
    const all = page.getByRole('alertdialog', { name: 'Delete the one kept private profile?' });
    await all.waitFor();
    await expectLooks(page, 'settings-private-profiles-delete-all');
    await all.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => items.count()).toBe(1);

    await section.getByRole('button', { name: `Delete the profile of ${SUBJECT}` }).click();
    const one = page.getByRole('alertdialog', { name: 'Delete this private profile?' });
    await one.waitFor();
    await shoot(page, 'settings-private-profiles-delete-one');
    await one.getByRole('button', { name: 'Delete' }).click();
    await section.getByText(`Deleted the profile of ${SUBJECT}.`).waitFor({ timeout: 15_000 });
    await section.getByText('No private profiles are kept.').waitFor();
    const list = await harness.services.dispatcher.dispatch('profiles.list', undefined, {
      url: `${harness.server.origin}/`,
      isMainFrame: true,
    });
    expect(list).toEqual({ ok: true, value: [] });
    await expectLooks(page, 'settings-private-profiles-empty', () => section);
  });
});
