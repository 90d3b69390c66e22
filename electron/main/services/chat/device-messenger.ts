/**
 * The wallet as an Obyte device (device-messaging.md §4–§9): logs in to its home hub on every
 * connection, keeps and rotates temp keys, receives, verifies, decrypts, stores and acknowledges
 * `hub/message`s, sends through an outbox that survives restarts, pairs, unpairs and lists bots.
 *
 * A coordinator over one part per concern, each a port of ocore device.js / wallet.js:
 * login.ts (login and temp keys), inbox.ts (receiving), outbox.ts (sending and retries),
 * pairing.ts (invitations, pairing, unpairing), bots.ts (the hub's bot store). It routes the home
 * hub's pushes to them and holds the lifecycle (start, stop) and the one event emitter.
 * Everything from the hub or a peer is untrusted; it is parsed by shared/protocol first.
 */
import { isValidHub } from '../../../../shared/protocol/pairing';
import type { Clock } from '../clock';
import type { HubPush, Timers } from '../hub';
import type { DeviceSigner } from '../keystore/signer';
import type { Logger } from '../logger';
import type { RandomSource } from '../random';
import { listBots, type BotEntry } from './bots';
import type { ChatDatabase } from './chat-database';
import {
  DEFAULT_MESSENGER_TIMING,
  type HomeHub,
  type MessengerContext,
  type MessengerTiming,
  type RemoteHubFactory,
} from './context';
import { ChatEmitter, type ChatEventName, type ChatListener } from './events';
import { Inbox } from './inbox';
import { HubLogin } from './login';
import { Outbox } from './outbox';
import { Pairing } from './pairing';
import type { ChatMessage, Correspondent } from './types';
import { ChatError } from './words';

export interface DeviceMessengerOptions {
  readonly db: ChatDatabase;
  readonly home: HomeHub;
  /** Our hub string (host[:port][/path]), sent as `device_hub` and put in our pairing codes. */
  readonly myHub: string;
  readonly deviceKey: DeviceSigner;
  /** Read at each use: the name can change in Settings. */
  readonly deviceName: () => string;
  readonly openRemoteHub: RemoteHubFactory;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly timing?: Partial<MessengerTiming>;
  /**
   * Only fetch what `home` kept for us (an earlier home hub, after a change): log in and receive,
   * but no temp key upload or rotation and no outbox flush (the running messenger does those).
   */
  readonly drainOnly?: boolean;
}

export class DeviceMessenger {
  private readonly ctx: MessengerContext;
  private readonly events: ChatEmitter;
  private readonly login: HubLogin;
  private readonly inbox: Inbox;
  private readonly outbox: Outbox;
  private readonly pairing: Pairing;
  private unsubscribe: (() => void)[] = [];
  private started = false;
  private stopped = false;

  constructor(options: DeviceMessengerOptions) {
    if (!isValidHub(options.myHub)) throw new ChatError('invalid_input', 'My hub is not valid.');
    this.events = new ChatEmitter(options.logger);
    this.ctx = {
      db: options.db,
      home: options.home,
      myHub: options.myHub,
      device: options.deviceKey,
      deviceName: options.deviceName,
      openRemoteHub: options.openRemoteHub,
      clock: options.clock,
      timers: options.timers,
      random: options.random,
      logger: options.logger,
      timing: { ...DEFAULT_MESSENGER_TIMING, ...options.timing },
      drainOnly: options.drainOnly ?? false,
      events: this.events,
      isStopped: () => this.stopped,
    };
    const flush = (): void => void this.outbox.flush();
    this.outbox = new Outbox(this.ctx);
    this.pairing = new Pairing(this.ctx, flush);
    this.login = new HubLogin(this.ctx, {
      onNewConnection: () => this.inbox.reset(),
      inboxDrained: () => this.inbox.isDrained,
      onReady: flush,
    });
    this.inbox = new Inbox(this.ctx, {
      tempKeys: () => this.login.tempKeys,
      onPairing: (received, correspondent, pending) =>
        this.pairing.handleIncoming(received, correspondent, pending),
      onDrained: () => this.login.rotateIfDue(),
      flushOutbox: flush,
    });
  }

  // ---- lifecycle ----

  get deviceAddress(): string {
    return this.ctx.device.deviceAddress;
  }

  get hub(): string {
    return this.ctx.myHub;
  }

