/**
 * Labels and contacts in the app: a contact added on the Contacts screen, a label and a note on a
 * payment in History's details (shown in the list and found by History's search), and the
 * contact picked in Send ("This is Alice"). Each state: screenshots at 360 and 1280 px, light and
 * dark, axe, no sideways scroll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness/harness';
import { expectLooks } from './screens';
import { RECIPIENT } from './wallet-fixture';
import { fundedScenario, openWalletPage, type WalletPage } from './wallet-page';

let app: WalletPage;
let harness: Harness;
let page: Page;

beforeAll(async () => {
  app = await openWalletPage(fundedScenario(), {
    wallet: 'typed',
    followSystemTheme: true,
    viewport: { width: 1280, height: 800 },
  });
  ({ harness, page } = app);
}, 90_000);

afterAll(async () => {
  await app?.close();
});

describe('labels and contacts', () => {
  it('adds a contact; a typo in its address is refused in words', async () => {
    await page.goto(`${harness.server.origin}/#/contacts`);
    await page.getByLabel('Name').fill('Alice');
    const address = page.getByLabel('Address', { exact: true });
    await address.fill(`${RECIPIENT.slice(0, 31)}${RECIPIENT.endsWith('A') ? 'B' : 'A'}`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/checksum does not match/)
      .waitFor();
    await address.fill(RECIPIENT);
    await page.getByLabel('Note (optional)').fill('From the chess club');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const list = page.getByRole('list', { name: 'Contacts' });
    await list.locator('.name').getByText('Alice', { exact: true }).waitFor();
    await expectLooks(page, 'contacts-list');
  });

  it('labels a payment in History: shown in the list, found by the search', async () => {
    await page.goto(`${harness.server.origin}/#/history`);
    const rows = page.getByRole('list', { name: 'Transactions' }).getByRole('listitem');
    await rows.first().waitFor({ timeout: 15_000 });
    await rows.first().getByRole('button').click();
    await page.getByLabel('Label of this payment').fill('Salary, March');
    await page.getByLabel('Note on this payment').fill('Paid on time');
    await page.getByRole('button', { name: 'Save label' }).click();
    await page.locator('.label-message').getByText('Saved.').waitFor();
    await rows.first().locator('.row-label').getByText('Salary, March').waitFor();
    await expectLooks(page, 'history-label-details');
    await page.getByRole('button', { name: /^Close/ }).click();
    const search = page.getByRole('searchbox', { name: 'Search by label, unit or address' });
    await search.fill('on time');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await rows.first().locator('.row-label').getByText('Salary, March').waitFor();
    await expect(rows.count()).resolves.toBe(1);
    await search.fill('no such words');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: 'Nothing matches these filters' }).waitFor();
    await search.fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await rows.first().waitFor();
    await expectLooks(page, 'history-labels');
  });

  it('picks the contact in Send and names a known address', async () => {
    await page.goto(`${harness.server.origin}/#/send`);
    await page.getByLabel('Or pick a contact').selectOption({ label: 'Alice' });
    const address = page.getByLabel('Address', { exact: true });
    await expect(address.inputValue()).resolves.toBe(RECIPIENT);
    await page.getByText('This is Alice').waitFor();
    await address.fill('');
    await expect(page.getByText('This is Alice').count()).resolves.toBe(0);
    await address.fill(` ${RECIPIENT.toLowerCase()} `.toUpperCase());
    await page.getByText('This is Alice').waitFor();
    await expectLooks(page, 'send-contact', () => address);
  });
});
