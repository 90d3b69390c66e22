/**
 * Builds every service once, with explicit dependencies, and wires them together. Plain Node:
 * the Electron composition root (index.ts) and the browser test harness both call this, so the
 * harness runs the very same services and handler table as the app.
 */
import type { AppPaths } from './services/app-paths';
import { AtomicFile } from './services/atomic-file';
import type { Clock } from './services/clock';
import { EventHub } from './services/event-hub';
import { Logger, type LogLevel, type LogSink } from './services/logger';
import { SettingsStore } from './services/settings-store';
import { StatusService } from './services/status';
import { WalletSession } from './services/wallet-session';
import { WindowStateStore } from './services/window-state';
import { IpcDispatcher } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { trustedSender } from './ipc/sender';

export interface ComposeOptions {
  readonly app: { readonly name: string; readonly version: string };
  readonly paths: AppPaths;
  /** The origin the app's page is served from; IPC from anywhere else is refused. */
  readonly appOrigin: string;
  readonly clock: Clock;
  readonly logSink: LogSink;
  readonly logLevel?: LogLevel;
}

export interface Services {
  readonly logger: Logger;
  readonly paths: AppPaths;
  readonly events: EventHub;
  readonly settings: SettingsStore;
  readonly status: StatusService;
  readonly wallet: WalletSession;
  readonly windowState: WindowStateStore;
  readonly dispatcher: IpcDispatcher;
  /** Detaches the listeners wired here. */
  readonly dispose: () => void;
}

export async function composeServices(options: ComposeOptions): Promise<Services> {
  const { clock } = options;
  const logger = new Logger({ sink: options.logSink, clock, level: options.logLevel });
  const { paths } = options;
  const events = new EventHub({ logger: logger.child('events') });
  const settings = new SettingsStore({
    file: new AtomicFile(paths.settingsFile),
    logger: logger.child('settings'),
    clock,
  });
  const initial = await settings.load();
  await paths.ensureNetworkDir(initial.network);
  const status = new StatusService({ events, clock, settings: initial });
  const wallet = new WalletSession();
  const windowState = new WindowStateStore({
    file: new AtomicFile(paths.windowStateFile),
    logger: logger.child('window'),
  });

  const stopSettings = settings.onChange((next, previous) => {
    events.emit('settingsChanged', next);
    status.applySettings(next);
    if (next.network !== previous.network) {
      paths.ensureNetworkDir(next.network).catch((error: unknown) => {
        logger.error('Could not create the data folder for the network', { error });
      });
    }
  });

  const dispatcher = new IpcDispatcher({
    handlers: createHandlers({ app: options.app, paths, settings, status, wallet }),
    isTrustedSender: trustedSender(options.appOrigin),
    isWalletUnlocked: () => wallet.isUnlocked(),
    logger: logger.child('ipc'),
  });

  logger.info('Services ready', { network: initial.network, dataDir: paths.display(paths.root) });
  return {
    logger,
    paths,
    events,
    settings,
    status,
    wallet,
    windowState,
    dispatcher,
    dispose: stopSettings,
  };
}
