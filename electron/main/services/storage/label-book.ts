/**
 * Labels and notes on units and addresses, and the address book (schema version 9): what the
 * user wrote, which the hub cannot give back. In the network's wallet database, beside the units
 * they describe, written with the same durability (WAL, synchronous FULL). Every value is checked
 * (shared/vocabulary/labels.ts) before it is written; an import writes all its records in one
 * transaction or none.
 */
import type Database from 'better-sqlite3';
import {
  checkContact,
  checkLabel,
  checkRef,
  LabelInputError,
  type ContactRecord,
  type LabelRecord,
  type LabelType,
} from '../../../../shared/vocabulary/labels';
import type { LabelsFile } from '../../../../shared/vocabulary/labels-file';
import type { Clock } from '../clock';
import { asRow, asRows, integer, nullableText, oneOf, text } from './rows';

export const LABELS_SQL = `
CREATE TABLE labels (
  type TEXT NOT NULL CHECK (type IN ('unit', 'addr')),
  ref TEXT NOT NULL,
  label TEXT NOT NULL CHECK (length(label) <= 100),
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  origin TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (type, ref),
  CHECK (label <> '' OR note <> '')
) WITHOUT ROWID;

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (name <> '' AND length(name) <= 100),
  address TEXT NOT NULL UNIQUE,
  device_address TEXT,
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX contacts_by_device ON contacts (device_address) WHERE device_address IS NOT NULL;
`;

export interface StoredLabel extends LabelRecord {
  readonly updatedAt: number;
}

export interface StoredContact extends ContactRecord {
  readonly id: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ImportCounts {
  readonly labelsAdded: number;
  readonly labelsUpdated: number;
  readonly contactsAdded: number;
  readonly contactsUpdated: number;
  readonly unchanged: number;
}

const TYPES: readonly LabelType[] = ['unit', 'addr'];

function labelOf(value: unknown): StoredLabel {
  const row = asRow(value, 'a label');
  return {
    type: oneOf(row, 'type', TYPES),
    ref: text(row, 'ref'),
    label: text(row, 'label'),
    note: text(row, 'note'),
    origin: nullableText(row, 'origin'),
    updatedAt: integer(row, 'updated_at'),
  };
}

function contactOf(value: unknown): StoredContact {
  const row = asRow(value, 'a contact');
  return {
    id: integer(row, 'id'),
    name: text(row, 'name'),
    address: text(row, 'address'),
    deviceAddress: nullableText(row, 'device_address'),
    note: text(row, 'note'),
    createdAt: integer(row, 'created_at'),
    updatedAt: integer(row, 'updated_at'),
  };
}

/** LIKE's wildcards in user text taken literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class LabelBook {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  /** Told after each write (the automatic backup listens, through WalletDatabase.changed). */
  private readonly changed: (what: 'labels' | 'contacts') => void;

  constructor(
    db: Database.Database,
    clock: Clock,
    changed: (what: 'labels' | 'contacts') => void = () => undefined,
  ) {
    this.db = db;
    this.clock = clock;
    this.changed = changed;
  }

  /** The label of one unit or address; null when it has none. */
  label(type: LabelType, ref: string): StoredLabel | null {
    const row: unknown = this.db
      .prepare('SELECT * FROM labels WHERE type = ? AND ref = ?')
      .get(type, checkRef(type, ref));
    return row === undefined ? null : labelOf(row);
  }

  /** Every label (of one type), by type then ref. */
  labels(type?: LabelType): StoredLabel[] {
    const rows =
      type === undefined
        ? this.db.prepare('SELECT * FROM labels ORDER BY type DESC, ref').all()
        : this.db.prepare('SELECT * FROM labels WHERE type = ? ORDER BY ref').all(type);
    return asRows(rows, 'a label').map(labelOf);
  }

  /**
   * Writes (or, with an empty label and note, removes) one label; returns what is stored, null
   * when nothing is.
   */
  setLabel(input: {
    type: LabelType;
    ref: string;
    label: string;
    note?: string | undefined;
    origin?: string | null | undefined;
  }): StoredLabel | null {
    const record = checkLabel(input);
    if (this.writeLabel(record) !== 'unchanged') this.changed('labels');
    return this.label(record.type, record.ref);
  }

  private writeLabel(record: LabelRecord): 'added' | 'updated' | 'unchanged' | 'removed' {
    const before: unknown = this.db
      .prepare('SELECT * FROM labels WHERE type = ? AND ref = ?')
      .get(record.type, record.ref);
    const old = before === undefined ? null : labelOf(before);
    if (record.label === '' && record.note === '') {
      if (old === null) return 'unchanged';
      this.db.prepare('DELETE FROM labels WHERE type = ? AND ref = ?').run(record.type, record.ref);
      return 'removed';
    }
    if (
      old !== null &&
      old.label === record.label &&
      old.note === record.note &&
      old.origin === record.origin
    ) {
      return 'unchanged';
    }
    this.db
      .prepare(
        `INSERT INTO labels (type, ref, label, note, origin, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (type, ref) DO UPDATE SET label = excluded.label, note = excluded.note,
           origin = excluded.origin, updated_at = excluded.updated_at`,
      )
      .run(record.type, record.ref, record.label, record.note, record.origin, this.clock.now());
    return old === null ? 'added' : 'updated';
  }

