/**
 * What a user does first, as steps on a page: the packaged-app smoke suite runs them in the real
 * app (test/packaged/smoke.test.ts), and the e2e suite runs the very same steps against the
 * browser harness on every `npm test` (test/e2e/packaged-flow.test.ts), so a change of the
 * screens breaks `npm test` here rather than the release on three systems.
 */
import type { Page } from 'playwright-core';
import { METHOD_NAMES } from '../../shared/ipc/names';

export type Shoot = (page: Page, name: string) => Promise<void>;

/** Generous: the packaged app derives real scrypt keys on a busy runner. */
const STEP_MS = 60_000;

export async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();
}

/** The first screen of an app without a wallet. */
export async function firstScreen(page: Page, shoot: Shoot): Promise<void> {
  await page.getByRole('heading', { name: 'No wallet yet' }).waitFor({ timeout: STEP_MS });
  await shoot(page, 'first-screen');
}

/** Creates a wallet: the words shown once, three of them typed back, a password. */
export async function createWallet(page: Page, password: string, shoot: Shoot): Promise<void> {
  await page.getByRole('button', { name: 'Create a new wallet' }).click();
  const list = page.getByRole('list', { name: 'Recovery phrase' });
  await list.waitFor({ timeout: STEP_MS });
  const words = (await list.locator('.mono').allTextContents()).map((word) => word.trim());
  if (words.length !== 12) throw new Error(`expected 12 words, the page shows ${words.length}`);
  await shoot(page, 'recovery-phrase');
  await page.getByRole('button', { name: 'I wrote them down' }).click();
  await page
    .getByLabel(/^Word \d+$/)
    .first()
    .waitFor();
  const labels = await page.locator('label[for^="word-"]').allTextContents();
  for (const label of labels) {
    const position = Number(label.replace('Word ', ''));
    await page.getByLabel(`Word ${position}`, { exact: true }).fill(words[position - 1] ?? '');
  }
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByRole('heading', { name: 'Protect the wallet on this computer' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password again').fill(password);
  await page.getByRole('button', { name: 'Create the wallet' }).click();
  await page.getByText('Your wallet is ready.').waitFor({ timeout: STEP_MS });
  await shoot(page, 'wallet-ready');
  await page.getByRole('button', { name: 'Go to the wallet' }).click();
  await page.getByRole('heading', { name: 'No wallet yet' }).waitFor({ state: 'detached' });
}

/** The receiving address the Receive screen shows (with its QR code). */
export async function receiveAddress(page: Page, shoot: Shoot): Promise<string> {
  await go(page, 'Receive');
  const qr = page.getByRole('img', { name: /^QR code of the address [A-Z2-7]{32}$/ });
  await qr.waitFor({ timeout: STEP_MS });
  const name = (await qr.getAttribute('aria-label')) ?? '';
  const address = /[A-Z2-7]{32}$/.exec(name)?.[0];
  if (address === undefined) throw new Error(`no address in "${name}"`);
  await page.getByText(address.slice(0, 4)).first().waitFor();
  await shoot(page, 'receive');
  return address;
}

export async function lock(page: Page): Promise<void> {
  await go(page, 'Settings');
  await page.getByRole('button', { name: 'Lock now' }).click();
  await go(page, 'Wallet');
  await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor({ timeout: STEP_MS });
}

/** Unlocks with the password, or with the keychain's key when `password` is null. */
export async function unlock(page: Page, password: string | null): Promise<void> {
  if (password !== null) await page.getByLabel('Wallet password').fill(password);
  else await page.getByText('The key of this wallet is in the system keychain.').waitFor();
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page
    .getByRole('heading', { name: 'Your wallet is locked' })
    .waitFor({ state: 'detached', timeout: STEP_MS });
}

export async function openSettings(page: Page, shoot: Shoot): Promise<void> {
  await go(page, 'Settings');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'About', level: 2 }).waitFor();
  await page.getByRole('button', { name: 'Lock now' }).waitFor();
  await shoot(page, 'settings');
}

/** Settings → "Keep the key in the system keychain": the OS keychain holds the key from now on. */
export async function useKeychain(page: Page, password: string, shoot: Shoot): Promise<void> {
  await go(page, 'Settings');
  const form = page.getByRole('form', { name: 'Keep the key in the system keychain' });
  await form.getByLabel('Current password').fill(password);
  await form.getByRole('button', { name: 'Use the keychain' }).click();
  // Done when the form goes (the wallet is no longer password-protected); a refusal is an alert.
  const refusal = page.getByRole('alert');
  await Promise.race(
    [
      form.waitFor({ state: 'detached', timeout: STEP_MS }),
      refusal.first().waitFor({ timeout: STEP_MS }),
    ].map((wait) => wait.catch(() => undefined)),
  );
  if ((await form.count()) > 0) {
    throw new Error(`The keychain was refused: ${(await refusal.allTextContents()).join(' ')}`);
  }
  await shoot(page, 'settings-keychain');
}

/** What the page can reach: the globals a sandboxed page must not have, and window.obyte's shape. */
export async function pageBoundary(page: Page): Promise<{
  readonly globals: Record<string, string>;
  readonly api: Record<string, string[] | 'function'>;
}> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    const globals = Object.fromEntries(
      ['require', 'process', 'module', 'Buffer', 'ipcRenderer', 'electron'].map((name) => [
        name,
        typeof scope[name],
      ]),
    );
    const obyte = (scope['obyte'] ?? {}) as Record<string, unknown>;
    const api = Object.fromEntries(
      Object.entries(obyte).map(([key, value]) => [
        key,
        typeof value === 'function' ? ('function' as const) : Object.keys(value as object).sort(),
      ]),
    );
    return { globals, api };
  });
}

/** window.obyte as the contract defines it: the method groups, and `on` for events. */
export function contractShape(): Record<string, string[] | 'function'> {
  const groups: Record<string, string[] | 'function'> = { on: 'function' };
  for (const method of METHOD_NAMES) {
    const [group = '', name = ''] = method.split('.');
    const list = groups[group];
    groups[group] = [...(Array.isArray(list) ? list : []), name].sort();
  }
  return groups;
}

export const ABSENT_GLOBALS: Record<string, string> = {
  require: 'undefined',
  process: 'undefined',
  module: 'undefined',
  Buffer: 'undefined',
  ipcRenderer: 'undefined',
  electron: 'undefined',
};
