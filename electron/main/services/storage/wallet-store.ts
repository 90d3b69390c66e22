/**
 * The wallet's own tables (schema version 2): its HD addresses and the payment outbox. It reads
 * and writes over the WalletDatabase's one connection (`WalletDatabase.walletStore()`), which has
 * brought the schema up to date and closes it.
 *
 * The outbox (ARCHITECTURE.md principle 7): a signed joint and the coins it spends are written in
 * one transaction before the joint is posted. `outbox_coins` is keyed by the coin, so no two
 * outbox units can ever hold the same coin; a row leaves only when the network has said what
 * became of its unit.
 */
import type Database from 'better-sqlite3';
import { isValidAddress, isValidUnitHash } from '../../../../shared/protocol/index';
import type { Clock } from '../clock';
import { StorageError, storageFail } from './errors';
import { asRow, asRows, flag, integer, nullableText, oneOf, text } from './rows';
import { requireTable } from './tables';

/** One derived address of the wallet: m/44'/0'/account'/is_change/index. */
export interface WalletAddressRecord {
  readonly address: string;
  readonly account: number;
  readonly isChange: boolean;
  readonly index: number;
  /** The definition as JSON text (a single-sig `["sig",{"pubkey":…}]`). */
  readonly definition: string;
}

export type OutboxState = 'unresolved' | 'accepted' | 'rejected';
const OUTBOX_STATES: readonly OutboxState[] = ['unresolved', 'accepted', 'rejected'];

export interface OutboxCoin {
  readonly unit: string;
  readonly message_index: number;
  readonly output_index: number;
}

export interface OutboxEntry {
  readonly unit: string;
  /** The signed joint `{unit}` as JSON text, exactly what is posted. */
  readonly joint: string;
  /** What the payment service needs to recompose from the same coins, as JSON text. */
  readonly context: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly coins: readonly OutboxCoin[];
}

export interface NewOutboxEntry {
  readonly unit: string;
  readonly joint: string;
  readonly context: string;
  readonly coins: readonly OutboxCoin[];
}

/** The coins are already held by another outbox unit: composing again from them is refused. */
export class CoinsLockedError extends StorageError {
  readonly holder: string;
  constructor(holder: string) {
    super(
      'conflict',
      `Some of these coins are already spent by the payment ${holder}, which is still pending.`,
    );
    this.name = 'CoinsLockedError';
    this.holder = holder;
  }
}

function isSqliteConstraint(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('SQLITE_CONSTRAINT')
  );
}

