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
import { TextcoinSession } from './services/textcoin-session';
import { BackupDrafts } from './services/wallet/backup-drafts';
import { OutboxAnnouncer } from './services/wallet/outbox-announcer';
import { WalletPreferences } from './services/wallet/preferences';
import { nodeRandomSource } from './services/random';
import { ChatSession } from './services/chat/chat-session';
import type { DeviceSigner } from './services/keystore/signer';
import type { Keychain, ScryptParams } from './services/keystore/index';
import { PASSIVE_METHODS, type Network, type Settings } from '../../shared/ipc';
import { WindowStateStore } from './services/window-state';
import { IpcDispatcher } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { accountsView } from './ipc/accounts-view';
import { restoreProgressView, walletStatusView } from './ipc/wallet-view';
import type { DesktopBridge } from './ipc/desktop-bridge';
import { balancesView, LightSession } from './services/sync/index';
import { hubUrlFor, type HubChoice } from './services/networks';
import { statusView } from './ipc/status-view';
import { forwardChatEvents } from './ipc/chat-view';
import type { HubClientTiming } from './services/hub/index';
import { trustedSender } from './ipc/sender';
import { composeNotifications, type NotificationsBridge } from './compose-notifications';
import type { NotificationService } from './services/notifications';
import type { UserConfirmation } from './services/user-confirmation';
import { openUpdateCheck, type UpdateBridge, type UpdateCheck } from './updates';
import { join } from 'node:path';
import {
  AutoBackupService,
  BackupService,
  createBackupRegistry,
  keystoreIn,
} from './services/backup/index';
import { systemTimers } from './services/timers';
import { NetworkSchema } from '../../shared/ipc/schemas';
import { BackupRecord } from './services/backup/backup-record';
import { createBackupHandlers, RESTORING_MESSAGE, RestoreWindow } from './ipc/backup-handlers';
import type { BackupScryptParams } from '../../shared/backup/format';

export interface ComposeOptions {
  readonly app: { readonly name: string; readonly version: string };
  readonly paths: AppPaths;
  /** The origin the app's page is served from; IPC from anywhere else is refused. */
  readonly appOrigin: string;
  readonly clock: Clock;
  readonly logSink: LogSink;
  readonly logLevel?: LogLevel;
  /** A hub to use instead of the settings' one (the CLI's --hub, a test hub); not saved. */
  readonly hubUrl?: string;
  /**
   * A network to use instead of the settings' one (the CLI's --network); not saved. Applied
   * before anything is opened, so only this network's data folder is created.
   */
  readonly network?: Network;
  /** A devnet's genesis unit, when known in advance. */
  readonly genesisUnit?: string;
  readonly hubTiming?: Partial<HubClientTiming>;
  /** Dialogs and the OS browser (the Electron app only). */
  readonly desktop?: DesktopBridge;
  /**
   * Confirmations the page cannot give (the Electron app: native dialogs, Touch ID): opening a
   * chat's web link, showing a keychain wallet's recovery phrase. Absent: neither happens.
   */
  readonly confirmation?: UserConfirmation;
  /** electron-updater and its dialogs (the Electron app only); absent: this copy cannot check. */
  readonly updates?: UpdateBridge;
  /** Build everything but do not connect to a hub (tests, offline CLI commands). */
  readonly offline?: boolean;
  /**
   * Start chat whenever the wallet is unlocked (default true: the app). The CLI passes false for
   * the commands that do not chat: unlocking then opens no chat database and logs nothing into
   * the hub; `startChat` still starts it.
   */
  readonly chatFollowsWallet?: boolean;
  /** The OS keychain (the app: keytar); absent: keychain protection is reported unavailable. */
  readonly keychain?: Keychain;
  /** Desktop notifications and the badge (the Electron app; the harness may record them). */
  readonly notifications?: NotificationsBridge;
  /** TEST ONLY (harness, tests): fast scrypt for keystores written here. */
  readonly testScrypt?: ScryptParams;
  /** TEST ONLY (harness, tests): fast scrypt for backups written here. */
  readonly testBackupScrypt?: BackupScryptParams;
  /** TEST ONLY (harness, tests): a shorter longest wrong-password delay than the app's 5 min. */
  readonly testMaxRetryDelayMs?: number;
}

