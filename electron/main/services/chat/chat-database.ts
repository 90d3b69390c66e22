/**
 * The chat database (better-sqlite3): its own file per network data directory and device, so a
 * second wallet on the same network never sees the first one's chats. Holds correspondents,
 * messages, the outbox, our temp keys (sealed) and the pairing secrets we issued.
 *
 * Durability as in the wallet database: WAL, synchronous=FULL, one transaction per received
 * message (`transaction`), schema version in `user_version`, forward-only migrations, a file
 * from a newer app refused. Rows read back are checked (the file may be damaged or edited).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isValidDeviceAddress } from '../../../../shared/protocol/chash';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type {
  ChatMessage,
  Correspondent,
  DeliveryState,
  MessageDirection,
  MessageKind,
  OutboxEntry,
  PairingSecret,
  StoredTempKey,
} from './types';

export class ChatStorageError extends Error {
  readonly code: 'corrupt' | 'newer_schema' | 'wrong_device' | 'invalid_input' | 'not_found';
  constructor(code: ChatStorageError['code'], message: string) {
    super(message);
    this.name = 'ChatStorageError';
    this.code = code;
  }
}

interface Migration {
  readonly version: number;
  readonly sql: string;
}

/** Version 1 (unreleased: edit in place until the first release, then only add). */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE correspondents (
  device_address TEXT NOT NULL PRIMARY KEY,
  pubkey TEXT NOT NULL,
  hub TEXT NOT NULL,
  name TEXT NOT NULL,
  is_confirmed INTEGER NOT NULL CHECK (is_confirmed IN (0, 1)),
  my_secret TEXT,
  peer_secret TEXT,
  created_at INTEGER NOT NULL,
  last_message_at INTEGER,
  last_message_preview TEXT,
  unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0)
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  correspondent TEXT NOT NULL REFERENCES correspondents (device_address) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  kind TEXT NOT NULL CHECK (kind IN ('text', 'system', 'unsupported')),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  message_hash TEXT,
  state TEXT NOT NULL CHECK (state IN ('received', 'queued', 'delivered', 'failed')),
  failure_reason TEXT,
  CHECK ((direction = 'in') = (state = 'received'))
);
CREATE INDEX messages_by_correspondent ON messages (correspondent, id);
-- Every hub message hash we handled (stored or not), so a re-delivery is dropped.
CREATE TABLE received_hashes (message_hash TEXT NOT NULL PRIMARY KEY, received_at INTEGER NOT NULL);
-- Not tied to correspondents: an unpairing message outlives the correspondent it removes.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
  recipient TEXT NOT NULL,
  recipient_pubkey TEXT NOT NULL,
  hub TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  envelope_json TEXT,
  message_hash TEXT,
  CHECK ((envelope_json IS NULL) = (message_hash IS NULL))
);
CREATE TABLE temp_keys (
  slot TEXT NOT NULL PRIMARY KEY CHECK (slot IN ('current', 'previous')),
  sealed_private_key TEXT NOT NULL,
  pubkey TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE pairing_secrets (
  secret TEXT NOT NULL PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  is_permanent INTEGER NOT NULL CHECK (is_permanent IN (0, 1))
);
`,
  },
  {
    // An outbox entry whose stored envelope was handed to a hub without a definite answer (the
    // answer was lost, or the app stopped on the way): it may be stored at the hub already.
    version: 2,
    sql: `ALTER TABLE outbox ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0 CHECK (in_doubt IN (0, 1));`,
  },
];

export const CHAT_SCHEMA_VERSION = MIGRATIONS.length;
const MAX_PREVIEW = 200;

/** The file for one device on one network: `chat-<device address>.sqlite`. */
export function chatDatabaseFile(deviceAddress: string): string {
  if (!isValidDeviceAddress(deviceAddress)) {
    throw new ChatStorageError('invalid_input', 'Not a device address.');
  }
  return `chat-${deviceAddress}.sqlite`;
}

type Row = Readonly<Record<string, unknown>>;

function corrupt(key: string): never {
  throw new ChatStorageError('corrupt', `The chat database column "${key}" holds a bad value.`);
}
function str(row: Row, key: string): string {
  const value = row[key];
  return typeof value === 'string' ? value : corrupt(key);
}
function strOrNull(row: Row, key: string): string | null {
  return row[key] === null ? null : str(row, key);
}
function int(row: Row, key: string): number {
  const value = row[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : corrupt(key);
}
function intOrNull(row: Row, key: string): number | null {
  return row[key] === null ? null : int(row, key);
}
function oneOf<T extends string>(row: Row, key: string, values: readonly T[]): T {
  const value = str(row, key);
  return (values as readonly string[]).includes(value) ? (value as T) : corrupt(key);
}
function asRow(value: unknown): Row {
  if (typeof value !== 'object' || value === null) corrupt('(row)');
  return value as Row;
}

function toCorrespondent(value: unknown): Correspondent {
  const row = asRow(value);
  return {
    deviceAddress: str(row, 'device_address'),
    pubkey: str(row, 'pubkey'),
    hub: str(row, 'hub'),
    name: str(row, 'name'),
    isConfirmed: int(row, 'is_confirmed') === 1,
    mySecret: strOrNull(row, 'my_secret'),
    peerSecret: strOrNull(row, 'peer_secret'),
    createdAt: int(row, 'created_at'),
    lastMessageAt: intOrNull(row, 'last_message_at'),
    lastMessagePreview: strOrNull(row, 'last_message_preview'),
    unreadCount: int(row, 'unread_count'),
  };
}

const DIRECTIONS: readonly MessageDirection[] = ['in', 'out'];
const KINDS: readonly MessageKind[] = ['text', 'system', 'unsupported'];
const STATES: readonly DeliveryState[] = ['received', 'queued', 'delivered', 'failed'];

function toMessage(value: unknown): ChatMessage {
  const row = asRow(value);
  return {
    id: int(row, 'id'),
    correspondent: str(row, 'correspondent'),
    direction: oneOf(row, 'direction', DIRECTIONS),
    kind: oneOf(row, 'kind', KINDS),
    subject: str(row, 'subject'),
    body: str(row, 'body'),
    createdAt: int(row, 'created_at'),
    sentAt: intOrNull(row, 'sent_at'),
    messageHash: strOrNull(row, 'message_hash'),
    state: oneOf(row, 'state', STATES),
    failureReason: strOrNull(row, 'failure_reason'),
  };
}

function toOutbox(value: unknown): OutboxEntry {
  const row = asRow(value);
  return {
    id: int(row, 'id'),
    messageId: intOrNull(row, 'message_id'),
    recipient: str(row, 'recipient'),
    recipientPubkey: str(row, 'recipient_pubkey'),
    hub: str(row, 'hub'),
    subject: str(row, 'subject'),
    bodyJson: str(row, 'body_json'),
    createdAt: int(row, 'created_at'),
    attempts: int(row, 'attempts'),
    lastError: strOrNull(row, 'last_error'),
    envelopeJson: strOrNull(row, 'envelope_json'),
    messageHash: strOrNull(row, 'message_hash'),
    inDoubt: int(row, 'in_doubt') === 1,
  };
}

function preview(text: string): string {
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW)}…` : text;
}