export class WalletStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;

  /** Over the WalletDatabase's connection, whose schema has the version 2 tables. */
  constructor(db: Database.Database, clock: Clock) {
    for (const table of ['wallet_addresses', 'outbox', 'outbox_coins']) requireTable(db, table);
    this.db = db;
    this.clock = clock;
  }

  // ----- wallet addresses -----

  /**
   * Stores derived addresses and watches them as kind 'wallet', in one transaction. Existing
   * rows are kept (an address never moves in the tree); a watch-only entry becomes 'wallet'.
   */
  addWalletAddresses(records: readonly WalletAddressRecord[]): void {
    for (const r of records) {
      if (!isValidAddress(r.address)) storageFail('invalid-input', 'Not a valid address.');
      if (![r.account, r.index].every((n) => Number.isSafeInteger(n) && n >= 0)) {
        storageFail('invalid-input', 'Account and index must be non-negative integers.');
      }
    }
    const insert = this.db.prepare(
      `INSERT INTO wallet_addresses (address, account, is_change, address_index, definition)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (address) DO NOTHING`,
    );
    const watch = this.db.prepare(
      `INSERT INTO watched_addresses (address, label, kind, added_at) VALUES (?, '', 'wallet', ?)
       ON CONFLICT (address) DO UPDATE SET kind = 'wallet'`,
    );
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const r of records) {
        insert.run(r.address, r.account, r.isChange ? 1 : 0, r.index, r.definition);
        watch.run(r.address, now);
      }
    })();
  }

  walletAddresses(account?: number): WalletAddressRecord[] {
    const rows = this.db
      .prepare(
        `SELECT address, account, is_change, address_index, definition FROM wallet_addresses
         WHERE @account IS NULL OR account = @account
         ORDER BY account, is_change, address_index`,
      )
      .all({ account: account ?? null });
    return asRows(rows, 'a wallet address').map((row) => ({
      address: text(row, 'address'),
      account: integer(row, 'account'),
      isChange: flag(row, 'is_change'),
      index: integer(row, 'address_index'),
      definition: text(row, 'definition'),
    }));
  }

  walletAddress(address: string): WalletAddressRecord | null {
    const row: unknown = this.db
      .prepare(
        `SELECT address, account, is_change, address_index, definition FROM wallet_addresses
         WHERE address = ?`,
      )
      .get(address);
    if (row === undefined) return null;
    const r = asRow(row, 'a wallet address');
    return {
      address: text(r, 'address'),
      account: integer(r, 'account'),
      isChange: flag(r, 'is_change'),
      index: integer(r, 'address_index'),
      definition: text(r, 'definition'),
    };
  }

  /** Which of `addresses` appear in any stored unit (as author or in an output). */
  usedAddresses(addresses: readonly string[]): Set<string> {
    const list = JSON.stringify([...new Set(addresses)]);
    const rows = this.db
      .prepare(
        `SELECT DISTINCT address FROM unit_authors
           WHERE address IN (SELECT value FROM json_each(@list))
         UNION
         SELECT DISTINCT address FROM outputs
           WHERE address IN (SELECT value FROM json_each(@list))`,
      )
      .all({ list });
    return new Set(asRows(rows, 'a used address').map((row) => text(row, 'address')));
  }

  /**
   * light-client.md §2.5: whether `address` authored a good unit that is proven stable at or
   * before `lastBallMci` (then its definition is known to the network and is not repeated).
   */
  hasStableAuthoredUnit(address: string, lastBallMci: number): boolean {
    const row: unknown = this.db
      .prepare(
        `SELECT 1 AS found FROM unit_authors a JOIN units u ON u.unit = a.unit
         WHERE a.address = ? AND u.proven = 1 AND u.sequence = 'good'
           AND u.main_chain_index IS NOT NULL AND u.main_chain_index <= ? LIMIT 1`,
      )
      .get(address, lastBallMci);
    return row !== undefined;
  }

  // ----- outbox -----

  /**
   * Writes a signed joint and locks its coins, in one transaction, before it is posted. With
   * `replaces`, that (refused, never accepted) unit leaves in the same transaction: the new unit
   * must spend exactly the same coins.
   */
  addOutbox(entry: NewOutboxEntry, replaces?: string): void {
    if (!isValidUnitHash(entry.unit)) storageFail('invalid-input', 'Not a unit hash.');
    if (entry.coins.length === 0) storageFail('invalid-input', 'A payment spends coins.');
    const now = this.clock.now();
    const lock = this.db.prepare(
      `INSERT INTO outbox_coins (src_unit, src_message_index, src_output_index, unit)
       VALUES (?, ?, ?, ?)`,
    );
    try {
      this.db.transaction(() => {
        let attempts = 0;
        if (replaces !== undefined) {
          const old = this.outboxEntry(replaces);
          if (old === null) storageFail('invalid-input', `No pending payment ${replaces}.`);
          const key = (c: OutboxCoin): string => `${c.unit}:${c.message_index}:${c.output_index}`;
          const before = old.coins.map(key).sort().join(',');
          const same = before === entry.coins.map(key).sort().join(',');
          if (!same)
            storageFail('invalid-input', 'A recomposed payment must spend the same coins.');
          attempts = old.attempts;
          this.db.prepare('DELETE FROM outbox WHERE unit = ?').run(replaces);
        }
        this.db
          .prepare(
            `INSERT INTO outbox (unit, joint, context, state, attempts, created_at, updated_at)
             VALUES (?, ?, ?, 'unresolved', ?, ?, ?)`,
          )
          .run(entry.unit, entry.joint, entry.context, attempts, now, now);
        for (const coin of entry.coins) {
          lock.run(coin.unit, coin.message_index, coin.output_index, entry.unit);
        }
      })();
    } catch (error) {
      if (isSqliteConstraint(error)) {
        const holder = entry.coins
          .map((c) => this.coinHolder(c))
          .find((h): h is string => h !== null);
        throw new CoinsLockedError(holder ?? 'another payment');
      }
      throw error;
    }
  }

  private coinHolder(coin: OutboxCoin): string | null {
    const row: unknown = this.db
      .prepare(
        `SELECT unit FROM outbox_coins
         WHERE src_unit = ? AND src_message_index = ? AND src_output_index = ?`,
      )
      .get(coin.unit, coin.message_index, coin.output_index);
    return row === undefined ? null : text(asRow(row, 'a locked coin'), 'unit');
  }

  setOutboxState(unit: string, state: OutboxState, lastError: string | null = null): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = ?, last_error = ?, updated_at = ?, attempts = attempts + 1
         WHERE unit = ?`,
      )
      .run(state, lastError, this.clock.now(), unit);
  }

  /** The network has said what became of the unit: its coins are no longer the outbox's. */
  removeOutbox(unit: string): boolean {
    return this.db.prepare('DELETE FROM outbox WHERE unit = ?').run(unit).changes > 0;
  }

  /** Every coin an outbox unit holds, as `unit:message_index:output_index`. */
  lockedCoinKeys(): Set<string> {
    const rows = this.db
      .prepare('SELECT src_unit, src_message_index, src_output_index FROM outbox_coins')
      .all();
    return new Set(
      asRows(rows, 'a locked coin').map(
        (row) =>
          `${text(row, 'src_unit')}:${integer(row, 'src_message_index')}:${integer(row, 'src_output_index')}`,
      ),
    );
  }

  outboxEntry(unit: string): OutboxEntry | null {
    return this.outbox().find((entry) => entry.unit === unit) ?? null;
  }

  outbox(): OutboxEntry[] {
    const rows = asRows(
      this.db
        .prepare(
          `SELECT unit, joint, context, state, attempts, last_error, created_at, updated_at
           FROM outbox ORDER BY created_at, unit`,
        )
        .all(),
      'an outbox entry',
    );
    const coinRows = asRows(
      this.db
        .prepare(
          `SELECT unit, src_unit, src_message_index, src_output_index FROM outbox_coins
           ORDER BY unit, src_unit, src_message_index, src_output_index`,
        )
        .all(),
      'a locked coin',
    );
    const coins = new Map<string, OutboxCoin[]>();
    for (const row of coinRows) {
      const list = coins.get(text(row, 'unit')) ?? [];
      list.push({
        unit: text(row, 'src_unit'),
        message_index: integer(row, 'src_message_index'),
        output_index: integer(row, 'src_output_index'),
      });
      coins.set(text(row, 'unit'), list);
    }
    return rows.map((row) => ({
      unit: text(row, 'unit'),
      joint: text(row, 'joint'),
      context: text(row, 'context'),
      state: oneOf(row, 'state', OUTBOX_STATES),
      attempts: integer(row, 'attempts'),
      lastError: nullableText(row, 'last_error'),
      createdAt: integer(row, 'created_at'),
      updatedAt: integer(row, 'updated_at'),
      coins: coins.get(text(row, 'unit')) ?? [],
    }));
  }
}
