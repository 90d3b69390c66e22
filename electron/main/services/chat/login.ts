/**
 * Login to the home hub and our temp keys (device-messaging.md §4–§5): on every connection wait
 * for (or ask again for) the hub's challenge, answer it with `hub/login`, upload the current temp
 * pubkey, and rotate the temp key when the rotation rule allows it. Ports ocore device.js
 * `loginToHub`, `handleChallenge`, `rotateTempDeviceKey` and `scheduleTempDeviceKeyRotation`.
 *
 * The temp private keys are kept sealed with the device key in the chat database and held here,
 * open, while the messenger runs (wiped on stop).
 */
import { createHubLogin, createTempPubkeyPackage } from '../../../../shared/protocol/device';
import type { JsonObject } from '../../../../shared/protocol/json';
import { uploadTempPubkey } from '../../../../shared/protocol/light/index';
import { getPublicKeyB64 } from '../../../../shared/protocol/signature';
import { MAX_FRAME_BYTES } from '../../../../shared/protocol/wire';
import type { TimerHandle } from '../hub';
import { newPrivateKey, type MessengerContext } from './context';
import { SEAL_NONCE_BYTES, sealTempKey, unsealTempKey } from './temp-key-seal';
import { errorText } from './words';

/**
 * Asked at login: the hub deletes stored messages longer than this and does not push them. A
 * message that cannot fit in one frame we accept (MAX_FRAME_BYTES, with room for the
 * `hub/message` envelope) could never be received: left at the hub it would be re-sent, and
 * refused, on every login, holding back every message after it (and a hostile sender could do
 * that on purpose). Everything we could receive is still delivered.
 */
export const LOGIN_LIMITS = { max_message_length: MAX_FRAME_BYTES - 4096 } as const;

interface TempKey {
  readonly privateKey: Uint8Array;
  readonly pubkey: string;
  readonly createdAt: number;
}

export interface HubLoginHooks {
  /** A new connection: what the inbox knew about the hub's message box no longer holds. */
  readonly onNewConnection: () => void;
  /** The inbox said, since this login, that the hub's message box is empty and all is handled. */
  readonly inboxDrained: () => boolean;
  /** Logged in and our current temp pubkey offered: the outbox may send. */
  readonly onReady: () => void;
}

export class HubLogin {
  private readonly ctx: MessengerContext;
  private readonly hooks: HubLoginHooks;
  private current: TempKey | null = null;
  private previous: TempKey | null = null;
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

  constructor(ctx: MessengerContext, hooks: HubLoginHooks) {
    this.ctx = ctx;
    this.hooks = hooks;
  }

  get isLoggedIn(): boolean {
    return this.loggedIn && this.ctx.home.isConnected;
  }

  /** The current temp pubkey (what peers encrypt to). */
  get tempPubkey(): string | null {
    return this.current?.pubkey ?? null;
  }

  /** The private keys a received message may be encrypted to, besides the permanent one. */
  get tempKeys(): { readonly current: Uint8Array | null; readonly previous: Uint8Array | null } {
    return {
      current: this.current?.privateKey ?? null,
      previous: this.previous?.privateKey ?? null,
    };
  }

  /** Load the stored temp keys (or make the first one); then rotations are scheduled. */
  start(): void {
    this.loadTempKeys();
  }

  startRotations(): void {
    this.scheduleRotation();
  }

  /** No more challenge waits or rotations. */
  stop(): void {
    this.challengeTimer?.cancel();
    this.rotationTimer?.cancel();
  }

  /** After the last message is handled: the open temp keys wiped, logged out. */
  wipe(): void {
    this.current?.privateKey.fill(0);
    this.previous?.privateKey.fill(0);
    this.setLoggedIn(false);
  }

  onConnected(joinedLate: boolean): void {
    this.session += 1;
    const session = this.session;
    this.setLoggedIn(false);
    this.hubHoldsCurrent = false;
    this.hooks.onNewConnection();
    this.loginChallenge = null;
    if (joinedLate) this.ctx.home.justsay('hub/repeat_challenge');
    this.challengeTimer?.cancel();
    this.challengeTimer = this.ctx.timers.setTimeout(() => {
      this.challengeTimer = null;
      if (this.session === session && !this.loggedIn && !this.ctx.isStopped()) {
        this.ctx.logger.info('No challenge from the hub yet; asking again');
        this.ctx.home.justsay('hub/repeat_challenge');
      }
    }, this.ctx.timing.challengeWaitMs);
  }

  /** The same challenge again on this connection (our repeat crossed the hub's own): one login. */
  isRepeatOf(challenge: string): boolean {
    return this.loggedIn && challenge === this.loginChallenge;
  }

