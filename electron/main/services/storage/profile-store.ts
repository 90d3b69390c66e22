/**
 * Attested private profiles (ocore's `private_profiles`), in the wallet database: profiles that
 * arrived in chat as `[…](profile:…)` and checked against their attestation unit, each with the
 * attested address, the attestor and the fields as received (`[value, blinding]` disclosed, a
 * hash kept back). A profile of one of our addresses with every field disclosed is one we can
 * share in answer to a profile request. Over the WalletDatabase's one connection.
 *
 * A profile received again (the same attestation message) keeps its row; fields disclosed this
 * time that were kept back before are added, as ocore's savePrivateProfile does.
 */
import type Database from 'better-sqlite3';
import { isValidAddress } from '../../../../shared/protocol/chash';
import {
  parsePrivateProfileObject,
  type PrivateProfile,
  type ProfileField,
} from '../../../../shared/protocol/private-profile';
import type { Clock } from '../clock';
import { storageFail } from './errors';
import { requireTable } from './tables';
import { asRows, flag, integer, nullableText, text } from './rows';

/** A migration of migrations.ts. */
export const PRIVATE_PROFILES_SQL = `
CREATE TABLE private_profiles (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL,
  payload_hash TEXT NOT NULL UNIQUE,
  -- The attested address and the attestation unit's author, as the unit says.
  address TEXT NOT NULL,
  attestor TEXT NOT NULL,
  -- {field: [value, blinding] | hash}, JSON, as received (checked against the unit).
  src_profile TEXT NOT NULL,
  json_based INTEGER NOT NULL CHECK (json_based IN (0, 1)),
  -- The device that sent it (null: added otherwise).
  received_from TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX private_profiles_by_address ON private_profiles (address);
`;

export interface ProfileRecord {
  readonly id: number;
  readonly profile: PrivateProfile;
  readonly address: string;
  readonly attestor: string;
  readonly jsonBased: boolean;
  readonly receivedFrom: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewProfileRecord {
  readonly profile: PrivateProfile;
  readonly address: string;
  readonly attestor: string;
  readonly jsonBased: boolean;
  readonly receivedFrom: string | null;
}

/** At most this many profiles are kept (a peer could send thousands of valid ones). */
export const MAX_PROFILES = 500;

export class ProfileStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;

  constructor(db: Database.Database, clock: Clock) {
    requireTable(db, 'private_profiles');
    this.db = db;
    this.clock = clock;
  }

  /**
   * Keeps a checked profile; returns its row. The same attestation again: fields disclosed now
   * and kept back before are added, nothing disclosed before is lost.
   */
  save(record: NewProfileRecord): ProfileRecord {
    if (!isValidAddress(record.address) || !isValidAddress(record.attestor)) {
      storageFail('invalid-input', 'A private profile needs valid addresses.');
    }
    const profile = parsePrivateProfileObject(record.profile);
    const now = this.clock.now();
    return this.db.transaction(() => {
      const existing = this.byPayloadHash(profile.payload_hash);
      if (existing !== null) {
        const merged: Record<string, ProfileField> = { ...existing.profile.src_profile };
        for (const [name, field] of Object.entries(profile.src_profile)) {
          const before = merged[name];
          if (before === undefined || (typeof before === 'string' && typeof field !== 'string')) {
            merged[name] = field;
          }
        }
        this.db
          .prepare(`UPDATE private_profiles SET src_profile = ?, updated_at = ? WHERE id = ?`)
          .run(JSON.stringify(merged), now, existing.id);
        return this.get(existing.id) as ProfileRecord;
      }
      const count = this.db.prepare(`SELECT COUNT(*) AS n FROM private_profiles`).get() as {
        n: number;
      };
      if (count.n >= MAX_PROFILES) {
        storageFail('invalid-input', `This wallet keeps at most ${MAX_PROFILES} private profiles.`);
      }
      const info = this.db
        .prepare(
          `INSERT INTO private_profiles (unit, payload_hash, address, attestor, src_profile,
             json_based, received_from, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          profile.unit,
          profile.payload_hash,
          record.address,
          record.attestor,
          JSON.stringify(profile.src_profile),
          record.jsonBased ? 1 : 0,
          record.receivedFrom,
          now,
          now,
        );
      return this.get(Number(info.lastInsertRowid)) as ProfileRecord;
    })();
  }

  get(id: number): ProfileRecord | null {
    return this.select(`WHERE id = ?`, [id])[0] ?? null;
  }

  private byPayloadHash(payloadHash: string): ProfileRecord | null {
    return this.select(`WHERE payload_hash = ?`, [payloadHash])[0] ?? null;
  }

  /** Newest first. */
  list(): ProfileRecord[] {
    return this.select(`ORDER BY created_at DESC, id DESC`, []);
  }

  /** Forgets one profile; false when there was none with that id. */
  remove(id: number): boolean {
    return this.db.prepare(`DELETE FROM private_profiles WHERE id = ?`).run(id).changes > 0;
  }

  /** Forgets every profile; returns how many there were. */
  removeAll(): number {
    return this.db.prepare(`DELETE FROM private_profiles`).run().changes;
  }

  private select(where: string, params: unknown[]): ProfileRecord[] {
    const rows = asRows(
      this.db
        .prepare(
          `SELECT id, unit, payload_hash, address, attestor, src_profile, json_based,
             received_from, created_at, updated_at
           FROM private_profiles ${where}`,
        )
        .all(...params),
      'a private profile',
    );
    return rows.map((row) => {
      let src: unknown;
      try {
        src = JSON.parse(text(row, 'src_profile'));
      } catch {
        storageFail('corrupt', 'A stored private profile is not JSON.');
      }
      return {
        id: integer(row, 'id'),
        profile: parsePrivateProfileObject({
          unit: text(row, 'unit'),
          payload_hash: text(row, 'payload_hash'),
          src_profile: src,
        }),
        address: text(row, 'address'),
        attestor: text(row, 'attestor'),
        jsonBased: flag(row, 'json_based'),
        receivedFrom: nullableText(row, 'received_from'),
        createdAt: integer(row, 'created_at'),
        updatedAt: integer(row, 'updated_at'),
      };
    });
  }
}
