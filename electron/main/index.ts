/**
 * The composition root of the Electron app: one instance, the app protocol that serves the
 * renderer, every service built once (compose.ts), IPC registered, the window created, events
 * forwarded to the page; `obyte:` links, notifications and the update check adapted to the OS.
 * The only file here that touches the Electron app lifecycle.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  Notification,
  protocol,
  screen,
  shell,
  type WebContents,
} from 'electron';
import type { AppUpdater } from 'electron-updater';
import { EVENT_CHANNEL, type DeepLink, type ThemePreference } from '../../shared/ipc';
import { URI_SCHEMES } from '../../shared/protocol/uri';
import { composeServices, type Services } from './compose';
import { KeytarKeychain } from './services/keystore/index';
import { registerIpc } from './ipc/register';
import { originOf } from './ipc/sender';
import { AppPaths } from './services/app-paths';
import { systemClock } from './services/clock';
import { DeepLinkInbox, schemesToClaim } from './services/deep-links';
import { LogFile } from './services/log-file';
import type { LogSink } from './services/logger';
import type { NotificationPort } from './services/notifications';
import { RendererFiles } from './services/renderer-files';
import { appMenuTemplate, releaseDownloader, type UpdateBridge } from './updates';
import { goMenu } from './go-menu';
import { createMainWindow } from './window';
import { nativeConfirmation } from './native-confirmation';

const APP_SCHEME = 'app';
const APP_ORIGIN = `${APP_SCHEME}://obyte`;
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const OUT_DIR = join(import.meta.dirname, '..');
/** electron-builder's appId: Windows needs it to show notifications. */
const APP_USER_MODEL_ID = 'org.obyte.light';

/** Links from the OS wait here until the page listens (a macOS launch link comes before ready). */
const deepLinks = new DeepLinkInbox();
/** Brings the window forward, opening it again if it was closed (macOS); set by start(). */
let showWindow: () => void = () => undefined;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
]);
app.enableSandbox();

/** Every web contents, not only ours, is denied navigation, new windows and webviews. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Electron's notifications and badge, for the plain-Node notification policy. */
function electronNotificationPort(): NotificationPort {
  // Kept referenced while shown: a collected Notification loses its click handler.
  const live = new Set<Notification>();
  return {
    isSupported: () => Notification.isSupported(),
    show: (content, onClick) => {
      const notification = new Notification({ title: content.title, body: content.body });
      live.add(notification);
      notification.on('click', onClick);
      notification.on('close', () => live.delete(notification));
      notification.show();
      return {
        close: () => {
          live.delete(notification);
          notification.close();
        },
      };
    },
    setBadgeCount: (count) => {
      app.setBadgeCount(count);
    },
  };
}

function backgroundFor(theme: ThemePreference): string {
  const dark = theme === 'dark' || (theme === 'system' && nativeTheme.shouldUseDarkColors);
  return dark ? '#14171c' : '#f6f7f9';
}

