/**
 * The wallet as an Obyte device (device-messaging.md §4–§9): logs in to its home hub on every
 * connection, keeps and rotates temp keys, receives, verifies, decrypts, stores and acknowledges
 * `hub/message`s, sends through an outbox that survives restarts, pairs, unpairs and lists bots.
 *
 * Ports the device side of ocore device.js (`loginToHub`, `handleChallenge`,
 * `rotateTempDeviceKey`, `sendMessageToHub`, `resendStalledMessages`) and wallet.js
 * (`handleMessageFromHub`, pairing, `removed_paired_device`). Everything from the hub or a peer is
 * untrusted; it is parsed by shared/protocol before anything here looks at it.
 *
 * Trust rules kept here:
 * - a message is stored (in one transaction, deduplicated by its hub message hash) BEFORE the
 *   `hub/delete`; every message that has a message hash is acknowledged, also the ones we refuse,
 *   so a hostile message cannot block the inbox (the reason is logged);
 * - only `pairing` is accepted from devices that are not correspondents; a `pairing` is accepted
 *   only with a secret we issued (valid, not expired) or the reverse secret of a pairing we began;
 * - a retry re-delivers the stored envelope (same message hash), so a lost `accepted` answer
 *   cannot deliver a message twice.
 */
import { getDeviceAddress, isValidDeviceAddress } from '../../../../shared/protocol/chash';
import { ProtocolError } from '../../../../shared/protocol/errors';
import { encryptJson } from '../../../../shared/protocol/device-crypto';
import {
  createDeviceEnvelope,
  createHubLogin,
  createInnerMessage,
  createTempPubkeyPackage,
  getDeviceMessageHash,
  getHubMessageHash,
  openHubMessage,
  parseHubMessage,
  type DeviceEnvelope,
  type ReceivedDeviceMessage,
} from '../../../../shared/protocol/device';
import type { DeviceSigner } from '../keystore/signer';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../../shared/protocol/json';
import {
  createPairingBody,
  createPairingSecret,
  formatPairingCode,
  isValidHub,
  MAX_DEVICE_NAME_LENGTH,
  PAIRING_SECRET_BYTES,
  parsePairingCode,
  parsePairingRequest,
  splitPairingCode,
  type PairingCode,
} from '../../../../shared/protocol/pairing';
import {
  getPublicKeyB64,
  isValidPrivateKey,
  isValidPubkey,
} from '../../../../shared/protocol/signature';
import { MAX_FRAME_BYTES } from '../../../../shared/protocol/wire';
import type { Clock } from '../clock';
import { type HubPush, type HubSession, type TimerHandle, type Timers } from '../hub';
import type { RandomSource } from '../random';
import type { Logger } from '../logger';
import type { ChatDatabase } from './chat-database';
import { SEAL_NONCE_BYTES, sealTempKey, unsealTempKey } from './temp-key-seal';
import type { ChatMessage, Correspondent, OutboxEntry } from './types';
import {
  deliver,
  getBots,
  getTempPubkey,
  HubRequestError,
  isHubError,
  uploadTempPubkey,
  type HubJustsayer,
  type HubRequester,
} from '../../../../shared/protocol/light/index';

/**
 * Asked at login: the hub deletes stored messages longer than this and does not push them. A
 * message that cannot fit in one frame we accept (MAX_FRAME_BYTES, with room for the
 * `hub/message` envelope) could never be received: left at the hub it would be re-sent, and
 * refused, on every login, holding back every message after it (and a hostile sender could do
 * that on purpose). Everything we could receive is still delivered.
 */
export const LOGIN_LIMITS = { max_message_length: MAX_FRAME_BYTES - 4096 } as const;

/** ocore's `info` text on the first login of a device address (there is no stored box yet). */
const FIRST_LOGIN_INFO = 'address created';

/** The home hub connection: a HubClient, or a fake with the same surface. */
export interface HomeHub extends HubRequester, HubJustsayer {
  on(event: 'push', listener: (push: HubPush) => void): () => void;
  onConnected(hook: (session: HubSession) => void | Promise<void>): () => void;
  readonly isConnected: boolean;
}

/** A short-lived connection to another hub, for delivering to a peer registered there. */
export interface RemoteHub extends HubRequester {
  stop(): Promise<void>;
}

/** Opens (starts) a connection to a hub given as a hub string (host[:port][/path]). */
export type RemoteHubFactory = (hub: string) => RemoteHub;

