/**
 * The wallet's SQLite database (better-sqlite3): one file per network data directory, holding
 * only what the verifier accepted, plus the watch list, sync bookkeeping, hub balance snapshots
 * and the asset metadata cache. One class for the one resource; built once in the composition
 * root and handed to the sync layer, the IPC handlers and the CLI.
 *
 * Durability: WAL with synchronous=FULL. In WAL mode NORMAL never corrupts the file, but a
 * power cut can lose the last commits; FULL syncs the WAL at every commit. We commit about
 * once per hub answer, so the extra fsync costs nothing noticeable, and the file will also
 * hold things the hub cannot give back (the watch list and labels now, posted-but-unanswered
 * payments later, ARCHITECTURE.md principle 7).
 */
import { aaResponseOf, saveAaResponses, type StoredAaResponse } from './aa-responses';
import { sha256Base64 } from '../../../../shared/protocol/hash';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  parseUnit,
  isValidAddress,
  isValidAsset,
  isValidUnitHash,
} from '../../../../shared/protocol/index';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { Signal } from '../signal';
import { HistoryWriter } from './apply-history';
import { BalanceReader, compareBalances } from './balances';
import { StorageError, storageFail } from './errors';
import { feesOf, HistoryReader, statusOf } from './history-query';
import { IncomingReader } from './incoming';
import { LabelBook } from './label-book';
import { ProfileStore } from './profile-store';
import { TextcoinStore } from './textcoin-store';
import { WalletStore } from './wallet-store';
import { MIGRATIONS, migrate, schemaVersion, type Migration } from './migrations';
import { asRow, asRows, flag, integer, nullableInteger, nullableText, oneOf, text } from './rows';
import type {
  AddressKind,
  AddressSyncState,
  ApplyOptions,
  ApplyResult,
  AssetMetadata,
  Balances,
  UnverifiedOutput,
  BalanceMismatch,
  HistoryPage,
  HistoryQuery,
  HubAssetBalance,
  HubBalancesAnswer,
  LastStableMci,
  SpendableOutput,
  SpendUnconfirmed,
  StoredUnit,
  SyncGroupState,
  UnitSequence,
  StoredJoint,
  WatchedAddress,
} from './types';

export const DATABASE_FILE = 'wallet.sqlite';
type NetworkStateKey = 'genesis_unit' | 'witnesses' | 'last_stable_mci';
const MAX_LABEL = 100;
const KINDS: readonly AddressKind[] = ['watch-only', 'wallet'];
const SEQUENCES: readonly UnitSequence[] = ['good', 'final-bad', 'unconfirmed', 'temp-bad'];

export interface WalletDatabaseOptions {
  /** The network's data directory (AppPaths.networkDir); created if missing. */
  readonly directory: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Defaults to the app's schema; tests pass a shorter or longer list. */
  readonly migrations?: readonly Migration[];
}

/** A stable key for a set of addresses synced together (order and duplicates do not matter). */
export function addressGroupKey(addresses: readonly string[]): string {
  const sorted = [...new Set(addresses)].sort();
  return sha256Base64(sorted.join(','));
}

function checkAddresses(addresses: readonly string[]): string[] {
  for (const address of addresses) {
    if (!isValidAddress(address)) {
      storageFail('invalid-input', `"${String(address).slice(0, 40)}" is not a valid address.`);
    }
  }
  return [...new Set(addresses)];
}

function parseAddressList(json: string, what: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new StorageError('corrupt', `The stored ${what} is not readable.`, { cause: error });
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    storageFail('corrupt', `The stored ${what} is not a list of addresses.`);
  }
  return value;
}

/** Which part of what a backup holds changed in the wallet database. */
export type WalletDataChange = 'labels' | 'contacts' | 'textcoins' | 'addresses';

