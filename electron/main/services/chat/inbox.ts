/**
 * The inbox (device-messaging.md §6.4, §9): `hub/message`s from the home hub, one at a time and
 * in order, each verified, decrypted (permanent, current or previous temp key), stored and
 * acknowledged with `hub/delete`; then the hub's message-box status. Ports ocore device.js
 * `handleJustsaying` ('hub/message', 'hub/message_box_status') and wallet.js
 * `handleMessageFromHub` for the subjects a light wallet handles.
 *
 * Trust rules kept here:
 * - a message is stored (in one transaction, deduplicated by its hub message hash) BEFORE the
 *   `hub/delete`; every message that has a message hash is acknowledged, also the ones we refuse,
 *   so a hostile message cannot block the inbox (the reason is logged);
 * - only `pairing` is accepted from devices that are not correspondents (pairing.ts checks it);
 * - a correspondent's new `device_hub` is taken only when it is a valid hub string.
 */
import { getDeviceAddress } from '../../../../shared/protocol/chash';
import {
  getHubMessageHash,
  openHubMessage,
  parseHubMessage,
  type ReceivedDeviceMessage,
} from '../../../../shared/protocol/device';
import type { JsonObject } from '../../../../shared/protocol/json';
import { isValidHub } from '../../../../shared/protocol/pairing';
import type { HubPush } from '../hub';
import { MAX_TEXT_LENGTH, type MessengerContext } from './context';
import { pushCorrespondent, type PendingEvent } from './events';
import type { Correspondent } from './types';
import { ChatError, errorText, isUnknownKey, UNREADABLE_NOTE } from './words';

/** Unsupported bodies are kept as shortened JSON text. */
const MAX_UNSUPPORTED_BODY = 2_000;

/** ocore's `info` text on the first login of a device address (there is no stored box yet). */
const FIRST_LOGIN_INFO = 'address created';

export interface InboxHooks {
  /** The temp private keys a message may be encrypted to (the permanent key is ctx.device). */
  readonly tempKeys: () => {
    readonly current: Uint8Array | null;
    readonly previous: Uint8Array | null;
  };
  /** Handles a `pairing`, inside the message's transaction. */
  readonly onPairing: (
    received: ReceivedDeviceMessage,
    correspondent: Correspondent | null,
    pending: PendingEvent[],
  ) => void;
  /** The message box is empty and everything before is handled (a rotation may be due). */
  readonly onDrained: () => void;
  /** A correspondent changed (a pairing answered, a hub moved): the outbox may have work. */
  readonly flushOutbox: () => void;
}

export class Inbox {
  private readonly ctx: MessengerContext;
  private readonly hooks: InboxHooks;
  /** Received messages are handled one at a time, in order (ocore serialises them too). */
  private chain: Promise<void> = Promise.resolve();
  /** Since the last login: the hub said the message box is empty and what came before is handled. */
  private drainedSinceLogin = false;
  private drainWaiters: (() => void)[] = [];

  constructor(ctx: MessengerContext, hooks: InboxHooks) {
    this.ctx = ctx;
    this.hooks = hooks;
  }

  get isDrained(): boolean {
    return this.drainedSinceLogin;
  }

  /** A new connection or login: the hub's message box is to be emptied again. */
  reset(): void {
    this.drainedSinceLogin = false;
  }

