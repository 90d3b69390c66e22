/**
 * The update check as the Settings screen sees it: the `updates.*` methods through the real
 * dispatcher (compose.ts), the state they share with the Help menu, the `updatesChanged` event,
 * and the words a failed check is reported in. electron-updater and the dialogs are fakes.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { servedReleases, signedRelease, testReleaseKey } from '../support/release-signing';
import { composeServices, type Services } from '../../electron/main/compose';
import { NOT_SAVED_MESSAGE } from '../../electron/main/ipc/update-handlers';
import { AppPaths } from '../../electron/main/services/app-paths';
import {
  failureWords,
  RELEASES_URL,
  type UpdateBridge,
  type UpdateNotice,
  type UpdaterLike,
} from '../../electron/main/updates';
import type { EventName, UpdateState } from '../../shared/ipc';
import { fixedClock } from './fakes';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
const NOW = Date.UTC(2025, 0, 1, 12);

type Answer = Awaited<ReturnType<UpdaterLike['checkForUpdates']>>;

let root: string;
const open: Services[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'obyte-update-state-'));
});

afterEach(async () => {
  for (const services of open.splice(0)) await services.close();
  await rm(root, { recursive: true, force: true });
});

/** A release key made here; 0.2.0 is served signed with it. */
const RELEASE_KEY = testReleaseKey();

function fakeBridge(answer: () => Promise<Answer>, supported = true) {
  const shown: UpdateNotice[] = [];
  const opened: string[] = [];
  let checks = 0;
  const updater: UpdaterLike = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowPrerelease: true,
    allowDowngrade: true,
    logger: null,
    checkForUpdates: () => {
      checks++;
      return answer();
    },
  };
  const bridge: UpdateBridge = {
    supported,
    updater: () => updater,
    download: servedReleases({ '0.2.0': signedRelease(RELEASE_KEY, '0.2.0') }),
    releaseKey: RELEASE_KEY.publicKey,
    ui: {
      show: (notice) => {
        shown.push(notice);
        return Promise.resolve(false);
      },
      openReleasePage: (url) => {
        opened.push(url);
      },
    },
  };
  return { bridge, updater, shown, opened, checks: () => checks };
}

async function compose(bridge?: UpdateBridge) {
  const services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: join(root, 'Obyte Light'), home: root }),
    appOrigin: 'app://obyte',
    clock: fixedClock(NOW),
    logSink: () => undefined,
    offline: true,
    ...(bridge === undefined ? {} : { updates: bridge }),
  });
  open.push(services);
  const events: Array<[EventName, unknown]> = [];
  services.events.subscribe((event, payload) => events.push([event, payload]));
  const call = (method: string, params?: unknown) =>
    services.dispatcher.dispatch(method, params, APP);
  const updateEvents = () =>
    events.filter(([name]) => name === 'updatesChanged').map(([, state]) => state as UpdateState);
  return { services, call, updateEvents };
}

const latest = () =>
  Promise.resolve({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });

