/**
 * The update check (electron/main/updates.ts) with a fake electron-updater and a fake dialog:
 * off unless the user opts in, check-only, never installs, shows what it found, opens only the
 * release page of a well-formed version, and names the repository electron-builder publishes to.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { servedReleases, signedRelease, testReleaseKey } from '../support/release-signing';
import {
  appMenuTemplate,
  configureUpdater,
  RELEASES_URL,
  UpdateCheck,
  UpdatePreference,
  type ReleaseDownload,
  type UpdateNotice,
  type UpdaterLike,
} from '../../electron/main/updates';
import { AtomicFile } from '../../electron/main/services/atomic-file';
import { loadBuilderConfig } from '../../scripts/validate-builder-config';
import { fixedClock, recordingLogger } from './fakes';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obyte-updates-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fakeUpdater(answer: () => Promise<Awaited<ReturnType<UpdaterLike['checkForUpdates']>>>) {
  const updater: UpdaterLike & { checks: number } = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowPrerelease: true,
    allowDowngrade: true,
    logger: null,
    checks: 0,
    checkForUpdates: () => {
      updater.checks++;
      return answer();
    },
  };
  return updater;
}

/** The release key of these tests (made here); releases are served signed with it. */
const KEY = testReleaseKey();
const RELEASE_020 = signedRelease(KEY, '0.2.0');

async function setup(options: {
  optedIn?: boolean;
  supported?: boolean;
  answer?: () => Promise<Awaited<ReturnType<UpdaterLike['checkForUpdates']>>>;
  userOpens?: boolean;
  download?: ReleaseDownload;
  currentVersion?: string;
}) {
  const preference = new UpdatePreference(new AtomicFile(join(dir, 'update-check.json')));
  if (options.optedIn) await preference.set(true);
  const updater = fakeUpdater(
    options.answer ??
      (() => Promise.resolve({ isUpdateAvailable: true, updateInfo: { version: '0.2.0' } })),
  );
  let created = 0;
  const shown: UpdateNotice[] = [];
  const opened: string[] = [];
  const { logger, lines } = recordingLogger();
  const check = new UpdateCheck({
    updater: () => {
      created++;
      configureUpdater(updater, logger);
      return updater;
    },
    currentVersion: options.currentVersion ?? '0.1.0',
    preference,
    ui: {
      show: (notice) => {
        shown.push(notice);
        return Promise.resolve(options.userOpens ?? false);
      },
      openReleasePage: (url) => {
        opened.push(url);
      },
    },
    logger,
    clock: fixedClock(),
    supported: options.supported ?? true,
    download: options.download ?? servedReleases({ '0.2.0': RELEASE_020 }),
    releaseKey: KEY.publicKey,
  });
  return { check, updater, shown, opened, lines, preference, created: () => created };
}

