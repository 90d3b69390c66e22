/**
 * The only BrowserWindow factory. The page is untrusted by design: sandboxed, context-isolated,
 * no Node, no webviews, no navigation away from the app, no new windows, no permissions. Outside
 * links (the explorer) open in the OS browser. Size and position are remembered.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { isExplorerUrl } from '../../shared/protocol/constants';
import { MIN_WINDOW, type Rect, type WindowState } from './services/window-state';

interface Preventable {
  preventDefault(): void;
}

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;

/** The part of Electron's WebContents the factory touches; tests pass a fake. */
export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: Preventable) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  readonly session: {
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
    setPermissionCheckHandler(handler: (() => boolean) | null): void;
  };
}

/** The part of Electron's BrowserWindow the factory touches; tests pass a fake. */
export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  maximize(): void;
  show(): void;
}

export type BrowserWindowCtor<W extends BrowserWindowLike = BrowserWindowLike> = new (
  options: BrowserWindowConstructorOptions,
) => W;

export interface MainWindowDeps<W extends BrowserWindowLike = BrowserWindowLike> {
  readonly BrowserWindow: BrowserWindowCtor<W>;
  /** The one CommonJS preload file. */
  readonly preloadPath: string;
  /** The app page: `app://obyte/index.html`, or the dev server in development. */
  readonly url: string;
  readonly state: WindowState;
  readonly backgroundColor: string;
  readonly onStateChange: (state: { bounds: Rect; maximized: boolean }) => void;
  readonly openExternal: (url: string) => void;
  readonly onLoadError: (error: unknown) => void;
  readonly devTools: boolean;
}

export function mainWindowOptions(
  deps: MainWindowDeps<BrowserWindowLike>,
): BrowserWindowConstructorOptions {
  return {
    ...deps.state.bounds,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    resizable: true,
    show: false,
    title: 'Obyte Light',
    backgroundColor: deps.backgroundColor,
    autoHideMenuBar: true,
    webPreferences: {
      preload: deps.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: deps.devTools,
    },
  };
}

export function createMainWindow<W extends BrowserWindowLike>(deps: MainWindowDeps<W>): W {
  const window = new deps.BrowserWindow(mainWindowOptions(deps));
  const contents = window.webContents;

  const deny = (event: Preventable): void => event.preventDefault();
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-attach-webview', deny);
  contents.setWindowOpenHandler(({ url }) => {
    if (isExplorerUrl(url)) deps.openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  contents.session.setPermissionCheckHandler(() => false);

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = (): void => {
    clearTimeout(saveTimer);
    deps.onStateChange({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const saveSoon = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', saveNow);

  window.once('ready-to-show', () => {
    if (deps.state.maximized) window.maximize();
    window.show();
  });
  window.loadURL(deps.url).catch(deps.onLoadError);
  return window;
}
