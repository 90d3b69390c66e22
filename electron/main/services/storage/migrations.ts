/**
 * Versioned schema. The version lives in SQLite's `user_version` header field. Migrations are
 * forward-only: each runs in its own transaction together with the version bump, so a failure
 * leaves the file at the previous version with nothing half-applied (SQLite DDL is
 * transactional). A file whose version is above the newest migration was written by a newer
 * app and is refused rather than guessed at.
 */
import { AA_RESPONSES_SQL } from './aa-responses';
import { PRIVATE_PROFILES_SQL } from './profile-store';
import { TEXTCOINS_SQL } from './textcoin-store';
import type Database from 'better-sqlite3';
import { balanceTableSql } from './balance-table';
import { historyFactsSql } from './history-facts';
import { LABELS_SQL } from './label-book';
import { StorageError, storageFail } from './errors';

export interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Database.Database): void;
}

/**
 * Version 1 (not released yet: edit in place until the first release, then only add). Amount columns are INTEGER with the network's cap (ocore MAX_CAP = 9e15); the
 * unit-state CHECK makes "a ball only when proven" and "proven means good or final-bad" rules
 * of the file itself, not only of the code.
 */
const SCHEMA_V1 = `
CREATE TABLE units (
  unit TEXT NOT NULL PRIMARY KEY,
  version TEXT NOT NULL,
  alt TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  main_chain_index INTEGER,
  proven INTEGER NOT NULL CHECK (proven IN (0, 1)),
  sequence TEXT NOT NULL CHECK (sequence IN ('good', 'final-bad', 'unconfirmed', 'temp-bad')),
  ball TEXT,
  voided INTEGER NOT NULL CHECK (voided IN (0, 1)),
  headers_commission INTEGER,
  payload_commission INTEGER,
  tps_fee INTEGER,
  actual_tps_fee INTEGER,
  oversize_fee INTEGER,
  burn_fee INTEGER,
  first_seen_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (
    (proven = 1 AND sequence IN ('good', 'final-bad') AND ball IS NOT NULL)
    OR (proven = 0 AND sequence IN ('unconfirmed', 'temp-bad') AND ball IS NULL)
  )
);
CREATE INDEX units_by_time ON units (timestamp DESC, unit DESC);
CREATE INDEX units_unproven ON units (unit) WHERE proven = 0;

-- The unit as served, for details; apart so that scans of units read small rows.
CREATE TABLE unit_json (
  unit TEXT NOT NULL PRIMARY KEY REFERENCES units (unit) ON DELETE CASCADE,
  json TEXT NOT NULL
);

CREATE TABLE unit_authors (
  unit TEXT NOT NULL REFERENCES units (unit) ON DELETE CASCADE,
  address TEXT NOT NULL,
  PRIMARY KEY (unit, address)
) WITHOUT ROWID;
CREATE INDEX unit_authors_by_address ON unit_authors (address);

CREATE TABLE outputs (
  unit TEXT NOT NULL REFERENCES units (unit) ON DELETE CASCADE,
  message_index INTEGER NOT NULL,
  output_index INTEGER NOT NULL,
  address TEXT NOT NULL,
  asset TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 9000000000000000),
  is_spent INTEGER NOT NULL DEFAULT 0 CHECK (is_spent IN (0, 1)),
  PRIMARY KEY (unit, message_index, output_index)
) WITHOUT ROWID;
CREATE INDEX outputs_by_address ON outputs (address, is_spent, asset);

CREATE TABLE inputs (
  unit TEXT NOT NULL REFERENCES units (unit) ON DELETE CASCADE,
  message_index INTEGER NOT NULL,
  input_index INTEGER NOT NULL,
  asset TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('transfer', 'issue', 'headers_commission', 'witnessing')),
  src_unit TEXT,
  src_message_index INTEGER,
  src_output_index INTEGER,
  serial_number INTEGER,
  amount INTEGER CHECK (amount IS NULL OR (amount > 0 AND amount <= 9000000000000000)),
  address TEXT,
  from_main_chain_index INTEGER,
  to_main_chain_index INTEGER,
  PRIMARY KEY (unit, message_index, input_index),
  CHECK ((type = 'transfer') = (src_unit IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX inputs_by_source ON inputs (src_unit, src_message_index, src_output_index);

CREATE TABLE watched_addresses (
  address TEXT NOT NULL PRIMARY KEY,
  label TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('watch-only', 'wallet')),
  added_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_groups (
  group_key TEXT NOT NULL PRIMARY KEY,
  addresses TEXT NOT NULL,
  last_proven_mci INTEGER,
  last_sync_at INTEGER NOT NULL
);

CREATE TABLE address_state (
  address TEXT NOT NULL PRIMARY KEY,
  history_too_large INTEGER NOT NULL DEFAULT 0 CHECK (history_too_large IN (0, 1)),
  too_large_since INTEGER,
  hub_balances_at INTEGER
) WITHOUT ROWID;

CREATE TABLE hub_balances (
  address TEXT NOT NULL,
  asset TEXT NOT NULL,
  stable INTEGER NOT NULL CHECK (stable >= 0),
  pending INTEGER NOT NULL CHECK (pending >= 0),
  stable_outputs_count INTEGER NOT NULL CHECK (stable_outputs_count >= 0),
  pending_outputs_count INTEGER NOT NULL CHECK (pending_outputs_count >= 0),
  total INTEGER NOT NULL CHECK (total >= 0),
  PRIMARY KEY (address, asset)
) WITHOUT ROWID;

CREATE TABLE assets (
  asset TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 18),
  registry_address TEXT NOT NULL,
  metadata_unit TEXT NOT NULL,
  suffix TEXT,
  fetched_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Version 2: the wallet's own HD addresses (where each sits in m/44'/0'/account'/is_change/index,
 * so the signing key and definition are found without a scan) and the payment outbox (principle
 * 7): a signed joint is written here, with its coins, before it is posted, and stays until the
 * network says what became of it. `outbox_coins` has the coin as its key: two outbox units can
 * never hold the same coin, so the file itself refuses a second unit from the same coins.
 */
const SCHEMA_V2 = `
CREATE TABLE wallet_addresses (
  address TEXT NOT NULL PRIMARY KEY,
  account INTEGER NOT NULL CHECK (account >= 0),
  is_change INTEGER NOT NULL CHECK (is_change IN (0, 1)),
  address_index INTEGER NOT NULL CHECK (address_index >= 0),
  definition TEXT NOT NULL,
  UNIQUE (account, is_change, address_index)
) WITHOUT ROWID;

