/**
 * The update check. Off until the user turns it on (a check tells GitHub the app's version and
 * the user's IP address), through electron-updater, and it only checks and shows: it never
 * downloads or installs. The user gets the release page, downloads the installer there and can
 * check its checksum and signature; a wallet must not replace itself behind the user's back.
 *
 * The controls live in the application menu (Help): "Check for Updates…" (one check, now) and
 * "Check for Updates at Startup" (the opt-in, kept in `update-check.json` beside settings.json).
 * Electron and electron-updater are passed in by index.ts; this module imports types only, so
 * it runs under plain Node in tests.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AtomicFile } from './services/atomic-file';
import type { Logger } from './services/logger';

/** Where releases are published: the `publish` section of electron-builder.yml says the same. */
export const RELEASE_REPOSITORY = { owner: 'byteball', repo: 'obyte-light' } as const;
export const RELEASES_URL = `https://github.com/${RELEASE_REPOSITORY.owner}/${RELEASE_REPOSITORY.repo}/releases`;

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

  async set(checkAtStartup: boolean): Promise<void> {
    await this.file.write(`${JSON.stringify({ version: 1, checkAtStartup }, null, 2)}\n`);
    this.value = checkAtStartup;
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
  openReleasePage(url: string): void;
}

export type CheckOutcome = 'available' | 'latest' | 'failed' | 'unsupported' | 'busy';

export class UpdateCheck {
  private readonly updater: () => UpdaterLike;
  private readonly currentVersion: string;
  private readonly preference: UpdatePreference;
  private readonly ui: UpdateUi;
  private readonly logger: Logger;
  private readonly supported: boolean;
  private running = false;

  constructor(deps: {
    /** Called only when a check runs: an opted-out user never touches electron-updater. */
    updater: () => UpdaterLike;
    currentVersion: string;
    preference: UpdatePreference;
    ui: UpdateUi;
    logger: Logger;
    /** False in development and unpacked builds, which have no release feed. */
    supported: boolean;
  }) {
    this.updater = deps.updater;
    this.currentVersion = deps.currentVersion;
    this.preference = deps.preference;
    this.ui = deps.ui;
    this.logger = deps.logger;
    this.supported = deps.supported;
  }

  /** At start: a quiet check if the user opted in; shows something only when there is news. */
  async atStartup(): Promise<CheckOutcome | null> {
    if (!this.preference.checkAtStartup || !this.supported) return null;
    return this.check(false);
  }

  /** The user asked: always answers, also "up to date" and "could not check". */
  checkNow(): Promise<CheckOutcome> {
    return this.check(true);
  }

  async setCheckAtStartup(enabled: boolean): Promise<void> {
    try {
      await this.preference.set(enabled);
    } catch (error) {
      this.logger.error('Could not save the update-check preference', { error });
    }
  }

  menuItems(): MenuItemConstructorOptions[] {
    return [
      {
        label: 'Check for Updates…',
        enabled: this.supported,
        click: () => void this.checkNow(),
      },
      {
        label: 'Check for Updates at Startup',
        type: 'checkbox',
        checked: this.preference.checkAtStartup,
        enabled: this.supported,
        click: (item) => void this.setCheckAtStartup(item.checked),
      },
    ];
  }

  private async check(loud: boolean): Promise<CheckOutcome> {
    if (!this.supported) {
      if (loud) {
        await this.ui.show({
          message: 'Update checks work only in an installed copy of Obyte Light',
          detail: `This copy (${this.currentVersion}) was not installed from a release.`,
          action: null,
        });
      }
      return 'unsupported';
    }
    if (this.running) return 'busy';
    this.running = true;
    try {
      const outcome = await this.ask();
      if (outcome.kind === 'available') {
        const open = await this.ui.show({
          message: `Obyte Light ${outcome.version} is available`,
          detail: `You have ${this.currentVersion}. Download the new version from the release page and check it before installing; Obyte Light never installs updates by itself.`,
          action: 'Open Release Page',
        });
        if (open) this.ui.openReleasePage(`${RELEASES_URL}/tag/v${outcome.version}`);
      } else if (loud && outcome.kind === 'latest') {
        await this.ui.show({
          message: 'Obyte Light is up to date',
          detail: `You have ${this.currentVersion}, the latest release.`,
          action: null,
        });
      } else if (loud) {
        await this.ui.show({
          message: 'Could not check for updates',
          detail:
            'The release page on GitHub could not be reached or did not answer as expected. Check the connection and try again; the details are in the log file.',
          action: null,
        });
      }
      return outcome.kind;
    } finally {
      this.running = false;
    }
  }

  private async ask(): Promise<
    { kind: 'available'; version: string } | { kind: 'latest' } | { kind: 'failed' }
  > {
    try {
      const result = await this.updater().checkForUpdates();
      if (result === null) return { kind: 'failed' };
      const version = result.updateInfo.version;
      if (!result.isUpdateAvailable) return { kind: 'latest' };
      if (typeof version !== 'string' || !VERSION_RE.test(version)) {
        this.logger.warn('The release feed named a version that is not one', {
          version: String(version).slice(0, 60),
        });
        return { kind: 'failed' };
      }
      this.logger.info('An update is available', { version, current: this.currentVersion });
      return { kind: 'available', version };
    } catch (error) {
      this.logger.warn('The update check failed', { error });
      return { kind: 'failed' };
    }
  }
}

/**
 * Electron's default menu without its links to electron.org: the roles every desktop app has
 * (copy and paste live in Edit), and Help with the update check.
 */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  helpItems: MenuItemConstructorOptions[],
): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: helpItems },
  ];
}
