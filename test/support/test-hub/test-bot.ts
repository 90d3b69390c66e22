/**
 * A chat bot for tests, written from device-messaging.md with shared/protocol only (not with the
 * app's messenger, so the two check each other): its own device key, attached in-process to one
 * DeviceHub, delivering to peers on any DeviceHub of the `hubs` directory through the same checks
 * as `hub/deliver`. Like a headless-obyte bot it pairs with a permanent secret, greets, echoes
 * texts and answers "pay" with a payment request link.
 */
import { randomBytes } from 'node:crypto';
import { getDeviceAddress } from '../../../shared/protocol/chash';
import { encryptJson } from '../../../shared/protocol/device-crypto';
import {
  createDeviceEnvelope,
  createInnerMessage,
  createTempPubkeyPackage,
  openHubMessage,
  parseHubMessage,
  parseTempPubkeyPackage,
  type DeviceEnvelope,
  type ReceivedDeviceMessage,
} from '../../../shared/protocol/device';
import type { JsonObject, JsonValue } from '../../../shared/protocol/json';
import {
  createPairingBody,
  formatPairingCode,
  parsePairingCode,
  parsePairingRequest,
} from '../../../shared/protocol/pairing';
import { getPublicKeyB64, isValidPrivateKey } from '../../../shared/protocol/signature';
import type { DeviceHub } from './device-hub';

export const BOT_PAYMENT_ADDRESS = 'XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D';

function newKey(): Uint8Array {
  for (;;) {
    const key = new Uint8Array(randomBytes(32));
    if (isValidPrivateKey(key)) return key;
  }
}

export interface BotPeer {
  readonly pubkey: string;
  hub: string;
  name: string;
  confirmed: boolean;
}

export interface BotInbox {
  readonly from: string;
  readonly subject: string;
  readonly body: JsonValue | undefined;
}

export interface TestBotOptions {
  readonly name?: string;
  /** The permanent pairing secret in its code (bots use `0000`-like secrets). */
  readonly secret?: string;
  /** Reply to texts (default true). */
  readonly echo?: boolean;
}

export class TestBot {
  readonly name: string;
  readonly secret: string;
  readonly privateKey = newKey();
  readonly pubkey = getPublicKeyB64(this.privateKey);
  readonly deviceAddress = getDeviceAddress(this.pubkey);
  readonly peers = new Map<string, BotPeer>();
  readonly received: BotInbox[] = [];
  readonly refused: string[] = [];
  /** Handled message hashes: a re-delivery after our ack (the hub stores it anew) is dropped. */
  readonly seen = new Set<string>();
  echo: boolean;
  private tempKey = newKey();
  private home: DeviceHub;
  private readonly hubs: ReadonlyMap<string, DeviceHub>;
  private readonly waiters = new Set<() => void>();
  /** Reverse secrets of pairings this bot started (bot → wallet direction). */
  private readonly pendingSecrets = new Map<string, string>();

  constructor(home: DeviceHub, hubs: ReadonlyMap<string, DeviceHub>, options: TestBotOptions = {}) {
    this.home = home;
    this.hubs = hubs;
    this.name = options.name ?? 'Echo <b>Bot</b>';
    this.secret = options.secret ?? '0000';
    this.echo = options.echo ?? true;
    home.attachLocalDevice(this.pubkey, (body) => this.onMessage(body));
    home.setLocalTempPubkey(
      createTempPubkeyPackage(getPublicKeyB64(this.tempKey), this.privateKey),
    );
  }

  get pairingCode(): string {
    return formatPairingCode({
      pubkey: this.pubkey,
      hub: this.home.hubString,
      pairing_secret: this.secret,
    });
  }

