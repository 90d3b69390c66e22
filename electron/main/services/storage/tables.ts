/**
 * The check a store makes on the connection it is handed: the table it works on exists, else the
 * database was never brought to its schema (WalletDatabase.open runs the migrations).
 */
import type Database from 'better-sqlite3';
import { storageFail } from './errors';

/** Fails with code 'migration' when the database has no table `name`. */
export function requireTable(db: Database.Database, name: string): void {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .get(name);
  if (table === undefined) {
    storageFail('migration', `The wallet database has no ${name} table: open it first.`);
  }
}
