/**
 * Labels and contacts in the app: a contact added on the Contacts screen, a label and a note on a
 * payment in History's details (shown in the list and found by History's search), and the
 * contact picked in Send ("This is Alice"). Each state: screenshots at 360 and 1280 px, light and
 * dark, axe, no sideways scroll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { TestHub } from '../support/test-hub';
import { TEST_MNEMONIC, WalletScenario } from '../support/test-hub/wallet-scenarios';
import { expectLooks } from './screens';
import { FUNDED, PASSWORD, RECIPIENT } from './wallet-fixture';

let hub: TestHub;
let harness: Harness;
let page: Page;

beforeAll(async () => {
  hub = new TestHub();
  const scenario = new WalletScenario({
    payments: FUNDED.map((address, i) => ({ address, amount: (i + 1) * 100_000_000 })),
  });
  scenario.install(hub);
  const url = await hub.start();
  harness = await startHarness(await buildHarnessAssets(), {
    hubUrl: url,
    genesisUnit: scenario.genesisUnit,
    viewport: { width: 1280, height: 800 },
  });
  await harness.services.settings.update({ theme: 'system' });
  page = harness.page;
  await harness.open();
  await page.getByRole('button', { name: 'Restore from recovery phrase' }).click();
  await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(TEST_MNEMONIC);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Restore the wallet' }).click();
  await page.getByText(/^Restored\./).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Go to the wallet' }).click();
  await page.getByText('0.6 GBYTE').first().waitFor({ timeout: 15_000 });
}, 90_000);

afterAll(async () => {
  await harness?.close();
  await hub?.stop();
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