  /** Resolves once `test` holds (checked after every message the bot handles). */
  waitFor(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (test()) {
          this.waiters.delete(check);
          resolve();
        }
      };
      this.waiters.add(check);
    });
  }

  /** New temp key (the old one is dropped: messages to it can no longer be read by the bot). */
  rotateTempKey(): void {
    this.tempKey = newKey();
    this.home.setLocalTempPubkey(
      createTempPubkeyPackage(getPublicKeyB64(this.tempKey), this.privateKey),
    );
  }

  /**
   * The bot moves to another hub (its old one may be gone): it registers there with its temp key
   * and names the new hub in what it sends from now on.
   */
  moveTo(home: DeviceHub): void {
    this.home = home;
    home.attachLocalDevice(this.pubkey, (body) => this.onMessage(body));
    home.setLocalTempPubkey(
      createTempPubkeyPackage(getPublicKeyB64(this.tempKey), this.privateKey),
    );
  }

  /** Pair with someone's code (the bot → wallet direction), with a reverse secret. */
  pairWith(code: string): string {
    const parsed = parsePairingCode(code);
    const reverse = randomBytes(9).toString('base64');
    this.pendingSecrets.set(parsed.device_address, reverse);
    this.peers.set(parsed.device_address, {
      pubkey: parsed.pubkey,
      hub: parsed.hub,
      name: 'New',
      confirmed: false,
    });
    this.send(
      parsed.device_address,
      'pairing',
      createPairingBody(parsed.pairing_secret, this.name, reverse),
    );
    return parsed.device_address;
  }

  sendText(to: string, text: string): DeviceEnvelope {
    return this.send(to, 'text', text);
  }

  /**
   * Encrypt to the peer's verified temp pubkey, sign and deliver to the peer's hub. `deviceHub`
   * puts another hub than the bot's own in the inner message (a hostile peer's word).
   */
  send(
    to: string,
    subject: string,
    body: JsonValue,
    options: { innerFrom?: string; deviceHub?: string } = {},
  ): DeviceEnvelope {
    const peer = this.peers.get(to);
    if (!peer) throw new Error(`The bot does not know ${to}`);
    const hub = this.hubs.get(peer.hub);
    if (!hub) throw new Error(`No test hub ${peer.hub}`);
    const answer = hub.getTempPubkey(peer.pubkey);
    if (answer.error !== undefined)
      throw new Error(`get_temp_pubkey: ${JSON.stringify(answer.error)}`);
    const pkg = parseTempPubkeyPackage(answer.response, peer.pubkey);
    const from = options.innerFrom ?? this.deviceAddress;
    // A hostile hub is put in by hand: createInnerMessage refuses one (as our own side should).
    const inner =
      options.deviceHub === undefined
        ? createInnerMessage(from, this.home.hubString, subject, body)
        : { from, device_hub: options.deviceHub, subject, body };
    const encrypted = encryptJson(
      inner,
      pkg.temp_pubkey,
      newKey(),
      new Uint8Array(randomBytes(12)),
    );
    const envelope = createDeviceEnvelope(encrypted, to, this.privateKey);
    const result = hub.deliver(envelope);
    if (result.error !== undefined) throw new Error(`deliver: ${JSON.stringify(result.error)}`);
    return envelope;
  }

  private onMessage(body: JsonObject): void {
    const hash = typeof body['message_hash'] === 'string' ? body['message_hash'] : null;
    let opened: ReceivedDeviceMessage | null = null;
    if (hash !== null && this.seen.has(hash)) {
      this.home.deleteMessage(this.deviceAddress, hash);
      return;
    }
    try {
      opened = openHubMessage(parseHubMessage(body, this.deviceAddress), {
        permanent: this.privateKey,
        temp: this.tempKey,
      });
    } catch (error) {
      this.refused.push(error instanceof Error ? error.message : 'unknown');
    }
    if (hash !== null) this.home.deleteMessage(this.deviceAddress, hash);
    if (opened !== null) {
      this.seen.add(opened.message_hash);
      try {
        this.handle(opened);
      } catch (error) {
        this.refused.push(error instanceof Error ? error.message : 'unknown');
      }
    }
    for (const waiter of [...this.waiters]) waiter();
  }

  private handle(received: ReceivedDeviceMessage): void {
    const { from, message } = received;
    this.received.push({ from, subject: message.subject, body: message.body });
    const peer = this.peers.get(from);
    if (message.subject === 'pairing') {
      const request = parsePairingRequest(message.body, message.device_hub);
      if (this.pendingSecrets.get(from) === request.pairing_secret && peer) {
        this.pendingSecrets.delete(from);
        peer.confirmed = true;
        peer.name = request.device_name;
        return;
      }
      if (request.pairing_secret !== this.secret)
        throw new Error('pairing secret not found or expired');
      this.peers.set(from, {
        pubkey: received.sender_pubkey,
        hub: request.device_hub,
        name: request.device_name,
        confirmed: true,
      });
      if (request.reverse_pairing_secret !== undefined) {
        this.send(from, 'pairing', createPairingBody(request.reverse_pairing_secret, this.name));
      }
      this.sendText(
        from,
        `Hi ${request.device_name}! I echo what you say. Type "pay" for a payment request.`,
      );
      return;
    }
    if (!peer) throw new Error(`${message.subject} from a stranger`);
    if (message.device_hub !== undefined) peer.hub = message.device_hub;
    if (message.subject === 'removed_paired_device') {
      this.peers.delete(from);
      return;
    }
    if (message.subject === 'text' && typeof message.body === 'string' && this.echo) {
      if (message.body.trim().toLowerCase() === 'pay') {
        this.sendText(from, `Please pay [0.1 GB](obyte:${BOT_PAYMENT_ADDRESS}?amount=100000000)`);
      } else {
        this.sendText(from, `You said: ${message.body}`);
      }
    }
  }
}
