/**
 * The packaged app for the smoke suite: where `npm run dist` left the unpacked build of this
 * system, how to start it with a fresh data folder and drive its window, and how to quit it.
 *
 * Playwright's `_electron.launch` attaches to the main process through `--inspect`, which the
 * shipped fuses turn off (EnableNodeCliInspectArguments) — so it cannot drive the app we ship.
 * The suite starts the binary itself with `--remote-debugging-port=0` (a Chromium switch no fuse
 * removes) and drives the window with playwright-core's `chromium.connectOverCDP`, the same
 * browser protocol `_electron` uses for windows. Nothing else is changed: the sandbox, the
 * preload, the `app:` protocol and the native modules run as a user gets them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const DIST_DIR = join(REPO_ROOT, 'dist');
/** The product name (package.json `productName`), the Windows and macOS executable's name. */
export const PRODUCT_NAME = 'Obyte Light';
/** `linux.executableName` in electron-builder.yml. */
export const LINUX_EXECUTABLE = 'obyte-light';
/** The origin the app loads its page from (electron/main/index.ts). */
export const APP_ORIGIN = 'app://obyte';

export interface PackagedApp {
  /** What to start. */
  readonly executable: string;
  /** The file whose fuses @electron/fuses reads (the .app on macOS). */
  readonly fuseTarget: string;
  /** Holds app.asar and app.asar.unpacked. */
  readonly resources: string;
  readonly platform: NodeJS.Platform;
  /** electron-builder's arch number (x64 1, arm64 3), as build/after-pack.cjs takes it. */
  readonly builderArch: number;
}

const BUILDER_ARCH: Partial<Record<string, number>> = { ia32: 0, x64: 1, armv7l: 2, arm64: 3 };

/** The unpacked builds electron-builder makes for a system, this machine's architecture first. */
export function unpackedCandidates(
  distDir: string,
  platform: NodeJS.Platform,
  arch: string,
): PackagedApp[] {
  const builderArch = BUILDER_ARCH[arch] ?? 1;
  const suffix = arch === 'x64' ? '' : `-${arch}`;
  switch (platform) {
    case 'linux': {
      const dir = join(distDir, `linux${suffix}-unpacked`);
      const executable = join(dir, LINUX_EXECUTABLE);
      return [
        {
          executable,
          fuseTarget: executable,
          resources: join(dir, 'resources'),
          platform,
          builderArch,
        },
      ];
    }
    case 'win32': {
      const dir = join(distDir, `win${suffix}-unpacked`);
      const executable = join(dir, `${PRODUCT_NAME}.exe`);
      return [
        {
          executable,
          fuseTarget: executable,
          resources: join(dir, 'resources'),
          platform,
          builderArch,
        },
      ];
    }
    case 'darwin':
      return [`mac${suffix}`, 'mac-universal'].map((folder) => {
        const bundle = join(distDir, folder, `${PRODUCT_NAME}.app`);
        return {
          executable: join(bundle, 'Contents', 'MacOS', PRODUCT_NAME),
          fuseTarget: bundle,
          resources: join(bundle, 'Contents', 'Resources'),
          platform,
          builderArch: folder === 'mac-universal' ? 4 : builderArch,
        };
      });
    default:
      return [];
  }
}

