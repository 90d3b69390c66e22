/**
 * `npm start`, `npm run dev` and `npm run dist*` first make sure the Electron binary is there
 * (scripts/ensure-electron.ts). This machine cannot download Electron, so the failing path is the
 * one a newcomer meets first: one sentence with the URL and what to set. The download step is
 * injected (no network); the real installer's first error line is parsed like install.js prints it.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MIRROR,
  downloadUrl,
  ensureElectron,
  firstErrorLine,
  missingElectronSentence,
  platformPath,
  type Download,
  type ElectronPackage,
} from '../../scripts/ensure-electron';

let dir: string;
let pkg: ElectronPackage;
const linux = { ELECTRON_INSTALL_PLATFORM: 'linux', ELECTRON_INSTALL_ARCH: 'x64' };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obyte-ensure-electron-'));
  pkg = { moduleDir: join(dir, 'electron'), version: '45.5.0' };
  await mkdir(pkg.moduleDir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What install.js leaves behind: dist/version, dist/<binary>, path.txt. */
async function unpack(moduleDir: string, version = '45.5.0'): Promise<string> {
  await mkdir(join(moduleDir, 'dist'), { recursive: true });
  await writeFile(join(moduleDir, 'dist', 'version'), `v${version}`);
  await writeFile(join(moduleDir, 'dist', 'electron'), '');
  await writeFile(join(moduleDir, 'path.txt'), 'electron');
  return join(moduleDir, 'dist', 'electron');
}

const failing =
  (reason: string, calls: string[] = []): Download =>
  (p) => {
    calls.push(p.version);
    return Promise.resolve({ ok: false, reason });
  };

describe('the missing-Electron sentence', () => {
  it('names the URL that failed, the reason, and ELECTRON_MIRROR and ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const calls: string[] = [];
    const result = await ensureElectron({
      pkg,
      env: linux,
      download: failing('TypeError: fetch failed', calls),
    });
    expect(calls).toEqual(['45.5.0']);
    expect(result).toEqual({
      ok: false,
      message:
        'Electron 45.5.0 is not installed and could not be downloaded from ' +
        'https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip ' +
        '(TypeError: fetch failed): set ELECTRON_MIRROR to a mirror that serves it, or ' +
        'ELECTRON_OVERRIDE_DIST_PATH to a folder that holds an unpacked Electron 45.5.0.',
    });
    if (result.ok) return;
    // One sentence, one line.
    expect(result.message.split('\n')).toHaveLength(1);
    expect(result.message.match(/\. |\.$/g)).toHaveLength(1);
  });

  it('names the mirror that was asked when ELECTRON_MIRROR is set', async () => {
    const env = { ...linux, ELECTRON_MIRROR: 'https://mirror.example/electron/' };
    const result = await ensureElectron({ pkg, env, download: failing('404 Not Found') });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(
      'https://mirror.example/electron/v45.5.0/electron-v45.5.0-linux-x64.zip (404 Not Found)',
    );
  });

  it('an installer that ends without a binary is still a failure in words', async () => {
    const result = await ensureElectron({
      pkg,
      env: linux,
      download: () => Promise.resolve({ ok: true }),
    });
    expect(result).toEqual({
      ok: false,
      message: missingElectronSentence(pkg, linux, 'the installer ended but left no binary'),
    });
  });

  it('an ELECTRON_OVERRIDE_DIST_PATH without a binary is named, and nothing is downloaded', async () => {
    const calls: string[] = [];
    const env = { ...linux, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') };
    const result = await ensureElectron({ pkg, env, download: failing('x', calls) });
    expect(calls).toEqual([]);
    expect(result).toEqual({
      ok: false,
      message:
        `ELECTRON_OVERRIDE_DIST_PATH is set to ${join(dir, 'nowhere')}, but ` +
        `${join(dir, 'nowhere', 'electron')} does not exist: point it at a folder that holds an ` +
        'unpacked Electron 45.5.0.',
    });
  });
});

describe('finding the binary', () => {
  it('uses an installed binary without downloading', async () => {
    const executable = await unpack(pkg.moduleDir);
    const calls: string[] = [];
    const result = await ensureElectron({ pkg, env: linux, download: failing('x', calls) });
    expect(result).toEqual({ ok: true, executable, downloaded: false });
    expect(calls).toEqual([]);
  });

  it('downloads when the installed binary is of another version', async () => {
    await unpack(pkg.moduleDir, '44.0.0');
    const download: Download = async (p) => {
      await unpack(p.moduleDir, p.version);
      return { ok: true };
    };
    const result = await ensureElectron({ pkg, env: linux, download });
    expect(result).toEqual({
      ok: true,
      executable: join(pkg.moduleDir, 'dist', 'electron'),
      downloaded: true,
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH and ELECTRON_EXEC_PATH', async () => {
    const override = join(dir, 'unpacked');
    await mkdir(override);
    await writeFile(join(override, 'electron'), '');
    const byOverride = await ensureElectron({
      pkg,
      env: { ...linux, ELECTRON_OVERRIDE_DIST_PATH: override },
      download: failing('x'),
    });
    expect(byOverride).toEqual({
      ok: true,
      executable: join(override, 'electron'),
      downloaded: false,
    });
    const byExec = await ensureElectron({
      pkg,
      env: { ...linux, ELECTRON_EXEC_PATH: join(override, 'electron') },
      download: failing('x'),
    });
    expect(byExec.ok).toBe(true);
    const missing = await ensureElectron({
      pkg,
      env: { ...linux, ELECTRON_EXEC_PATH: join(dir, 'no-electron') },
      download: failing('x'),
    });
    expect(missing).toEqual({
      ok: false,
      message: `ELECTRON_EXEC_PATH is set to ${join(dir, 'no-electron')}, which does not exist.`,
    });
  });
});

describe('what the installer is asked for', () => {
  it('builds the URL @electron/get uses for each system', () => {
    expect(
      downloadUrl(pkg, { ELECTRON_INSTALL_PLATFORM: 'win32', ELECTRON_INSTALL_ARCH: 'arm64' }),
    ).toBe(`${DEFAULT_MIRROR}v45.5.0/electron-v45.5.0-win32-arm64.zip`);
    expect(
      downloadUrl(pkg, {
        ...linux,
        ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/',
        ELECTRON_CUSTOM_DIR: '{{ version }}',
      }),
    ).toBe('https://npmmirror.com/mirrors/electron/45.5.0/electron-v45.5.0-linux-x64.zip');
    expect(platformPath('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(platformPath('win32')).toBe('electron.exe');
    expect(platformPath('linux')).toBe('electron');
  });

  it('takes the reason from the first error line of install.js', () => {
    const stderr = [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:14976:13',
      '    at async FetchDownloader.download (file:///x/FetchDownloader.js:46:30)',
      '',
    ].join('\n');
    expect(firstErrorLine(stderr)).toBe('TypeError: fetch failed');
    expect(firstErrorLine('')).toBeUndefined();
  });
});
