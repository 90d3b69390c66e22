/**
 * Accounts end to end in Chromium against the test hub: Settings → Accounts (inside the page's
 * sections, styled as its other cards) adds a second account, which is then in use with its own
 * empty balance and a receiving address other than account 0's, and switching back shows the
 * funded balance and account 0's address again. Screenshots at 1280 and 360 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until } from '../support/until';
import type { Harness } from '../support/harness/harness';
import { expectNoSeriousAxe, screenshotPath } from './screens';
import { FUNDED } from './wallet-fixture';
import { fundedScenario, openWalletPage, type WalletPage } from './wallet-page';

describe('accounts in the app', () => {
  let app: WalletPage;
  let harness: Harness;

  async function shoot(page: Page, name: string): Promise<void> {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoSeriousAxe(page, name);
  }

  async function receivingAddress(page: Page): Promise<string> {
    await harness.open(page, '#/receive');
    const qr = page.getByRole('img', { name: /^QR code of the address [A-Z2-7]{32}$/ });
    await qr.waitFor({ timeout: 20_000 });
    const label = (await qr.getAttribute('aria-label')) ?? '';
    return label.slice(-32);
  }

  async function headline(page: Page): Promise<string> {
    await harness.open(page, '#/wallet');
    const total = page.getByTestId('headline-total');
    await total.waitFor({ timeout: 20_000 });
    return ((await total.textContent()) ?? '').trim();
  }

  beforeAll(async () => {
    app = await openWalletPage(fundedScenario());
    harness = app.harness;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('adds a second account (then in use: empty, its own address) and switches back', async () => {
    const { page } = harness;
    const main = { address: await receivingAddress(page), total: '' };
    main.total = await headline(page);
    expect(main.total).toBe('0.6 GBYTE');

    await harness.open(page, '#/settings');
    const card = page.locator('.sections > section', {
      has: page.getByRole('heading', { name: 'Accounts' }),
    });
    await card.waitFor({ timeout: 20_000 });
    await page.getByLabel('New account').fill('Savings');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Name of account 1').waitFor({ timeout: 20_000 });
    await shoot(page, 'settings-accounts');

    // A new account is the one in use.
    await until(() => harness.services.wallet.currentAccount() === 1, 'account 1 in use');
    const savings = { address: await receivingAddress(page), total: await headline(page) };
    expect(savings.total).toBe('0 GBYTE');
    expect(savings.address).not.toBe(main.address);
    expect(FUNDED).not.toContain(savings.address);

    await harness.open(page, '#/settings');
    await page.getByRole('button', { name: 'Use Main account' }).click();
    await until(() => harness.services.wallet.currentAccount() === 0, 'account 0 in use');
    expect(await headline(page)).toBe(main.total);
    expect(await receivingAddress(page)).toBe(main.address);
  });
});