async function start(): Promise<void> {
  const paths = new AppPaths({ root: app.getPath('userData'), home: homedir() });
  const logFile = new LogFile(paths.logFile);
  const logSink: LogSink = DEV_SERVER_URL
    ? (line) => {
        logFile.sink(line);
        console.log(line);
      }
    : logFile.sink;

  let mainWindow: BrowserWindow | null = null;
  // Events for the page that must not be lost while it loads (a notification click on macOS
  // after the window was closed); links have their own queue.
  let pageReady = false;
  const afterLoad: Array<() => void> = [];
  const whenPageReady = (send: () => void): void => {
    if (pageReady) send();
    else afterLoad.push(send);
  };
  const appOrigin = DEV_SERVER_URL ? (originOf(DEV_SERVER_URL) ?? APP_ORIGIN) : APP_ORIGIN;
  const services: Services = await composeServices({
    app: { name: app.getName(), version: app.getVersion() },
    updates: electronUpdateBridge(),
    paths,
    appOrigin,
    clock: systemClock,
    logSink,
    logLevel: DEV_SERVER_URL ? 'debug' : 'info',
    // keytar is loaded on first use; a missing Secret Service becomes "keychain unavailable".
    keychain: new KeytarKeychain(),
    // Web links and a keychain wallet's recovery phrase: only after the user said yes here.
    confirmation: nativeConfirmation(),
    // Live payments and chat messages; a click shows the window and what it was about.
    notifications: {
      port: electronNotificationPort(),
      onClick: (target) => {
        showWindow();
        whenPageReady(() => services.events.emit('notificationClicked', target));
      },
      isWindowFocused: () => mainWindow?.isFocused() ?? false,
      escapeMarkup: process.platform === 'linux',
    },
    desktop: {
      chooseSavePath: async (suggestedName) => {
        const extension = suggestedName.slice(suggestedName.lastIndexOf('.') + 1);
        const kind =
          { csv: 'CSV', json: 'JSON', jsonl: 'JSON lines' }[extension] ?? extension.toUpperCase();
        const options = {
          title: `Export as ${kind}`,
          defaultPath: join(app.getPath('documents'), suggestedName),
          filters: [{ name: kind, extensions: [extension] }],
        };
        const window = BrowserWindow.getFocusedWindow();
        const result = window
          ? await dialog.showSaveDialog(window, options)
          : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      writeTextFile: (path, text) => writeFile(path, text, 'utf8'),
      // The full backup's file: main's own dialogs, so the page never names a path.
      backupDialogs: {
        chooseSavePath: async (suggestedName) => {
          const options = {
            title: 'Save a backup of the wallet',
            defaultPath: join(app.getPath('documents'), suggestedName),
            filters: [{ name: 'Obyte Light backup', extensions: ['obyte-backup'] }],
          };
          const window = BrowserWindow.getFocusedWindow();
          const result = window
            ? await dialog.showSaveDialog(window, options)
            : await dialog.showSaveDialog(options);
          return result.canceled || !result.filePath ? null : result.filePath;
        },
        chooseOpenPath: async () => {
          const options = {
            title: 'Restore from a backup file',
            defaultPath: app.getPath('documents'),
            properties: ['openFile' as const],
            filters: [
              { name: 'Obyte Light backup', extensions: ['obyte-backup'] },
              { name: 'All files', extensions: ['*'] },
            ],
          };
          const window = BrowserWindow.getFocusedWindow();
          const result = window
            ? await dialog.showOpenDialog(window, options)
            : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
        chooseFolder: async () => {
          const options = {
            title: 'Choose a folder for the automatic backup',
            defaultPath: app.getPath('documents'),
            properties: ['openDirectory' as const, 'createDirectory' as const],
          };
          const window = BrowserWindow.getFocusedWindow();
          const result = window
            ? await dialog.showOpenDialog(window, options)
            : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
      },
      openExternal: (url) => shell.openExternal(url),
    },
  });
  const { logger, settings, events } = services;

  const files = new RendererFiles(join(OUT_DIR, 'renderer'));
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return new Response(null, { status: 404 });
    const file = await files.get(url.pathname);
    return new Response(file.body, { status: file.status, headers: file.headers });
  });

  registerIpc(ipcMain, services.dispatcher);
  nativeTheme.themeSource = settings.get().theme;
  settings.onChange((next) => {
    nativeTheme.themeSource = next.theme;
  });

  const linkTarget = {
    network: () => settings.get().network,
    deliver: (link: DeepLink) => events.emit('deepLinkOpened', link),
    logger: logger.child('links'),
  };
  const pageGone = (): void => {
    pageReady = false;
    deepLinks.disconnect();
  };

  const openWindow = async (): Promise<void> => {
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    const state = await services.windowState.load(workAreas);
    const window = createMainWindow({
      BrowserWindow,
      preloadPath: join(OUT_DIR, 'preload', 'index.cjs'),
      url: DEV_SERVER_URL ?? `${APP_ORIGIN}/index.html`,
      state,
      backgroundColor: backgroundFor(settings.get().theme),
      onStateChange: (next) => void services.windowState.save(next),
      openExternal: (url) => void shell.openExternal(url),
      onLoadError: (error) => logger.error('The window could not load the app page', { error }),
      devTools: !app.isPackaged,
    });
    mainWindow = window;
    window.webContents.on('did-start-loading', pageGone);
    window.webContents.on('did-finish-load', () => {
      pageReady = true;
      for (const send of afterLoad.splice(0)) send();
      deepLinks.connect(linkTarget);
    });
    window.on('closed', () => {
      pageGone();
      mainWindow = null;
    });
  };
  showWindow = () => {
    if (!mainWindow) {
      void openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  events.subscribe((event, payload) => {
    const contents = mainWindow?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  });

  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  if (app.isPackaged) {
    const claim = schemesToClaim(URI_SCHEMES, {
      isOurs: (scheme) => app.isDefaultProtocolClient(scheme),
      holderOf: (scheme) => app.getApplicationNameForProtocol(`${scheme}://`),
    });
    for (const scheme of claim) app.setAsDefaultProtocolClient(scheme);
  }

  // The Help menu shows the same update state as Settings: it is rebuilt when that changes. The
  // Go menu lists the screens with their shortcuts.
  const setMenu = (): void =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate(process.platform, services.updates.menuItems(), [
          goMenu((where) => {
            showWindow();
            whenPageReady(() => services.events.emit('navigate', where));
          }),
        ]),
      ),
    );
  services.updates.onChange(setMenu);
  setMenu();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting waits (at most AUTO_BACKUP_FLUSH_MS) for an automatic backup still to be written:
  // will-quit does not wait for what it starts.
  let backupFlushed = false;
  app.on('before-quit', (event) => {
    if (backupFlushed) return;
    backupFlushed = true;
    event.preventDefault();
    void services.autoBackup.flush().finally(() => app.quit());
  });
  app.on('will-quit', () => {
    void services.close().finally(() => logFile.close());
  });

  await openWindow();
  void services.updates.atStartup();
}

/** electron-updater (loaded on the first check) and native dialogs, for the update check. */
function electronUpdateBridge(): UpdateBridge {
  return {
    supported: app.isPackaged,
    download: releaseDownloader((url) => net.fetch(url)),
    updater: () => {
      const { autoUpdater } = createRequire(import.meta.url)('electron-updater') as {
        autoUpdater: AppUpdater;
      };
      return autoUpdater;
    },
    ui: {
      show: async (notice) => {
        const buttons = notice.action ? [notice.action, 'Later'] : ['OK'];
        const options = {
          type: 'info' as const,
          message: notice.message,
          detail: notice.detail,
          buttons,
          defaultId: 0,
          cancelId: buttons.length - 1,
          noLink: true,
        };
        const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
        const answer = parent
          ? await dialog.showMessageBox(parent, options)
          : await dialog.showMessageBox(options);
        return notice.action !== null && answer.response === 0;
      },
      openReleasePage: (url) => shell.openExternal(url),
    },
  };
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // A link that started the app (Windows, Linux), one opened while it runs (a second launch on
  // Windows and Linux, open-url on macOS): all go to the inbox and bring the window forward.
  deepLinks.receiveArgv(process.argv);
  app.on('second-instance', (_event, argv) => {
    deepLinks.receiveArgv(argv);
    showWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deepLinks.receive(url);
    showWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Obyte Light could not start', error);
      app.exit(1);
    });
}
