/**
 * Pairing (device-messaging.md §8): our one-time invitations, pairing with a code, the peer's
 * `pairing` message, renaming and unpairing (`removed_paired_device`). Ports ocore device.js
 * `startWaitingForPairing`, `sendPairingMessage`, `handlePairingMessage` and
 * `removeCorrespondentDevice`.
 *
 * A `pairing` is accepted only with a secret we issued (valid, not expired) or the reverse secret
 * of a pairing we began; it is the only subject accepted from a device that is not a
 * correspondent (the inbox refuses the rest).
 */
import type { ReceivedDeviceMessage } from '../../../../shared/protocol/device';
import {
  createPairingBody,
  createPairingSecret,
  formatPairingCode,
  PAIRING_SECRET_BYTES,
  parsePairingCode,
  parsePairingRequest,
  type PairingCode,
} from '../../../../shared/protocol/pairing';
import type { MessengerContext } from './context';
import { pushCorrespondent, type PendingEvent } from './events';
import type { Correspondent } from './types';
import { ChatError, cleanDeviceName, pairingCodeWords, pairingReason } from './words';

const DEFAULT_DEVICE_NAME = 'Obyte Light';
const NEW_CORRESPONDENT_NAME = 'New';

export class Pairing {
  private readonly ctx: MessengerContext;
  /** Something was queued: the outbox sends it. */
  private readonly flushOutbox: () => void;

  constructor(ctx: MessengerContext, flushOutbox: () => void) {
    this.ctx = ctx;
    this.flushOutbox = flushOutbox;
  }

  /** A fresh one-time invitation `pubkey@hub#secret` (valid for the pairing secret TTL). */
  ourPairingCode(): string {
    const { ctx } = this;
    const secret = this.newPairingSecret();
    ctx.db.addPairingSecret(secret, ctx.clock.now() + ctx.timing.pairingSecretTtlMs);
    return formatPairingCode({
      pubkey: ctx.device.pubkey,
      hub: ctx.myHub,
      pairing_secret: secret,
    });
  }

  /**
   * Pair with a device from its code (pasted, scanned, a bot store entry or an `obyte:` link):
   * add it unconfirmed and send `pairing` with a reverse secret; it is confirmed when the peer's
   * `pairing` with that secret comes back.
   */
  pair(code: string): Correspondent {
    const { ctx } = this;
    const { db } = ctx;
    let parsed: PairingCode;
    try {
      parsed = parsePairingCode(code);
    } catch (error) {
      throw new ChatError('invalid_input', pairingCodeWords(code, pairingReason(error)));
    }
    if (parsed.pubkey === ctx.device.pubkey) {
      throw new ChatError('own_code', 'That is this wallet’s own pairing code.');
    }
    const reverse = this.newPairingSecret();
    const body = createPairingBody(parsed.pairing_secret, this.myName(), reverse);
    const correspondent = db.transaction(() => {
      db.addPairingSecret(reverse, ctx.clock.now() + ctx.timing.pairingSecretTtlMs);
      const existing = db.getCorrespondent(parsed.device_address);
      const saved = db.upsertCorrespondent({
        deviceAddress: parsed.device_address,
        pubkey: parsed.pubkey,
        hub: parsed.hub,
        name: existing?.name ?? NEW_CORRESPONDENT_NAME,
        isConfirmed: false,
        mySecret: reverse,
        peerSecret: parsed.pairing_secret,
      });
      db.enqueue({
        messageId: null,
        recipient: saved.deviceAddress,
        recipientPubkey: saved.pubkey,
        hub: saved.hub,
        subject: 'pairing',
        bodyJson: JSON.stringify(body),
      });
      return saved;
    });
    ctx.events.emit('correspondentChanged', {
      deviceAddress: correspondent.deviceAddress,
      correspondent,
    });
    this.flushOutbox();
    return correspondent;
  }

  renameCorrespondent(deviceAddress: string, name: string): Correspondent {
    const { db, events } = this.ctx;
    const cleaned = cleanDeviceName(name);
    if (cleaned === null) throw new ChatError('invalid_input', 'The name is empty.');
    if (db.getCorrespondent(deviceAddress) === null) {
      throw new ChatError('not_found', 'No such correspondent.');
    }
    const correspondent = db.renameCorrespondent(deviceAddress, cleaned);
    events.emit('correspondentChanged', { deviceAddress, correspondent });
    return correspondent;
  }

  /** Tell the peer (`removed_paired_device`), then forget it, its chat and its queued messages. */
  removeCorrespondent(deviceAddress: string): void {
    const { db, events } = this.ctx;
    const correspondent = db.getCorrespondent(deviceAddress);
    if (correspondent === null) throw new ChatError('not_found', 'No such correspondent.');
    db.transaction(() => {
      db.deleteCorrespondent(deviceAddress);
      db.enqueue({
        messageId: null,
        recipient: correspondent.deviceAddress,
        recipientPubkey: correspondent.pubkey,
        hub: correspondent.hub,
        subject: 'removed_paired_device',
        bodyJson: JSON.stringify('removed'),
      });
    });
    events.emit('correspondentChanged', { deviceAddress, correspondent: null });
    this.flushOutbox();
  }

  /** A peer's `pairing`, inside the message's transaction; events are emitted after the commit. */
  handleIncoming(
    received: ReceivedDeviceMessage,
    correspondent: Correspondent | null,
    pending: PendingEvent[],
  ): void {
    const { db, logger } = this.ctx;
    const { from, sender_pubkey: pubkey, message } = received;
    const request = parsePairingRequest(message.body, message.device_hub);
    const name = cleanDeviceName(request.device_name) ?? NEW_CORRESPONDENT_NAME;
    const secret = request.pairing_secret;
    if (correspondent !== null && correspondent.mySecret === secret) {
      // The answer to our pair(): the reverse secret we sent.
      db.removePairingSecret(secret);
      db.setCorrespondentHub(from, request.device_hub);
      db.confirmCorrespondent(from, name);
      logger.info('Pairing confirmed', { with: from });
      pushCorrespondent(db, from, pending);
      return;
    }
    const issued = db.getValidPairingSecret(secret);
    if (issued === null) {
      throw new ChatError('invalid_input', 'Pairing refused: unknown or expired pairing secret');
    }
    if (!issued.isPermanent) db.removePairingSecret(secret);
    if (correspondent === null) {
      db.upsertCorrespondent({
        deviceAddress: from,
        pubkey,
        hub: request.device_hub,
        name,
        isConfirmed: true,
      });
    } else {
      db.setCorrespondentHub(from, request.device_hub);
      db.confirmCorrespondent(from, name);
    }
    if (request.reverse_pairing_secret !== undefined) {
      const reply = createPairingBody(request.reverse_pairing_secret, this.myName());
      db.enqueue({
        messageId: null,
        recipient: from,
        recipientPubkey: pubkey,
        hub: request.device_hub,
        subject: 'pairing',
        bodyJson: JSON.stringify(reply),
      });
    }
    logger.info('Paired with a device that used our pairing code', { with: from });
    pushCorrespondent(db, from, pending);
  }

  private myName(): string {
    let name: string | null;
    try {
      name = cleanDeviceName(this.ctx.deviceName());
    } catch {
      name = null;
    }
    return name ?? DEFAULT_DEVICE_NAME;
  }

  private newPairingSecret(): string {
    return createPairingSecret(this.ctx.random.randomBytes(PAIRING_SECRET_BYTES));
  }
}