export class WalletDatabase {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly writer: HistoryWriter;
  private readonly balanceReader: BalanceReader;
  private readonly historyReader: HistoryReader;
  private readonly incomingReader: IncomingReader;
  /** Labels, notes and contacts (schema version 9). */
  readonly labels: LabelBook;
  /**
   * What a backup holds changed here: labels, contacts, textcoins sent, watched addresses (the
   * automatic backup listens; history and balances are not in a backup and do not tell).
   */
  readonly changed: Signal<WalletDataChange>;
  private walletTables: WalletStore | null = null;
  private textcoinTable: TextcoinStore | null = null;
  private profileTable: ProfileStore | null = null;

  private constructor(db: Database.Database, path: string, clock: Clock, logger: Logger) {
    this.db = db;
    this.path = path;
    this.clock = clock;
    this.logger = logger;
    // Tests may open an older schema: the maintained tables exist from versions 5 and 6.
    const version = schemaVersion(db);
    this.writer = new HistoryWriter(db, { facts: version >= 6 });
    this.balanceReader = new BalanceReader(db, version >= 5 ? 'totals' : 'outputs');
    this.historyReader = new HistoryReader(db, {
      facts: version >= 6,
      labels: version >= 9,
      onFallback: () => logger.warn('The stored history facts disagreed with a unit; scanned'),
    });
    this.incomingReader = new IncomingReader(db);
    this.changed = new Signal('walletDataChanged', logger);
    this.labels = new LabelBook(db, clock, (what) => this.changed.emit(what));
  }

