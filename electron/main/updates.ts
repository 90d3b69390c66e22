/**
 * The update check. Off until the user turns it on (a check tells GitHub the app's version and
 * the user's IP address), through electron-updater, and it only checks and shows: it never
 * downloads or installs. A newer version is announced only when the release's manifest is signed
 * with the project's release key (release-manifest.ts); anything else is reported in words and
 * ignored. The user gets the release page, downloads the installer there and can check its
 * checksum and signature; a wallet must not replace itself behind the user's back.
 *
 * Two places show it, from this one object: the application menu (Help: "Check for Updates…",
 * "Check for Updates at Startup") and the Settings screen (the `updates.*` IPC methods). The
 * opt-in is kept in `update-check.json` beside settings.json; the last check's result lives for
 * this run only. Electron and electron-updater come in through an `UpdateBridge` built by
 * index.ts; this module imports types only, so it runs under plain Node (tests, the harness).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { UpdateCheckResult, UpdateState } from '../../shared/ipc/update-schemas';
import {
  checkReleaseManifest,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  MAX_SIGNATURE_BYTES,
  SIGNATURE_SUFFIX,
} from './release-manifest';
import type { AtomicFile } from './services/atomic-file';
import type { Clock } from './services/clock';
import type { Logger } from './services/logger';

/** Where releases are published: the `publish` section of electron-builder.yml says the same. */
export const RELEASE_REPOSITORY = { owner: 'byteball', repo: 'obyte-light' } as const;
export const RELEASES_URL = `https://github.com/${RELEASE_REPOSITORY.owner}/${RELEASE_REPOSITORY.repo}/releases`;

/** Where a release's own file is downloaded from (a fixed repository, a checked version). */
export function releaseFileUrl(version: string, name: string): string {
  return `${RELEASES_URL}/download/v${version}/${name}`;
}

/**
 * Fetches a file of a release: its bytes, or null when the release has no such file (HTTP 404).
 * Rejects on a network error or another status, and when the file is larger than `maxBytes`.
 */
export type ReleaseDownload = (url: string, maxBytes: number) => Promise<Uint8Array | null>;

/**
 * A ReleaseDownload over a fetch (Electron's `net.fetch` in the app, which follows GitHub's
 * redirect to its file host and uses the system's proxy settings): 404 is "no such file", any
 * other failure rejects with the status as `code` (HTTP_ERROR_503), as electron-updater does.
 */
export function releaseDownloader(fetchFn: (url: string) => Promise<Response>): ReleaseDownload {
  return async (url, maxBytes) => {
    const response = await fetchFn(url);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw Object.assign(new Error(`HTTP ${response.status} for ${url}`), {
        code: `HTTP_ERROR_${response.status}`,
      });
    }
    const tooLarge = (): Error => new Error(`${url} is larger than ${maxBytes} bytes`);
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (next === undefined || next.done) break;
      total += next.value.length;
      if (total > maxBytes) {
        await reader?.cancel();
        throw tooLarge();
      }
      chunks.push(next.value);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  };
}

/** A version a release feed may name; anything else is not put into a URL. */
const VERSION_RE = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,40})?$/;

interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

/** The part of electron-updater's `AppUpdater` used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  logger: UpdaterLogger | null;
  checkForUpdates(): Promise<{
    readonly isUpdateAvailable: boolean;
    readonly updateInfo: { readonly version: string };
  } | null>;
}

/** Check only: nothing is downloaded, nothing is installed on quit, no pre-releases, no downgrades. */
export function configureUpdater(updater: UpdaterLike, logger: Logger): void {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowPrerelease = false;
  updater.allowDowngrade = false;
  const text = (message: unknown): { message: string } => ({ message: String(message) });
  updater.logger = {
    info: (message) => logger.debug('electron-updater', text(message)),
    warn: (message) => logger.warn('electron-updater', text(message)),
    error: (message) => logger.warn('electron-updater', text(message)),
  };
}

/** The opt-in, in its own small file. Only an explicit `true` turns checks on. */
export class UpdatePreference {
  private readonly file: AtomicFile;
  private value = false;
  /** Writes one after another, so the file ends with the last choice. */
  private queue: Promise<void> = Promise.resolve();