  get isLoggedIn(): boolean {
    return this.login.isLoggedIn;
  }

  /**
   * Resolves once the hub has said, after this login, that no more stored messages wait, and every
   * message it delivered before that is stored and acknowledged. A one-shot caller (the CLI) waits
   * for this so that replies already waiting at the hub are not left behind.
   */
  whenInboxDrained(): Promise<void> {
    return this.inbox.whenDrained();
  }

  /** The current temp pubkey (what peers encrypt to). */
  get tempPubkey(): string | null {
    return this.login.tempPubkey;
  }

  /** Load or make temp keys, listen to the home hub, log in on every connection. Idempotent. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const { home, db } = this.ctx;
    this.login.start();
    db.purgeExpiredPairingSecrets();
    this.unsubscribe.push(home.on('push', (push) => this.onPush(push)));
    // Started on a connection that is already up (unlocking after the app connected): its
    // challenge came before we listened, so ask for it again at once instead of after a wait.
    let joinedLate = home.isConnected;
    this.unsubscribe.push(
      home.onConnected(() => {
        this.login.onConnected(joinedLate);
        joinedLate = false;
      }),
    );
    if (!this.ctx.drainOnly) this.login.startRotations();
  }

  /** Stop listening and timers; waits for the message being handled and any flush. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.login.stop();
    this.outbox.stop();
    await this.inbox.settled();
    await this.outbox.settled();
    this.login.wipe();
  }

  on<E extends ChatEventName>(event: E, listener: ChatListener<E>): () => void {
    return this.events.on(event, listener);
  }

  private onPush(push: HubPush): void {
    if (this.stopped) return;
    if (push.subject === 'hub/challenge') {
      if (this.login.isRepeatOf(push.challenge)) return;
      this.inbox.reset();
      void this.login.login(push.challenge);
      return;
    }
    if (this.inbox.onPush(push)) return;
    if (push.subject === 'error') {
      this.ctx.logger.warn('The hub reported an error', { message: push.message.slice(0, 200) });
    }
  }

  // ---- queries ----

  listCorrespondents(): Correspondent[] {
    return this.ctx.db.listCorrespondents();
  }

  getCorrespondent(deviceAddress: string): Correspondent | null {
    return this.ctx.db.getCorrespondent(deviceAddress);
  }

  listMessages(
    deviceAddress: string,
    options?: { readonly limit?: number; readonly beforeId?: number },
  ): ChatMessage[] {
    return this.ctx.db.listMessages(deviceAddress, options);
  }

  markRead(deviceAddress: string): void {
    this.ctx.db.markRead(deviceAddress);
    const correspondent = this.ctx.db.getCorrespondent(deviceAddress);
    if (correspondent) this.events.emit('correspondentChanged', { deviceAddress, correspondent });
  }

  /** The hub's bot store, each marked paired when it is among our correspondents. */
  listBots(): Promise<BotEntry[]> {
    return listBots(this.ctx);
  }

  // ---- pairing ----

  /** A fresh one-time invitation `pubkey@hub#secret` (valid for the pairing secret TTL). */
  ourPairingCode(): string {
    return this.pairing.ourPairingCode();
  }

  /** Pair with a device from its code: added unconfirmed until its `pairing` answer comes. */
  pair(code: string): Correspondent {
    return this.pairing.pair(code);
  }

  renameCorrespondent(deviceAddress: string, name: string): Correspondent {
    return this.pairing.renameCorrespondent(deviceAddress, name);
  }

  /** Tell the peer (`removed_paired_device`), then forget it, its chat and its queued messages. */
  removeCorrespondent(deviceAddress: string): void {
    this.pairing.removeCorrespondent(deviceAddress);
  }

  // ---- sending ----

  /** Queue a text to a correspondent; resolves at once with the queued message. */
  sendText(deviceAddress: string, text: string): ChatMessage {
    return this.outbox.sendText(deviceAddress, text);
  }

  /** Queue a failed message again. */
  retryMessage(messageId: number): ChatMessage {
    return this.outbox.retryMessage(messageId);
  }

  /** Send what the outbox holds (one flush at a time; a call during one runs it once more). */
  flushOutbox(): Promise<void> {
    return this.outbox.flush();
  }

  /** New temp key when the rotation rule allows it, else postponed until it does (false). */
  rotateTempKey(): Promise<boolean> {
    return this.login.rotateTempKey();
  }
}
