/**
 * Textcoins this wallet sent (ocore's `sent_mnemonics`), in the wallet database: the textcoin's
 * address, what it carries, the unit that funded it, and its words SEALED with the wallet's
 * at-rest key (textcoins/seal.ts), so the file alone (a copy, a backup) does not hold the money.
 *
 * A row is written BEFORE the funding unit is posted (state 'sending'), as ocore writes it in the
 * unit's preCommitCb: once money may be on its way to the words, the words are on disk. It
 * becomes 'sent' with the unit's hash, or is removed when the payment certainly never left
 * (expired preview, refused by the network before any post). `claimUnit` is our own claim of it
 * (taken back). Over the WalletDatabase's one connection, like WalletStore.
 */
import type Database from 'better-sqlite3';
import { isValidAddress } from '../../../../shared/protocol/chash';
import { isValidAsset, isValidUnitHash } from '../../../../shared/protocol/amount';
import type { Clock } from '../clock';
import { storageFail } from './errors';
import { requireTable } from './tables';
import { asRows, integer, nullableText, oneOf, text } from './rows';

/** A migration of migrations.ts (the table is looked for by name, not by schema version). */
export const TEXTCOINS_SQL = `
CREATE TABLE textcoins (
  address TEXT NOT NULL PRIMARY KEY,
  asset TEXT NOT NULL,
  -- What the recipient is to receive, in the asset's smallest unit.
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 9000000000000000),
  -- Bytes added for the claim: the claim fee and twice the TPS fee.
  added_bytes INTEGER NOT NULL CHECK (added_bytes >= 0),
  claim_fee INTEGER NOT NULL CHECK (claim_fee >= 0),
  -- nonce ‖ AES-256-GCM(words), base64; the address is the associated data.
  sealed_words TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'sent')),
  unit TEXT,
  claim_unit TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (state = 'sending' OR unit IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX textcoins_by_time ON textcoins (created_at DESC);
`;

export type TextcoinRowState = 'sending' | 'sent';
const STATES: readonly TextcoinRowState[] = ['sending', 'sent'];

export interface TextcoinRecord {
  readonly address: string;
  readonly asset: string;
  readonly amount: number;
  readonly addedBytes: number;
  readonly claimFee: number;
  readonly sealedWords: string;
  readonly state: TextcoinRowState;
  readonly unit: string | null;
  readonly claimUnit: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type NewTextcoinRecord = Pick<
  TextcoinRecord,
  'address' | 'asset' | 'amount' | 'addedBytes' | 'claimFee' | 'sealedWords'
>;

const MAX_SEALED = 1000;

function checkRecord(r: NewTextcoinRecord): void {
  if (!isValidAddress(r.address)) storageFail('invalid-input', 'A textcoin address is not valid.');
  if (!isValidAsset(r.asset)) storageFail('invalid-input', 'A textcoin asset is not valid.');
  if (!Number.isSafeInteger(r.amount) || r.amount <= 0) {
    storageFail('invalid-input', 'A textcoin amount must be a positive integer.');
  }
  for (const n of [r.addedBytes, r.claimFee]) {
    if (!Number.isSafeInteger(n) || n < 0) {
      storageFail('invalid-input', 'A textcoin fee must be a non-negative integer.');
    }
  }
  if (typeof r.sealedWords !== 'string' || r.sealedWords.length === 0) {
    storageFail('invalid-input', 'A textcoin needs its sealed words.');
  }
  if (r.sealedWords.length > MAX_SEALED) storageFail('invalid-input', 'Sealed words are too long.');
}

export class TextcoinStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  /** Told after each write (the automatic backup listens, through WalletDatabase.changed). */
  private readonly changed: () => void;

  /** Over the WalletDatabase's connection, whose schema has the textcoins table. */
  constructor(db: Database.Database, clock: Clock, changed: () => void = () => undefined) {
    requireTable(db, 'textcoins');
    this.db = db;
    this.clock = clock;
    this.changed = changed;
  }

  /** Before the funding unit is posted: the textcoin and its sealed words, state 'sending'. */
  addSending(record: NewTextcoinRecord): void {
    checkRecord(record);
    const now = this.clock.now();
    this.db
      .prepare(
        `INSERT INTO textcoins (address, asset, amount, added_bytes, claim_fee, sealed_words,
           state, unit, claim_unit, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'sending', NULL, NULL, ?, ?)`,
      )
      .run(
        record.address,
        record.asset,
        record.amount,
        record.addedBytes,
        record.claimFee,
        record.sealedWords,
        now,
        now,
      );
    this.changed();
  }

  /** The funding unit was posted (accepted, or on its way without an answer). */
  markSent(address: string, unit: string): void {
    if (!isValidUnitHash(unit)) storageFail('invalid-input', 'Not a unit hash.');
    this.db
      .prepare(`UPDATE textcoins SET state = 'sent', unit = ?, updated_at = ? WHERE address = ?`)
      .run(unit, this.clock.now(), address);
    this.changed();
  }

  /** The funding payment certainly never left: forget the textcoin. */
  removeUnsent(address: string): void {
    this.db.prepare(`DELETE FROM textcoins WHERE address = ? AND state = 'sending'`).run(address);
    this.changed();
  }

  /** We claimed it back ourselves with this unit. */
  setClaimUnit(address: string, unit: string): void {
    if (!isValidUnitHash(unit)) storageFail('invalid-input', 'Not a unit hash.');
    this.db
      .prepare(`UPDATE textcoins SET claim_unit = ?, updated_at = ? WHERE address = ?`)
      .run(unit, this.clock.now(), address);
    this.changed();
  }

  get(address: string): TextcoinRecord | null {
    return this.list().find((r) => r.address === address) ?? null;
  }

  /** Newest first. */
  list(): TextcoinRecord[] {
    const rows = asRows(
      this.db
        .prepare(
          `SELECT address, asset, amount, added_bytes, claim_fee, sealed_words, state, unit,
             claim_unit, created_at, updated_at
           FROM textcoins ORDER BY created_at DESC, address`,
        )
        .all(),
      'a textcoin',
    );
    return rows.map((row) => ({
      address: text(row, 'address'),
      asset: text(row, 'asset'),
      amount: integer(row, 'amount'),
      addedBytes: integer(row, 'added_bytes'),
      claimFee: integer(row, 'claim_fee'),
      sealedWords: text(row, 'sealed_words'),
      state: oneOf(row, 'state', STATES),
      unit: nullableText(row, 'unit'),
      claimUnit: nullableText(row, 'claim_unit'),
      createdAt: integer(row, 'created_at'),
      updatedAt: integer(row, 'updated_at'),
    }));
  }

  /** Rows as they are (a backup): every column, words still sealed. */
  exportRows(): TextcoinRecord[] {
    return this.list();
  }

  /** Rows from a backup (validated by the caller); an address already present is kept. */
  importRows(records: readonly TextcoinRecord[]): void {
    const insert = this.db.prepare(
      `INSERT INTO textcoins (address, asset, amount, added_bytes, claim_fee, sealed_words,
         state, unit, claim_unit, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (address) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const r of records) {
        checkRecord(r);
        insert.run(
          r.address,
          r.asset,
          r.amount,
          r.addedBytes,
          r.claimFee,
          r.sealedWords,
          r.state,
          r.unit,
          r.claimUnit,
          r.createdAt,
          r.updatedAt,
        );
      }
    })();
  }
}
