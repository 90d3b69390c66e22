/**
 * The browser harness: the built renderer on a loopback server, opened in Debian's Chromium,
 * with `window.obyte` bridged to the SAME services and IPC dispatcher the Electron app builds
 * (compose.ts). Only the transport differs: a Playwright binding instead of ipcRenderer, and the
 * calling frame's URL standing in for Electron's sender frame. Test-only.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { composeServices, type Services } from '../../../electron/main/compose';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { systemClock } from '../../../electron/main/services/clock';
import type { Keychain, ScryptParams } from '../../../electron/main/services/keystore/index';
import type { NotificationPort } from '../../../electron/main/services/notifications';
import type { DesktopBridge } from '../../../electron/main/ipc/desktop-bridge';
import type { UpdateBridge } from '../../../electron/main/updates';
import type { UserConfirmation } from '../../../electron/main/services/user-confirmation';
import { buildPageBridge, buildRenderer } from './build';
import { DELIVER_HOOK, INVOKE_BINDING } from './page-bridge';
import { serveRenderer, type StaticServer } from './server';

/** Weak scrypt for harness keystores only, so an e2e unlock takes milliseconds. */
const HARNESS_SCRYPT = { N: 16, r: 1, p: 1 } as const;

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HarnessAssets {
  readonly rendererDir: string;
  readonly bridgeScript: string;
}

/** Builds the renderer and the bridge; done once per test file (about a second). */
export async function buildHarnessAssets(): Promise<HarnessAssets> {
  const [rendererDir, bridgeScript] = await Promise.all([buildRenderer(), buildPageBridge()]);
  return { rendererDir, bridgeScript };
}

export interface Harness {
  readonly server: StaticServer;
  readonly services: Services;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly userDataDir: string;
  /** Every line the main-process logger wrote. */
  readonly logs: readonly string[];
  /** Opens the app page and waits until the shell has its first data. */
  open(page?: Page, hash?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  assets: HarnessAssets,
  options: {
    viewport?: { width: number; height: number };
    /** A (test) devnet hub: the app starts on devnet with this hub. Without it, no hub at all. */
    hubUrl?: string;
    /** Fallback hubs after `hubUrl` (the first is also asked as the second hub). */
    fallbackHubs?: string[];
    /** Fast scrypt for wallets written in the test (never in the app). */
    testScrypt?: ScryptParams;
    /** The test devnet's genesis unit, when the hub serves a synthetic DAG. */
    genesisUnit?: string;
    /**
     * The OS notifications (a recording port); a click is delivered to the page as the app does.
     * `windowFocused` says whether the app window counts as focused (default: not).
     */
    notifications?: { port: NotificationPort; windowFocused?: () => boolean };
    /** A fake electron-updater and dialogs; without it, like the unpackaged app, no checks. */
    updates?: UpdateBridge;
    /** An OS keychain (tests pass an in-memory one); without it the keychain is unavailable. */
    keychain?: Keychain;
    /** The OS side of saving files and opening links (a test's stand-in for the dialogs). */
    desktop?: DesktopBridge;
    /**
     * Main's own dialogs (a recording stand-in); without it, as in the CLI, what needs the
     * user's confirmation in person (signing a message, a keychain wallet's phrase) is refused.
     */
    confirmation?: UserConfirmation;
  } = {},
): Promise<Harness> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'obyte-harness-data-'));
  if (options.hubUrl !== undefined) {
    await writeFile(
      join(userDataDir, 'settings.json'),
      JSON.stringify({
        version: 1,
        settings: {
          theme: 'light',
          network: 'devnet',
          devnetHubUrl: options.hubUrl,
          unit: 'GBYTE',
          ...(options.fallbackHubs === undefined
            ? {}
            : {
                customHubs: {
                  devnet: { url: options.hubUrl, fallbacks: options.fallbackHubs },
                },
              }),
        },
      }),
    );
  }
  const browserDir = await mkdtemp(join(tmpdir(), 'obyte-harness-chromium-'));
  const server = await serveRenderer(assets.rendererDir);
  const logs: string[] = [];
  const services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: userDataDir, home: homedir() }),
    appOrigin: server.origin,
    clock: systemClock,
    logSink: (line) => logs.push(line),
    // The harness never reaches a public hub: only the test hub it was given.
    offline: options.hubUrl === undefined,
    // TEST ONLY: keystores written by the harness use fast scrypt (the file records it).
    testScrypt: HARNESS_SCRYPT,
    // TEST ONLY: the wrong-password delay tops out at 2 s (the app's is 5 min), so a flow can
    // show the countdown and then go on.
    testMaxRetryDelayMs: 2_000,
    // TEST ONLY: backups written by the harness use a cheap scrypt (the file records it).
    testBackupScrypt: { N: 2 ** 10, r: 8, p: 1 },
    ...(options.genesisUnit === undefined ? {} : { genesisUnit: options.genesisUnit }),
    ...(options.testScrypt === undefined ? {} : { testScrypt: options.testScrypt }),
    ...(options.notifications === undefined
      ? {}
      : {
          notifications: {
            port: options.notifications.port,
            onClick: (target) => services.events.emit('notificationClicked', target),
            isWindowFocused: options.notifications.windowFocused ?? (() => false),
            escapeMarkup: false,
          },
        }),
    ...(options.updates === undefined ? {} : { updates: options.updates }),
    ...(options.keychain === undefined ? {} : { keychain: options.keychain }),
    ...(options.desktop === undefined ? {} : { desktop: options.desktop }),
    ...(options.confirmation === undefined ? {} : { confirmation: options.confirmation }),
  });

  const context = await chromium.launchPersistentContext(browserDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1180, height: 760 },
  });
  await context.exposeBinding(INVOKE_BINDING, (source, method: unknown, params: unknown) =>
    services.dispatcher.dispatch(method, params, {
      url: source.frame.url(),
      isMainFrame: source.frame === source.page.mainFrame(),
    }),
  );
  await context.addInitScript({ content: assets.bridgeScript });

  // Like the Electron app, which sends events only to its own window: app-origin pages only.
  const stopEvents = services.events.subscribe((event, payload) => {
    for (const page of context.pages()) {
      if (!page.url().startsWith(`${server.origin}/`)) continue;
      page
        .evaluate(
          ([hook, name, body]) => {
            const deliver = (globalThis as unknown as Record<string, unknown>)[hook];
            if (typeof deliver === 'function') deliver(name, body);
          },
          [DELIVER_HOOK, event, payload] as const,
        )
        .catch(() => undefined);
    }
  });

  const page = context.pages()[0] ?? (await context.newPage());

  return {
    server,
    services,
    context,
    page,
    userDataDir,
    logs,
    async open(target = page, hash = '#/wallet') {
      // A fresh document each time: a hash-only change would keep focus and state.
      await target.goto('about:blank');
      await target.goto(`${server.origin}/${hash}`);
      await target.locator('footer[aria-label="Status"] dl').waitFor();
    },
    async close() {
      stopEvents();
      await services.close();
      await context.close();
      await server.close();
      await rm(browserDir, { recursive: true, force: true });
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