export interface MessengerTiming {
  /** ocore: temp keys rotate hourly. */
  readonly tempKeyRotationMs: number;
  /** No `hub/challenge` this long after connecting: ask with `hub/repeat_challenge`. */
  readonly challengeWaitMs: number;
  /** Retry transiently failed outbox entries after this long (also on every reconnect). */
  readonly outboxRetryMs: number;
  /** Invitations and reverse secrets are valid this long (ocore: one month). */
  readonly pairingSecretTtlMs: number;
  /** Per request to a hub (temp pubkey, deliver). */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_MESSENGER_TIMING: MessengerTiming = {
  tempKeyRotationMs: 60 * 60_000,
  challengeWaitMs: 5_000,
  outboxRetryMs: 60_000,
  pairingSecretTtlMs: 30 * 24 * 60 * 60_000,
  requestTimeoutMs: 30_000,
};

/** Longest chat text we store or send (characters). Longer incoming texts are refused. */
export const MAX_TEXT_LENGTH = 20_000;
/** Unsupported bodies are kept as shortened JSON text. */
const MAX_UNSUPPORTED_BODY = 2_000;
const DEFAULT_DEVICE_NAME = 'Obyte Light';
const NEW_CORRESPONDENT_NAME = 'New';

export interface ChatEvents {
  readonly messageReceived: ChatMessage;
  readonly messageSent: ChatMessage;
  readonly messageStateChanged: ChatMessage;
  /** `correspondent` null: removed (by us or by the peer). */
  readonly correspondentChanged: {
    readonly deviceAddress: string;
    readonly correspondent: Correspondent | null;
  };
  readonly loginChanged: { readonly loggedIn: boolean };
}
export type ChatEventName = keyof ChatEvents;
type Listener<E extends ChatEventName> = (payload: ChatEvents[E]) => void;

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

export class ChatError extends Error {
  readonly code:
    'invalid_input' | 'not_found' | 'own_code' | 'not_logged_in' | 'stopped' | 'hub_error';
  constructor(code: ChatError['code'], message: string) {
    super(message);
    this.name = 'ChatError';
    this.code = code;
  }
}

export interface BotEntry {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** The raw code from the hub (untrusted); `pairing` is its parse, null when invalid. */
  readonly pairingCode: string;
  readonly pairing: PairingCode | null;
  readonly isPaired: boolean;
}

/** A device name from a peer or the user: tags stripped, trimmed, 1…100 characters. */
export function cleanDeviceName(name: string): string | null {
  const cleaned = name
    .replace(/<[^>]*>?/g, '')
    // eslint-disable-next-line no-control-regex -- control characters are what we remove
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .slice(0, MAX_DEVICE_NAME_LENGTH);
  return cleaned === '' ? null : cleaned;
}

/**
 * What is wrong with a pairing code, in the words of the person who pasted it. `reason` is the
 * protocol parser's clause (which part is wrong: "the hub’s port "0" is not a number…"), kept so
 * the user can see what to fix; the code's field names stay out of the first words.
 */
export function pairingCodeWords(code: string, reason?: string): string {
  const parts = splitPairingCode(code);
  if (parts === null) {
    const why = reason === undefined ? '' : ` (${reason})`;
    return `This is not a pairing code${why}: it should look like A2bX…@obyte.org/bb#Qm9i…, a long key, then @ and a hub, then # and a secret. Copy it again, whole, from the bot or the person who gave it.`;
  }
  if (!isValidPubkey(parts.pubkey)) {
    return 'This pairing code is damaged: the long key before the @ is not a device key. Copy it again, whole.';
  }
  const why = reason === undefined ? '' : `: ${reason}`;
  return `This pairing code names a hub that cannot be right, or a secret that cannot be used${why}. Copy it again, whole.`;
}

/** The clause of a pairing-code ProtocolError ("That is not a valid pairing code: X, so …."). */
function pairingReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /^That is not a valid pairing code: (.*?)(?:, so it .*)?\.$/s.exec(error.message);
  return match?.[1];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : 'unknown error';
}

function isTransient(error: unknown): boolean {
  return isHubError(error) && error.retryable;
}

/** Why a message in doubt is not sent again on its own (fits the view's 300 characters). */
export const IN_DOUBT_REASON =
  'The hub did not answer an earlier try and the recipient’s key has changed since, so it may have arrived. It is not sent again on its own (it could arrive twice): use Retry if they did not get it.';

/** What the conversation says for a message of a correspondent that this wallet cannot read. */
export const UNREADABLE_NOTE =
  'A message from this contact could not be read: it was encrypted to a key this wallet no longer holds (an old backup restored, or the same keys used on another device). Ask them to send it again.';

function isUnknownKey(error: unknown): boolean {
  return (
    error instanceof ProtocolError &&
    /encrypted to a key this device does not have/.test(error.message)
  );
}

function isWrongEphemeralKey(error: unknown): boolean {
  return (
    error instanceof HubRequestError && /wrong recipient ephemeral pubkey/.test(error.hubMessage)
  );
}

/** Our own stored envelope, read back: re-checked for shape (the file may be damaged). */
function parseStoredEnvelope(json: string): DeviceEnvelope | null {
  try {
    const value: unknown = JSON.parse(json);
    if (!isJsonObject(value)) return null;
    const { encrypted_package: pkg, to, pubkey, signature } = value;
    if (!isJsonObject(pkg) || typeof to !== 'string' || typeof pubkey !== 'string') return null;
    if (typeof signature !== 'string') return null;
    return value as unknown as DeviceEnvelope;
  } catch {
    return null;
  }
}

interface TempKey {
  readonly privateKey: Uint8Array;
  readonly pubkey: string;
  readonly createdAt: number;
}

type PendingEvent = { [E in ChatEventName]: { event: E; payload: ChatEvents[E] } }[ChatEventName];

export class DeviceMessenger {
  private readonly db: ChatDatabase;
  private readonly home: HomeHub;
  private readonly myHub: string;
  private readonly device: DeviceSigner;
  private readonly deviceName: () => string;
  private readonly openRemoteHub: RemoteHubFactory;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: RandomSource;
  private readonly logger: Logger;
  private readonly timing: MessengerTiming;
  private readonly drainOnly: boolean;

  private readonly listeners: { [E in ChatEventName]: Set<Listener<E>> } = {
    messageReceived: new Set(),
    messageSent: new Set(),
    messageStateChanged: new Set(),
    correspondentChanged: new Set(),
    loginChanged: new Set(),
  };
  private current: TempKey | null = null;
  private previous: TempKey | null = null;
  private unsubscribe: (() => void)[] = [];
  private started = false;
  private stopped = false;
  private loggedIn = false;
  private session = 0;
  private challengeTimer: TimerHandle | null = null;
  /** The challenge this connection logged in with. */
  private loginChallenge: string | null = null;
  private rotationTimer: TimerHandle | null = null;
  /** The rotation period has passed; the rotation waits until it is safe (see canRotate). */
  private rotationDue = false;
  /** On this connection, the hub answered the upload of our current temp pubkey. */
  private hubHoldsCurrent = false;
  private retryTimer: TimerHandle | null = null;
  /** Received messages are handled one at a time, in order (ocore serialises them too). */
  private inbox: Promise<void> = Promise.resolve();
  /** Since the last login: the hub said the message box is empty and what came before is handled. */
  private inboxDrained = false;
  private drainWaiters: (() => void)[] = [];
  private flushing: Promise<void> | null = null;
  private flushAgain = false;

