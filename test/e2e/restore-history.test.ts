/**
 * Restore checks the phrase word by word as it is typed (completions of the word being typed, the
 * closest words for one not in the BIP-39 list, the count, the checksum) and refuses a bad phrase
 * on the phrase step; then History's date filter (from, to, local days), its refusal of a start
 * after the end, an empty result with a way back, the search's minimum, and the details' full date
 * and 'yours' marks. Each state: screenshots at 360 and 1280 px, light and dark, and axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Harness } from '../support/harness/harness';
import { TEST_MNEMONIC } from '../support/test-hub/wallet-scenarios';
import { expectLooks } from './screens';
import { FUNDED, PASSWORD } from './wallet-fixture';
import { fundedScenario, openWalletPage, type WalletPage } from './wallet-page';

let app: WalletPage;
let harness: Harness;
let page: Page;

beforeAll(async () => {
  // No wallet yet: the tests restore it on the page. The theme follows the OS (emulateMedia).
  app = await openWalletPage(fundedScenario(), {
    wallet: 'none',
    followSystemTheme: true,
    viewport: { width: 1280, height: 800 },
  });
  ({ harness, page } = app);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('restore checks the phrase as it is typed', () => {
  const phraseField = (): Locator => page.getByRole('textbox', { name: 'Recovery phrase' });
  const phraseState = (): Locator => page.locator('#restore-phrase-state');

  it('completes the word being typed from the list', async () => {
    await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
    await phraseField().fill('aband');
    await expect(phraseState().innerText()).resolves.toBe('Word 1…');
    const words = page.getByRole('group', { name: 'Words for word 1' });
    await words.getByRole('button', { name: 'abandon', exact: true }).click();
    await expect(phraseField().inputValue()).resolves.toBe('abandon ');
    await phraseState().getByText('1 word so far, each in the list.').waitFor();
    // The field keeps the focus, so typing goes on.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      await phraseField().getAttribute('id'),
    );
    await phraseField().fill('abandon zzzzzzz');
    await phraseState().getByText('Word 2: no word of the list starts like this.').waitFor();
  });

  it('names a word that is not in the list and offers the closest ones', async () => {
    await phraseField().fill('abandon abandno ');
    await phraseState()
      .getByText('Word 2, “abandno”, is not in the BIP-39 word list.', { exact: true })
      .waitFor();
    await expect(phraseField().getAttribute('aria-invalid')).resolves.toBe('true');
    const closest = page.getByRole('group', { name: 'Did you mean, for word 2' });
    await closest.getByRole('button', { name: 'abandon', exact: true }).waitFor();
    await expectLooks(page, 'restore-check-unknown-word', phraseField);
    await closest.getByRole('button', { name: 'abandon', exact: true }).click();
    await expect(phraseField().inputValue()).resolves.toBe('abandon abandon ');
    await expect(phraseField().getAttribute('aria-invalid')).resolves.toBeNull();
  });

  it('refuses a wrong count and a wrong checksum on the phrase step', async () => {
    await phraseField().fill('abandon abandon abandon abandon abandon');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .getByText('A recovery phrase has 12, 15, 18, 21 or 24 words; this one has 5.')
      .first()
      .waitFor();
    await expect(page.getByLabel('Password', { exact: true }).count()).resolves.toBe(0);

    // Every word in the list, twelve of them, but not a phrase: the checksum says so.
    await phraseField().fill(Array.from({ length: 12 }, () => 'abandon').join(' '));
    await phraseState()
      .getByText(/the checksum does not match/)
      .waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .locator('.onboarding [role="alert"]')
      .getByText(/checksum does not match/)
      .waitFor();
    await expect(page.getByLabel('Password', { exact: true }).count()).resolves.toBe(0);
    await expectLooks(page, 'restore-check-checksum');
  });

  it('accepts the right phrase and restores the wallet', async () => {
    await phraseField().fill(TEST_MNEMONIC);
    await phraseState().getByText('12 words, all in the list; the checksum is right.').waitFor();
    // Editing the phrase took the refusal away: the live check speaks instead.
    await expect(page.locator('.onboarding [role="alert"]').count()).resolves.toBe(0);
    await expectLooks(page, 'restore-check-right');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Restore the wallet' }).click();
    await page
      .getByText(/^Restored\. Checked \d+ addresses, 3 used, \d+ units? verified\.$/)
      .waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Go to the wallet' }).click();
    await page.getByText('0.6 GBYTE').first().waitFor({ timeout: 15_000 });
  });
});

describe('History filters by date', () => {
  const rows = (): Locator =>
    page.getByRole('list', { name: 'Transactions' }).getByRole('listitem');
  const from = (): Locator => page.getByLabel('From', { exact: true });
  const to = (): Locator => page.getByLabel('To', { exact: true });

  it('lists the funding payment, and none from today on', async () => {
    await page.goto(`${harness.server.origin}/#/history`);
    await rows().first().waitFor({ timeout: 15_000 });
    await expect(rows().count()).resolves.toBe(1);
    // The scenario's units are from November 2023; today (the page's local day) has none.
    const today = await page.evaluate(() => {
      const d = new Date();
      const two = (n: number): string => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
    });
    await from().fill(today);
    await page.getByRole('heading', { name: 'Nothing matches these filters' }).waitFor();
    await expectLooks(page, 'history-filter-empty');
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await rows().first().waitFor();
    await expect(from().inputValue()).resolves.toBe('');
  });

  it('keeps the payments of the days from the start to the end, both included', async () => {
    await from().fill('2023-11-01');
    await to().fill('2023-11-30');
    await rows().first().waitFor();
    await expect(rows().count()).resolves.toBe(1);
    await expectLooks(page, 'history-filter-dates');
    // The end before the start: said beside the filters, and nothing is asked of main.
    await to().fill('2023-10-31');
    const problem = page.locator('#filter-problem');
    await problem.getByText('The start date is after the end date.').waitFor();
    await expectLooks(page, 'history-filter-bad-range', () => problem);
    await to().fill('');
    await from().fill('');
    await expect(problem.count()).resolves.toBe(0);
    await rows().first().waitFor();
  });

  it('asks for two characters of a search, and finds a unit by a part of it', async () => {
    const search = page.getByRole('searchbox', { name: 'Search by label, unit or address' });
    await search.fill('a');
    await page
      .locator('#filter-problem')
      .getByText('Type at least 2 characters to search.')
      .waitFor();
    await expect(search.getAttribute('aria-invalid')).resolves.toBe('true');
    const unit = (await rows().first().getAttribute('data-unit')) ?? '';
    expect(unit).toHaveLength(44);
    await search.fill(unit.slice(10, 18));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.locator('#filter-problem').count()).resolves.toBe(0);
    await rows().first().waitFor();
    await expect(rows().first().getAttribute('data-unit')).resolves.toBe(unit);
    await search.fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
  });

  it("the details give the date in full and mark the wallet's own outputs", async () => {
    await rows().first().getByRole('button').click();
    const details = page.getByRole('dialog');
    await details.waitFor();
    const date = await details.locator('dt:text-is("Date") + dd').innerText();
    // The full date names the year and the seconds (whatever the locale's order).
    expect(date).toMatch(/2023/);
    expect(date).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    // The funding unit pays the three funded addresses, each the wallet's own.
    for (const address of FUNDED) {
      const output = details.locator('.output', { hasText: address });
      await output.getByText('yours', { exact: true }).waitFor();
    }
    await expectLooks(page, 'history-details-yours', () => details.getByText('yours').first());
    await page.keyboard.press('Escape');
  });
});