CREATE TABLE outbox (
  unit TEXT NOT NULL PRIMARY KEY,
  joint TEXT NOT NULL,
  context TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('unresolved', 'accepted', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE outbox_coins (
  src_unit TEXT NOT NULL,
  src_message_index INTEGER NOT NULL,
  src_output_index INTEGER NOT NULL,
  unit TEXT NOT NULL REFERENCES outbox (unit) ON DELETE CASCADE,
  PRIMARY KEY (src_unit, src_message_index, src_output_index)
) WITHOUT ROWID;
CREATE INDEX outbox_coins_by_unit ON outbox_coins (unit);
`;

/**
 * Version 3: what the sync learned about its network and must not forget between runs — a
 * devnet's genesis unit (learned from the first verified answer; every later proof starts from
 * it) and the witness list the hub last named. In this file, not a JSON file beside it, because
 * they anchor the verified units stored here: one file per network, deleted or restored
 * together, written with the same durability, never out of step with the history they vouch for.
 */
const SCHEMA_V3 = `
CREATE TABLE network_state (
  key TEXT NOT NULL PRIMARY KEY CHECK (key IN ('genesis_unit', 'witnesses')),
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Version 4: the newest last-stable MCI a verified proof reached (and when), kept between runs:
 * a later sync of a wallet with nothing new gets an empty answer and proves no MCI, and the
 * command line is a new process every time. SQLite cannot change a CHECK, so the table is built
 * again with the same rows.
 */
const SCHEMA_V4 = `
CREATE TABLE network_state_v4 (
  key TEXT NOT NULL PRIMARY KEY CHECK (key IN ('genesis_unit', 'witnesses', 'last_stable_mci')),
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO network_state_v4 (key, value, updated_at)
  SELECT key, value, updated_at FROM network_state;
DROP TABLE network_state;
ALTER TABLE network_state_v4 RENAME TO network_state;
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'units, authors, outputs, inputs, watched addresses, sync state, hub balances, assets',
    up: (db) => db.exec(SCHEMA_V1),
  },
  {
    version: 2,
    description: 'wallet HD addresses and the payment outbox',
    up: (db) => db.exec(SCHEMA_V2),
  },
  {
    version: 3,
    description: "the network's genesis unit and witness list",
    up: (db) => db.exec(SCHEMA_V3),
  },
  {
    version: 4,
    description: 'the last stable MCI a verified proof reached',
    up: (db) => db.exec(SCHEMA_V4),
  },
  {
    version: 5,
    description: 'balances kept up to date as history is written (balance-table.ts)',
    up: (db) => db.exec(balanceTableSql()),
  },
  {
    version: 6,
    description: 'what the history filters on, stored with the units (history-facts.ts)',
    up: (db) => db.exec(historyFactsSql()),
  },
  {
    version: 7,
    description: "autonomous agents' responses to the wallet's triggers (aa-responses.ts)",
    up: (db) => db.exec(AA_RESPONSES_SQL),
  },
  {
    version: 8,
    description: 'when a unit last changed, indexed (the balance view asks at every start)',
    up: (db) => db.exec('CREATE INDEX units_by_update ON units (updated_at)'),
  },
  {
    version: 9,
    description: 'labels and notes on units and addresses, and the address book (label-book.ts)',
    up: (db) => db.exec(LABELS_SQL),
  },
  {
    version: 10,
    description: 'textcoins sent, their words sealed (textcoin-store.ts)',
    up: (db) => db.exec(TEXTCOINS_SQL),
  },
  {
    version: 11,
    description: 'attested private profiles received in chat (profile-store.ts)',
    up: (db) => db.exec(PRIVATE_PROFILES_SQL),
  },
];

function checkList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      storageFail(
        'migration',
        `Migration ${index + 1} is numbered ${migration.version}: migrations must be 1, 2, 3, … in order.`,
      );
    }
  });
}

export function schemaVersion(db: Database.Database): number {
  const value: unknown = db.pragma('user_version', { simple: true });
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    storageFail('corrupt', `The database reports schema version ${String(value)}.`);
  }
  return value;
}

/** Brings the file to the newest version; returns the versions applied, oldest first. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  checkList(migrations);
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    storageFail(
      'newer-schema',
      `This wallet database has schema version ${current}; this version of Obyte Light knows up to ${latest}. Use a newer Obyte Light to open it.`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    try {
      db.transaction(() => {
        migration.up(db);
        // Integer literal from our own list, not user input: PRAGMA takes no bound parameters.
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      throw new StorageError(
        'migration',
        `Updating the wallet database to schema version ${migration.version} (${migration.description}) failed; it stays at version ${migration.version - 1}.`,
        { cause: error },
      );
    }
    applied.push(migration.version);
  }
  return applied;
}
