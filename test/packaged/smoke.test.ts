/**
 * The packaged app, launched and driven as a user gets it (`npm run test:packaged`, after
 * `npm run dist`; not part of `npm test`). On each system's unpacked build: the fuses of the
 * binary as shipped, the first screen, a wallet with a password, its address, lock and unlock,
 * Settings, the OS keychain (keytar, rebuilt for Electron), the page's boundary, and a second
 * start that finds the wallet kept on disk (better-sqlite3 and the keystore), then quit.
 * Screenshots go to test-results/packaged/<system>-<arch>/. Where no packaged app exists the
 * suite fails with one sentence saying so; it never passes without one.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuseConfigFor } from '../../build/after-pack.cjs';
import {
  findPackagedApp,
  launchPackagedApp,
  REPO_ROOT,
  type PackagedApp,
  type RunningApp,
} from './app';
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
} from './flow';

const PASSWORD = 'packaged smoke test wallet';
const SHOTS = join(REPO_ROOT, 'test-results', 'packaged', `${process.platform}-${process.arch}`);

const found = findPackagedApp();
let app: PackagedApp;
let userDataDir: string;
let running: RunningApp | null = null;
let shot = 0;

async function shoot(page: Page, name: string): Promise<void> {
  shot += 1;
  await page.screenshot({ path: join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
}

/** The app's own log in its data folder (redacted; what it says about its modules). */
async function mainLog(): Promise<string> {
  const path = join(userDataDir, 'logs', 'main.log');
  return existsSync(path) ? readFile(path, 'utf8') : '';
}

async function waitForLog(pattern: RegExp, what: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const log = await mainLog();
    if (pattern.test(log)) return log;
    if (Date.now() > deadline) {
      throw new Error(
        `The app's log never said ${what}.\nLog:\n${log}\nOutput:\n${running?.output() ?? ''}`,
      );
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}

beforeAll(async () => {
  // Never passes without an app: the sentence says what is missing and what to do.
  if ('problem' in found) throw new Error(found.problem);
  app = found.app;
  await mkdir(SHOTS, { recursive: true });
  userDataDir = await mkdtemp(join(tmpdir(), 'obyte-packaged-'));
}, 60_000);

afterAll(async () => {
  if (running !== null) await running.quit().catch(() => undefined);
  if (userDataDir !== undefined) await rm(userDataDir, { recursive: true, force: true });
}, 120_000);

describe('the packaged app', () => {
  it('has its fuses flipped as build/after-pack.cjs says', async () => {
    const wire = await getCurrentFuseWire(app.fuseTarget);
    expect(wire.version).toBe(FuseVersion.V1);
    const expected = fuseConfigFor(
      { FuseVersion, FuseV1Options },
      app.platform === 'darwin' ? 'darwin' : app.platform,
      app.builderArch,
    ) as Record<string, unknown>;
    const names = Object.entries(FuseV1Options).filter(([, value]) => typeof value === 'number');
    let checked = 0;
    for (const [name, index] of names) {
      const want = expected[String(index)];
      if (typeof want !== 'boolean') continue;
      const state = (wire as unknown as Record<string, number>)[String(index)];
      expect(state, `fuse ${name}`).toBe(want ? FuseState.ENABLE : FuseState.DISABLE);
      checked += 1;
    }
    expect(checked).toBe(6);
  });

  it('keeps both native modules outside app.asar, built for Electron', async () => {
    const unpacked = join(app.resources, 'app.asar.unpacked', 'node_modules');
    const nodeFiles = async (module: string): Promise<string[]> => {
      const found: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) await walk(path);
          else if (entry.name.endsWith('.node')) found.push(path);
        }
      };
      await walk(join(unpacked, module));
      return found;
    };
    expect(existsSync(join(app.resources, 'app.asar'))).toBe(true);
    expect(await nodeFiles('better-sqlite3')).not.toEqual([]);
    expect(await nodeFiles('keytar')).not.toEqual([]);
  });

  it('starts on its first screen in its own data folder', async () => {
    running = await launchPackagedApp(app, userDataDir);
    // The log in the test's folder proves the app uses it (and not the user's own wallet).
    await waitForLog(/\S/, 'anything in the test data folder');
    await firstScreen(running.page, shoot);
  }, 180_000);

  it('the page has no Node or Electron, and window.obyte is exactly the contract', async () => {
    const page = (running as RunningApp).page;
    const { globals, api } = await pageBoundary(page);
    expect(globals).toEqual(ABSENT_GLOBALS);
    expect(api).toEqual(contractShape());
    expect(page.url()).toMatch(/^app:\/\/obyte\//);
  });

  it('creates a wallet with a password and shows its address (better-sqlite3 loads)', async () => {
    const page = (running as RunningApp).page;
    await createWallet(page, PASSWORD, shoot);
    const address = await receiveAddress(page, shoot);
    expect(address).toMatch(/^[A-Z2-7]{32}$/);
    const log = await waitForLog(
      /wallet database schema updated/,
      'that the wallet database opened',
    );
    expect(log).not.toMatch(/NODE_MODULE_VERSION|was compiled against a different Node\.js/);
  }, 300_000);

  it('locks and unlocks with the password, and opens Settings', async () => {
    const page = (running as RunningApp).page;
    await lock(page);
    await shoot(page, 'locked');
    await unlock(page, PASSWORD);
    await openSettings(page, shoot);
  }, 300_000);

  it('moves the key into the OS keychain and unlocks from it (keytar loads)', async () => {
    const page = (running as RunningApp).page;
    await useKeychain(page, PASSWORD, shoot);
    await lock(page);
    await shoot(page, 'locked-keychain');
    await unlock(page, null);
    expect(await mainLog()).not.toMatch(/keytar could not be loaded/);
  }, 300_000);

  it('quits, and the next start finds the wallet it kept', async () => {
    const first = running as RunningApp;
    const address = await receiveAddress(first.page, shoot);
    expect(await first.quit()).toMatch(/^quit/);
    running = await launchPackagedApp(app, userDataDir);
    const page = running.page;
    await page.getByRole('heading', { name: 'Your wallet is locked' }).waitFor({ timeout: 90_000 });
    await shoot(page, 'second-start');
    await unlock(page, null);
    await expect(receiveAddress(page, shoot)).resolves.toBe(address);
    expect(await running.quit()).toMatch(/^quit/);
    running = null;
  }, 300_000);
});
