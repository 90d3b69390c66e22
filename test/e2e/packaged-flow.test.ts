/**
 * The packaged-app smoke suite's steps (test/packaged/flow.ts) against the browser harness, in
 * Chromium, on every `npm test`: the smoke suite runs only where Electron exists (the release
 * and CI runners), so its selectors are kept true here. Same order as the smoke suite: first
 * screen, a wallet with a password, its address, lock and unlock, Settings, the keychain (an
 * in-memory one here; the OS keychain through keytar in the packaged app), the page's boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FakeKeychain } from '../electron/keystore/support';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import {
  ABSENT_GLOBALS,
  contractShape,
  createWallet,
  firstScreen,
  lock,
  openSettings,
  pageBoundary,
  receiveAddress,
  unlock,
  useKeychain,
} from '../packaged/flow';
import { screenshotPath } from './screens';
import { PASSWORD } from './wallet-fixture';

let harness: Harness;
const keychain = new FakeKeychain();

const shoot = async (page: Page, name: string): Promise<void> => {
  await page.screenshot({ path: screenshotPath(`packaged-flow-${name}`), fullPage: true });
};

beforeAll(async () => {
  harness = await startHarness(await buildHarnessAssets(), { keychain });
  await harness.open();
});

afterAll(async () => {
  await harness?.close();
});

describe("the packaged-app smoke suite's steps, in the harness", () => {
  it('create a wallet, show its address, lock and unlock, open Settings, move to the keychain', async () => {
    const { page } = harness;
    await firstScreen(page, shoot);
    await createWallet(page, PASSWORD, shoot);
    const address = await receiveAddress(page, shoot);
    expect(address).toMatch(/^[A-Z2-7]{32}$/);
    await lock(page);
    await unlock(page, PASSWORD);
    await openSettings(page, shoot);
    await useKeychain(page, PASSWORD, shoot);
    expect(keychain.entries.size).toBe(1);
    await lock(page);
    await unlock(page, null);
    // The same wallet after the move: the same first address.
    await expect(receiveAddress(page, shoot)).resolves.toBe(address);
  }, 180_000);

  it('the page has no Node or Electron, and window.obyte is exactly the contract', async () => {
    const { globals, api } = await pageBoundary(harness.page);
    expect(globals).toEqual(ABSENT_GLOBALS);
    expect(api).toEqual(contractShape());
  });
});