  async login(challenge: string): Promise<void> {
    const { ctx } = this;
    const current = this.current;
    if (current === null) return;
    const login = createHubLogin(challenge, ctx.device, LOGIN_LIMITS);
    const body: JsonObject = {
      challenge: login.challenge,
      pubkey: login.pubkey,
      max_message_length: LOGIN_LIMITS.max_message_length,
      signature: login.signature,
    };
    if (!ctx.home.justsay('hub/login', body)) return;
    this.loginChallenge = challenge;
    this.challengeTimer?.cancel();
    this.challengeTimer = null;
    this.setLoggedIn(true);
    ctx.logger.info('Logged in to the hub', { device: ctx.device.deviceAddress });
    // An earlier home hub is only read: no temp key is uploaded there, nothing sent from it.
    if (ctx.drainOnly) return;
    try {
      // Our current key, and no other (the hub may hold an older one): the rotation waits for it.
      await this.uploadTempKey(this.current ?? current);
    } catch (error) {
      ctx.logger.warn('Uploading the temp pubkey failed', { reason: errorText(error) });
    }
    this.rotateIfDue();
    this.hooks.onReady();
  }

  private async uploadTempKey(key: TempKey): Promise<void> {
    const session = this.session;
    const pkg = createTempPubkeyPackage(key.pubkey, this.ctx.device);
    await uploadTempPubkey(this.ctx.home, pkg, { timeoutMs: this.ctx.timing.requestTimeoutMs });
    // Answered on the connection it was asked on: the hub holds this key (while it is current).
    if (session === this.session && this.current?.pubkey === key.pubkey) {
      this.hubHoldsCurrent = true;
    }
    this.ctx.logger.debug('Temp pubkey uploaded');
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
      !this.ctx.isStopped() &&
      this.isLoggedIn &&
      this.hubHoldsCurrent &&
      this.hooks.inboxDrained() &&
      this.current !== null
    );
  }

  rotateIfDue(): void {
    if (!this.rotationDue || !this.canRotate) return;
    void this.rotateTempKey().catch((error: unknown) => {
      this.ctx.logger.warn('Temp key rotation failed', { reason: errorText(error) });
    });
  }

  /**
   * New temp key, when the rotation rule allows it (else it is postponed until it does, and
   * false is returned): saved first (new current, previous = old current), then uploaded. The
   * previous key keeps decrypting messages that were sent to it.
   */
  async rotateTempKey(): Promise<boolean> {
    const { ctx } = this;
    if (ctx.isStopped()) return false;
    if (!this.canRotate) {
      if (!this.rotationDue) {
        ctx.logger.info('Temp key rotation postponed until the hub holds the current key', {
          loggedIn: this.isLoggedIn,
          hubHoldsCurrent: this.hubHoldsCurrent,
          inboxDrained: this.hooks.inboxDrained(),
        });
      }
      this.rotationDue = true;
      return false;
    }
    this.rotationDue = false;
    const privateKey = newPrivateKey(ctx.random);
    const pubkey = getPublicKeyB64(privateKey);
    ctx.db.rotateTempKey(
      sealTempKey(privateKey, ctx.device, ctx.random.randomBytes(SEAL_NONCE_BYTES)),
      pubkey,
    );
    this.previous?.privateKey.fill(0);
    this.previous = this.current;
    this.current = { privateKey, pubkey, createdAt: ctx.clock.now() };
    this.hubHoldsCurrent = false;
    ctx.logger.info('Temp key rotated');
    this.rotationTimer?.cancel();
    this.scheduleRotation();
    await this.uploadTempKey(this.current);
    return true;
  }

  /** The next rotation: a period after the current key was made (then as the rule allows). */
  private scheduleRotation(): void {
    const { ctx } = this;
    if (ctx.isStopped()) return;
    const current = this.current;
    const age = current === null ? 0 : ctx.clock.now() - current.createdAt;
    const delay = Math.max(1_000, ctx.timing.tempKeyRotationMs - age);
    this.rotationTimer = ctx.timers.setTimeout(() => {
      this.rotationTimer = null;
      if (ctx.isStopped()) return;
      this.rotateTempKey().catch((error: unknown) => {
        ctx.logger.warn('Temp key rotation failed', { reason: errorText(error) });
      });
    }, delay);
  }

  private loadTempKeys(): void {
    const { ctx } = this;
    const stored = ctx.db.getTempKeys();
    const open = (
      row: { sealedPrivateKey: string; pubkey: string; createdAt: number } | null,
    ): TempKey | null => {
      if (row === null) return null;
      const privateKey = unsealTempKey(row.sealedPrivateKey, ctx.device);
      if (privateKey === null || getPublicKeyB64(privateKey) !== row.pubkey) return null;
      return { privateKey, pubkey: row.pubkey, createdAt: row.createdAt };
    };
    this.current = open(stored.current);
    this.previous = open(stored.previous);
    if (this.current === null) {
      if (stored.current !== null) {
        ctx.logger.warn('The stored temp keys do not open with this device key; making new ones');
        ctx.db.clearTempKeys();
        this.previous = null;
      }
      const privateKey = newPrivateKey(ctx.random);
      const pubkey = getPublicKeyB64(privateKey);
      ctx.db.rotateTempKey(
        sealTempKey(privateKey, ctx.device, ctx.random.randomBytes(SEAL_NONCE_BYTES)),
        pubkey,
      );
      this.current = { privateKey, pubkey, createdAt: ctx.clock.now() };
    }
  }

  private setLoggedIn(loggedIn: boolean): void {
    if (this.loggedIn === loggedIn) return;
    this.loggedIn = loggedIn;
    this.ctx.events.emit('loginChanged', { loggedIn });
  }
}
