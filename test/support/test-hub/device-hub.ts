/**
 * The device side of the loopback hub, as ocore's hub does it (network.js `hub/*` handlers):
 * challenge and `hub/login` verification, `hub/temp_pubkey`, `hub/get_temp_pubkey`,
 * `hub/deliver` (stored per recipient, pushed live to its logged-in sockets, delivered in batches
 * on login and `hub/refresh`), `hub/delete`, `hub/repeat_challenge` and `hub/get_bots`.
 *
 * In-process devices (the test bot) attach with `attachLocalDevice`: they get deliveries by a
 * callback instead of a socket. `pushRaw` lets a test play a hostile hub.
 */
import { getDeviceAddress, isValidDeviceAddress } from '../../../shared/protocol/chash';
import {
  getDeviceMessageHash,
  verifyDeviceObject,
  type DeviceEnvelope,
  type TempPubkeyPackage,
} from '../../../shared/protocol/device';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../shared/protocol/json';
import { isValidPubkey } from '../../../shared/protocol/signature';
import type { HubAnswer, HubConnection, TestHub } from './test-hub';

export interface BotRow {
  readonly id: number;
  readonly name: string;
  readonly pairing_code: string;
  readonly description: string | null;
}

interface StoredMessage {
  readonly hash: string;
  readonly envelope: JsonObject;
}

interface DeviceRecord {
  readonly pubkey: string;
  tempPackage: TempPubkeyPackage | null;
  /** Insertion order = oldest first. */
  readonly inbox: Map<string, StoredMessage>;
  local: ((body: JsonObject) => void) | null;
}

export interface DeliveryRecord {
  readonly to: string;
  readonly hash: string;
  /** False when the hub had it already (a re-delivery). */
  readonly isNew: boolean;
}

export class DeviceHub {
  readonly hub: TestHub;
  /** Hub string of this hub: `127.0.0.1:PORT` (start the TestHub first). */
  readonly hubString: string;
  readonly devices = new Map<string, DeviceRecord>();
  readonly deliveries: DeliveryRecord[] = [];
  readonly deleted: string[] = [];
  readonly loginErrors: string[] = [];
  bots: BotRow[] = [];
  /** Stored messages per login/refresh batch (ocore default 100). */
  batchSize = 100;
  /** Stored messages the hub deleted for a login's `max_message_length` (ocore does so too). */
  readonly purged: string[] = [];
  private readonly logins = new Map<
    HubConnection,
    { address: string; maxCount: number; maxLength: number | null }
  >();

