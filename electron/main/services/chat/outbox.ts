/**
 * The outbox (device-messaging.md §6.1–§6.3): what we send waits in the chat database until a
 * hub has accepted it, so it survives restarts. Each entry is encrypted to the recipient's
 * verified temp pubkey, signed, and delivered to the recipient's hub (ours, or a short-lived
 * connection to theirs); transient failures are retried. Ports ocore device.js
 * `sendMessageToHub`, `reliablySendPreparedMessageToHub` and `resendStalledMessages`.
 *
 * A retry re-delivers the stored envelope (same message hash), so a lost `accepted` answer
 * cannot deliver a message twice; an envelope handed to a hub without an answer is "in doubt"
 * and never replaced by another on its own.
 */
import { encryptJson } from '../../../../shared/protocol/device-crypto';
import {
  createDeviceEnvelope,
  createInnerMessage,
  getDeviceMessageHash,
  type DeviceEnvelope,
} from '../../../../shared/protocol/device';
import { isJsonObject, type JsonValue } from '../../../../shared/protocol/json';
import {
  deliver,
  getTempPubkey,
  HubRequestError,
  type HubRequester,
} from '../../../../shared/protocol/light/index';
import type { TimerHandle } from '../hub';
import { MAX_TEXT_LENGTH, newPrivateKey, type MessengerContext, type RemoteHub } from './context';
import type { ChatMessage, OutboxEntry } from './types';
import { ChatError, errorText, IN_DOUBT_REASON, isTransient, isWrongEphemeralKey } from './words';

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

export class Outbox {
  private readonly ctx: MessengerContext;
  private retryTimer: TimerHandle | null = null;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;

  constructor(ctx: MessengerContext) {
    this.ctx = ctx;
  }

  /** No more retries. */
  stop(): void {
    this.retryTimer?.cancel();
  }

  /** Resolves when a flush under way has ended. */
  settled(): Promise<void> {
    return this.flushing ?? Promise.resolve();
  }

  /** Queue a text to a correspondent; resolves at once with the queued message. */
  sendText(deviceAddress: string, text: string): ChatMessage {
    const { db } = this.ctx;
    if (typeof text !== 'string' || text.trim() === '') {
      throw new ChatError('invalid_input', 'The message is empty.');
    }
    if (text.length > MAX_TEXT_LENGTH) {
      throw new ChatError(
        'invalid_input',
        `The message is longer than ${MAX_TEXT_LENGTH} characters.`,
      );
    }
    const correspondent = db.getCorrespondent(deviceAddress);
    if (correspondent === null) throw new ChatError('not_found', 'No such correspondent.');
    const message = db.transaction(() => {
      const saved = db.addMessage({
        correspondent: deviceAddress,
        direction: 'out',
        kind: 'text',
        subject: 'text',
        body: text,
      });
      db.enqueue({
        messageId: saved.id,
        recipient: correspondent.deviceAddress,
        recipientPubkey: correspondent.pubkey,
        hub: correspondent.hub,
        subject: 'text',
        bodyJson: JSON.stringify(text),
      });
      return saved;
    });
    this.ctx.events.emit('messageSent', message);
    void this.flush();
    return message;
  }

  /** Queue a failed message again. */
  retryMessage(messageId: number): ChatMessage {
    const { db } = this.ctx;
    const message = db.getMessage(messageId);
    if (message === null || message.direction !== 'out' || message.state !== 'failed') {
      throw new ChatError('not_found', 'No failed message with that id.');
    }
    const correspondent = db.getCorrespondent(message.correspondent);
    if (correspondent === null) throw new ChatError('not_found', 'No such correspondent.');
    const queued = db.transaction(() => {
      db.enqueue({
        messageId,
        recipient: correspondent.deviceAddress,
        recipientPubkey: correspondent.pubkey,
        hub: correspondent.hub,
        subject: message.subject,
        bodyJson: JSON.stringify(message.body),
      });
      return db.setMessageQueued(messageId);
    });
    if (queued) this.ctx.events.emit('messageStateChanged', queued);
    void this.flush();
    return queued ?? message;
  }

