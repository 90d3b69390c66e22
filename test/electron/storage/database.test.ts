/**
 * Opening the wallet database: one file per network directory, WAL with full sync, and
 * forward-only migrations, each in its own transaction.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATABASE_FILE,
  MIGRATIONS,
  StorageError,
  type Migration,
} from '../../../electron/main/services/storage/index';
import { address, joint, makeUnit, tempDatabases } from './builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

function raw(dir: string): Database.Database {
  return new Database(join(dir, DATABASE_FILE));
}

const v2: Migration = {
  version: MIGRATIONS.length + 1,
  description: 'test: a note per watched address',
  up: (db) => db.exec("ALTER TABLE watched_addresses ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
};

describe('WalletDatabase.open', () => {
  it('creates the network directory and one database file, in WAL mode with full sync', () => {
    const dir = join(temp.dir(), 'testnet');
    const db = temp.open(dir);
    expect(db.path).toBe(join(dir, DATABASE_FILE));
    expect(existsSync(db.path)).toBe(true);
    expect(db.schemaVersion).toBe(MIGRATIONS.length);
    db.close();
    const check = raw(dir);
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });

  it('keeps data across close and reopen, and a second open does not migrate again', () => {
    const dir = temp.dir();
    const a = address('a');
    const first = temp.open(dir);
    first.addWatchedAddress({ address: a, kind: 'watch-only', label: 'savings' });
    first.applyVerifiedHistory([
      joint(
        makeUnit({
          label: 'u',
          authors: [address('x')],
          payments: [{ inputs: [], outputs: [{ address: a, amount: 5 }] }],
        }),
        'stable',
      ),
    ]);
    first.close();
    const second = temp.open(dir);
    expect(second.watchedAddresses()).toEqual([
      expect.objectContaining({ address: a, label: 'savings' }),
    ]);
    expect(second.balances().total['base']?.stable).toBe(5);
  });

  it('migrates a database written at an older schema version, keeping its data', () => {
    const dir = temp.dir();
    const a = address('old');
    const old = temp.open(dir, { migrations: MIGRATIONS });
    old.addWatchedAddress({ address: a, kind: 'wallet' });
    old.close();
    const check = raw(dir);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();

    const current = temp.open(dir, { migrations: [...MIGRATIONS, v2] });
    expect(current.schemaVersion).toBe(MIGRATIONS.length + 1);
    expect(current.watchedAddresses().map((w) => w.address)).toEqual([a]);
    current.close();
    const after = raw(dir);
    const columns = after.pragma('table_info(watched_addresses)') as { name: string }[];
    expect(columns.map((c) => c.name)).toContain('note');
    expect(after.prepare('SELECT note FROM watched_addresses').pluck().get()).toBe('');
    after.close();
  });

  it('migrates an empty file from version 0', () => {
    const dir = temp.dir();
    const empty = raw(dir);
    empty.exec('VACUUM');
    expect(empty.pragma('user_version', { simple: true })).toBe(0);
    empty.close();
    expect(temp.open(dir).schemaVersion).toBe(MIGRATIONS.length);
  });

  it('a failing migration leaves the file at the previous version with nothing half-applied', () => {
    const dir = temp.dir();
    temp.open(dir).close();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      description: 'test: fails halfway',
      up: (db) => {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('simulated failure in the middle of a migration');
      },
    };
    let error: unknown;
    try {
      temp.open(dir, { migrations: [...MIGRATIONS, broken] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('migration');
    const check = raw(dir);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(
      check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get(),
    ).toBe(0);
    check.close();
    expect(temp.open(dir).schemaVersion).toBe(MIGRATIONS.length);
  });

  it('refuses a database from a newer app instead of guessing', () => {
    const dir = temp.dir();
    temp.open(dir).close();
    const future = raw(dir);
    future.pragma('user_version = 99');
    future.close();
    expect(() => temp.open(dir)).toThrow(
      expect.objectContaining({ code: 'newer-schema', message: expect.stringContaining('99') }),
    );
  });

  it('refuses a migration list with gaps', () => {
    const dir = temp.dir();
    expect(() => temp.open(dir, { migrations: [{ ...v2, version: 3 }] })).toThrow(
      expect.objectContaining({ code: 'migration' }),
    );
  });

  it('reports a file that is not a database as corrupt', async () => {
    const dir = temp.dir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, DATABASE_FILE), 'this is not sqlite '.repeat(100));
    expect(() => temp.open(dir)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('enforces foreign keys and the proof rules in the file itself', () => {
    const dir = temp.dir();
    temp.open(dir).close();
    const check = raw(dir);
    check.pragma('foreign_keys = ON');
    expect(() =>
      check
        .prepare(
          `INSERT INTO outputs (unit, message_index, output_index, address, asset, amount)
           VALUES ('missing', 0, 0, 'A', 'base', 1)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    const insertUnit = (proven: number, sequence: string, ball: string | null) =>
      check
        .prepare(
          `INSERT INTO units (unit, version, alt, timestamp, proven, sequence, ball, voided,
             first_seen_at, updated_at) VALUES (?, '4.0', '1', 1, ?, ?, ?, 0, 0, 0)`,
        )
        .run(`u${proven}${sequence}${ball ?? ''}`, proven, sequence, ball);
    expect(() => insertUnit(0, 'unconfirmed', 'a ball')).toThrow(/CHECK/);
    expect(() => insertUnit(1, 'unconfirmed', 'a ball')).toThrow(/CHECK/);
    expect(() => insertUnit(1, 'good', null)).toThrow(/CHECK/);
    expect(() => insertUnit(0, 'good', null)).toThrow(/CHECK/);
    expect(() => insertUnit(1, 'good', 'a ball')).not.toThrow();
    check.close();
  });
});

describe('the last stable MCI (schema version 4)', () => {
  const WITNESS = 'XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D';
  const GENESIS = 'InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=';

  it('is kept across reopen, and an older MCI never replaces a newer one', () => {
    const dir = temp.dir();
    const db = temp.open(dir);
    expect(db.lastStableMci()).toBeNull();
    expect(db.saveLastStableMci({ mci: 18, verifiedAt: 1_000, unitAt: 500 })).toEqual({
      mci: 18,
      verifiedAt: 1_000,
      unitAt: 500,
    });
    // A hub that is behind proves less: the newer figure stays.
    expect(db.saveLastStableMci({ mci: 12, verifiedAt: 2_000, unitAt: null })).toMatchObject({
      mci: 18,
      verifiedAt: 1_000,
    });
    // The same MCI proven again: when it was last verified.
    db.saveLastStableMci({ mci: 18, verifiedAt: 3_000, unitAt: 500 });
    db.close();
    expect(temp.open(dir).lastStableMci()).toEqual({ mci: 18, verifiedAt: 3_000, unitAt: 500 });
  });

  it('refuses a value that is not a whole non-negative MCI', () => {
    const db = temp.open(temp.dir());
    expect(() => db.saveLastStableMci({ mci: -1, verifiedAt: 1, unitAt: null })).toThrow(
      StorageError,
    );
    expect(() => db.saveLastStableMci({ mci: 1.5, verifiedAt: 1, unitAt: null })).toThrow(
      StorageError,
    );
  });

  it('a version 3 file keeps its genesis unit and witness list when it is migrated', () => {
    const dir = temp.dir();
    const old = temp.open(dir, { migrations: MIGRATIONS.slice(0, 3) });
    old.saveGenesisUnit(GENESIS);
    old.saveWitnesses([WITNESS]);
    old.close();
    const check = raw(dir);
    expect(() =>
      check
        .prepare(
          "INSERT INTO network_state (key, value, updated_at) VALUES ('last_stable_mci', '{}', 0)",
        )
        .run(),
    ).toThrow(/CHECK/);
    check.close();

    const current = temp.open(dir);
    expect(current.schemaVersion).toBe(MIGRATIONS.length);
    expect(current.genesisUnit()).toBe(GENESIS);
    expect(current.witnesses()).toEqual([WITNESS]);
    current.saveLastStableMci({ mci: 7, verifiedAt: 1, unitAt: null });
    expect(current.lastStableMci()).toEqual({ mci: 7, verifiedAt: 1, unitAt: null });
  });
});