  constructor(file: AtomicFile) {
    this.file = file;
  }

  async load(): Promise<boolean> {
    let raw: unknown;
    try {
      const text = await this.file.read();
      raw = text === null ? null : JSON.parse(text);
    } catch {
      raw = null;
    }
    this.value =
      typeof raw === 'object' &&
      raw !== null &&
      'checkAtStartup' in raw &&
      raw.checkAtStartup === true;
    return this.value;
  }

  get checkAtStartup(): boolean {
    return this.value;
  }

  /** Resolves once the choice is on disk; rejects (and keeps the old value) when it is not. */
  set(checkAtStartup: boolean): Promise<void> {
    const write = this.queue.then(async () => {
      await this.file.write(`${JSON.stringify({ version: 1, checkAtStartup }, null, 2)}\n`);
      this.value = checkAtStartup;
    });
    this.queue = write.catch(() => undefined);
    return write;
  }
}

/** What the user is shown; `action` is the label of the button that opens the release page. */
export interface UpdateNotice {
  readonly message: string;
  readonly detail: string;
  readonly action: string | null;
}

export interface UpdateUi {
  /** Shows the notice; resolves true when the user chose `action`. */
  show(notice: UpdateNotice): Promise<boolean>;
  openReleasePage(url: string): void | Promise<void>;
}

/**
 * The Electron side of the update check, built by index.ts. Without it (the test harness, the
 * CLI) this copy cannot check: the opt-in is still kept, and the Settings screen says that
 * checks work in the installed app.
 */
export interface UpdateBridge {
  /** electron-updater; called only when a check runs, so an opted-out user never loads it. */
  readonly updater: () => UpdaterLike;
  /** Native dialogs, for checks from the menu and news at start. */
  readonly ui: UpdateUi;
  /** False in development and unpacked builds, which have no release feed. */
  readonly supported: boolean;
  /** Fetches the signed manifest of the release the feed names (Electron's net.fetch). */
  readonly download: ReleaseDownload;
  /** Tests only: another release key. The app always checks against the pinned one. */
  readonly releaseKey?: Uint8Array;
}

export type CheckOutcome = 'available' | 'latest' | 'failed' | 'unsupported' | 'busy';

/** Words for a failed check: never electron-updater's message, which may hold a stack or XML. */
export function failureWords(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const status = /^HTTP_ERROR_(\d{3})$/.exec(code)?.[1];
  if (
    /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|CONNECTION_\w+|NETWORK_\w+|ADDRESS_UNREACHABLE|TIMED_OUT|PROXY_\w+)/.test(
      message,
    ) ||
    ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH'].includes(
      code,
    )
  ) {
    return 'GitHub could not be reached. Check the internet connection and try again.';
  }
  if (status === '403' || status === '429') {
    return `GitHub refused the request (HTTP ${status}); it limits how often one address may ask. Try again in an hour.`;
  }
  if (status !== undefined && status.startsWith('5')) {
    return `GitHub had a problem answering (HTTP ${status}). Try again later.`;
  }
  if (
    code === 'ERR_UPDATER_NO_PUBLISHED_VERSIONS' ||
    code === 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND' ||
    code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'
  ) {
    return 'GitHub has no published release of Obyte Light that this copy can read.';
  }
  return 'GitHub did not answer as expected. The details are in the log file.';
}

const NOT_A_VERSION =
  'The release feed named a version that is not one. The details are in the log file.';
const NO_ANSWER = 'electron-updater gave no answer. The details are in the log file.';

export class UpdateCheck {
  private readonly updater: () => UpdaterLike;
  private readonly currentVersion: string;
  private readonly preference: UpdatePreference;
  private readonly ui: UpdateUi;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly supported: boolean;
  private readonly download: ReleaseDownload;
  private readonly releaseKey: Uint8Array | undefined;
  private running: Promise<UpdateCheckResult> | null = null;
  private last: UpdateCheckResult | null = null;
  private readonly listeners = new Set<(state: UpdateState) => void>();