export interface Services {
  readonly logger: Logger;
  readonly paths: AppPaths;
  readonly events: EventHub;
  readonly settings: SettingsStore;
  readonly status: StatusService;
  readonly wallet: WalletSession;
  /** Textcoins of the current wallet: send, list, take back, claim. */
  readonly textcoins: TextcoinSession;
  readonly windowState: WindowStateStore;
  readonly dispatcher: IpcDispatcher;
  /** The light client of the current network: database, hub client, sync. */
  readonly light: LightSession;
  /** Payment and chat notifications, unread counts and the badge. */
  readonly notifications: NotificationService;
  /** Chat (device messenger) for the unlocked wallet's device key. */
  readonly chat: ChatSession;
  /** The update check: the Help menu and the Settings screen show this one object. */
  readonly updates: UpdateCheck;
  /** The full backup: export and import of the whole wallet in one encrypted file. */
  readonly backup: BackupService;
  /** The automatic backup: the same file, written to a chosen folder after each change. */
  readonly autoBackup: AutoBackupService;
  /** Starts chat with this device key; the unlock path calls it (lock stops chat). */
  readonly startChat: (device: DeviceSigner) => Promise<void>;
  /** Stops the hub client and closes the database. */
  readonly close: () => Promise<void>;
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
  // The settings as this run uses them: a network or hub given for this run replaces the saved
  // one (which stays saved as it is).
  const effective = (saved: Settings): Settings =>
    options.network === undefined ? saved : { ...saved, network: options.network };
  const hubUrlOf = (current: HubChoice): string => options.hubUrl ?? hubUrlFor(current);
  const initial = effective(await settings.load());
  const backup = new BackupService({
    paths,
    registry: createBackupRegistry({
      keychain: options.keychain ?? null,
      settings,
      clock,
      logger: logger.child('backup'),
    }),
    clock,
    logger,
    program: options.app,
    ...(options.testBackupScrypt === undefined ? {} : { testScrypt: options.testBackupScrypt }),
  });
  // A backup import a crash cut between its two renames is completed before anything opens.
  await backup.finishInterrupted(initial.network).catch((error: unknown) => {
    logger.error('Could not finish an interrupted backup import', { error });
  });
  await paths.ensureNetworkDir(initial.network);
  const status = new StatusService({
    clock,
    logger: logger.child('status'),
    settings: initial,
    hubUrlOf,
  });
  status.onChange((current) => events.emit('statusChanged', statusView(current)));
  const windowState = new WindowStateStore({
    file: new AtomicFile(paths.windowStateFile),
    logger: logger.child('window'),
  });

