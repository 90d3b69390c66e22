/**
 * Chat for the running app: one DeviceMessenger (and its database) for the unlocked wallet's
 * device key on the light session's network and hub. Started when the wallet is unlocked
 * (`start(deviceKey)`), stopped on lock; rebuilt when the network or the hub changes. It tells
 * what happens through typed signals (messages, correspondents, login); the composition root
 * passes them on to the page (electron/main/ipc/chat-view.ts builds the contract's values).
 * Plain Node: no Electron.
 */
import { UserFacingError } from '../../../../shared/ipc';
import type { Network } from '../../../../shared/protocol/wire';
import type { DeviceSigner } from '../keystore/signer';
import type { AppPaths } from '../app-paths';
import type { Clock } from '../clock';
import { HubClient, systemTimers, type HubClientTiming } from '../hub';
import { nodeRandomSource } from '../random';
import type { Logger } from '../logger';
import { Signal } from '../signal';
import type { LightSession } from '../sync/index';
import { ChatDatabase } from './chat-database';
import type { MessengerTiming } from './context';
import { DeviceMessenger } from './device-messenger';
import { ChatError } from './words';
import { createRemoteHubFactory } from './remote-hub';
import type { ChatMessage, Correspondent } from './types';

export interface ChatSessionOptions {
  readonly paths: AppPaths;
  readonly light: LightSession;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly program: { readonly name: string; readonly version: string };
  readonly deviceName: () => string;
  readonly timing?: Partial<MessengerTiming>;
  readonly remoteHubTiming?: Partial<HubClientTiming>;
}

/** Told about every new incoming message (desktop notifications). */
export type IncomingListener = (message: ChatMessage, from: Correspondent | null) => void;

/** A correspondent was added, changed (its unread count, …) or removed (null). */
export interface CorrespondentChange {
  readonly deviceAddress: string;
  readonly correspondent: Correspondent | null;
}

/** A message of the chat on `network` (received, or sent and changed state). */
export interface ChatMessageChange {
  readonly message: ChatMessage;
  readonly network: Network;
}

interface Running {
  readonly messenger: DeviceMessenger;
  readonly db: ChatDatabase;
  readonly network: Network;
  readonly home: HubClient;
  readonly detach: (() => void)[];
  /** Stops the one-time drain of an earlier home hub, when one runs. */
  stopDrain: (() => Promise<void>) | null;
}

/** How long the one-time visit to an earlier home hub may take before it is left for later. */
const DRAIN_TIMEOUT_MS = 60_000;