export interface ChatDatabaseOptions {
  /** The network's data directory; created if missing. */
  readonly directory: string;
  /** Our device address: names the file and is checked against the one stored in it. */
  readonly deviceAddress: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface NewCorrespondent {
  readonly deviceAddress: string;
  readonly pubkey: string;
  readonly hub: string;
  readonly name: string;
  readonly isConfirmed: boolean;
  readonly mySecret?: string | null;
  readonly peerSecret?: string | null;
}

export interface NewMessage {
  readonly correspondent: string;
  readonly direction: MessageDirection;
  readonly kind: MessageKind;
  readonly subject: string;
  readonly body: string;
  readonly messageHash?: string | null;
  /** Count it as unread (incoming messages the user has not seen). */
  readonly unread?: boolean;
}

export interface NewOutboxEntry {
  readonly messageId: number | null;
  readonly recipient: string;
  readonly recipientPubkey: string;
  readonly hub: string;
  readonly subject: string;
  readonly bodyJson: string;
}

export class ChatDatabase {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly clock: Clock;

  private constructor(db: Database.Database, path: string, clock: Clock) {
    this.db = db;
    this.path = path;
    this.clock = clock;
  }

  static open(options: ChatDatabaseOptions): ChatDatabase {
    mkdirSync(options.directory, { recursive: true, mode: 0o700 });
    const path = join(options.directory, chatDatabaseFile(options.deviceAddress));
    const db = new Database(path);
    try {
      const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new ChatStorageError('corrupt', `SQLite refused WAL mode (got ${String(mode)}).`);
      }
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      const stored = db.prepare("SELECT value FROM meta WHERE key = 'device_address'").get();
      if (stored === undefined) {
        db.prepare("INSERT INTO meta (key, value) VALUES ('device_address', ?)").run(
          options.deviceAddress,
        );
      } else if (str(asRow(stored), 'value') !== options.deviceAddress) {
        throw new ChatStorageError('wrong_device', 'This chat database belongs to another device.');
      }
    } catch (error) {
      db.close();
      throw error;
    }
    options.logger.debug('Chat database open', { path, version: CHAT_SCHEMA_VERSION });
    return new ChatDatabase(db, path, options.clock);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Run `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn)();
  }

  // ---- full backup ----

  /** Every row the full backup keeps (ChatDump), read in one transaction. */
  dump(): ChatDump {
    return this.transaction(() => ({
      correspondents: this.db
        .prepare('SELECT * FROM correspondents ORDER BY created_at, device_address')
        .all()
        .map(toCorrespondent),
      messages: this.db.prepare('SELECT * FROM messages ORDER BY id').all().map(toMessage),
      tempKeys: (['current', 'previous'] as const)
        .map((slot) => this.getTempKeys()[slot])
        .filter((key): key is StoredTempKey => key !== null),
      pairingSecrets: this.db
        .prepare('SELECT * FROM pairing_secrets ORDER BY created_at, secret')
        .all()
        .map(asRow)
        .map((row) => ({
          secret: str(row, 'secret'),
          createdAt: int(row, 'created_at'),
          expiresAt: int(row, 'expires_at'),
          isPermanent: int(row, 'is_permanent') === 1,
        })),
    }));
  }

  /**
   * Writes a dump into this (new, empty) database in one transaction; message ids are kept.
   * A message that was queued becomes failed (its outbox entry is not in the dump).
   */
  restore(dump: ChatDump): void {
    this.transaction(() => {
      const count: unknown = this.db.prepare('SELECT COUNT(*) AS n FROM correspondents').get();
      if (int(asRow(count), 'n') !== 0) {
        throw new ChatStorageError('invalid_input', 'A backup is restored into an empty chat.');
      }
      const correspondent = this.db.prepare(
        `INSERT INTO correspondents (device_address, pubkey, hub, name, is_confirmed, my_secret,
           peer_secret, created_at, last_message_at, last_message_preview, unread_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const c of dump.correspondents) {
        correspondent.run(
          c.deviceAddress,
          c.pubkey,
          c.hub,
          c.name,
          c.isConfirmed ? 1 : 0,
          c.mySecret,
          c.peerSecret,
          c.createdAt,
          c.lastMessageAt,
          c.lastMessagePreview,
          c.unreadCount,
        );
      }
      const message = this.db.prepare(
        `INSERT INTO messages (id, correspondent, direction, kind, subject, body, created_at,
           sent_at, message_hash, state, failure_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const m of dump.messages) {
        const queued = m.state === 'queued';
        message.run(
          m.id,
          m.correspondent,
          m.direction,
          m.kind,
          m.subject,
          m.body,
          m.createdAt,
          m.sentAt,
          m.messageHash,
          queued ? 'failed' : m.state,
          queued ? NOT_SENT_BEFORE_BACKUP : m.failureReason,
        );
      }
      const tempKey = this.db.prepare(
        'INSERT INTO temp_keys (slot, sealed_private_key, pubkey, created_at) VALUES (?, ?, ?, ?)',
      );
      for (const k of dump.tempKeys) tempKey.run(k.slot, k.sealedPrivateKey, k.pubkey, k.createdAt);
      const secret = this.db.prepare(
        'INSERT INTO pairing_secrets (secret, created_at, expires_at, is_permanent) VALUES (?, ?, ?, ?)',
      );
      for (const p of dump.pairingSecrets) {
        secret.run(p.secret, p.createdAt, p.expiresAt, p.isPermanent ? 1 : 0);
      }
    });
  }

  // ---- received hashes (dedupe) ----

  /** Remember a handled hub message; false when it was handled before. */
  markReceived(messageHash: string): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO received_hashes (message_hash, received_at) VALUES (?, ?)')
      .run(messageHash, this.clock.now());
    return result.changes === 1;
  }

  wasReceived(messageHash: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM received_hashes WHERE message_hash = ?').get(messageHash) !==
      undefined
    );
  }

  // ---- correspondents ----

  getCorrespondent(deviceAddress: string): Correspondent | null {
    const row = this.db
      .prepare('SELECT * FROM correspondents WHERE device_address = ?')
      .get(deviceAddress);
    return row === undefined ? null : toCorrespondent(row);
  }

  listCorrespondents(): Correspondent[] {
    return this.db
      .prepare(
        'SELECT * FROM correspondents ORDER BY COALESCE(last_message_at, created_at) DESC, name',
      )
      .all()
      .map(toCorrespondent);
  }

  /** Insert, or update pubkey/hub/secrets of an existing row (its name and unread stay). */
  upsertCorrespondent(value: NewCorrespondent): Correspondent {
    this.db
      .prepare(
        `INSERT INTO correspondents
           (device_address, pubkey, hub, name, is_confirmed, my_secret, peer_secret, created_at)
         VALUES (@deviceAddress, @pubkey, @hub, @name, @confirmed, @mySecret, @peerSecret, @now)
         ON CONFLICT (device_address) DO UPDATE SET
           pubkey = excluded.pubkey, hub = excluded.hub,
           is_confirmed = MAX(is_confirmed, excluded.is_confirmed),
           my_secret = COALESCE(excluded.my_secret, my_secret),
           peer_secret = COALESCE(excluded.peer_secret, peer_secret)`,
      )
      .run({
        deviceAddress: value.deviceAddress,
        pubkey: value.pubkey,
        hub: value.hub,
        name: value.name,
        confirmed: value.isConfirmed ? 1 : 0,
        mySecret: value.mySecret ?? null,
        peerSecret: value.peerSecret ?? null,
        now: this.clock.now(),
      });
    return this.requireCorrespondent(value.deviceAddress);
  }

  /** Mark confirmed; the name is set only if it was not confirmed before (ocore keeps the first). */
  confirmCorrespondent(deviceAddress: string, name: string | null): Correspondent {
    const before = this.requireCorrespondent(deviceAddress);
    this.db
      .prepare(
        'UPDATE correspondents SET is_confirmed = 1, my_secret = NULL, name = ? WHERE device_address = ?',
      )
      .run(!before.isConfirmed && name !== null ? name : before.name, deviceAddress);
    return this.requireCorrespondent(deviceAddress);
  }

  setCorrespondentHub(deviceAddress: string, hub: string): void {
    this.db
      .prepare('UPDATE correspondents SET hub = ? WHERE device_address = ?')
      .run(hub, deviceAddress);
  }

  renameCorrespondent(deviceAddress: string, name: string): Correspondent {
    const result = this.db
      .prepare('UPDATE correspondents SET name = ? WHERE device_address = ?')
      .run(name, deviceAddress);
    if (result.changes === 0) throw new ChatStorageError('not_found', 'No such correspondent.');
    return this.requireCorrespondent(deviceAddress);
  }

  /** Deletes the correspondent, its messages (cascade) and its queued messages. */
  deleteCorrespondent(deviceAddress: string): boolean {
    return this.transaction(() => {
      this.db.prepare('DELETE FROM outbox WHERE recipient = ?').run(deviceAddress);
      return (
        this.db.prepare('DELETE FROM correspondents WHERE device_address = ?').run(deviceAddress)
          .changes === 1
      );
    });
  }

  markRead(deviceAddress: string): void {
    this.db
      .prepare('UPDATE correspondents SET unread_count = 0 WHERE device_address = ?')
      .run(deviceAddress);
  }

  private requireCorrespondent(deviceAddress: string): Correspondent {
    const found = this.getCorrespondent(deviceAddress);
    if (found === null) throw new ChatStorageError('not_found', 'No such correspondent.');
    return found;
  }

  // ---- messages ----

  addMessage(value: NewMessage): ChatMessage {
    const now = this.clock.now();
    const state: DeliveryState = value.direction === 'in' ? 'received' : 'queued';
    return this.transaction(() => {
      const result = this.db
        .prepare(
          `INSERT INTO messages (correspondent, direction, kind, subject, body, created_at, message_hash, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          value.correspondent,
          value.direction,
          value.kind,
          value.subject,
          value.body,
          now,
          value.messageHash ?? null,
          state,
        );
      this.db
        .prepare(
          `UPDATE correspondents SET last_message_at = ?, last_message_preview = ?,
             unread_count = unread_count + ? WHERE device_address = ?`,
        )
        .run(now, preview(value.body), value.unread === true ? 1 : 0, value.correspondent);
      return this.requireMessage(Number(result.lastInsertRowid));
    });
  }

  getMessage(id: number): ChatMessage | null {
    const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id);
    return row === undefined ? null : toMessage(row);
  }

  /** Newest last; `beforeId` pages back. */
  listMessages(
    correspondent: string,
    options: { readonly limit?: number; readonly beforeId?: number } = {},
  ): ChatMessage[] {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const rows = this.db
      .prepare(`SELECT * FROM messages WHERE correspondent = ? AND id < ? ORDER BY id DESC LIMIT ?`)
      .all(correspondent, options.beforeId ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.map(toMessage).reverse();
  }

  setMessageDelivered(id: number, messageHash: string): ChatMessage | null {
    this.db
      .prepare(
        `UPDATE messages SET state = 'delivered', sent_at = ?, message_hash = ?, failure_reason = NULL
         WHERE id = ?`,
      )
      .run(this.clock.now(), messageHash, id);
    return this.getMessage(id);
  }

  setMessageFailed(id: number, reason: string): ChatMessage | null {
    this.db
      .prepare(`UPDATE messages SET state = 'failed', failure_reason = ? WHERE id = ?`)
      .run(reason.slice(0, 500), id);
    return this.getMessage(id);
  }

  setMessageQueued(id: number): ChatMessage | null {
    this.db
      .prepare(`UPDATE messages SET state = 'queued', failure_reason = NULL WHERE id = ?`)
      .run(id);
    return this.getMessage(id);
  }

  private requireMessage(id: number): ChatMessage {
    const found = this.getMessage(id);
    if (found === null) throw new ChatStorageError('not_found', 'No such message.');
    return found;
  }

  // ---- outbox ----

  enqueue(value: NewOutboxEntry): OutboxEntry {
    const result = this.db
      .prepare(
        `INSERT INTO outbox (message_id, recipient, recipient_pubkey, hub, subject, body_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        value.messageId,
        value.recipient,
        value.recipientPubkey,
        value.hub,
        value.subject,
        value.bodyJson,
        this.clock.now(),
      );
    const entry = this.getOutboxEntry(Number(result.lastInsertRowid));
    if (entry === null) throw new ChatStorageError('not_found', 'The outbox entry vanished.');
    return entry;
  }

  getOutboxEntry(id: number): OutboxEntry | null {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id);
    return row === undefined ? null : toOutbox(row);
  }

  listOutbox(): OutboxEntry[] {
    return this.db.prepare('SELECT * FROM outbox ORDER BY id').all().map(toOutbox);
  }

  /** Store the envelope before it is sent, so a retry sends the same bytes (not in doubt yet). */
  setOutboxEnvelope(id: number, envelopeJson: string | null, messageHash: string | null): void {
    this.db
      .prepare('UPDATE outbox SET envelope_json = ?, message_hash = ?, in_doubt = 0 WHERE id = ?')
      .run(envelopeJson, messageHash, id);
  }

  /** Whether the stored envelope may already be stored at a hub (see OutboxEntry.inDoubt). */
  setOutboxInDoubt(id: number, inDoubt: boolean): void {
    this.db.prepare('UPDATE outbox SET in_doubt = ? WHERE id = ?').run(inDoubt ? 1 : 0, id);
  }

  /** A correspondent moved to another hub: what waits for it goes there. */
  setOutboxHub(recipient: string, hub: string): number {
    return this.db.prepare('UPDATE outbox SET hub = ? WHERE recipient = ?').run(hub, recipient)
      .changes;
  }

  /** Why a queued message is not delivered yet (it stays queued); null once it is. */
  setMessageWaiting(id: number, reason: string): ChatMessage | null {
    this.db
      .prepare(`UPDATE messages SET failure_reason = ? WHERE id = ? AND state = 'queued'`)
      .run(reason.slice(0, 500), id);
    return this.getMessage(id);
  }

  noteOutboxAttempt(id: number, error: string | null): void {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?')
      .run(error === null ? null : error.slice(0, 500), id);
  }

  removeOutboxEntry(id: number): void {
    this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }

  // ---- our home hub (after a change, the old one is drained once) ----

  /** The hub string chat last ran on (null before the first run that noted it). */
  getHomeHub(): string | null {
    return this.meta('home_hub');
  }

  /** An earlier home hub still to be drained of what contacts left there, or null. */
  getHubToDrain(): string | null {
    return this.meta('hub_to_drain');
  }

  /** Notes `hub` as the home hub; a different earlier one becomes the hub to drain. */
  noteHomeHub(hub: string): void {
    this.transaction(() => {
      const before = this.getHomeHub();
      if (before !== null && before !== hub) this.setMeta('hub_to_drain', before);
      if (this.getHubToDrain() === hub) this.setMeta('hub_to_drain', null);
      this.setMeta('home_hub', hub);
    });
  }

  /** The old hub's inbox was drained: nothing more to fetch there. */
  forgetHubToDrain(hub: string): void {
    if (this.getHubToDrain() === hub) this.setMeta('hub_to_drain', null);
  }

  private meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key);
    return row === undefined ? null : str(asRow(row), 'value');
  }

  private setMeta(key: string, value: string | null): void {
    if (value === null) {
      this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
      return;
    }
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  // ---- temp keys ----

  getTempKeys(): { current: StoredTempKey | null; previous: StoredTempKey | null } {
    const rows = this.db.prepare('SELECT * FROM temp_keys').all().map(asRow);
    const read = (slot: 'current' | 'previous'): StoredTempKey | null => {
      const row = rows.find((r) => r['slot'] === slot);
      return row === undefined
        ? null
        : {
            slot,
            sealedPrivateKey: str(row, 'sealed_private_key'),
            pubkey: str(row, 'pubkey'),
            createdAt: int(row, 'created_at'),
          };
    };
    return { current: read('current'), previous: read('previous') };
  }

  /** Save a new current key; the old current becomes previous (older ones are forgotten). */
  rotateTempKey(sealedPrivateKey: string, pubkey: string): void {
    this.transaction(() => {
      this.db.prepare("DELETE FROM temp_keys WHERE slot = 'previous'").run();
      this.db.prepare("UPDATE temp_keys SET slot = 'previous' WHERE slot = 'current'").run();
      this.db
        .prepare(
          "INSERT INTO temp_keys (slot, sealed_private_key, pubkey, created_at) VALUES ('current', ?, ?, ?)",
        )
        .run(sealedPrivateKey, pubkey, this.clock.now());
    });
  }

  clearTempKeys(): void {
    this.db.prepare('DELETE FROM temp_keys').run();
  }

  // ---- pairing secrets we issued ----

  addPairingSecret(secret: string, expiresAt: number, isPermanent = false): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO pairing_secrets (secret, created_at, expires_at, is_permanent) VALUES (?, ?, ?, ?)',
      )
      .run(secret, this.clock.now(), expiresAt, isPermanent ? 1 : 0);
  }

  /** The secret if we issued it and it has not expired. */
  getValidPairingSecret(secret: string): PairingSecret | null {
    const found = this.db
      .prepare('SELECT * FROM pairing_secrets WHERE secret = ? AND expires_at > ?')
      .get(secret, this.clock.now());
    if (found === undefined) return null;
    const row = asRow(found);
    return {
      secret: str(row, 'secret'),
      createdAt: int(row, 'created_at'),
      expiresAt: int(row, 'expires_at'),
      isPermanent: int(row, 'is_permanent') === 1,
    };
  }

  removePairingSecret(secret: string): void {
    this.db.prepare('DELETE FROM pairing_secrets WHERE secret = ?').run(secret);
  }

  purgeExpiredPairingSecrets(): number {
    return this.db
      .prepare('DELETE FROM pairing_secrets WHERE expires_at <= ?')
      .run(this.clock.now()).changes;
  }
}

/**
 * What the full backup keeps of a chat database (the device's correspondents, their messages,
 * its sealed temp keys and the pairing secrets it issued), as plain rows. Received-message
 * hashes and the outbox are not kept: the hub deleted what was handled, and a message still
 * queued is restored as failed, for the user to retry.
 */
export interface ChatDump {
  readonly correspondents: readonly Correspondent[];
  readonly messages: readonly ChatMessage[];
  readonly tempKeys: readonly StoredTempKey[];
  readonly pairingSecrets: readonly PairingSecret[];
}

/** The sentence a restored message that was still waiting to be sent carries. */
export const NOT_SENT_BEFORE_BACKUP =
  'It was still waiting to be sent when the backup was made: retry to send it.';

function migrate(db: Database.Database): void {
  const raw: unknown = db.pragma('user_version', { simple: true });
  const current = typeof raw === 'number' ? raw : 0;
  if (current > CHAT_SCHEMA_VERSION) {
    throw new ChatStorageError(
      'newer_schema',
      `The chat database has schema version ${current}; this app knows up to ${CHAT_SCHEMA_VERSION}.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