  /** Opens (or creates) the network's database and brings its schema up to date. */
  static open(options: WalletDatabaseOptions): WalletDatabase {
    mkdirSync(options.directory, { recursive: true, mode: 0o700 });
    const path = join(options.directory, DATABASE_FILE);
    const db = new Database(path);
    try {
      const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') storageFail('corrupt', `SQLite refused WAL mode (got ${String(mode)}).`);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 2000');
      const applied = migrate(db, options.migrations ?? MIGRATIONS);
      if (applied.length > 0) {
        options.logger.info('wallet database schema updated', { path, versions: applied });
      }
      return new WalletDatabase(db, path, options.clock, options.logger);
    } catch (error) {
      db.close();
      if (error instanceof StorageError) throw error;
      throw new StorageError('corrupt', `The wallet database at ${path} cannot be opened.`, {
        cause: error,
      });
    }
  }

  /** False once closed (a network switch closes it while reads may still be queued). */
  get isOpen(): boolean {
    return this.db.open;
  }

  /** Closes the one connection (the wallet store and the textcoin store read through it). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The wallet's addresses and payment outbox, over this database's one connection. */
  walletStore(): WalletStore {
    this.walletTables ??= new WalletStore(this.db, this.clock);
    return this.walletTables;
  }

  /** The textcoins this wallet sent, over this database's one connection. */
  textcoinStore(): TextcoinStore {
    this.textcoinTable ??= new TextcoinStore(this.db, this.clock, () =>
      this.changed.emit('textcoins'),
    );
    return this.textcoinTable;
  }

  /** The attested private profiles received in chat, over this database's one connection. */
  profileStore(): ProfileStore {
    this.profileTable ??= new ProfileStore(this.db, this.clock);
    return this.profileTable;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  // ----- watched addresses -----

  addWatchedAddress(input: { address: string; label?: string; kind: AddressKind }): WatchedAddress {
    const [address] = checkAddresses([input.address]);
    if (address === undefined) storageFail('invalid-input', 'No address given.');
    if (!KINDS.includes(input.kind)) storageFail('invalid-input', 'Unknown address kind.');
    const label = (input.label ?? '').trim();
    if (label.length > MAX_LABEL) {
      storageFail('invalid-input', `A label has at most ${MAX_LABEL} characters.`);
    }
    this.db
      .prepare(
        `INSERT INTO watched_addresses (address, label, kind, added_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (address) DO UPDATE SET label = excluded.label,
           kind = CASE WHEN watched_addresses.kind = 'wallet' THEN 'wallet' ELSE excluded.kind END`,
      )
      .run(address, label, input.kind, this.clock.now());
    const stored = this.watchedAddresses().find((item) => item.address === address);
    if (!stored) storageFail('corrupt', 'The address was not stored.');
    this.changed.emit('addresses');
    return stored;
  }

  /** Stops watching; stored units stay (other addresses may share them). */
  removeWatchedAddress(address: string): boolean {
    const removed = this.db.transaction(() => {
      const deleted = this.db
        .prepare('DELETE FROM watched_addresses WHERE address = ?')
        .run(address);
      this.db.prepare('DELETE FROM address_state WHERE address = ?').run(address);
      this.db.prepare('DELETE FROM hub_balances WHERE address = ?').run(address);
      return deleted.changes > 0;
    })();
    if (removed) this.changed.emit('addresses');
    return removed;
  }

  watchedAddresses(): WatchedAddress[] {
    const rows = this.db
      .prepare(
        'SELECT address, label, kind, added_at FROM watched_addresses ORDER BY added_at, address',
      )
      .all();
    return asRows(rows, 'a watched address').map((row) => ({
      address: text(row, 'address'),
      label: text(row, 'label'),
      kind: oneOf(row, 'kind', KINDS),
      addedAt: integer(row, 'added_at'),
    }));
  }

  /**
   * The account in view (set by the wallet session when a seed has several accounts): the
   * addresses of other accounts are left out of balances and history. Null: every address.
   */
  private viewFilter: ((address: string) => boolean) | null = null;

  setViewFilter(filter: ((address: string) => boolean) | null): void {
    this.viewFilter = filter;
  }

  get hasViewFilter(): boolean {
    return this.viewFilter !== null;
  }

  /** The address belongs to the account in view (or no account is singled out). */
  inView(address: string): boolean {
    return this.viewFilter === null || this.viewFilter(address);
  }

  private watchedList(): string[] {
    return this.watchedAddresses().map((item) => item.address);
  }

  // ----- verified history -----

  /**
   * Stores one verified hub answer in one transaction: all of it or, on any error, none of it
   * (the error is rethrown). See apply-history.ts for the upgrade rules.
   */
  applyVerifiedHistory(joints: readonly StoredJoint[], options: ApplyOptions = {}): ApplyResult {
    if (options.sync) checkAddresses(options.sync.addresses);
    const now = this.clock.now();
    const result = this.db.transaction(() => this.writer.apply(joints, options, now))();
    this.logger.debug('verified history stored', {
      joints: joints.length,
      inserted: result.inserted.length,
      upgraded: result.upgraded.length,
      enriched: result.enriched.length,
      unchanged: result.unchanged,
    });
    return result;
  }

  /**
   * The hub's `light/sequence_became_bad`: those units, while unproven, are double-spends.
   * Proven units are not touched (ocore: `WHERE is_stable=0`). Returns the units changed.
   */
  markTempBad(units: readonly string[]): string[] {
    const valid = units.filter((unit) => isValidUnitHash(unit));
    const statement = this.db.prepare(
      `UPDATE units SET sequence = 'temp-bad', updated_at = ?
       WHERE unit = ? AND proven = 0 AND sequence = 'unconfirmed'`,
    );
    const now = this.clock.now();
    return this.db.transaction(() =>
      valid.filter((unit) => statement.run(now, unit).changes > 0),
    )();
  }

  /** Store AA responses to the wallet's triggers (the hub's word: see aa-responses.ts). */
  saveAaResponses(rows: readonly StoredAaResponse[]): void {
    if (rows.length === 0) return;
    this.db.transaction(() => saveAaResponses(this.db, rows))();
  }

  /** The AA response to a trigger unit, or the trigger of a response unit; null when none. */
  aaResponseOf(unit: string): StoredAaResponse | null {
    return aaResponseOf(this.db, unit);
  }

  getUnit(unit: string): StoredUnit | null {
    const value: unknown = this.db
      .prepare(
        `SELECT u.unit, j.json, u.proven, u.sequence, u.ball, u.main_chain_index, u.timestamp,
           u.voided, u.headers_commission, u.payload_commission, u.tps_fee, u.oversize_fee,
           u.burn_fee, u.actual_tps_fee, u.first_seen_at, u.updated_at
         FROM units u LEFT JOIN unit_json j ON j.unit = u.unit WHERE u.unit = ?`,
      )
      .get(unit);
    if (value === undefined) return null;
    const row = asRow(value, `unit ${unit}`);
    let content;
    try {
      content = parseUnit(JSON.parse(text(row, 'json')));
    } catch (error) {
      throw new StorageError('corrupt', `The stored unit ${unit} is not readable.`, {
        cause: error,
      });
    }
    if (content.unit !== unit)
      storageFail('corrupt', `The stored unit ${unit} names another hash.`);
    const proven = flag(row, 'proven');
    const sequence = oneOf(row, 'sequence', SEQUENCES);
    return {
      unit,
      content,
      proven,
      sequence,
      status: statusOf(proven, sequence),
      ball: nullableText(row, 'ball'),
      mainChainIndex: nullableInteger(row, 'main_chain_index'),
      timestamp: integer(row, 'timestamp'),
      fees: feesOf(row),
      actualTpsFee: nullableInteger(row, 'actual_tps_fee'),
      firstSeenAt: integer(row, 'first_seen_at'),
      updatedAt: integer(row, 'updated_at'),
    };
  }

  /** unit → ball of every proven unit: the verifier's `knownBalls`. */
  provenBalls(): Map<string, string> {
    const rows = this.db.prepare('SELECT unit, ball FROM units WHERE proven = 1').raw(true).all();
    const out = new Map<string, string>();
    for (const row of rows) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string') {
        storageFail('corrupt', 'A proven unit has no ball.');
      }
      out.set(row[0], row[1]);
    }
    return out;
  }

  /** Proven units touching the addresses (authors or outputs): for `known_stable_units`. */
  provenUnits(addresses: readonly string[]): string[] {
    const rows = this.db
      .prepare(
        `SELECT unit FROM units WHERE proven = 1 AND unit IN (
           SELECT unit FROM unit_authors WHERE address IN (SELECT value FROM json_each(@list))
           UNION SELECT unit FROM outputs WHERE address IN (SELECT value FROM json_each(@list)))
         ORDER BY unit`,
      )
      .pluck(true)
      .all({ list: JSON.stringify(addresses) });
    return rows.filter((unit): unit is string => typeof unit === 'string');
  }

  /** Units not proven yet (unconfirmed or temp-bad): for `requested_joints`. */
  unprovenUnits(): string[] {
    const rows = this.db
      .prepare('SELECT unit FROM units WHERE proven = 0 ORDER BY unit')
      .pluck(true)
      .all();
    return rows.filter((unit): unit is string => typeof unit === 'string');
  }

  // ----- balances -----

  /** Balances of the addresses (default: every watched address) from stored outputs. */
  balances(addresses?: readonly string[]): Balances {
    return this.balanceReader.read(addresses ?? this.watchedList());
  }

  /**
   * When a stored unit last changed (stored, proven, marked bad; ms), or null for none. A hub
   * balance taken before that compares the hub's view with an older state of ours (our own
   * payment just posted, a unit proven a moment ago), so it says nothing until the next check.
   */
  lastUnitChangeAt(): number | null {
    const value: unknown = this.db.prepare('SELECT MAX(updated_at) FROM units').pluck(true).get();
    return typeof value === 'number' ? value : null;
  }

  /**
   * Unspent outputs to `addresses` of units not proven yet that none of `own` authored: what
   * others say they paid, not verified (incoming.ts). Newest first, at most 1000.
   */
  unverifiedIncoming(addresses: readonly string[], own: readonly string[]): UnverifiedOutput[] {
    return this.incomingReader.read(checkAddresses(addresses), checkAddresses(own));
  }

  /** Our balances of `addresses` against the hub's answer for the same addresses. */
  crossCheckBalances(hub: HubBalancesAnswer, addresses: readonly string[]): BalanceMismatch[] {
    return compareBalances(this.balanceReader.read(addresses), hub, addresses);
  }

  /**
   * Keeps the hub's (unproven) balances of `addresses` — the ones that were asked — replacing
   * any earlier snapshot for them; an address absent from the answer has none.
   */
  recordHubBalances(addresses: readonly string[], hub: HubBalancesAnswer): void {
    const asked = checkAddresses(addresses);
    const now = this.clock.now();
    const remove = this.db.prepare('DELETE FROM hub_balances WHERE address = ?');
    const insert = this.db.prepare(
      `INSERT INTO hub_balances (address, asset, stable, pending, stable_outputs_count,
         pending_outputs_count, total) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const stamp = this.db.prepare(
      `INSERT INTO address_state (address, hub_balances_at) VALUES (?, ?)
       ON CONFLICT (address) DO UPDATE SET hub_balances_at = excluded.hub_balances_at`,
    );
    this.db.transaction(() => {
      for (const address of asked) {
        remove.run(address);
        for (const [asset, b] of Object.entries(
          Object.hasOwn(hub, address) ? (hub[address] ?? {}) : {},
        )) {
          if (!isValidAsset(asset))
            storageFail('invalid-input', `The hub named an invalid asset for ${address}.`);
          insert.run(
            address,
            asset,
            b.stable,
            b.pending,
            b.stable_outputs_count,
            b.pending_outputs_count,
            b.total,
          );
        }
        stamp.run(address, now);
      }
    })();
  }

  // ----- history and coins -----

  /**
   * The history of `query.addresses` (default: every watched address). Watch-only addresses
   * are never the wallet's own: a unit that touches only them is seen as they see it (scope
   * 'watched'), and beside the wallet's addresses they are just another party.
   */
  history(
    query: HistoryQuery = {},
    /** 'full': evaluate every unit with the full rules (what tests compare the facts with). */
    evaluation: 'stored-facts' | 'full' = 'stored-facts',
  ): HistoryPage {
    const watchedAddresses = this.watchedAddresses();
    const addresses = query.addresses
      ? checkAddresses(query.addresses)
      : watchedAddresses.map((item) => item.address);
    const watchOnly = new Set(
      watchedAddresses.filter((item) => item.kind === 'watch-only').map((item) => item.address),
    );
    const watched = new Set(watchedAddresses.map((item) => item.address));
    return this.historyReader.read(
      {
        own: addresses.filter((address) => !watchOnly.has(address)),
        watched: addresses.filter((address) => watchOnly.has(address)),
      },
      query,
      {
        defaultSets: query.addresses === undefined,
        // An account in view asks for some of the watched addresses (wallet-view.ts).
        watchedSubset: addresses.every((address) => watched.has(address)),
        fullScan: evaluation === 'full',
      },
    );
  }

  /**
   * Unspent outputs of `asset` on `addresses` for the payment composer (light-client.md §4.2):
   * proven good ones always; unconfirmed ones with `spendUnconfirmed` 'all', or 'own' when a
   * unit authored by one of `ownAddresses` (default: `addresses`) created them. Never temp-bad
   * or final-bad. Proven first, then smallest first.
   */
  unspentOutputs(
    addresses: readonly string[],
    asset: string,
    options: { spendUnconfirmed?: SpendUnconfirmed; ownAddresses?: readonly string[] } = {},
  ): SpendableOutput[] {
    if (!isValidAsset(asset))
      storageFail('invalid-input', 'Not an asset: use "base" or an asset id.');
    const mode = options.spendUnconfirmed ?? 'none';
    if (!['none', 'own', 'all'].includes(mode)) storageFail('invalid-input', 'Unknown spend mode.');
    const rows = this.db
      .prepare(
        `SELECT o.unit, o.message_index, o.output_index, o.address, o.asset, o.amount, u.proven,
           u.main_chain_index
         FROM outputs o JOIN units u ON u.unit = o.unit
         WHERE o.address IN (SELECT value FROM json_each(@addresses)) AND o.asset = @asset
           AND o.is_spent = 0
           AND ((u.proven = 1 AND u.sequence = 'good')
             OR (@mode = 'all' AND u.sequence = 'unconfirmed')
             OR (@mode = 'own' AND u.sequence = 'unconfirmed' AND EXISTS (
               SELECT 1 FROM unit_authors a WHERE a.unit = u.unit
                 AND a.address IN (SELECT value FROM json_each(@own)))))
         ORDER BY u.proven DESC, o.amount, o.unit, o.message_index, o.output_index`,
      )
      .all({
        addresses: JSON.stringify(checkAddresses(addresses)),
        asset,
        mode,
        own: JSON.stringify(checkAddresses(options.ownAddresses ?? addresses)),
      });
    return asRows(rows, 'an unspent output').map((row) => ({
      unit: text(row, 'unit'),
      messageIndex: integer(row, 'message_index'),
      outputIndex: integer(row, 'output_index'),
      address: text(row, 'address'),
      asset: text(row, 'asset'),
      amount: integer(row, 'amount'),
      proven: flag(row, 'proven'),
      mainChainIndex: nullableInteger(row, 'main_chain_index'),
    }));
  }

  // ----- sync state -----

  syncGroups(): SyncGroupState[] {
    const rows = this.db
      .prepare(
        'SELECT group_key, addresses, last_proven_mci, last_sync_at FROM sync_groups ORDER BY group_key',
      )
      .all();
    return asRows(rows, 'a sync group').map((row) => ({
      group: text(row, 'group_key'),
      addresses: parseAddressList(text(row, 'addresses'), 'sync group'),
      lastProvenMci: nullableInteger(row, 'last_proven_mci'),
      lastSyncAt: integer(row, 'last_sync_at'),
    }));
  }

  syncGroup(group: string): SyncGroupState | null {
    return this.syncGroups().find((state) => state.group === group) ?? null;
  }

  /** The hub answered "your history is too large" for this address alone (or it no longer does). */
  setHistoryTooLarge(address: string, tooLarge: boolean): void {
    checkAddresses([address]);
    this.db
      .prepare(
        `INSERT INTO address_state (address, history_too_large, too_large_since) VALUES (@address, @flag, @since)
         ON CONFLICT (address) DO UPDATE SET history_too_large = @flag,
           too_large_since = CASE WHEN @flag = 0 THEN NULL
             ELSE coalesce(address_state.too_large_since, @since) END`,
      )
      .run({ address, flag: tooLarge ? 1 : 0, since: tooLarge ? this.clock.now() : null });
  }

  /** Sync state of the addresses (default: every watched address), with the hub's snapshot. */
  addressSyncStates(addresses?: readonly string[]): AddressSyncState[] {
    const wanted = addresses ? checkAddresses(addresses) : this.watchedList();
    const param = JSON.stringify(wanted);
    const states = new Map(
      asRows(
        this.db
          .prepare(
            `SELECT address, history_too_large, too_large_since, hub_balances_at FROM address_state
             WHERE address IN (SELECT value FROM json_each(?))`,
          )
          .all(param),
        'an address state',
      ).map((row) => [text(row, 'address'), row]),
    );
    const hub = new Map<string, [string, HubAssetBalance][]>();
    for (const row of asRows(
      this.db
        .prepare(
          `SELECT address, asset, stable, pending, stable_outputs_count, pending_outputs_count, total
           FROM hub_balances WHERE address IN (SELECT value FROM json_each(?)) ORDER BY address, asset`,
        )
        .all(param),
      'a hub balance',
    )) {
      const address = text(row, 'address');
      hub.set(address, [
        ...(hub.get(address) ?? []),
        [
          text(row, 'asset'),
          {
            stable: integer(row, 'stable'),
            pending: integer(row, 'pending'),
            stableOutputsCount: integer(row, 'stable_outputs_count'),
            pendingOutputsCount: integer(row, 'pending_outputs_count'),
            total: integer(row, 'total'),
          },
        ],
      ]);
    }
    return wanted.map((address) => {
      const row = states.get(address);
      return {
        address,
        historyTooLarge: row ? flag(row, 'history_too_large') : false,
        tooLargeSince: row ? nullableInteger(row, 'too_large_since') : null,
        hubBalances: Object.fromEntries(hub.get(address) ?? []),
        hubBalancesAt: row ? nullableInteger(row, 'hub_balances_at') : null,
      };
    });
  }

  // ----- network state (genesis unit, witness list, last stable MCI) -----

  /** The network's genesis unit as learned from a verified answer; null until then. */
  genesisUnit(): string | null {
    const value = this.networkState('genesis_unit');
    if (value !== null && !isValidUnitHash(value)) {
      storageFail('corrupt', 'The stored genesis unit is not a unit hash.');
    }
    return value;
  }

  saveGenesisUnit(unit: string): void {
    if (!isValidUnitHash(unit)) storageFail('invalid-input', 'A genesis unit is a unit hash.');
    this.saveNetworkState('genesis_unit', unit);
  }

  /** The witness list the hub last named (and the sync verified against); [] until then. */
  witnesses(): string[] {
    const value = this.networkState('witnesses');
    return value === null ? [] : parseAddressList(value, 'witness list');
  }

  saveWitnesses(witnesses: readonly string[]): void {
    this.saveNetworkState('witnesses', JSON.stringify(checkAddresses(witnesses)));
  }

  /** The newest last-stable MCI a verified proof reached, and when; null until one did. */
  lastStableMci(): LastStableMci | null {
    const value = this.networkState('last_stable_mci');
    if (value === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new StorageError('corrupt', 'The stored last stable MCI is not readable.', {
        cause: error,
      });
    }
    const row = asRow(parsed, 'the last stable MCI');
    const result = {
      mci: integer(row, 'mci'),
      verifiedAt: integer(row, 'verifiedAt'),
      unitAt: nullableInteger(row, 'unitAt'),
    };
    if (result.mci < 0 || result.verifiedAt < 0) {
      storageFail('corrupt', 'The stored last stable MCI is negative.');
    }
    return result;
  }

  /** Keeps `value` unless a newer MCI is stored already; returns what is stored afterwards. */
  saveLastStableMci(value: LastStableMci): LastStableMci {
    if (
      !Number.isSafeInteger(value.mci) ||
      value.mci < 0 ||
      !Number.isSafeInteger(value.verifiedAt) ||
      value.verifiedAt < 0 ||
      (value.unitAt !== null && (!Number.isSafeInteger(value.unitAt) || value.unitAt < 0))
    ) {
      storageFail('invalid-input', 'A last stable MCI is a whole number with its times.');
    }
    let stored: LastStableMci | null = null;
    try {
      stored = this.lastStableMci();
    } catch (error) {
      // Only a figure to show: an unreadable one is replaced, never allowed to stop a sync.
      this.logger.warn('The stored last stable MCI was unreadable; replacing it', { error });
    }
    if (stored !== null && stored.mci > value.mci) return stored;
    const kept = { mci: value.mci, verifiedAt: value.verifiedAt, unitAt: value.unitAt };
    this.saveNetworkState('last_stable_mci', JSON.stringify(kept));
    return kept;
  }

  private networkState(key: NetworkStateKey): string | null {
    const row: unknown = this.db.prepare('SELECT value FROM network_state WHERE key = ?').get(key);
    return row === undefined ? null : text(asRow(row, 'network state'), 'value');
  }

  private saveNetworkState(key: NetworkStateKey, value: string): void {
    this.db
      .prepare(
        `INSERT INTO network_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, value, this.clock.now());
  }

  // ----- what stored payments say of an asset -----

  /**
   * What the wallet's stored units say of `asset`: whether any public payment in it is known
   * (a private payment hides its asset, so an asset seen only in private payments is never seen
   * here), and whether such a payment names a denomination (ocore validation.js: every payment
   * in a fixed-denomination asset must, and no payment in a divisible one may). Local: no I/O.
   */
  assetPaymentTraits(asset: string): {
    readonly seen: boolean;
    readonly fixedDenominations: boolean;
  } {
    if (!isValidAsset(asset) || asset === 'base') {
      storageFail('invalid-input', 'A 44-character asset id is needed.');
    }
    const row = this.db
      .prepare(
        `SELECT count(*) AS seen,
           coalesce(max(EXISTS (
             SELECT 1 FROM json_each(j.json, '$.messages') m
             WHERE json_extract(m.value, '$.app') = 'payment'
               AND json_extract(m.value, '$.payload.asset') = @asset
               AND json_extract(m.value, '$.payload.denomination') IS NOT NULL
           )), 0) AS fixed
         FROM unit_json j
         WHERE j.unit IN (SELECT unit FROM outputs WHERE asset = @asset
                          UNION SELECT unit FROM inputs WHERE asset = @asset)`,
      )
      .get({ asset });
    const traits = asRow(row, 'asset traits');
    return { seen: integer(traits, 'seen') > 0, fixedDenominations: integer(traits, 'fixed') > 0 };
  }

  // ----- asset metadata cache -----

  saveAssetMetadata(metadata: Omit<AssetMetadata, 'fetchedAt'>): AssetMetadata {
    if (metadata.asset === 'base' || !isValidAsset(metadata.asset)) {
      storageFail('invalid-input', 'Asset metadata needs a 44-character asset id.');
    }
    if (!Number.isInteger(metadata.decimals) || metadata.decimals < 0 || metadata.decimals > 18) {
      storageFail('invalid-input', 'An asset has 0 to 18 decimals.');
    }
    if (!isValidAddress(metadata.registryAddress) || !isValidUnitHash(metadata.metadataUnit)) {
      storageFail('invalid-input', 'Asset metadata needs a registry address and a metadata unit.');
    }
    const fetchedAt = this.clock.now();
    this.db
      .prepare(
        `INSERT INTO assets (asset, name, decimals, registry_address, metadata_unit, suffix, fetched_at)
         VALUES (@asset, @name, @decimals, @registryAddress, @metadataUnit, @suffix, @fetchedAt)
         ON CONFLICT (asset) DO UPDATE SET name = excluded.name, decimals = excluded.decimals,
           registry_address = excluded.registry_address, metadata_unit = excluded.metadata_unit,
           suffix = excluded.suffix, fetched_at = excluded.fetched_at`,
      )
      .run({ ...metadata, suffix: metadata.suffix ?? null, fetchedAt });
    return { ...metadata, suffix: metadata.suffix ?? null, fetchedAt };
  }

  assetMetadata(): AssetMetadata[] {
    const rows = this.db
      .prepare(
        'SELECT asset, name, decimals, registry_address, metadata_unit, suffix, fetched_at FROM assets ORDER BY asset',
      )
      .all();
    return asRows(rows, 'an asset').map((row) => ({
      asset: text(row, 'asset'),
      name: text(row, 'name'),
      decimals: integer(row, 'decimals'),
      registryAddress: text(row, 'registry_address'),
      metadataUnit: text(row, 'metadata_unit'),
      suffix: nullableText(row, 'suffix'),
      fetchedAt: integer(row, 'fetched_at'),
    }));
  }
}