  const light = new LightSession({
    paths,
    logger: logger.child('light'),
    clock,
    program: options.app,
    status,
    ...(options.hubUrl === undefined ? {} : { hubUrl: options.hubUrl }),
    ...(options.genesisUnit === undefined ? {} : { genesisUnit: options.genesisUnit }),
    ...(options.hubTiming === undefined ? {} : { hubTiming: options.hubTiming }),
    offline: options.offline ?? false,
  });
  // The page hears what the light client tells, whichever network runs: each from here only.
  const stopLightEvents = [
    light.onBalancesChanged(({ db, reports }) =>
      events.emit('balancesChanged', balancesView(db, reports)),
    ),
    light.onHistoryChanged(({ units }) => events.emit('historyChanged', { units: [...units] })),
    light.onSyncProgress((progress) => events.emit('syncProgress', progress)),
    light.onRatesChanged((rates) => events.emit('ratesChanged', rates)),
  ];
  await light.apply(initial);
  const walletLogger = logger.child('wallet');
  const outbox = new OutboxAnnouncer(walletLogger);
  outbox.onPaymentState((change) => events.emit('paymentStateChanged', change));
  outbox.onOpenCount((count) => status.patch({ outbox: count }));
  const wallet = new WalletSession({
    paths,
    clock,
    logger,
    light,
    network: () => effective(settings.get()).network,
    spendUnconfirmed: () => settings.get().spendUnconfirmed,
    keychain: options.keychain ?? null,
    ...(options.confirmation === undefined ? {} : { confirmation: options.confirmation }),
    preferences: new WalletPreferences({
      file: new AtomicFile(join(paths.root, 'wallet-preferences.json')),
      logger: walletLogger,
    }),
    drafts: new BackupDrafts({ random: nodeRandomSource, clock }),
    outbox,
    ...(options.testScrypt === undefined ? {} : { testScrypt: options.testScrypt }),
    ...(options.testMaxRetryDelayMs === undefined
      ? {}
      : { testMaxRetryDelayMs: options.testMaxRetryDelayMs }),
  });
  // The page hears what the wallet tells: from here only (its state further down, after the
  // services that follow it).
  const stopWalletPageEvents = [
    wallet.accounts.onChanged((facts) => events.emit('accountsChanged', accountsView(facts))),
    wallet.onRestoreProgress((progress) =>
      events.emit('restoreProgress', restoreProgressView(progress)),
    ),
  ];
  await wallet.load();
  const textcoins = new TextcoinSession(wallet);

  const chat = new ChatSession({
    paths,
    light,
    logger,
    clock,
    program: options.app,
    deviceName: () => settings.get().deviceName,
  });
  stopWalletPageEvents.push(...forwardChatEvents(chat, events));
  const notifications = composeNotifications({
    bridge: options.notifications,
    clock,
    chat,
    light,
    settings,
    logger: logger.child('notifications'),
  });
  const startChat = (device: DeviceSigner): Promise<void> => chat.start(device);
  // Chat runs exactly while the wallet is unlocked: the device key exists only then.
  const followWallet = (): void => {
    let key: DeviceSigner | null = null;
    try {
      key = wallet.isUnlocked() && !chat.isRunning ? wallet.deviceSigner() : null;
    } catch (error) {
      logger.warn('Could not read the device key for chat', { error });
    }
    const done = key ? startChat(key) : wallet.isUnlocked() ? Promise.resolve() : chat.stop();
    done.catch((error: unknown) => logger.error('Could not start or stop chat', { error }));
  };
  const stopWalletEvents =
    options.chatFollowsWallet === false ? () => undefined : wallet.onStateChanged(followWallet);

  const stopSettings = settings.onChange((savedNext, savedPrevious) => {
    const next = effective(savedNext);
    const previous = effective(savedPrevious);
    light
      .apply(next)
      .then(() => chat.follow())
      .catch((error: unknown) => {
        logger.error('Could not switch the light client to the new settings', { error });
      });
    events.emit('settingsChanged', savedNext);
    status.applySettings(next);
    if (next.network !== previous.network) {
      wallet.lockAll();
      wallet.close();
      void wallet.announce().catch(() => undefined);
      paths.ensureNetworkDir(next.network).catch((error: unknown) => {
        logger.error('Could not create the data folder for the network', { error });
      });
    }
  });

  const updates = await openUpdateCheck({
    file: new AtomicFile(paths.updateCheckFile),
    bridge: options.updates,
    currentVersion: options.app.version,
    logger: logger.child('updates'),
    clock,
  });
  const stopUpdates = updates.onChange((state) => events.emit('updatesChanged', state));