describe('UpdateCheck', () => {
  it('does nothing at start unless the user opted in: electron-updater is not even loaded', async () => {
    const { check, created, shown } = await setup({});
    await expect(check.atStartup()).resolves.toBeNull();
    expect(created()).toBe(0);
    expect(shown).toEqual([]);
  });

  it('configures electron-updater to check only: no download, no install on quit', async () => {
    const { check, updater } = await setup({ optedIn: true });
    await check.atStartup();
    expect(updater).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowPrerelease: false,
      allowDowngrade: false,
    });
    expect(updater.checks).toBe(1);
  });

  it('shows a new version and opens its release page only when the user asks', async () => {
    const declined = await setup({ optedIn: true, userOpens: false });
    await expect(declined.check.atStartup()).resolves.toBe('available');
    expect(declined.shown).toEqual([
      {
        message: 'Obyte Light 0.2.0 is available',
        detail: expect.stringContaining('never installs updates by itself') as string,
        action: 'Open Release Page',
      },
    ]);
    expect(declined.opened).toEqual([]);

    const accepted = await setup({ userOpens: true });
    await accepted.check.checkNow();
    expect(accepted.opened).toEqual([`${RELEASES_URL}/tag/v0.2.0`]);
  });

  it('stays quiet at start when there is no news or the check failed', async () => {
    const latest = await setup({
      optedIn: true,
      answer: () => Promise.resolve({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } }),
    });
    await expect(latest.check.atStartup()).resolves.toBe('latest');
    const failing = await setup({
      optedIn: true,
      answer: () => Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED')),
    });
    await expect(failing.check.atStartup()).resolves.toBe('failed');
    expect([...latest.shown, ...failing.shown]).toEqual([]);
    expect(failing.lines.some((line) => line.includes('The update check failed'))).toBe(true);
  });

  it('answers a check the user asked for, also when up to date or offline', async () => {
    const latest = await setup({
      answer: () => Promise.resolve({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } }),
    });
    await latest.check.checkNow();
    expect(latest.shown[0]?.message).toBe('Obyte Light is up to date');
    const failing = await setup({ answer: () => Promise.reject(new Error('offline')) });
    await failing.check.checkNow();
    expect(failing.shown[0]?.message).toBe('Could not check for updates');
    expect(failing.shown[0]?.detail).not.toContain('offline');
  });

  it('never puts a malformed version from the feed into a URL', async () => {
    const { check, shown, opened } = await setup({
      userOpens: true,
      answer: () =>
        Promise.resolve({
          isUpdateAvailable: true,
          updateInfo: { version: '9.9.9/../../evil?x=1' },
        }),
    });
    await expect(check.checkNow()).resolves.toBe('failed');
    expect(opened).toEqual([]);
    expect(shown[0]?.message).toBe('Could not check for updates');
  });

  it('says that a development copy cannot check, without asking GitHub', async () => {
    const { check, created, shown } = await setup({ supported: false, optedIn: true });
    await expect(check.atStartup()).resolves.toBeNull();
    await expect(check.checkNow()).resolves.toBe('unsupported');
    expect(created()).toBe(0);
    expect(shown[0]?.message).toContain('only in an installed copy');
  });

  it('runs one check at a time', async () => {
    let release: () => void = () => undefined;
    const { check, updater } = await setup({
      answer: () =>
        new Promise((resolve) => {
          release = () => resolve({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
        }),
    });
    const first = check.checkNow();
    await expect(check.checkNow()).resolves.toBe('busy');
    release();
    await expect(first).resolves.toBe('latest');
    expect(updater.checks).toBe(1);
  });

  it('offers the check and the opt-in in the Help menu', async () => {
    const { check, preference } = await setup({});
    const items = check.menuItems();
    expect(items.map((item) => [item.label, item.type ?? 'normal', item.checked ?? null])).toEqual([
      ['Check for Updates…', 'normal', null],
      ['Check for Updates at Startup', 'checkbox', false],
    ]);
    await check.setCheckAtStartup(true);
    expect(preference.checkAtStartup).toBe(true);
    const template = appMenuTemplate('darwin', items);
    expect(template.map((item) => item.role)).toEqual([
      'appMenu',
      'fileMenu',
      'editMenu',
      'viewMenu',
      'windowMenu',
      'help',
    ]);
    expect(appMenuTemplate('win32', items)[0]?.role).toBe('fileMenu');
  });
});

describe('UpdatePreference', () => {
  it('is off by default and for anything but an explicit true', async () => {
    const file = join(dir, 'update-check.json');
    const preference = new UpdatePreference(new AtomicFile(file));
    await expect(preference.load()).resolves.toBe(false);
    for (const text of ['not json', '{"checkAtStartup":"yes"}', '[]', 'null']) {
      await writeFile(file, text);
      await expect(preference.load(), text).resolves.toBe(false);
    }
    await preference.set(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, checkAtStartup: true });
    await expect(new UpdatePreference(new AtomicFile(file)).load()).resolves.toBe(true);
  });
});

describe('the release feed', () => {
  it('is the repository electron-builder publishes to', async () => {
    const config = await loadBuilderConfig();
    const publish = config.publish as { owner: string; repo: string };
    expect(RELEASES_URL).toBe(`https://github.com/${publish.owner}/${publish.repo}/releases`);
  });
});
