/**
 * Every form in its error state, form by form: Restore with a bad phrase, Send with a bad
 * address, an amount past the network's cap (and 2^53) and more than the wallet has, Contacts
 * with a bad address, Tools verifying a message that is not one, Textcoins claiming bad words,
 * Settings with a hub address it refuses, Unlock with a wrong password. In each, the error is
 * announced (role=alert or a live region) in words, the field it is about says it is invalid
 * and is described by it, and the four looks (light, dark, 360 and 1280 px) have no serious or
 * critical axe finding and nothing that scrolls sideways; their screenshots are in
 * test-results/screenshots/form-error-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Harness } from '../support/harness/harness';
import { TEST_MNEMONIC } from '../support/test-hub/wallet-scenarios';
import { expectLooks } from './screens';
import { PASSWORD, RECIPIENT, RECIPIENT_TYPO } from './wallet-fixture';
import { fundedScenario, openWalletPage, type WalletPage } from './wallet-page';

let app: WalletPage;
let harness: Harness;
let page: Page;

beforeAll(async () => {
  app = await openWalletPage(fundedScenario(), {
    wallet: 'none',
    followSystemTheme: true,
    viewport: { width: 1280, height: 800 },
  });
  ({ harness, page } = app);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

async function go(hash: string): Promise<void> {
  await page.goto(`${harness.server.origin}/${hash}`);
}

/** The texts of the elements that announce: role=alert, role=status or an aria-live region. */
async function announced(): Promise<string[]> {
  return page
    .locator('main [role="alert"], main [role="status"], main [aria-live]')
    .evaluateAll((all) => all.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

/**
 * `message` is announced; `field` is marked invalid and described by an element that says it
 * (the announcement itself, or the field's own problem line).
 */
async function expectError(field: Locator, message: RegExp): Promise<string> {
  await expect.poll(announced, { timeout: 15_000 }).toContainEqual(expect.stringMatching(message));
  await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const descriptions = await page.evaluate(
    (list) =>
      list.map((id) =>
        (document.getElementById(id)?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ),
    ids,
  );
  expect(
    descriptions.some((text) => message.test(text)),
    `${ids.join(' ')}: ${descriptions.join(' | ')}`,
  ).toBe(true);
  const text = (await announced()).find((t) => message.test(t)) ?? '';
  // Words, not a code: a sentence with a capital and a full stop, no "undefined" or "Error:".
  expect(text).toMatch(/^[A-Z“"].*[.!?”]$/);
  expect(text).not.toMatch(/undefined|null|Error:|\{"|E[A-Z]{4,}/);
  return text;
}

describe('forms in their error state', () => {
  it('Restore: a phrase whose checksum is wrong is refused on the phrase step', async () => {
    await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
    const phrase = page.getByRole('textbox', { name: 'Recovery phrase' });
    await phrase.fill(Array.from({ length: 12 }, () => 'abandon').join(' '));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectError(phrase, /checksum/i);
    await expectLooks(page, 'form-error-restore');
    // The right phrase goes on: the wallet the rest of the forms use.
    await phrase.fill(TEST_MNEMONIC);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Restore the wallet' }).click();
    await page.getByRole('button', { name: 'Go to the wallet' }).click({ timeout: 30_000 });
    await page.getByText('0.6 GBYTE').first().waitFor({ timeout: 15_000 });
  });

  it('Send: a bad address, an amount past the cap, more than the wallet has', async () => {
    await go('#/send');
    const address = page.getByLabel('Address', { exact: true });
    const amount = page.getByLabel('Amount in GBYTE');
    await address.fill(RECIPIENT_TYPO);
    await amount.fill('0.1');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expectError(address, /checksum does not match/);
    await expectLooks(page, 'form-error-send-address');

    await address.fill(RECIPIENT);
    // 9007199.254740993 GBYTE is 2^53 + 1 bytes: past the cap, and past exact numbers.
    await amount.fill('9007199.254740993');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expectError(amount, /more than the network allows in one payment/);
    await expectLooks(page, 'form-error-send-amount-too-large');

    await amount.fill('100');
    await page.getByRole('button', { name: 'Preview' }).click();
    // Not a field's fault: announced, and the form is described by it.
    const form = page.locator('form[aria-labelledby="send-title"]');
    await expect
      .poll(announced, { timeout: 15_000 })
      .toContainEqual(expect.stringMatching(/^Not enough GBYTE: this payment needs .*\.$/));
    await expect(form.getAttribute('aria-describedby')).resolves.toBe('send-error');
    await expect(page.locator('#send-error').innerText()).resolves.toMatch(/^Not enough GBYTE/);
    await expectLooks(page, 'form-error-send-insufficient', () => page.locator('#send-error'));
  });

  it('Contacts: an address with a typo', async () => {
    await go('#/contacts');
    await page.getByLabel('Name', { exact: true }).fill('Ann');
    const address = page.getByLabel('Address', { exact: true });
    await address.fill(RECIPIENT_TYPO);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expectError(address, /checksum/i);
    // The other fields are not blamed.
    await expect(
      page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBeNull();
    await expectLooks(page, 'form-error-contacts-address');
  });

  it('Tools: verifying something that is not a signed message', async () => {
    await go('#/tools');
    const input = page.getByLabel('Signed message (base64 or JSON)');
    await input.fill('this is not a signed message');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const said = await expectError(input, /^Not valid\. It is not a signed message\./);
    expect(said).not.toMatch(/: [A-Z]/);
    await expectLooks(page, 'form-error-tools-verify', () => page.locator('#verify-result'));
  });

  it('Textcoins: claiming words that are not a textcoin', async () => {
    await go('#/textcoins');
    const claim = page.getByLabel('Its link or its 12 words');
    await claim.fill('these words are not a textcoin at all');
    await page.getByRole('button', { name: 'Preview the claim' }).click();
    await expectError(claim, /./);
    await expectLooks(page, 'form-error-textcoins-claim', () => claim);
  });

  it('Settings: a hub address it refuses', async () => {
    await go('#/settings');
    const hubUrl = page.getByLabel('Hub address');
    await hubUrl.fill('http://example.org/bb');
    await page.getByRole('button', { name: 'Save network' }).click();
    await expectError(hubUrl, /ws/);
    await expectLooks(page, 'form-error-settings-hub', () => hubUrl);
  });

  it('Unlock: a wrong password', async () => {
    await go('#/settings');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await go('#/wallet');
    const password = page.getByLabel('Wallet password');
    await password.fill('not the password');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expectError(password, /^That password does not open this wallet\./);
    await expectLooks(page, 'form-error-unlock');
  });
});