  constructor(deps: {
    /** Called only when a check runs: an opted-out user never touches electron-updater. */
    updater: () => UpdaterLike;
    currentVersion: string;
    preference: UpdatePreference;
    ui: UpdateUi;
    logger: Logger;
    clock: Clock;
    /** False in development and unpacked builds, which have no release feed. */
    supported: boolean;
    /** Fetches release files; the manifest of a newer version is checked before it is shown. */
    download: ReleaseDownload;
    /** Tests only: checks manifests against this key instead of the pinned release key. */
    releaseKey?: Uint8Array;
  }) {
    this.updater = deps.updater;
    this.currentVersion = deps.currentVersion;
    this.preference = deps.preference;
    this.ui = deps.ui;
    this.logger = deps.logger;
    this.clock = deps.clock;
    this.supported = deps.supported;
    this.download = deps.download;
    this.releaseKey = deps.releaseKey;
  }

  /** What the menu and the Settings screen show. */
  state(): UpdateState {
    return {
      checkAtStartup: this.preference.checkAtStartup,
      supported: this.supported,
      currentVersion: this.currentVersion,
      checking: this.running !== null,
      lastCheck: this.last,
      releasesUrl: RELEASES_URL,
    };
  }

  /** Told whenever the opt-in changes or a check starts or ends; returns the unsubscribe. */
  onChange(listener: (state: UpdateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At start: a quiet check if the user opted in; shows something only when there is news. */
  async atStartup(): Promise<CheckOutcome | null> {
    if (!this.preference.checkAtStartup || !this.supported) return null;
    const result = await this.run();
    if (result.outcome === 'available') await this.offerRelease(result.version);
    return result.outcome;
  }

  /** The menu's "Check for Updates…": always answers in a dialog, also "up to date". */
  async checkNow(): Promise<CheckOutcome> {
    if (!this.supported) {
      await this.ui.show({
        message: 'Update checks work only in an installed copy of Obyte Light',
        detail: `This copy (${this.currentVersion}) was not installed from a release.`,
        action: null,
      });
      return 'unsupported';
    }
    if (this.running) return 'busy';
    const result = await this.run();
    if (result.outcome === 'available') {
      await this.offerRelease(result.version);
    } else if (result.outcome === 'latest') {
      await this.ui.show({
        message: 'Obyte Light is up to date',
        detail: `You have ${this.currentVersion}, the latest release.`,
        action: null,
      });
    } else {
      await this.ui.show({
        message: 'Could not check for updates',
        detail: result.problem,
        action: null,
      });
    }
    return result.outcome;
  }

  /**
   * The Settings screen's "Check now": one check (or the one already running), no dialog; the
   * page shows `lastCheck`. A copy that cannot check answers with its state unchanged.
   */
  async checkForPage(): Promise<UpdateState> {
    if (this.supported) await this.run();
    return this.state();
  }

  /** Saves the opt-in; throws (after logging) when the file could not be written. */
  async saveCheckAtStartup(enabled: boolean): Promise<UpdateState> {
    try {
      await this.preference.set(enabled);
    } catch (error) {
      this.logger.error('Could not save the update-check preference', { error });
      throw error;
    } finally {
      // Also after a failure: the menu and the page go back to the choice that stayed.
      this.changed();
    }
    return this.state();
  }

  /** The menu's checkbox: a failure is logged, and the menu shows the choice that stayed. */
  async setCheckAtStartup(enabled: boolean): Promise<void> {
    await this.saveCheckAtStartup(enabled).catch(() => undefined);
  }

  /** Opens the release page (a fixed URL) in the OS browser; false when this copy cannot. */
  async openReleasePage(): Promise<boolean> {
    if (!this.supported) return false;
    await this.ui.openReleasePage(RELEASES_URL);
    return true;
  }

  menuItems(): MenuItemConstructorOptions[] {
    const checking = this.running !== null;
    return [
      {
        label: checking ? 'Checking for Updates…' : 'Check for Updates…',
        enabled: this.supported && !checking,
        click: () => void this.checkNow(),
      },
      {
        // Enabled also where checks cannot run, like the Settings screen: the choice is kept.
        label: 'Check for Updates at Startup',
        type: 'checkbox',
        checked: this.preference.checkAtStartup,
        click: (item) => void this.setCheckAtStartup(item.checked),
      },
    ];
  }

  private async offerRelease(version: string): Promise<void> {
    const open = await this.ui.show({
      message: `Obyte Light ${version} is available`,
      detail: `You have ${this.currentVersion}. Download the new version from the release page and check it before installing; Obyte Light never installs updates by itself.`,
      action: 'Open Release Page',
    });
    if (open) await this.ui.openReleasePage(`${RELEASES_URL}/tag/v${version}`);
  }

  /** One check at a time: a second caller gets the running one. */
  private run(): Promise<UpdateCheckResult> {
    if (this.running) return this.running;
    const running = this.ask().then((result) => {
      this.last = result;
      this.running = null;
      this.changed();
      return result;
    });
    this.running = running;
    this.changed();
    return running;
  }

  private async ask(): Promise<UpdateCheckResult> {
    const failed = (problem: string): UpdateCheckResult => ({
      outcome: 'failed',
      at: this.clock.now(),
      problem,
    });
    try {
      const updater = this.updater();
      // Every time, whoever built the updater: check only, never download or install.
      configureUpdater(updater, this.logger);
      const result = await updater.checkForUpdates();
      if (result === null) return failed(NO_ANSWER);
      const version = result.updateInfo.version;
      if (!result.isUpdateAvailable) {
        return { outcome: 'latest', at: this.clock.now(), version: this.currentVersion };
      }
      if (typeof version !== 'string' || !VERSION_RE.test(version)) {
        this.logger.warn('The release feed named a version that is not one', {
          version: String(version).slice(0, 60),
        });
        return failed(NOT_A_VERSION);
      }
      // Announced only when the release's manifest is signed with the release key, names this
      // version, and is newer than this copy; anything else is reported and ignored.
      const [manifest, signature] = await Promise.all([
        this.download(releaseFileUrl(version, MANIFEST_FILE), MAX_MANIFEST_BYTES),
        this.download(
          releaseFileUrl(version, `${MANIFEST_FILE}${SIGNATURE_SUFFIX}`),
          MAX_SIGNATURE_BYTES,
        ),
      ]);
      const check = checkReleaseManifest({
        manifest,
        signature: signature === null ? null : new TextDecoder().decode(signature),
        version,
        currentVersion: this.currentVersion,
        ...(this.releaseKey === undefined ? {} : { publicKey: this.releaseKey }),
      });
      if (!check.ok) {
        this.logger.warn('A release the feed named was ignored', { version, reason: check.reason });
        return failed(check.problem);
      }
      this.logger.info('An update is available', { version, current: this.currentVersion });
      return { outcome: 'available', at: this.clock.now(), version };
    } catch (error) {
      this.logger.warn('The update check failed', { error });
      return failed(failureWords(error));
    }
  }

  private changed(): void {
    const state = this.state();
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.logger.error('An update-state listener failed', { error });
      }
    }
  }
}