describe('updates.* without the Electron bridge (the harness, the CLI)', () => {
  it('says this copy cannot check, and asks nobody', async () => {
    const { call } = await compose();
    const idle: UpdateState = {
      checkAtStartup: false,
      supported: false,
      currentVersion: '0.1.0',
      checking: false,
      lastCheck: null,
      releasesUrl: RELEASES_URL,
    };
    await expect(call('updates.getState')).resolves.toEqual({ ok: true, value: idle });
    await expect(call('updates.checkNow')).resolves.toEqual({ ok: true, value: idle });
    await expect(call('updates.openReleasePage')).resolves.toEqual({
      ok: true,
      value: { opened: false, url: RELEASES_URL },
    });
  });

  it('still keeps the opt-in, for the installed app that shares the folder', async () => {
    const first = await compose();
    const reply = await first.call('updates.setCheckAtStartup', { checkAtStartup: true });
    expect(reply).toMatchObject({ ok: true, value: { checkAtStartup: true, supported: false } });
    expect(first.updateEvents().map((state) => state.checkAtStartup)).toEqual([true]);
    const file = join(root, 'Obyte Light', 'update-check.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, checkAtStartup: true });

    const again = await compose();
    await expect(again.call('updates.getState')).resolves.toMatchObject({
      ok: true,
      value: { checkAtStartup: true },
    });
    // The menu of that same process shows the same choice.
    const [check, atStartup] = again.services.updates.menuItems();
    expect(atStartup).toMatchObject({ label: 'Check for Updates at Startup', checked: true });
    expect(atStartup?.enabled ?? true).toBe(true);
    expect(check).toMatchObject({ label: 'Check for Updates…', enabled: false });
  });

  it('refuses params that are not exactly { checkAtStartup: boolean }', async () => {
    const { call } = await compose();
    for (const params of [
      undefined,
      {},
      { checkAtStartup: 'yes' },
      { checkAtStartup: true, x: 1 },
    ]) {
      await expect(call('updates.setCheckAtStartup', params)).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid_params' },
      });
    }
    await expect(call('updates.checkNow', { url: 'https://evil.example' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
    await expect(
      call('updates.openReleasePage', { url: 'https://evil.example' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid_params' } });
  });

  it('says in words when the choice could not be saved, and keeps the old one', async () => {
    // A folder where the file should be: the atomic rename over it fails.
    await mkdir(join(root, 'Obyte Light', 'update-check.json', 'blocker'), { recursive: true });
    const { call, updateEvents } = await compose();
    await expect(call('updates.setCheckAtStartup', { checkAtStartup: true })).resolves.toEqual({
      ok: false,
      error: { code: 'rejected', message: NOT_SAVED_MESSAGE },
    });
    await expect(call('updates.getState')).resolves.toMatchObject({
      value: { checkAtStartup: false },
    });
    // The page and the menu are told, so a checkbox the user ticked goes back.
    expect(updateEvents().map((state) => state.checkAtStartup)).toEqual([false]);
  });
});

describe('updates.* with the Electron bridge', () => {
  it('checks once on request, with no dialog, and reports the result with its time', async () => {
    const fake = fakeBridge(latest);
    const { call, updateEvents } = await compose(fake.bridge);
    const reply = await call('updates.checkNow');
    expect(reply).toEqual({
      ok: true,
      value: {
        checkAtStartup: false,
        supported: true,
        currentVersion: '0.1.0',
        checking: false,
        lastCheck: { outcome: 'latest', at: NOW, version: '0.1.0' },
        releasesUrl: RELEASES_URL,
      },
    });
    expect(fake.shown).toEqual([]);
    expect(fake.checks()).toBe(1);
    expect(fake.updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false });
    // Started, then finished: the page shows "Checking…" also for a check from the menu.
    expect(
      updateEvents().map((state) => [state.checking, state.lastCheck?.outcome ?? null]),
    ).toEqual([
      [true, null],
      [false, 'latest'],
    ]);
  });

  it('names a newer version, and opens only the fixed release page, only when asked', async () => {
    const fake = fakeBridge(() =>
      Promise.resolve({ isUpdateAvailable: true, updateInfo: { version: '0.2.0' } }),
    );
    const { call } = await compose(fake.bridge);
    await expect(call('updates.checkNow')).resolves.toMatchObject({
      value: { lastCheck: { outcome: 'available', version: '0.2.0', at: NOW } },
    });
    expect(fake.opened).toEqual([]);
    await expect(call('updates.openReleasePage')).resolves.toEqual({
      ok: true,
      value: { opened: true, url: RELEASES_URL },
    });
    expect(fake.opened).toEqual([RELEASES_URL]);
  });

  it('reports a failed check in words, never electron-updater’s message', async () => {
    const fake = fakeBridge(() =>
      Promise.reject(
        Object.assign(new Error('net::ERR_NAME_NOT_RESOLVED at /secret/path.js:12'), {
          code: 'ERR_X',
        }),
      ),
    );
    const { call } = await compose(fake.bridge);
    const reply = await call('updates.checkNow');
    expect(reply).toMatchObject({
      value: {
        lastCheck: {
          outcome: 'failed',
          problem: 'GitHub could not be reached. Check the internet connection and try again.',
        },
      },
    });
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('shares one running check between the menu, the start and the Settings screen', async () => {
    let release: () => void = () => undefined;
    const fake = fakeBridge(
      () =>
        new Promise((resolve) => {
          release = () => resolve({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
        }),
    );
    const { services, call } = await compose(fake.bridge);
    const fromMenu = services.updates.checkNow();
    await expect(call('updates.getState')).resolves.toMatchObject({ value: { checking: true } });
    expect(services.updates.menuItems()[0]).toMatchObject({
      label: 'Checking for Updates…',
      enabled: false,
    });
    const fromPage = call('updates.checkNow');
    release();
    await expect(fromMenu).resolves.toBe('latest');
    await expect(fromPage).resolves.toMatchObject({
      value: { checking: false, lastCheck: { outcome: 'latest' } },
    });
    expect(fake.checks()).toBe(1);
    // The menu's check answers in its dialog; the page's does not add one.
    expect(fake.shown.map((notice) => notice.message)).toEqual(['Obyte Light is up to date']);
    expect(services.updates.menuItems()[0]).toMatchObject({
      label: 'Check for Updates…',
      enabled: true,
    });
  });

  it('a choice made in the menu reaches the page as an event, and the other way round', async () => {
    const fake = fakeBridge(latest);
    const { services, call, updateEvents } = await compose(fake.bridge);
    await services.updates.setCheckAtStartup(true);
    expect(updateEvents().at(-1)?.checkAtStartup).toBe(true);
    await call('updates.setCheckAtStartup', { checkAtStartup: false });
    expect(services.updates.menuItems()[1]?.checked).toBe(false);
  });

  it('an installed copy checks at start only after the user opted in', async () => {
    const fake = fakeBridge(latest);
    const { services, call } = await compose(fake.bridge);
    await expect(services.updates.atStartup()).resolves.toBeNull();
    expect(fake.checks()).toBe(0);
    await call('updates.setCheckAtStartup', { checkAtStartup: true });
    await expect(services.updates.atStartup()).resolves.toBe('latest');
    expect(fake.checks()).toBe(1);
    expect(fake.shown).toEqual([]);
  });
});

describe('failureWords', () => {
  const error = (message: string, code?: string) =>
    Object.assign(new Error(message), code === undefined ? {} : { code });

  it('tells an unreachable GitHub from a refusal, a server problem and a missing release', () => {
    expect(failureWords(error('net::ERR_INTERNET_DISCONNECTED'))).toMatch(/could not be reached/);
    expect(
      failureWords(
        error(
          'Unable to find latest version on GitHub (...): net::ERR_TIMED_OUT',
          'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
        ),
      ),
    ).toMatch(/could not be reached/);
    expect(failureWords(error('getaddrinfo', 'ENOTFOUND'))).toMatch(/could not be reached/);
    expect(failureWords(error('HttpError: 403 Forbidden', 'HTTP_ERROR_403'))).toBe(
      'GitHub refused the request (HTTP 403); it limits how often one address may ask. Try again in an hour.',
    );
    expect(failureWords(error('HttpError: 502', 'HTTP_ERROR_502'))).toMatch(/HTTP 502/);
    expect(
      failureWords(error('No published versions on GitHub', 'ERR_UPDATER_NO_PUBLISHED_VERSIONS')),
    ).toBe('GitHub has no published release of Obyte Light that this copy can read.');
    expect(
      failureWords(error('Cannot parse releases feed: <xml>…', 'ERR_UPDATER_INVALID_RELEASE_FEED')),
    ).toBe('GitHub did not answer as expected. The details are in the log file.');
    expect(failureWords('a string')).toBe(
      'GitHub did not answer as expected. The details are in the log file.',
    );
  });
});
