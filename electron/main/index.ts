/**
 * The composition root of the Electron app: one instance, the app protocol that serves the
 * renderer, every service built once (compose.ts), IPC registered, the window created, events
 * forwarded to the page. The only file here that touches the Electron app lifecycle.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  nativeTheme,
  protocol,
  screen,
  shell,
  type WebContents,
} from 'electron';
import { EVENT_CHANNEL, type ThemePreference } from '../../shared/ipc';
import { composeServices, type Services } from './compose';
import { registerIpc } from './ipc/register';
import { originOf } from './ipc/sender';
import { AppPaths } from './services/app-paths';
import { systemClock } from './services/clock';
import { LogFile } from './services/log-file';
import type { LogSink } from './services/logger';
import { RendererFiles } from './services/renderer-files';
import { createMainWindow } from './window';

const APP_SCHEME = 'app';
const APP_ORIGIN = `${APP_SCHEME}://obyte`;
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const OUT_DIR = join(import.meta.dirname, '..');

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

  const appOrigin = DEV_SERVER_URL ? (originOf(DEV_SERVER_URL) ?? APP_ORIGIN) : APP_ORIGIN;
  const services: Services = await composeServices({
    app: { name: app.getName(), version: app.getVersion() },
    paths,
    appOrigin,
    clock: systemClock,
    logSink,
    logLevel: DEV_SERVER_URL ? 'debug' : 'info',
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

  let mainWindow: BrowserWindow | null = null;
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
    window.on('closed', () => {
      mainWindow = null;
    });
  };

  events.subscribe((event, payload) => {
    const contents = mainWindow?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  });

  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    services.dispose();
    void logFile.close();
  });

  await openWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Obyte Light could not start', error);
      app.exit(1);
    });
}