  constructor(options: DeviceMessengerOptions) {
    if (!isValidHub(options.myHub)) throw new ChatError('invalid_input', 'My hub is not valid.');
    this.db = options.db;
    this.home = options.home;
    this.myHub = options.myHub;
    this.device = options.deviceKey;
    this.deviceName = options.deviceName;
    this.openRemoteHub = options.openRemoteHub;
    this.clock = options.clock;
    this.timers = options.timers;
    this.random = options.random;
    this.logger = options.logger;
    this.timing = { ...DEFAULT_MESSENGER_TIMING, ...options.timing };
    this.drainOnly = options.drainOnly ?? false;
  }

  // ---- lifecycle ----

  get deviceAddress(): string {
    return this.device.deviceAddress;
  }

  get hub(): string {
    return this.myHub;
  }

  get isLoggedIn(): boolean {
    return this.loggedIn && this.home.isConnected;
  }

  /**
   * Resolves once the hub has said, after this login, that no more stored messages wait, and every
   * message it delivered before that is stored and acknowledged. A one-shot caller (the CLI) waits
   * for this so that replies already waiting at the hub are not left behind.
   */
  whenInboxDrained(): Promise<void> {
    if (this.inboxDrained) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** The current temp pubkey (what peers encrypt to). */
  get tempPubkey(): string | null {
    return this.current?.pubkey ?? null;
  }

  /** Load or make temp keys, listen to the home hub, log in on every connection. Idempotent. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.loadTempKeys();
    this.db.purgeExpiredPairingSecrets();
    this.unsubscribe.push(this.home.on('push', (push) => this.onPush(push)));
    // Started on a connection that is already up (unlocking after the app connected): its
    // challenge came before we listened, so ask for it again at once instead of after a wait.
    let joinedLate = this.home.isConnected;
    this.unsubscribe.push(
      this.home.onConnected(() => {
        this.onConnected(joinedLate);
        joinedLate = false;
      }),
    );
    if (!this.drainOnly) this.scheduleRotation();
  }

  /** Stop listening and timers; waits for the message being handled and any flush. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.challengeTimer?.cancel();
    this.rotationTimer?.cancel();
    this.retryTimer?.cancel();
    await this.inbox;
    await this.flushing;
    this.current?.privateKey.fill(0);
    this.previous?.privateKey.fill(0);
    this.setLoggedIn(false);
  }

  on<E extends ChatEventName>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners[event] as Set<Listener<E>>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  // ---- queries ----

  listCorrespondents(): Correspondent[] {
    return this.db.listCorrespondents();
  }

  getCorrespondent(deviceAddress: string): Correspondent | null {
    return this.db.getCorrespondent(deviceAddress);
  }

  listMessages(
    deviceAddress: string,
    options?: { readonly limit?: number; readonly beforeId?: number },
  ): ChatMessage[] {
    return this.db.listMessages(deviceAddress, options);
  }

  markRead(deviceAddress: string): void {
    this.db.markRead(deviceAddress);
    const correspondent = this.db.getCorrespondent(deviceAddress);
    if (correspondent) this.emit('correspondentChanged', { deviceAddress, correspondent });
  }

  /** The hub's bot store, each marked paired when it is among our correspondents. */
  async listBots(): Promise<BotEntry[]> {
    const bots = await getBots(this.home, { timeoutMs: this.timing.requestTimeoutMs });
    return bots.map((bot) => {
      let pairing: PairingCode | null;
      try {
        pairing = parsePairingCode(bot.pairing_code);
      } catch {
        pairing = null;
      }
      const known = pairing ? this.db.getCorrespondent(pairing.device_address) : null;
      return {
        id: bot.id,
        name: bot.name,
        description: bot.description,
        pairingCode: bot.pairing_code,
        pairing,
        isPaired: known !== null,
      };
    });
  }

  // ---- pairing ----

  /** A fresh one-time invitation `pubkey@hub#secret` (valid for the pairing secret TTL). */
  ourPairingCode(): string {
    const secret = this.newPairingSecret();
    this.db.addPairingSecret(secret, this.clock.now() + this.timing.pairingSecretTtlMs);
    return formatPairingCode({
      pubkey: this.device.pubkey,
      hub: this.myHub,
      pairing_secret: secret,
    });
  }

  /**
   * Pair with a device from its code (pasted, scanned, a bot store entry or an `obyte:` link):
   * add it unconfirmed and send `pairing` with a reverse secret; it is confirmed when the peer's
   * `pairing` with that secret comes back.
   */
  pair(code: string): Correspondent {
    let parsed: PairingCode;
    try {
      parsed = parsePairingCode(code);
    } catch (error) {
      throw new ChatError('invalid_input', pairingCodeWords(code, pairingReason(error)));
    }
    if (parsed.pubkey === this.device.pubkey) {
      throw new ChatError('own_code', 'That is this wallet’s own pairing code.');
    }
    const reverse = this.newPairingSecret();
    const body = createPairingBody(parsed.pairing_secret, this.myName(), reverse);
    const correspondent = this.db.transaction(() => {
      this.db.addPairingSecret(reverse, this.clock.now() + this.timing.pairingSecretTtlMs);
      const existing = this.db.getCorrespondent(parsed.device_address);
      const saved = this.db.upsertCorrespondent({
        deviceAddress: parsed.device_address,
        pubkey: parsed.pubkey,
        hub: parsed.hub,
        name: existing?.name ?? NEW_CORRESPONDENT_NAME,
        isConfirmed: false,
        mySecret: reverse,
        peerSecret: parsed.pairing_secret,
      });
      this.db.enqueue({
        messageId: null,
        recipient: saved.deviceAddress,
        recipientPubkey: saved.pubkey,
        hub: saved.hub,
        subject: 'pairing',
        bodyJson: JSON.stringify(body),
      });
      return saved;
    });
    this.emit('correspondentChanged', {
      deviceAddress: correspondent.deviceAddress,
      correspondent,
    });
    void this.flushOutbox();
    return correspondent;
  }

  renameCorrespondent(deviceAddress: string, name: string): Correspondent {
    const cleaned = cleanDeviceName(name);
    if (cleaned === null) throw new ChatError('invalid_input', 'The name is empty.');
    if (this.db.getCorrespondent(deviceAddress) === null) {
      throw new ChatError('not_found', 'No such correspondent.');
    }
    const correspondent = this.db.renameCorrespondent(deviceAddress, cleaned);
    this.emit('correspondentChanged', { deviceAddress, correspondent });
    return correspondent;
  }

  /** Tell the peer (`removed_paired_device`), then forget it, its chat and its queued messages. */
  removeCorrespondent(deviceAddress: string): void {
    const correspondent = this.db.getCorrespondent(deviceAddress);
    if (correspondent === null) throw new ChatError('not_found', 'No such correspondent.');
    this.db.transaction(() => {
      this.db.deleteCorrespondent(deviceAddress);
      this.db.enqueue({
        messageId: null,
        recipient: correspondent.deviceAddress,
        recipientPubkey: correspondent.pubkey,
        hub: correspondent.hub,
        subject: 'removed_paired_device',
        bodyJson: JSON.stringify('removed'),
      });
    });
    this.emit('correspondentChanged', { deviceAddress, correspondent: null });
    void this.flushOutbox();
  }

  // ---- sending ----

  /** Queue a text to a correspondent; resolves at once with the queued message. */
  sendText(deviceAddress: string, text: string): ChatMessage {
    if (typeof text !== 'string' || text.trim() === '') {
      throw new ChatError('invalid_input', 'The message is empty.');
    }
    if (text.length > MAX_TEXT_LENGTH) {
      throw new ChatError(
        'invalid_input',
        `The message is longer than ${MAX_TEXT_LENGTH} characters.`,
      );
    }
    const correspondent = this.db.getCorrespondent(deviceAddress);
    if (correspondent === null) throw new ChatError('not_found', 'No such correspondent.');
    const message = this.db.transaction(() => {
      const saved = this.db.addMessage({
        correspondent: deviceAddress,
        direction: 'out',
        kind: 'text',
        subject: 'text',
        body: text,
      });
      this.db.enqueue({
        messageId: saved.id,
        recipient: correspondent.deviceAddress,
        recipientPubkey: correspondent.pubkey,
        hub: correspondent.hub,
        subject: 'text',
        bodyJson: JSON.stringify(text),
      });
      return saved;
    });
    this.emit('messageSent', message);
    void this.flushOutbox();
    return message;
  }

  /** Queue a failed message again. */
  retryMessage(messageId: number): ChatMessage {
    const message = this.db.getMessage(messageId);
    if (message === null || message.direction !== 'out' || message.state !== 'failed') {
      throw new ChatError('not_found', 'No failed message with that id.');
    }
    const correspondent = this.db.getCorrespondent(message.correspondent);
    if (correspondent === null) throw new ChatError('not_found', 'No such correspondent.');
    const queued = this.db.transaction(() => {
      this.db.enqueue({
        messageId,
        recipient: correspondent.deviceAddress,
        recipientPubkey: correspondent.pubkey,
        hub: correspondent.hub,
        subject: message.subject,
        bodyJson: JSON.stringify(message.body),
      });
      return this.db.setMessageQueued(messageId);
    });
    if (queued) this.emit('messageStateChanged', queued);
    void this.flushOutbox();
    return queued ?? message;
  }

  /**
   * Send what the outbox holds. One flush at a time; a call during a flush makes it run once more.
   * Entries for our own hub wait while it is disconnected (the reconnect flushes them).
   */
  flushOutbox(): Promise<void> {
    if (this.stopped || this.drainOnly) return Promise.resolve();
    this.flushAgain = true;
    if (this.flushing) return this.flushing;
    const run = async (): Promise<void> => {
      try {
        while (this.flushAgain && !this.stopped) {
          this.flushAgain = false;
          await this.flushOnce();
        }
      } finally {
        // In the same step as the loop's last check: a call after it starts a new flush (a
        // `.finally()` on the promise would leave a gap where a call is swallowed).
        this.flushing = null;
      }
    };
    this.flushing = run();
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const remotes = new Map<string, RemoteHub>();
    let transientFailures = 0;
    try {
      for (const entry of this.db.listOutbox()) {
        if (this.stopped) return;
        const isHome = entry.hub === this.myHub;
        if (isHome && !this.home.isConnected) {
          this.postpone(entry, `Our hub (${this.myHub}) is not connected right now`);
          transientFailures += 1;
          continue;
        }
        let requester: HubRequester;
        if (isHome) requester = this.home;
        else {
          let remote = remotes.get(entry.hub);
          if (remote === undefined) {
            try {
              remote = this.openRemoteHub(entry.hub);
            } catch (error) {
              // A hub string stored before the stricter checks (or one no client can reach):
              // this entry fails in words, the rest of the outbox goes on.
              this.failEntry(
                entry,
                `The peer's hub "${entry.hub.slice(0, 60)}" cannot be reached: ${errorText(error)}`,
              );
              continue;
            }
            remotes.set(entry.hub, remote);
          }
          requester = remote;
        }
        if (!(await this.sendEntry(entry, requester))) transientFailures += 1;
      }
    } finally {
      await Promise.all(
        [...remotes.values()].map((remote) =>
          remote.stop().catch((error: unknown) => {
            this.logger.debug('Closing a remote hub connection failed', { error });
          }),
        ),
      );
    }
    if (transientFailures > 0) this.scheduleRetry();
  }

  /**
   * One `hub/deliver` of a stored envelope. Until the hub answers, the entry is "in doubt" (the
   * hub may store it and the answer be lost); a refusal in words means this try was not stored,
   * so the entry is as much in doubt as before it.
   */
  private async deliverStored(
    entry: OutboxEntry,
    envelope: DeviceEnvelope,
    requester: HubRequester,
    inDoubtBefore: boolean,
  ): Promise<void> {
    this.db.setOutboxInDoubt(entry.id, true);
    try {
      await deliver(requester, envelope, { timeoutMs: this.timing.requestTimeoutMs });
    } catch (error) {
      if (error instanceof HubRequestError) this.db.setOutboxInDoubt(entry.id, inDoubtBefore);
      throw error;
    }
  }

  /** True when the entry is done (delivered or failed for good); false to retry later. */
  private async sendEntry(entry: OutboxEntry, requester: HubRequester): Promise<boolean> {
    const options = { timeoutMs: this.timing.requestTimeoutMs };
    try {
      if (entry.envelopeJson !== null && entry.messageHash !== null) {
        const stored = parseStoredEnvelope(entry.envelopeJson);
        if (stored !== null) {
          try {
            await this.deliverStored(entry, stored, requester, entry.inDoubt);
            this.onDelivered(entry, entry.messageHash);
            return true;
          } catch (error) {
            // The peer rotated its temp key since: only then build a new envelope.
            if (!isWrongEphemeralKey(error)) throw error;
            if (entry.inDoubt) {
              // An earlier try may be stored at a hub already: a new envelope (another message
              // hash) could make it arrive twice. It is not sent again on its own.
              this.failEntry(entry, IN_DOUBT_REASON);
              return true;
            }
            this.logger.info('The recipient rotated its temp key; encrypting again', {
              to: entry.recipient,
            });
          }
        } else if (entry.inDoubt) {
          this.failEntry(entry, IN_DOUBT_REASON);
          return true;
        }
        this.db.setOutboxEnvelope(entry.id, null, null);
      }
      const pkg = await getTempPubkey(requester, entry.recipientPubkey, options);
      const body: unknown = JSON.parse(entry.bodyJson);
      const inner = createInnerMessage(
        this.device.deviceAddress,
        this.myHub,
        entry.subject,
        body as JsonValue,
      );
      const encrypted = encryptJson(
        inner,
        pkg.temp_pubkey,
        this.newPrivateKey(),
        this.random.randomBytes(12),
      );
      const envelope = createDeviceEnvelope(encrypted, entry.recipient, this.device);
      const messageHash = getDeviceMessageHash(envelope);
      // Saved before it leaves: a retry after a lost answer sends these same bytes.
      this.db.setOutboxEnvelope(entry.id, JSON.stringify(envelope), messageHash);
      await this.deliverStored(entry, envelope, requester, false);
      this.onDelivered(entry, messageHash);
      return true;
    } catch (error) {
      const reason = errorText(error);
      // The peer rotated its key between our asking for it and delivering: the next try asks again.
      if (isTransient(error) || isWrongEphemeralKey(error)) {
        this.postpone(entry, reason);
        return false;
      }
      this.failEntry(entry, reason);
      return true;
    }
  }

  /** Not delivered yet, tried again later: the message says why meanwhile (never a bare "Sending…"). */
  private postpone(entry: OutboxEntry, reason: string): void {
    this.db.noteOutboxAttempt(entry.id, reason);
    this.logger.info('Delivery postponed', { to: entry.recipient, reason });
    if (entry.messageId === null) return;
    const words = `${reason.replace(/[.\s]+$/, '')}. Trying again.`;
    if (this.db.getMessage(entry.messageId)?.failureReason === words) return;
    const waiting = this.db.setMessageWaiting(entry.messageId, words);
    if (waiting) this.emit('messageStateChanged', waiting);
  }

  /** The entry is given up for good: its message (if any) shows as failed, with the reason. */
  private failEntry(entry: OutboxEntry, reason: string): void {
    this.logger.warn('Delivery failed', { to: entry.recipient, subject: entry.subject, reason });
    const failed = this.db.transaction(() => {
      this.db.removeOutboxEntry(entry.id);
      return entry.messageId === null ? null : this.db.setMessageFailed(entry.messageId, reason);
    });
    if (failed) this.emit('messageStateChanged', failed);
  }

  private onDelivered(entry: OutboxEntry, messageHash: string): void {
    const delivered = this.db.transaction(() => {
      this.db.removeOutboxEntry(entry.id);
      return entry.messageId === null
        ? null
        : this.db.setMessageDelivered(entry.messageId, messageHash);
    });
    this.logger.debug('Delivered', { to: entry.recipient, subject: entry.subject });
    if (delivered) this.emit('messageStateChanged', delivered);
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null || this.stopped) return;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      void this.flushOutbox();
    }, this.timing.outboxRetryMs);
  }

  // ---- hub connection: login and temp keys ----

  private onConnected(joinedLate: boolean): void {
    this.session += 1;
    const session = this.session;
    this.setLoggedIn(false);
    this.hubHoldsCurrent = false;
    this.inboxDrained = false;
    this.loginChallenge = null;
    if (joinedLate) this.home.justsay('hub/repeat_challenge');
    this.challengeTimer?.cancel();
    this.challengeTimer = this.timers.setTimeout(() => {
      this.challengeTimer = null;
      if (this.session === session && !this.loggedIn && !this.stopped) {
        this.logger.info('No challenge from the hub yet; asking again');
        this.home.justsay('hub/repeat_challenge');
      }
    }, this.timing.challengeWaitMs);
  }

  private onPush(push: HubPush): void {
    if (this.stopped) return;
    switch (push.subject) {
      case 'hub/challenge':
        // The same challenge again on this connection (our repeat crossed the hub's own): one login.
        if (this.loggedIn && push.challenge === this.loginChallenge) return;
        this.inboxDrained = false;
        void this.login(push.challenge);
        return;
      case 'hub/message': {
        const body = push.body;
        this.inbox = this.inbox.then(() => this.receive(body));
        return;
      }
      case 'hub/message_box_status':
        if (push.status === 'has_more') {
          // After the batch is handled and acknowledged, ask for the next one.
          this.inbox = this.inbox.then(() => {
            if (!this.stopped) this.home.justsay('hub/refresh');
          });
        } else if (push.status === 'empty') {
          this.inbox = this.inbox.then(() => this.drained());
        }
        return;
      case 'info':
        // The first login of a device: the hub has no box for it yet and says so instead of
        // sending a message_box_status.
        if (push.message === FIRST_LOGIN_INFO) this.inbox = this.inbox.then(() => this.drained());
        return;
      case 'error':
        this.logger.warn('The hub reported an error', { message: push.message.slice(0, 200) });
        return;
      default:
        return;
    }
  }

  private drained(): void {
    this.inboxDrained = true;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
    this.rotateIfDue();
  }

  private async login(challenge: string): Promise<void> {
    const current = this.current;
    if (current === null) return;
    const login = createHubLogin(challenge, this.device, LOGIN_LIMITS);
    const body: JsonObject = {
      challenge: login.challenge,
      pubkey: login.pubkey,
      max_message_length: LOGIN_LIMITS.max_message_length,
      signature: login.signature,
    };
    if (!this.home.justsay('hub/login', body)) return;
    this.loginChallenge = challenge;
    this.challengeTimer?.cancel();
    this.challengeTimer = null;
    this.setLoggedIn(true);
    this.logger.info('Logged in to the hub', { device: this.device.deviceAddress });
    // An earlier home hub is only read: no temp key is uploaded there, nothing sent from it.
    if (this.drainOnly) return;
    try {
      // Our current key, and no other (the hub may hold an older one): the rotation waits for it.
      await this.uploadTempKey(this.current ?? current);
    } catch (error) {
      this.logger.warn('Uploading the temp pubkey failed', { reason: errorText(error) });
    }
    this.rotateIfDue();
    void this.flushOutbox();
  }

  private async uploadTempKey(key: TempKey): Promise<void> {
    const session = this.session;
    const pkg = createTempPubkeyPackage(key.pubkey, this.device);
    await uploadTempPubkey(this.home, pkg, { timeoutMs: this.timing.requestTimeoutMs });
    // Answered on the connection it was asked on: the hub holds this key (while it is current).
    if (session === this.session && this.current?.pubkey === key.pubkey) {
      this.hubHoldsCurrent = true;
    }
    this.logger.debug('Temp pubkey uploaded');
  }

  /**
   * The rotation rule. The hub holds one temp pubkey of ours and senders encrypt to it; we keep
   * two private keys (current and previous). A message the hub keeps for us is encrypted to the
   * key it held when the message came, so a rotation is safe only when the hub has answered the
   * upload of our current key on this connection and everything it had stored for us has been
   * received and handled: then at most the previous key is needed, and we still hold it. So we
   * rotate only while logged in, after that upload and once the inbox is drained; a rotation
   * due while offline (or while the upload is unanswered) waits for the next login. Rotating
   * while away, twice, would drop the very key the hub's stored messages are encrypted to, and
   * those messages would be refused unread.
   */
  private get canRotate(): boolean {
    return (
      !this.stopped &&
      this.isLoggedIn &&
      this.hubHoldsCurrent &&
      this.inboxDrained &&
      this.current !== null
    );
  }

  private rotateIfDue(): void {
    if (!this.rotationDue || !this.canRotate) return;
    void this.rotateTempKey().catch((error: unknown) => {
      this.logger.warn('Temp key rotation failed', { reason: errorText(error) });
    });
  }

  /**
   * New temp key, when the rotation rule allows it (else it is postponed until it does, and
   * false is returned): saved first (new current, previous = old current), then uploaded. The
   * previous key keeps decrypting messages that were sent to it.
   */
  async rotateTempKey(): Promise<boolean> {
    if (this.stopped) return false;
    if (!this.canRotate) {
      if (!this.rotationDue) {
        this.logger.info('Temp key rotation postponed until the hub holds the current key', {
          loggedIn: this.isLoggedIn,
          hubHoldsCurrent: this.hubHoldsCurrent,
          inboxDrained: this.inboxDrained,
        });
      }
      this.rotationDue = true;
      return false;
    }
    this.rotationDue = false;
    const privateKey = this.newPrivateKey();
    const pubkey = getPublicKeyB64(privateKey);
    this.db.rotateTempKey(
      sealTempKey(privateKey, this.device, this.random.randomBytes(SEAL_NONCE_BYTES)),
      pubkey,
    );
    this.previous?.privateKey.fill(0);
    this.previous = this.current;
    this.current = { privateKey, pubkey, createdAt: this.clock.now() };
    this.hubHoldsCurrent = false;
    this.logger.info('Temp key rotated');
    this.rotationTimer?.cancel();
    this.scheduleRotation();
    await this.uploadTempKey(this.current);
    return true;
  }

  /** The next rotation: a period after the current key was made (then as the rule allows). */
  private scheduleRotation(): void {
    if (this.stopped) return;
    const current = this.current;
    const age = current === null ? 0 : this.clock.now() - current.createdAt;
    const delay = Math.max(1_000, this.timing.tempKeyRotationMs - age);
    this.rotationTimer = this.timers.setTimeout(() => {
      this.rotationTimer = null;
      if (this.stopped) return;
      this.rotateTempKey().catch((error: unknown) => {
        this.logger.warn('Temp key rotation failed', { reason: errorText(error) });
      });
    }, delay);
  }

  private loadTempKeys(): void {
    const stored = this.db.getTempKeys();
    const open = (
      row: { sealedPrivateKey: string; pubkey: string; createdAt: number } | null,
    ): TempKey | null => {
      if (row === null) return null;
      const privateKey = unsealTempKey(row.sealedPrivateKey, this.device);
      if (privateKey === null || getPublicKeyB64(privateKey) !== row.pubkey) return null;
      return { privateKey, pubkey: row.pubkey, createdAt: row.createdAt };
    };
    this.current = open(stored.current);
    this.previous = open(stored.previous);
    if (this.current === null) {
      if (stored.current !== null) {
        this.logger.warn('The stored temp keys do not open with this device key; making new ones');
        this.db.clearTempKeys();
        this.previous = null;
      }
      const privateKey = this.newPrivateKey();
      const pubkey = getPublicKeyB64(privateKey);
      this.db.rotateTempKey(
        sealTempKey(privateKey, this.device, this.random.randomBytes(SEAL_NONCE_BYTES)),
        pubkey,
      );
      this.current = { privateKey, pubkey, createdAt: this.clock.now() };
    }
  }

  // ---- receiving ----

  private async receive(body: JsonObject): Promise<void> {
    if (this.stopped) return;
    const messageHash = getHubMessageHash(body);
    if (messageHash === null) {
      this.logger.warn('Dropped a hub message without a usable message_hash (cannot ack it)');
      return;
    }
    const pending: PendingEvent[] = [];
    let verified = false;
    /** The signer of a verified envelope (its device address), for an unreadable one's note. */
    let signer: string | null = null;
    try {
      if (this.db.wasReceived(messageHash)) {
        this.logger.debug('Dropped a duplicate hub message', { messageHash });
      } else {
        const checked = parseHubMessage(body, this.device.deviceAddress);
        verified = true;
        signer = getDeviceAddress(checked.message.pubkey);
        const opened = openHubMessage(checked, {
          permanent: this.device,
          temp: this.current?.privateKey ?? this.device,
          prev_temp: this.previous?.privateKey ?? null,
        });
        this.db.transaction(() => this.handle(opened, pending));
      }
    } catch (error) {
      // The hash provably names this envelope: a re-delivery of it is dropped at once.
      if (verified) this.db.markReceived(messageHash);
      pending.length = 0;
      this.logger.warn('Refused a hub message', { messageHash, reason: errorText(error) });
      if (signer !== null && isUnknownKey(error)) this.noteUnreadable(signer, messageHash, pending);
    } finally {
      // Always acknowledged once handled or refused (so a bad message cannot block the inbox).
      if (!this.stopped) this.home.justsay('hub/delete', messageHash);
    }
    for (const item of pending) this.emitPending(item);
    if (pending.some((item) => item.event === 'correspondentChanged')) void this.flushOutbox();
  }

  /**
   * A correspondent's message (its signature verified) that was encrypted to a key we no longer
   * hold cannot be read; it is not dropped silently: the conversation says so, to ask again.
   */
  private noteUnreadable(from: string, messageHash: string, pending: PendingEvent[]): void {
    if (this.db.getCorrespondent(from) === null) return;
    const stored = this.db.addMessage({
      correspondent: from,
      direction: 'in',
      kind: 'system',
      subject: 'unreadable',
      body: UNREADABLE_NOTE,
      messageHash,
      unread: true,
    });
    pending.push({ event: 'messageReceived', payload: stored });
    this.pushCorrespondent(from, pending);
  }

  /**
   * The correspondent says it now lives on another hub (its messages name it): what waits in the
   * outbox for it goes there too (the old hub may be gone, or would keep it where it never looks).
   */
  private moveToHub(deviceAddress: string, hub: string, pending: PendingEvent[]): void {
    this.db.setCorrespondentHub(deviceAddress, hub);
    const moved = this.db.setOutboxHub(deviceAddress, hub);
    if (moved > 0) {
      this.logger.info('A correspondent moved to another hub; its queued messages follow', {
        to: deviceAddress,
        hub,
        messages: moved,
      });
    }
    this.pushCorrespondent(deviceAddress, pending);
  }

  /** Runs inside the message's transaction; events are emitted after the commit. */
  private handle(received: ReceivedDeviceMessage, pending: PendingEvent[]): void {
    if (!this.db.markReceived(received.message_hash)) return;
    const { from, message } = received;
    const correspondent = this.db.getCorrespondent(from);
    if (correspondent === null && message.subject !== 'pairing') {
      throw new ChatError('invalid_input', `"${message.subject.slice(0, 40)}" from a stranger`);
    }
    if (
      correspondent !== null &&
      message.device_hub !== undefined &&
      message.device_hub !== correspondent.hub &&
      isValidHub(message.device_hub)
    ) {
      this.moveToHub(from, message.device_hub, pending);
    }
    switch (message.subject) {
      case 'text': {
        const text = message.body;
        if (typeof text !== 'string' || text === '') {
          throw new ChatError('invalid_input', 'A text message without text');
        }
        if (text.length > MAX_TEXT_LENGTH) {
          throw new ChatError('invalid_input', `A text of ${text.length} characters (too long)`);
        }
        const stored = this.db.addMessage({
          correspondent: from,
          direction: 'in',
          kind: 'text',
          subject: 'text',
          body: text,
          messageHash: received.message_hash,
          unread: true,
        });
        pending.push({ event: 'messageReceived', payload: stored });
        this.pushCorrespondent(from, pending);
        return;
      }
      case 'pairing':
        this.handlePairing(received, correspondent, pending);
        return;
      case 'removed_paired_device':
        this.db.deleteCorrespondent(from);
        this.logger.info('A correspondent removed us', { from });
        pending.push({
          event: 'correspondentChanged',
          payload: { deviceAddress: from, correspondent: null },
        });
        return;
      default: {
        let shown: string;
        try {
          shown = JSON.stringify(message.body ?? null);
        } catch {
          shown = '';
        }
        const stored = this.db.addMessage({
          correspondent: from,
          direction: 'in',
          kind: 'unsupported',
          subject: message.subject.slice(0, 100),
          body:
            shown.length > MAX_UNSUPPORTED_BODY
              ? `${shown.slice(0, MAX_UNSUPPORTED_BODY)}…`
              : shown,
          messageHash: received.message_hash,
          unread: true,
        });
        pending.push({ event: 'messageReceived', payload: stored });
        this.pushCorrespondent(from, pending);
      }
    }
  }

  private handlePairing(
    received: ReceivedDeviceMessage,
    correspondent: Correspondent | null,
    pending: PendingEvent[],
  ): void {
    const { from, sender_pubkey: pubkey, message } = received;
    const request = parsePairingRequest(message.body, message.device_hub);
    const name = cleanDeviceName(request.device_name) ?? NEW_CORRESPONDENT_NAME;
    const secret = request.pairing_secret;
    if (correspondent !== null && correspondent.mySecret === secret) {
      // The answer to our pair(): the reverse secret we sent.
      this.db.removePairingSecret(secret);
      this.db.setCorrespondentHub(from, request.device_hub);
      this.db.confirmCorrespondent(from, name);
      this.logger.info('Pairing confirmed', { with: from });
      this.pushCorrespondent(from, pending);
      return;
    }
    const issued = this.db.getValidPairingSecret(secret);
    if (issued === null) {
      throw new ChatError('invalid_input', 'Pairing refused: unknown or expired pairing secret');
    }
    if (!issued.isPermanent) this.db.removePairingSecret(secret);
    if (correspondent === null) {
      this.db.upsertCorrespondent({
        deviceAddress: from,
        pubkey,
        hub: request.device_hub,
        name,
        isConfirmed: true,
      });
    } else {
      this.db.setCorrespondentHub(from, request.device_hub);
      this.db.confirmCorrespondent(from, name);
    }
    if (request.reverse_pairing_secret !== undefined) {
      const reply = createPairingBody(request.reverse_pairing_secret, this.myName());
      this.db.enqueue({
        messageId: null,
        recipient: from,
        recipientPubkey: pubkey,
        hub: request.device_hub,
        subject: 'pairing',
        bodyJson: JSON.stringify(reply),
      });
    }
    this.logger.info('Paired with a device that used our pairing code', { with: from });
    this.pushCorrespondent(from, pending);
  }

  private pushCorrespondent(deviceAddress: string, pending: PendingEvent[]): void {
    const correspondent = this.db.getCorrespondent(deviceAddress);
    pending.push({ event: 'correspondentChanged', payload: { deviceAddress, correspondent } });
  }

  // ---- helpers ----

  private myName(): string {
    let name: string | null;
    try {
      name = cleanDeviceName(this.deviceName());
    } catch {
      name = null;
    }
    return name ?? DEFAULT_DEVICE_NAME;
  }

  private newPairingSecret(): string {
    return createPairingSecret(this.random.randomBytes(PAIRING_SECRET_BYTES));
  }

  private newPrivateKey(): Uint8Array {
    for (;;) {
      const key = this.random.randomBytes(32);
      if (key.length === 32 && isValidPrivateKey(key)) return key;
    }
  }

  private setLoggedIn(loggedIn: boolean): void {
    if (this.loggedIn === loggedIn) return;
    this.loggedIn = loggedIn;
    this.emit('loginChanged', { loggedIn });
  }

  private emitPending(item: PendingEvent): void {
    switch (item.event) {
      case 'messageReceived':
        return this.emit('messageReceived', item.payload);
      case 'messageSent':
        return this.emit('messageSent', item.payload);
      case 'messageStateChanged':
        return this.emit('messageStateChanged', item.payload);
      case 'correspondentChanged':
        return this.emit('correspondentChanged', item.payload);
      case 'loginChanged':
        return this.emit('loginChanged', item.payload);
    }
  }

  private emit<E extends ChatEventName>(event: E, payload: ChatEvents[E]): void {
    for (const listener of [...(this.listeners[event] as Set<Listener<E>>)]) {
      try {
        listener(payload);
      } catch (error) {
        this.logger.error('A chat listener failed', { event, error });
      }
    }
  }
}

/** Checks a device address typed by the user (CLI, IPC). */
export function assertDeviceAddress(value: string): string {
  if (!isValidDeviceAddress(value)) {
    throw new ChatError('invalid_input', 'That is not a device address.');
  }
  return value;
}