/** `wss://host/path` → `host/path`: the hub string of pairing codes. */
export function hubStringOf(hubUrl: string): string {
  return hubUrl.replace(/^wss?:\/\//i, '').replace(/\/$/, '');
}

export class ChatSession {
  private readonly options: ChatSessionOptions;
  private deviceKey: DeviceSigner | null = null;
  private running: Running | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly incoming = new Set<IncomingListener>();
  private readonly correspondentChanged: Signal<CorrespondentChange>;
  private readonly messageStored: Signal<ChatMessage>;
  private readonly messageReceived: Signal<ChatMessageChange>;
  private readonly messageStateChanged: Signal<ChatMessageChange>;
  private readonly loginChanged: Signal<{ readonly loggedIn: boolean }>;

  constructor(options: ChatSessionOptions) {
    this.options = options;
    this.correspondentChanged = new Signal('correspondentChanged', options.logger);
    this.messageStored = new Signal('chatMessageStored', options.logger);
    this.messageReceived = new Signal('chatMessageReceived', options.logger);
    this.messageStateChanged = new Signal('chatMessageStateChanged', options.logger);
    this.loginChanged = new Signal('chatLoginChanged', options.logger);
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  get network(): Network {
    return this.parts.network;
  }

  /** The messenger; refuses (in words) while the wallet is locked. */
  get messenger(): DeviceMessenger {
    return this.parts.messenger;
  }

  private get parts(): Running {
    if (!this.running) throw new UserFacingError('Unlock the wallet to use chat.', 'wallet_locked');
    return this.running;
  }

  onIncoming(listener: IncomingListener): () => void {
    this.incoming.add(listener);
    return () => this.incoming.delete(listener);
  }

  /** Correspondents of the running chat as they change (notifications clear what was read). */
  onCorrespondentChanged(listener: (change: CorrespondentChange) => void): () => void {
    return this.correspondentChanged.add(listener);
  }

  /** A message was received or sent (the automatic backup listens). */
  onMessageStored(listener: (message: ChatMessage) => void): () => void {
    return this.messageStored.add(listener);
  }

  /** Each message received, from the home hub or from an earlier one drained. */
  onMessageReceived(listener: (change: ChatMessageChange) => void): () => void {
    return this.messageReceived.add(listener);
  }

  /** A message we sent: stored, then each change of its state (delivered, failed, …). */
  onMessageStateChanged(listener: (change: ChatMessageChange) => void): () => void {
    return this.messageStateChanged.add(listener);
  }

  /** Logged in to the home hub or not (not, too, when chat stops). */
  onLoginChanged(listener: (login: { readonly loggedIn: boolean }) => void): () => void {
    return this.loginChanged.add(listener);
  }

  /** Start chat with this device key (the unlock path calls this); chat wipes it when it stops. */
  start(deviceKey: DeviceSigner): Promise<void> {
    const previous = this.deviceKey;
    this.deviceKey = deviceKey;
    if (previous && previous !== deviceKey) previous.wipe();
    return this.serial(async () => {
      await this.shutdown();
      this.build();
    });
  }

  /** Stop chat and forget the key (lock). */
  stop(): Promise<void> {
    const key = this.deviceKey;
    this.deviceKey = null;
    return this.serial(async () => {
      await this.shutdown();
      key?.wipe();
    });
  }

  /** After the light session switched network or hub: rebuild on the new one. */
  follow(): Promise<void> {
    return this.serial(async () => {
      if (!this.deviceKey || !this.options.light.isOpen) return;
      const { hub } = this.options.light.parts;
      if (this.running?.home === hub) return;
      await this.shutdown();
      this.build();
    });
  }

  private serial(run: () => Promise<void>): Promise<void> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private build(): void {
    const key = this.deviceKey;
    if (!key || !this.options.light.isOpen) return;
    const { logger, clock, paths } = this.options;
    const { network, hubUrl, hub, constants } = this.options.light.parts;
    const chatLogger = logger.child('chat');
    const db = ChatDatabase.open({
      directory: paths.networkDir(network),
      deviceAddress: key.deviceAddress,
      clock,
      logger: chatLogger,
    });
    const messenger = new DeviceMessenger({
      db,
      home: hub,
      myHub: hubStringOf(hubUrl),
      deviceKey: key,
      deviceName: this.options.deviceName,
      openRemoteHub: createRemoteHubFactory({
        network: constants,
        program: this.options.program,
        logger: chatLogger,
        clock,
        scheme: network === 'devnet' ? 'ws' : 'wss',
        ...(this.options.remoteHubTiming ? { timing: this.options.remoteHubTiming } : {}),
      }),
      clock,
      timers: systemTimers,
      random: nodeRandomSource,
      logger: chatLogger,
      ...(this.options.timing ? { timing: this.options.timing } : {}),
    });
    const detach = [
      messenger.on('messageReceived', (message) => {
        this.messageStored.emit(message);
        this.messageReceived.emit({ message, network });
        const from = db.getCorrespondent(message.correspondent);
        for (const listener of this.incoming) listener(message, from);
      }),
      messenger.on('messageSent', (message) => {
        this.messageStored.emit(message);
        this.messageStateChanged.emit({ message, network });
      }),
      messenger.on('messageStateChanged', (message) =>
        this.messageStateChanged.emit({ message, network }),
      ),
      messenger.on('correspondentChanged', ({ deviceAddress, correspondent }) => {
        this.correspondentChanged.emit({ deviceAddress, correspondent });
      }),
      messenger.on('loginChanged', (login) => this.loginChanged.emit(login)),
    ];
    messenger.start();
    const running: Running = { messenger, db, network, home: hub, detach, stopDrain: null };
    this.running = running;
    logger.info('Chat started', { network, device: key.deviceAddress });
    // After a hub change, what contacts left on the old hub is fetched once from there.
    db.noteHomeHub(hubStringOf(hubUrl));
    const old = db.getHubToDrain();
    if (old !== null) running.stopDrain = this.drain(old, running, key, hubStringOf(hubUrl));
  }

  /**
   * Logs into an earlier home hub once and receives what it kept for us (into the same database,
   * told to the page like any message), then leaves; noted as done once its inbox is empty. A hub
   * that does not answer in time is tried again at the next start.
   */
  private drain(
    oldHub: string,
    running: Running,
    key: DeviceSigner,
    myHub: string,
  ): () => Promise<void> {
    const { logger, clock, program } = this.options;
    const { network, db } = running;
    const { constants } = this.options.light.parts;
    const drainLogger = logger.child('chat').child('old-hub');
    const home = new HubClient({
      urls: [`${network === 'devnet' ? 'ws' : 'wss'}://${oldHub}`],
      network: constants,
      program,
      logger: drainLogger,
      clock,
      ...(this.options.remoteHubTiming ? { timing: this.options.remoteHubTiming } : {}),
    });
    const messenger = new DeviceMessenger({
      db,
      home,
      myHub,
      deviceKey: key,
      deviceName: this.options.deviceName,
      openRemoteHub: () => {
        throw new ChatError('stopped', 'Nothing is sent while an old hub is drained.');
      },
      clock,
      timers: systemTimers,
      random: nodeRandomSource,
      logger: drainLogger,
      drainOnly: true,
      ...(this.options.timing ? { timing: this.options.timing } : {}),
    });
    const detach = [
      messenger.on('messageReceived', (message) => {
        this.messageStored.emit(message);
        this.messageReceived.emit({ message, network });
        const from = db.getCorrespondent(message.correspondent);
        for (const listener of this.incoming) listener(message, from);
      }),
      messenger.on('correspondentChanged', ({ deviceAddress, correspondent }) => {
        this.correspondentChanged.emit({ deviceAddress, correspondent });
        // A pairing answered from there waits in the outbox: the running messenger sends it.
        void running.messenger.flushOutbox();
      }),
    ];
    let finished: Promise<void> | null = null;
    const finish = (drained: boolean): Promise<void> => {
      finished ??= (async () => {
        timer.cancel();
        for (const off of detach) off();
        await messenger.stop();
        await home.stop();
        if (drained && this.running === running) {
          db.forgetHubToDrain(oldHub);
          drainLogger.info('Fetched what the earlier hub kept', { hub: oldHub });
        }
        if (running.stopDrain === stop) running.stopDrain = null;
      })();
      return finished;
    };
    const stop = (): Promise<void> => finish(false);
    const timer = systemTimers.setTimeout(() => {
      drainLogger.warn('The earlier hub did not empty its inbox in time', { hub: oldHub });
      void finish(false);
    }, DRAIN_TIMEOUT_MS);
    void messenger.whenInboxDrained().then(() => finish(true));
    messenger.start();
    home.start();
    return stop;
  }

  private async shutdown(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (!running) return;
    await running.stopDrain?.();
    for (const off of running.detach) off();
    await running.messenger.stop();
    running.db.close();
    this.loginChanged.emit({ loggedIn: false });
  }
}

/** A ChatError from the messenger in the words the user sees. */
export function chatUserError(error: unknown): never {
  if (error instanceof ChatError) throw new UserFacingError(error.message);
  throw error;
}