  /** Resolves once the hub has said, after this login, that no more stored messages wait. */
  whenDrained(): Promise<void> {
    if (this.drainedSinceLogin) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Resolves when the message being handled (and those queued before this call) are done. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** The inbox's pushes from the home hub; false for any other subject. */
  onPush(push: HubPush): boolean {
    switch (push.subject) {
      case 'hub/message': {
        const body = push.body;
        this.chain = this.chain.then(() => this.receive(body));
        return true;
      }
      case 'hub/message_box_status':
        if (push.status === 'has_more') {
          // After the batch is handled and acknowledged, ask for the next one.
          this.chain = this.chain.then(() => {
            if (!this.ctx.isStopped()) this.ctx.home.justsay('hub/refresh');
          });
        } else if (push.status === 'empty') {
          this.chain = this.chain.then(() => this.drained());
        }
        return true;
      case 'info':
        // The first login of a device: the hub has no box for it yet and says so instead of
        // sending a message_box_status.
        if (push.message === FIRST_LOGIN_INFO) this.chain = this.chain.then(() => this.drained());
        return true;
      default:
        return false;
    }
  }

  private drained(): void {
    this.drainedSinceLogin = true;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
    this.hooks.onDrained();
  }

  private async receive(body: JsonObject): Promise<void> {
    const { ctx } = this;
    if (ctx.isStopped()) return;
    const messageHash = getHubMessageHash(body);
    if (messageHash === null) {
      ctx.logger.warn('Dropped a hub message without a usable message_hash (cannot ack it)');
      return;
    }
    const pending: PendingEvent[] = [];
    let verified = false;
    /** The signer of a verified envelope (its device address), for an unreadable one's note. */
    let signer: string | null = null;
    try {
      if (ctx.db.wasReceived(messageHash)) {
        ctx.logger.debug('Dropped a duplicate hub message', { messageHash });
      } else {
        const checked = parseHubMessage(body, ctx.device.deviceAddress);
        verified = true;
        signer = getDeviceAddress(checked.message.pubkey);
        const keys = this.hooks.tempKeys();
        const opened = openHubMessage(checked, {
          permanent: ctx.device,
          temp: keys.current ?? ctx.device,
          prev_temp: keys.previous,
        });
        ctx.db.transaction(() => this.handle(opened, pending));
      }
    } catch (error) {
      // The hash provably names this envelope: a re-delivery of it is dropped at once.
      if (verified) ctx.db.markReceived(messageHash);
      pending.length = 0;
      ctx.logger.warn('Refused a hub message', { messageHash, reason: errorText(error) });
      if (signer !== null && isUnknownKey(error)) this.noteUnreadable(signer, messageHash, pending);
    } finally {
      // Always acknowledged once handled or refused (so a bad message cannot block the inbox).
      if (!ctx.isStopped()) ctx.home.justsay('hub/delete', messageHash);
    }
    for (const item of pending) ctx.events.emitPending(item);
    if (pending.some((item) => item.event === 'correspondentChanged')) this.hooks.flushOutbox();
  }

  /**
   * A correspondent's message (its signature verified) that was encrypted to a key we no longer
   * hold cannot be read; it is not dropped silently: the conversation says so, to ask again.
   */
  private noteUnreadable(from: string, messageHash: string, pending: PendingEvent[]): void {
    const { db } = this.ctx;
    if (db.getCorrespondent(from) === null) return;
    const stored = db.addMessage({
      correspondent: from,
      direction: 'in',
      kind: 'system',
      subject: 'unreadable',
      body: UNREADABLE_NOTE,
      messageHash,
      unread: true,
    });
    pending.push({ event: 'messageReceived', payload: stored });
    pushCorrespondent(db, from, pending);
  }

  /**
   * The correspondent says it now lives on another hub (its messages name it): what waits in the
   * outbox for it goes there too (the old hub may be gone, or would keep it where it never looks).
   */
  private moveToHub(deviceAddress: string, hub: string, pending: PendingEvent[]): void {
    const { db, logger } = this.ctx;
    db.setCorrespondentHub(deviceAddress, hub);
    const moved = db.setOutboxHub(deviceAddress, hub);
    if (moved > 0) {
      logger.info('A correspondent moved to another hub; its queued messages follow', {
        to: deviceAddress,
        hub,
        messages: moved,
      });
    }
    pushCorrespondent(db, deviceAddress, pending);
  }

  /** Runs inside the message's transaction; events are emitted after the commit. */
  private handle(received: ReceivedDeviceMessage, pending: PendingEvent[]): void {
    const { db, logger } = this.ctx;
    if (!db.markReceived(received.message_hash)) return;
    const { from, message } = received;
    const correspondent = db.getCorrespondent(from);
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
        const stored = db.addMessage({
          correspondent: from,
          direction: 'in',
          kind: 'text',
          subject: 'text',
          body: text,
          messageHash: received.message_hash,
          unread: true,
        });
        pending.push({ event: 'messageReceived', payload: stored });
        pushCorrespondent(db, from, pending);
        return;
      }
      case 'pairing':
        this.hooks.onPairing(received, correspondent, pending);
        return;
      case 'removed_paired_device':
        db.deleteCorrespondent(from);
        logger.info('A correspondent removed us', { from });
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
        const stored = db.addMessage({
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
        pushCorrespondent(db, from, pending);
      }
    }
  }
}