/** A path inside the repository relative to it, any other as it is. */
function shown(root: string, path: string): string {
  const inside = relative(root, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** The one sentence the suite fails with where there is nothing to launch. */
export function noPackagedAppSentence(looked: readonly string[], root = REPO_ROOT): string {
  const where =
    looked.length === 0
      ? 'electron-builder makes no unpacked build for this system'
      : `none of ${looked.map((path) => shown(root, path)).join(', ')} exists`;
  return (
    `No packaged Obyte Light to launch (${where}): run \`npm run dist\` on a machine that can ` +
    'download Electron, or set OBYTE_PACKAGED_APP to the executable of an unpacked build; ' +
    'this suite never passes without one.'
  );
}

/** The app to test, or the sentence saying why there is none. */
export function findPackagedApp(
  options: {
    readonly distDir?: string;
    readonly platform?: NodeJS.Platform;
    readonly arch?: string;
    readonly env?: Readonly<Record<string, string | undefined>>;
  } = {},
): { readonly app: PackagedApp } | { readonly problem: string } {
  const distDir = options.distDir ?? DIST_DIR;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const explicit = (options.env ?? process.env)['OBYTE_PACKAGED_APP'];
  const candidates = unpackedCandidates(distDir, platform, arch);
  if (explicit !== undefined && explicit !== '') {
    const match = candidates.find((candidate) => candidate.executable === resolve(explicit));
    if (match !== undefined && existsSync(match.executable)) return { app: match };
    if (!existsSync(explicit)) return { problem: noPackagedAppSentence([resolve(explicit)]) };
    // Another layout: the executable's own folder holds resources/ (Windows, Linux).
    const dir = resolve(explicit, '..');
    return {
      app: {
        executable: resolve(explicit),
        fuseTarget: resolve(explicit),
        resources: join(dir, 'resources'),
        platform,
        builderArch: BUILDER_ARCH[arch] ?? 1,
      },
    };
  }
  const found = candidates.find((candidate) => existsSync(candidate.executable));
  if (found !== undefined) return { app: found };
  return { problem: noPackagedAppSentence(candidates.map((candidate) => candidate.executable)) };
}

export interface RunningApp {
  readonly process: ChildProcess;
  readonly browser: Browser;
  readonly page: Page;
  /** Everything the app printed, for failure messages. */
  readonly output: () => string;
  /** Asks the app to quit and waits until its process has ended; says how it ended. */
  quit(): Promise<string>;
}

/** Starts the packaged app with its own data folder and returns its window. */
export async function launchPackagedApp(
  app: PackagedApp,
  userDataDir: string,
  options: { readonly timeoutMs?: number } = {},
): Promise<RunningApp> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const child = spawn(
    app.executable,
    [`--user-data-dir=${userDataDir}`, '--remote-debugging-port=0'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } },
  );
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const endpoint = await new Promise<string>((found, failed) => {
    const timer = setTimeout(
      () =>
        failed(
          new Error(`The app printed no DevTools address in ${timeoutMs / 1000} s:\n${output}`),
        ),
      timeoutMs,
    );
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        found(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      failed(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      failed(new Error(`The app ended (exit code ${String(code)}) before it opened:\n${output}`));
    });
  });
  const browser = await chromium.connectOverCDP(endpoint, { timeout: timeoutMs });
  const page = await appPage(browser, timeoutMs);
  return {
    process: child,
    browser,
    page,
    output: () => output,
    quit: async () => {
      const ended = (ms: number): Promise<boolean> =>
        Promise.race([
          exited.then(() => true),
          new Promise<boolean>((done) => setTimeout(() => done(false), ms)),
        ]);
      if (child.exitCode !== null) return `had already ended (exit code ${child.exitCode})`;
      // The browser's own close: Electron quits as when the last window closes.
      try {
        const session = await browser.newBrowserCDPSession();
        await session.send('Browser.close');
      } catch {
        // The connection may drop while the app closes.
      }
      if (await ended(20_000)) return `quit (exit code ${String(child.exitCode)})`;
      child.kill('SIGTERM');
      if (await ended(20_000)) return `quit on SIGTERM (exit code ${String(child.exitCode)})`;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`The app did not quit within 40 s:\n${output}`);
    },
  };
}

/** The app's window (its page on the app: origin), once it has one. */
async function appPage(browser: Browser, timeoutMs: number): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const context of browser.contexts()) {
      const page = context.pages().find((candidate) => candidate.url().startsWith(APP_ORIGIN));
      if (page !== undefined) return page;
    }
    if (Date.now() > deadline) {
      const urls = browser.contexts().flatMap((context) => context.pages().map((p) => p.url()));
      throw new Error(
        `No window on ${APP_ORIGIN} in ${timeoutMs / 1000} s (pages: ${urls.join(', ')})`,
      );
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}