/**
 * The update check as compose.ts builds it: the opt-in read from its file, and the bridge's
 * updater and dialogs, or, without a bridge, a copy that cannot check.
 */
export async function openUpdateCheck(deps: {
  file: AtomicFile;
  bridge: UpdateBridge | undefined;
  currentVersion: string;
  logger: Logger;
  clock: Clock;
}): Promise<UpdateCheck> {
  const preference = new UpdatePreference(deps.file);
  await preference.load();
  const bridge = deps.bridge;
  return new UpdateCheck({
    updater:
      bridge?.updater ??
      (() => {
        throw new Error('This copy has no updater');
      }),
    currentVersion: deps.currentVersion,
    preference,
    ui: bridge?.ui ?? {
      show: () => Promise.resolve(false),
      openReleasePage: () => undefined,
    },
    logger: deps.logger,
    clock: deps.clock,
    supported: bridge?.supported ?? false,
    download: bridge?.download ?? (() => Promise.reject(new Error('This copy cannot download'))),
    ...(bridge?.releaseKey === undefined ? {} : { releaseKey: bridge.releaseKey }),
  });
}

/**
 * Electron's default menu without its links to electron.org: the roles every desktop app has
 * (copy and paste live in Edit), the app's own menus, and Help with the update check.
 */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  helpItems: MenuItemConstructorOptions[],
  /** The app's own menus (Go), after View. */
  appMenus: MenuItemConstructorOptions[] = [],
): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    ...appMenus,
    { role: 'windowMenu' },
    { role: 'help', submenu: helpItems },
  ];
}