  /** Every contact, by name. */
  contacts(): StoredContact[] {
    return asRows(
      this.db.prepare('SELECT * FROM contacts ORDER BY name COLLATE NOCASE, address').all(),
      'a contact',
    ).map(contactOf);
  }

  contact(id: number): StoredContact | null {
    const row: unknown = this.db.prepare('SELECT * FROM contacts WHERE id = ?').get(id);
    return row === undefined ? null : contactOf(row);
  }

  contactByAddress(address: string): StoredContact | null {
    const row: unknown = this.db.prepare('SELECT * FROM contacts WHERE address = ?').get(address);
    return row === undefined ? null : contactOf(row);
  }

  private refuseTaken(address: string, except: number | null): void {
    const holder = this.contactByAddress(address);
    if (holder !== null && holder.id !== except) {
      throw new LabelInputError(`This address is already in your contacts as “${holder.name}”.`);
    }
  }

  addContact(input: {
    name: string;
    address: string;
    deviceAddress?: string | null | undefined;
    note?: string | undefined;
  }): StoredContact {
    const contact = checkContact(input);
    this.refuseTaken(contact.address, null);
    const now = this.clock.now();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO contacts (name, address, device_address, note, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(contact.name, contact.address, contact.deviceAddress, contact.note, now, now);
    const stored = this.contact(Number(lastInsertRowid));
    if (stored === null) throw new Error('the contact was not stored');
    this.changed('contacts');
    return stored;
  }

  updateContact(
    id: number,
    input: {
      name: string;
      address: string;
      deviceAddress?: string | null | undefined;
      note?: string | undefined;
    },
  ): StoredContact {
    const contact = checkContact(input);
    if (this.contact(id) === null) throw new LabelInputError('There is no such contact any more.');
    this.refuseTaken(contact.address, id);
    this.db
      .prepare(
        `UPDATE contacts SET name = ?, address = ?, device_address = ?, note = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        contact.name,
        contact.address,
        contact.deviceAddress,
        contact.note,
        this.clock.now(),
        id,
      );
    const stored = this.contact(id);
    if (stored === null) throw new Error('the contact was not stored');
    this.changed('contacts');
    return stored;
  }

  /** True when there was such a contact. */
  removeContact(id: number): boolean {
    const removed = this.db.prepare('DELETE FROM contacts WHERE id = ?').run(id).changes > 0;
    if (removed) this.changed('contacts');
    return removed;
  }

  /** Everything, for the labels file (labels by type and ref, contacts by name). */
  exportAll(): LabelsFile {
    return {
      labels: this.labels().map(({ type, ref, label, note, origin }) => ({
        type,
        ref,
        label,
        note,
        origin,
      })),
      contacts: this.contacts().map(({ name, address, deviceAddress, note }) => ({
        name,
        address,
        deviceAddress,
        note,
      })),
    };
  }

  /**
   * Merges a checked file (parseLabelsFile) in one transaction: each record replaces what the
   * same unit, address or contact address had; nothing else changes. An empty label and note
   * remove a label.
   */
  importAll(file: LabelsFile): ImportCounts {
    const run = this.db.transaction((): ImportCounts => {
      let labelsAdded = 0;
      let labelsUpdated = 0;
      let contactsAdded = 0;
      let contactsUpdated = 0;
      let unchanged = 0;
      for (const record of file.labels) {
        const outcome = this.writeLabel(checkLabel(record));
        if (outcome === 'added') labelsAdded += 1;
        else if (outcome === 'unchanged') unchanged += 1;
        else labelsUpdated += 1;
      }
      for (const input of file.contacts) {
        const contact = checkContact(input);
        const existing = this.contactByAddress(contact.address);
        if (existing === null) {
          this.addContact(contact);
          contactsAdded += 1;
        } else if (
          existing.name === contact.name &&
          existing.deviceAddress === contact.deviceAddress &&
          existing.note === contact.note
        ) {
          unchanged += 1;
        } else {
          this.updateContact(existing.id, contact);
          contactsUpdated += 1;
        }
      }
      return { labelsAdded, labelsUpdated, contactsAdded, contactsUpdated, unchanged };
    });
    const counts = run.immediate();
    this.changed('labels');
    return counts;
  }

  /**
   * The units and addresses whose label or note, or whose contact's name or note, holds `search`
   * (case-insensitive for ASCII letters): what History's search finds by words.
   */
  matching(search: string): { units: string[]; addresses: string[] } {
    const pattern = likePattern(search);
    const units = this.db
      .prepare(
        `SELECT ref FROM labels WHERE type = 'unit'
           AND (label LIKE @pattern ESCAPE '\\' OR note LIKE @pattern ESCAPE '\\')`,
      )
      .pluck(true)
      .all({ pattern });
    const addresses = this.db
      .prepare(
        `SELECT ref FROM labels WHERE type = 'addr'
           AND (label LIKE @pattern ESCAPE '\\' OR note LIKE @pattern ESCAPE '\\')
         UNION SELECT address FROM contacts
           WHERE name LIKE @pattern ESCAPE '\\' OR note LIKE @pattern ESCAPE '\\'`,
      )
      .pluck(true)
      .all({ pattern });
    const strings = (values: unknown[]): string[] =>
      values.filter((value): value is string => typeof value === 'string');
    return { units: strings(units), addresses: strings(addresses) };
  }
}
