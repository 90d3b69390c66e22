/** The window factory's security options and handlers, with an injected fake BrowserWindow. */
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  createMainWindow,
  type BrowserWindowLike,
  type MainWindowDeps,
  type WebContentsLike,
} from '../../electron/main/window';

type Listener = () => void;
type NavListener = (event: { preventDefault(): void }) => void;

class FakeWebContents implements WebContentsLike {
  readonly listeners = new Map<string, NavListener[]>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  permissionRequest: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null =
    null;
  permissionCheck: (() => boolean) | null = null;
  readonly session = {
    setPermissionRequestHandler: (
      handler: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null,
    ) => {
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler: (handler: (() => boolean) | null) => {
      this.permissionCheck = handler;
    },
  };
  on(event: string, listener: NavListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  fire(event: string): { prevented: boolean } {
    const result = { prevented: false };
    for (const listener of this.listeners.get(event) ?? []) {
      listener({ preventDefault: () => (result.prevented = true) });
    }
    return result;
  }
}

class FakeWindow implements BrowserWindowLike {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly listeners = new Map<string, Listener[]>();
  loaded: string | null = null;
  shown = false;
  maximized = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 700 };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  show(): void {
    this.shown = true;
  }
}

function make(overrides: Partial<MainWindowDeps<FakeWindow>> = {}) {
  const openExternal = vi.fn<(url: string) => void>();
  const onStateChange = vi.fn();
  const window = createMainWindow<FakeWindow>({
    BrowserWindow: FakeWindow,
    preloadPath: '/app/out/preload/index.cjs',
    url: 'app://obyte/index.html',
    state: { bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: false },
    backgroundColor: '#ffffff',
    onStateChange,
    openExternal,
    onLoadError: () => undefined,
    devTools: false,
    ...overrides,
  });
  return { window, openExternal, onStateChange };
}

describe('createMainWindow', () => {
  it('creates a sandboxed, context-isolated window with no Node and no webviews', () => {
    const { window } = make();
    const prefs = window.options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
  });

  it('is a resizable desktop window with a minimum size, restored where it was', () => {
    const { window } = make();
    expect(window.options).toMatchObject({
      x: 5,
      y: 6,
      width: 1000,
      height: 700,
      resizable: true,
      minWidth: 640,
      minHeight: 480,
      show: false,
    });
    expect(window.loaded).toBe('app://obyte/index.html');
  });

  it('denies navigation, redirects and webviews', () => {
    const { window } = make();
    expect(window.webContents.fire('will-navigate').prevented).toBe(true);
    expect(window.webContents.fire('will-redirect').prevented).toBe(true);
    expect(window.webContents.fire('will-attach-webview').prevented).toBe(true);
  });

  it('denies window.open; explorer links go to the OS browser, nothing else does', () => {
    const { window, openExternal } = make();
    const handler = window.webContents.openHandler;
    expect(handler).not.toBeNull();
    expect(handler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    const unit = 'https://explorer.obyte.org/#abc';
    expect(handler?.({ url: unit })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith(unit);
  });

  it('denies every permission request and check', () => {
    const { window } = make();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      window.webContents.permissionRequest?.(window.webContents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(window.webContents.permissionCheck?.()).toBe(false);
  });

  it('shows when ready, maximized if it was, and saves its bounds on close', () => {
    const { window, onStateChange } = make({
      state: { bounds: { width: 1000, height: 700 }, maximized: true },
    });
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
    expect(window.maximized).toBe(true);
    window.emit('close');
    expect(onStateChange).toHaveBeenCalledWith({
      bounds: { x: 10, y: 20, width: 900, height: 700 },
      maximized: true,
    });
  });
});