  /**
   * Send what the outbox holds. One flush at a time; a call during a flush makes it run once more.
   * Entries for our own hub wait while it is disconnected (the reconnect flushes them).
   */
  flush(): Promise<void> {
    if (this.ctx.isStopped() || this.ctx.drainOnly) return Promise.resolve();
    this.flushAgain = true;
    if (this.flushing) return this.flushing;
    const run = async (): Promise<void> => {
      try {
        while (this.flushAgain && !this.ctx.isStopped()) {
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
    const { ctx } = this;
    const remotes = new Map<string, RemoteHub>();
    let transientFailures = 0;
    try {
      for (const entry of ctx.db.listOutbox()) {
        if (ctx.isStopped()) return;
        const isHome = entry.hub === ctx.myHub;
        if (isHome && !ctx.home.isConnected) {
          this.postpone(entry, `Our hub (${ctx.myHub}) is not connected right now`);
          transientFailures += 1;
          continue;
        }
        let requester: HubRequester;
        if (isHome) requester = ctx.home;
        else {
          let remote = remotes.get(entry.hub);
          if (remote === undefined) {
            try {
              remote = ctx.openRemoteHub(entry.hub);
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
            ctx.logger.debug('Closing a remote hub connection failed', { error });
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
    const { db, timing } = this.ctx;
    db.setOutboxInDoubt(entry.id, true);
    try {
      await deliver(requester, envelope, { timeoutMs: timing.requestTimeoutMs });
    } catch (error) {
      if (error instanceof HubRequestError) db.setOutboxInDoubt(entry.id, inDoubtBefore);
      throw error;
    }
  }

  /** True when the entry is done (delivered or failed for good); false to retry later. */
  private async sendEntry(entry: OutboxEntry, requester: HubRequester): Promise<boolean> {
    const { ctx } = this;
    const options = { timeoutMs: ctx.timing.requestTimeoutMs };
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
            ctx.logger.info('The recipient rotated its temp key; encrypting again', {
              to: entry.recipient,
            });
          }
        } else if (entry.inDoubt) {
          this.failEntry(entry, IN_DOUBT_REASON);
          return true;
        }
        ctx.db.setOutboxEnvelope(entry.id, null, null);
      }
      const pkg = await getTempPubkey(requester, entry.recipientPubkey, options);
      const body: unknown = JSON.parse(entry.bodyJson);
      const inner = createInnerMessage(
        ctx.device.deviceAddress,
        ctx.myHub,
        entry.subject,
        body as JsonValue,
      );
      const encrypted = encryptJson(
        inner,
        pkg.temp_pubkey,
        newPrivateKey(ctx.random),
        ctx.random.randomBytes(12),
      );
      const envelope = createDeviceEnvelope(encrypted, entry.recipient, ctx.device);
      const messageHash = getDeviceMessageHash(envelope);
      // Saved before it leaves: a retry after a lost answer sends these same bytes.
      ctx.db.setOutboxEnvelope(entry.id, JSON.stringify(envelope), messageHash);
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
    const { db, logger, events } = this.ctx;
    db.noteOutboxAttempt(entry.id, reason);
    logger.info('Delivery postponed', { to: entry.recipient, reason });
    if (entry.messageId === null) return;
    const words = `${reason.replace(/[.\s]+$/, '')}. Trying again.`;
    if (db.getMessage(entry.messageId)?.failureReason === words) return;
    const waiting = db.setMessageWaiting(entry.messageId, words);
    if (waiting) events.emit('messageStateChanged', waiting);
  }

  /** The entry is given up for good: its message (if any) shows as failed, with the reason. */
  private failEntry(entry: OutboxEntry, reason: string): void {
    const { db, logger, events } = this.ctx;
    logger.warn('Delivery failed', { to: entry.recipient, subject: entry.subject, reason });
    const failed = db.transaction(() => {
      db.removeOutboxEntry(entry.id);
      return entry.messageId === null ? null : db.setMessageFailed(entry.messageId, reason);
    });
    if (failed) events.emit('messageStateChanged', failed);
  }

  private onDelivered(entry: OutboxEntry, messageHash: string): void {
    const { db, logger, events } = this.ctx;
    const delivered = db.transaction(() => {
      db.removeOutboxEntry(entry.id);
      return entry.messageId === null ? null : db.setMessageDelivered(entry.messageId, messageHash);
    });
    logger.debug('Delivered', { to: entry.recipient, subject: entry.subject });
    if (delivered) events.emit('messageStateChanged', delivered);
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null || this.ctx.isStopped()) return;
    this.retryTimer = this.ctx.timers.setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.ctx.timing.outboxRetryMs);
  }
}