  constructor(hub: TestHub) {
    this.hub = hub;
    this.hubString = hub.url.replace(/^ws:\/\//, '');
    hub.onJustsaying((connection, subject, body) => this.onJustsaying(connection, subject, body));
    hub.setHandler('hub/temp_pubkey', ({ connection, params }) =>
      this.onTempPubkey(connection, params),
    );
    hub.setHandler('hub/get_temp_pubkey', ({ params }) => this.onGetTempPubkey(params));
    hub.setHandler('hub/deliver', ({ params }) => this.onDeliver(params));
    hub.setHandler('hub/get_bots', () => ({ response: this.bots as unknown as JsonValue }));
  }

  /** The address a socket logged in as, if any. */
  loginOf(connection: HubConnection): string | null {
    return this.logins.get(connection)?.address ?? null;
  }

  stored(address: string): StoredMessage[] {
    return [...(this.devices.get(address)?.inbox.values() ?? [])];
  }

  /** An in-process device: deliveries come to `receive`; it acks with `deleteMessage`. */
  attachLocalDevice(pubkey: string, receive: (body: JsonObject) => void): string {
    const address = getDeviceAddress(pubkey);
    const record = this.register(address, pubkey);
    record.local = receive;
    for (const message of record.inbox.values()) {
      receive({ message_hash: message.hash, message: message.envelope });
    }
    return address;
  }

  setLocalTempPubkey(pkg: TempPubkeyPackage): void {
    const record = this.register(getDeviceAddress(pkg.pubkey), pkg.pubkey);
    record.tempPackage = pkg;
  }

  deleteMessage(address: string, hash: string): void {
    if (this.devices.get(address)?.inbox.delete(hash)) this.deleted.push(hash);
  }

  /** The `hub/get_temp_pubkey` answer, for in-process senders. */
  getTempPubkey(pubkey: string): HubAnswer {
    return this.onGetTempPubkey(pubkey);
  }

  /** `hub/deliver` for in-process senders: same checks as the wire handler. */
  deliver(envelope: DeviceEnvelope | JsonObject): HubAnswer {
    return this.onDeliver(JSON.parse(JSON.stringify(envelope)) as JsonValue);
  }

  /** A hostile hub: push any `hub/message` body to every socket logged in as `address`. */
  pushRaw(address: string, body: JsonValue): number {
    let count = 0;
    for (const [connection, login] of this.logins) {
      if (login.address === address && !connection.isClosed) {
        connection.justsay('hub/message', body);
        count += 1;
      }
    }
    return count;
  }

  /** Store a message without any check (a hub that lies), delivered on the next login. */
  storeRaw(address: string, hash: string, envelope: JsonObject): void {
    const record = this.devices.get(address);
    if (record) record.inbox.set(hash, { hash, envelope });
  }

  private register(address: string, pubkey: string): DeviceRecord {
    let record = this.devices.get(address);
    if (record === undefined) {
      record = { pubkey, tempPackage: null, inbox: new Map(), local: null };
      this.devices.set(address, record);
    }
    return record;
  }

  private onJustsaying(
    connection: HubConnection,
    subject: string,
    body: JsonValue | undefined,
  ): void {
    switch (subject) {
      case 'hub/login':
        return this.onLogin(connection, body);
      case 'hub/repeat_challenge':
        if (connection.challenge !== null)
          connection.justsay('hub/challenge', connection.challenge);
        return;
      case 'hub/refresh': {
        const login = this.logins.get(connection);
        if (login) this.sendBatch(connection, login.address, login.maxCount, login.maxLength);
        else connection.justsay('error', 'please log in first');
        return;
      }
      case 'hub/delete': {
        const login = this.logins.get(connection);
        if (!login) return connection.justsay('error', 'please log in first');
        if (typeof body !== 'string') return connection.justsay('error', 'no message hash');
        this.deleteMessage(login.address, body);
        connection.justsay('info', `deleted message ${body}`);
        return;
      }
      default:
        return;
    }
  }

  /** ocore network.js `hub/login`, in its order of checks. */
  private onLogin(connection: HubConnection, body: JsonValue | undefined): void {
    const refuse = (text: string): void => {
      this.loginErrors.push(text);
      connection.justsay('error', text);
    };
    if (!isJsonObject(body)) return refuse('no login params');
    if (body['challenge'] !== connection.challenge) return refuse('wrong challenge');
    const { pubkey, signature, max_message_count, max_message_length } = body;
    if (typeof pubkey !== 'string' || typeof signature !== 'string')
      return refuse('no login params');
    if (pubkey.length !== 44) return refuse('wrong pubkey length');
    if (signature.length !== 88) return refuse('wrong signature length');
    if (
      max_message_length !== undefined &&
      (typeof max_message_length !== 'number' ||
        !Number.isSafeInteger(max_message_length) ||
        max_message_length <= 0)
    ) {
      return refuse('max_message_length must be an integer');
    }
    if (!isValidPubkey(pubkey) || !verifyDeviceObject(body, pubkey))
      return refuse('wrong signature');
    const address = getDeviceAddress(pubkey);
    const isNew = !this.devices.has(address);
    this.register(address, pubkey);
    const maxCount =
      typeof max_message_count === 'number' && max_message_count >= 1 && max_message_count <= 100
        ? max_message_count
        : this.batchSize;
    const maxLength = typeof max_message_length === 'number' ? max_message_length : null;
    this.logins.set(connection, { address, maxCount, maxLength });
    void connection.closed.then(() => this.logins.delete(connection));
    connection.justsay('hub/push_project_number', { projectNumber: 0, hasKeyId: false });
    if (isNew) connection.justsay('info', 'address created');
    else this.sendBatch(connection, address, maxCount, maxLength);
  }

  /** ocore deleteOverlengthMessagesIfLimitIsSet + sendStoredDeviceMessages. */
  private sendBatch(
    connection: HubConnection,
    address: string,
    maxCount: number,
    maxLength: number | null,
  ): void {
    const record = this.devices.get(address);
    if (record && maxLength !== null) {
      for (const [hash, message] of record.inbox) {
        if (JSON.stringify(message.envelope).length > maxLength) {
          record.inbox.delete(hash);
          this.purged.push(hash);
        }
      }
    }
    const inbox = [...(record?.inbox.values() ?? [])];
    const batch = inbox.slice(0, maxCount);
    for (const message of batch) {
      connection.justsay('hub/message', { message_hash: message.hash, message: message.envelope });
    }
    connection.justsay('info', `${batch.length} messages sent`);
    connection.justsay('hub/message_box_status', inbox.length > maxCount ? 'has_more' : 'empty');
  }

  private onTempPubkey(connection: HubConnection, params: JsonValue | undefined): HubAnswer {
    const login = this.logins.get(connection);
    if (!login) return { error: 'please log in first' };
    if (!isJsonObject(params)) return { error: 'no params' };
    const keys = Object.keys(params).sort().join(',');
    if (keys !== 'pubkey,signature,temp_pubkey') return { error: 'wrong fields' };
    const { temp_pubkey, pubkey, signature } = params;
    if (typeof temp_pubkey !== 'string' || temp_pubkey.length !== 44) {
      return { error: 'wrong temp_pubkey length' };
    }
    if (typeof pubkey !== 'string' || getDeviceAddress(pubkey) !== login.address) {
      return { error: 'signed by another pubkey' };
    }
    if (typeof signature !== 'string' || !verifyDeviceObject(params, pubkey)) {
      return { error: 'wrong signature' };
    }
    const record = this.register(login.address, pubkey);
    record.tempPackage = { temp_pubkey, pubkey, signature };
    return { response: 'updated' };
  }

  private onGetTempPubkey(params: JsonValue | undefined): HubAnswer {
    if (typeof params !== 'string' || params.length !== 44) {
      return { error: 'wrong permanent_pubkey length' };
    }
    const record = this.devices.get(getDeviceAddress(params));
    if (!record) return { error: 'device with this pubkey is not registered here' };
    if (!record.tempPackage) return { error: 'temp pub key not set yet' };
    return { response: { ...record.tempPackage } };
  }

  /** ocore network.js `hub/deliver`. */
  private onDeliver(params: JsonValue | undefined): HubAnswer {
    if (!isJsonObject(params)) return { error: 'missing fields' };
    const { to, pubkey, signature, encrypted_package: pkg } = params;
    if (
      typeof to !== 'string' ||
      typeof pubkey !== 'string' ||
      typeof signature !== 'string' ||
      !isJsonObject(pkg) ||
      !isJsonObject(pkg['dh']) ||
      typeof pkg['encrypted_message'] !== 'string'
    ) {
      return { error: 'missing fields' };
    }
    if (!isValidPubkey(pubkey) || !verifyDeviceObject(params, pubkey)) {
      return { error: 'wrong message signature' };
    }
    const record = isValidDeviceAddress(to) ? this.devices.get(to) : undefined;
    if (!record) return { error: `address ${to} not registered here` };
    const recipientKey = pkg['dh']['recipient_ephemeral_pubkey'];
    if (recipientKey !== record.pubkey && recipientKey !== record.tempPackage?.temp_pubkey) {
      return { error: 'wrong recipient ephemeral pubkey' };
    }
    const hash = getDeviceMessageHash(params);
    const isNew = !record.inbox.has(hash);
    this.deliveries.push({ to, hash, isNew });
    if (isNew) {
      record.inbox.set(hash, { hash, envelope: params });
      const body = { message_hash: hash, message: params };
      if (record.local) {
        const receive = record.local;
        setImmediate(() => receive(body));
      }
      const length = JSON.stringify(params).length;
      for (const [connection, login] of this.logins) {
        const fits = login.maxLength === null || length <= login.maxLength;
        if (login.address === to && !connection.isClosed && fits) {
          connection.justsay('hub/message', body);
        }
      }
    }
    return { response: 'accepted' };
  }
}
