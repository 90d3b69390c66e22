/**
 * A store handed a connection without its table refuses at once, in words, with code
 * 'migration' (requireTable), instead of failing later on the first query.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../../electron/main/services/storage/errors';
import { ProfileStore } from '../../../electron/main/services/storage/profile-store';
import { requireTable } from '../../../electron/main/services/storage/tables';
import { TextcoinStore } from '../../../electron/main/services/storage/textcoin-store';
import { WalletStore } from '../../../electron/main/services/storage/wallet-store';
import { systemClock } from '../../../electron/main/services/clock';

const open: Database.Database[] = [];
function bare(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function refusal(make: () => unknown): StorageError {
  try {
    make();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('nothing was refused');
}

describe('requireTable', () => {
  it('passes when the table is there and refuses, naming it, when it is not', () => {
    const db = bare();
    const missing = refusal(() => requireTable(db, 'notes'));
    expect(missing.code).toBe('migration');
    expect(missing.message).toBe('The wallet database has no notes table: open it first.');
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    expect(() => requireTable(db, 'notes')).not.toThrow();
  });

  it('is not satisfied by a view of that name', () => {
    const db = bare();
    db.exec('CREATE TABLE t (id INTEGER); CREATE VIEW notes AS SELECT id FROM t');
    expect(refusal(() => requireTable(db, 'notes')).code).toBe('migration');
  });

  it('WalletStore refuses a database without any of its three tables, naming the first missing', () => {
    const db = bare();
    const none = refusal(() => new WalletStore(db, systemClock));
    expect(none.code).toBe('migration');
    expect(none.message).toBe('The wallet database has no wallet_addresses table: open it first.');
    db.exec('CREATE TABLE wallet_addresses (address TEXT); CREATE TABLE outbox (unit TEXT)');
    expect(refusal(() => new WalletStore(db, systemClock)).message).toBe(
      'The wallet database has no outbox_coins table: open it first.',
    );
    db.exec('CREATE TABLE outbox_coins (unit TEXT)');
    expect(() => new WalletStore(db, systemClock)).not.toThrow();
  });

  it('ProfileStore and TextcoinStore refuse a database that was never migrated', () => {
    const db = bare();
    const profile = refusal(() => new ProfileStore(db, systemClock));
    expect(profile.code).toBe('migration');
    expect(profile.message).toBe(
      'The wallet database has no private_profiles table: open it first.',
    );
    const textcoin = refusal(() => new TextcoinStore(db, systemClock));
    expect(textcoin.code).toBe('migration');
    expect(textcoin.message).toBe('The wallet database has no textcoins table: open it first.');
  });
});