  const backupRecord = new BackupRecord(new AtomicFile(join(paths.root, 'backup-state.json')));
  const canChooseFolders = options.desktop?.backupDialogs?.chooseFolder !== undefined;
  const autoBackup = new AutoBackupService({
    paths,
    backup,
    record: backupRecord,
    clock,
    timers: systemTimers,
    logger,
    network: () => wallet.network(),
    walletId: async (network) =>
      (await keystoreIn(paths.networkDir(network)).catch(() => null))?.public.walletId ?? null,
    // The backup key is kept wrapped under this: only the unlocked wallet opens it.
    atRestKey: (context) => {
      if (!wallet.isUnlocked()) return null;
      const signer = wallet.deviceSigner();
      try {
        return signer.atRestKey(context);
      } finally {
        signer.wipe();
      }
    },
    onStatus: (status) => events.emit('autoBackupChanged', { ...status, canChooseFolders }),
  });
  // Everything a backup holds tells it when it changed (typed signals, not the page's events).
  const stopAutoBackup = [
    light.onWalletDataChanged((what) => autoBackup.noteChange(what)),
    chat.onCorrespondentChanged(() => autoBackup.noteChange('chat')),
    chat.onMessageStored(() => autoBackup.noteChange('chat')),
    settings.onChange(() => autoBackup.noteChange('settings')),
    ...NetworkSchema.options.map((network) =>
      wallet.accounts.file(network).onChanged(() => autoBackup.noteChange('accounts')),
    ),
    wallet.onStateChanged((state) => {
      if (state.state === 'unlocked') autoBackup.walletUnlocked();
    }),
  ];
  // The page hears the wallet's state last, after chat and the automatic backup have followed it.
  stopWalletPageEvents.push(
    wallet.onStateChanged((state) => events.emit('walletStateChanged', walletStatusView(state))),
  );
  const stopAuto = (): void => {
    for (const stop of stopAutoBackup.splice(0)) stop();
    autoBackup.close();
  };

  const restoreWindow = new RestoreWindow();
  const backupHandlers = createBackupHandlers({
    backup,
    record: backupRecord,
    auto: autoBackup,
    paths,
    clock,
    network: () => wallet.network(),
    ...(options.desktop?.backupDialogs === undefined
      ? {}
      : { dialogs: options.desktop.backupDialogs }),
    // The restored folder replaces the network's: its databases are closed, then opened again.
    swap: {
      beforeSwap: async () => {
        wallet.close();
        await light.close();
      },
      afterSwap: () => light.apply(effective(settings.get())),
    },
    onImported: async () => {
      await wallet.announce();
    },
    restoreWindow,
  });

  const dispatcher = new IpcDispatcher({
    handlers: createHandlers({
      app: options.app,
      paths,
      settings,
      status,
      wallet,
      textcoins,
      light,
      chat,
      notifications: notifications.service,
      ...(options.desktop === undefined ? {} : { desktop: options.desktop }),
      ...(options.confirmation === undefined ? {} : { confirmation: options.confirmation }),
      updates,
      backup: backupHandlers,
    }),
    isTrustedSender: trustedSender(options.appOrigin),
    isWalletUnlocked: () => wallet.isUnlocked(),
    onCall: (method) => {
      if (!PASSIVE_METHODS.has(method)) wallet.recordActivity();
    },
    logger: logger.child('ipc'),
    pausedFor: () => (restoreWindow.isOpen ? RESTORING_MESSAGE : null),
  });

  logger.info('Services ready', { network: initial.network, dataDir: paths.display(paths.root) });
  return {
    logger,
    paths,
    events,
    settings,
    status,
    wallet,
    textcoins,
    windowState,
    dispatcher,
    light,
    chat,
    notifications: notifications.service,
    updates,
    backup,
    autoBackup,
    startChat,
    dispose: () => {
      stopAuto();
      stopSettings();
      stopWalletEvents();
      notifications.stop();
      stopUpdates();
      for (const stop of stopLightEvents) stop();
      for (const stop of stopWalletPageEvents) stop();
    },
    close: async () => {
      // A backup waiting for its quiet is written while the wallet is still unlocked (bounded).
      await autoBackup.flush();
      stopAuto();
      stopSettings();
      stopWalletEvents();
      notifications.stop();
      stopUpdates();
      await chat.stop();
      wallet.lockAll();
      wallet.close();
      await light.close();
      for (const stop of stopLightEvents) stop();
      for (const stop of stopWalletPageEvents) stop();
    },
  };
}
