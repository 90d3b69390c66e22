/**
 * The history list for the UI: newest first, keyset-paged on (timestamp, unit) so pages stay
 * stable while new units arrive, filtered by asset, direction and a unit-or-address search.
 * Each entry carries the net amount per asset for the given addresses, the unit's fees, its
 * status and proof state.
 *
 * Direction, relative to the addresses: incoming when none of them authored the unit; outgoing
 * when one did and some output goes elsewhere; self when one did and every output stays with
 * them (moves between own addresses, or fee-only units).
 */
import type Database from 'better-sqlite3';
import {
  BASE_ASSET,
  isValidAddress,
  isValidAsset,
  isValidUnitHash,
} from '../../../../shared/protocol/index';
import { MIN_HISTORY_SEARCH, MIN_WORDS_SEARCH } from '../../../../shared/vocabulary/history-search';
import { compareAssets } from './balances';
import { likePattern } from './label-book';
import { storageFail } from './errors';
import {
  asRow,
  asRows,
  bigInteger,
  flag,
  integer,
  nullableInteger,
  nullableText,
  oneOf,
  safeNumber,
  text,
  type Row,
} from './rows';
import type {
  HistoryAmount,
  HistoryDirection,
  HistoryEntry,
  HistoryPage,
  HistoryQuery,
  HistoryScope,
  UnitFees,
  UnitSequence,
  UnitStatus,
} from './types';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const SEQUENCES: readonly UnitSequence[] = ['good', 'final-bad', 'unconfirmed', 'temp-bad'];
const DIRECTIONS: readonly HistoryDirection[] = ['incoming', 'outgoing', 'self'];

export function statusOf(proven: boolean, sequence: UnitSequence): UnitStatus {
  if (sequence === 'temp-bad') return 'temp-bad';
  if (!proven) return 'pending';
  return sequence === 'final-bad' ? 'final-bad' : 'stable';
}

/** Fees as stored; null for voided units, whose commissions are not served. */
export function feesOf(row: Row): UnitFees | null {
  if (flag(row, 'voided')) return null;
  const part = (key: string): number => nullableInteger(row, key) ?? 0;
  const headers = part('headers_commission');
  const payload = part('payload_commission');
  const tps = part('tps_fee');
  const oversize = part('oversize_fee');
  const burn = part('burn_fee');
  return {
    headers,
    payload,
    tps,
    oversize,
    burn,
    total: headers + payload + tps + oversize + burn,
  };
}

interface Cursor {
  readonly timestamp: number;
  readonly unit: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.timestamp, cursor.unit]), 'utf8').toString('base64url');
}

/** Cursors come back over IPC: untrusted text until parsed. */
export function decodeCursor(value: string): Cursor {
  const invalid = (): never =>
    storageFail('invalid-input', 'That history position is not valid; reload the history.');
  if (value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return invalid();
  const [timestamp, unit]: unknown[] = parsed;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    return invalid();
  }
  if (!isValidUnitHash(unit)) return invalid();
  return { timestamp, unit };
}

type Search =
  | { kind: 'unit'; value: string }
  | { kind: 'address'; value: string }
  /**
   * Words of a label, a note, a contact's name or a watched address's label; and, when `parts`,
   * part of a unit hash (as typed: base64 is case-sensitive) or of an address (upper case).
   */
  | { kind: 'text'; value: string; upper: string; words: string; parts: boolean }
  | null;

/** The fewest characters a partial search takes: fewer would match most of a wallet. */
const MIN_PARTIAL_SEARCH = MIN_HISTORY_SEARCH;

function parseSearch(search: string | undefined): Search {
  if (search === undefined) return null;
  const trimmed = search.trim();
  if (trimmed === '') return null;
  const upper = trimmed.toUpperCase();
  const typed: unknown = trimmed;
  if (isValidUnitHash(typed)) return { kind: 'unit', value: typed };
  if (isValidAddress(upper)) return { kind: 'address', value: upper };
  if (trimmed.length < MIN_WORDS_SEARCH) {
    return storageFail(
      'invalid-input',
      `Type at least ${MIN_WORDS_SEARCH} characters of a label, a note, a name, a unit or an address to search.`,
    );
  }
  return {
    kind: 'text',
    value: trimmed,
    upper,
    words: likePattern(trimmed),
    parts: trimmed.length >= MIN_PARTIAL_SEARCH && /^[A-Za-z0-9+/=]+$/.test(trimmed),
  };
}

/** Addresses whose label (the user's, a contact's, a watched address's) or note holds @words. */
const LABELLED_ADDRESSES = `SELECT ref FROM labels WHERE type = 'addr'
    AND (label LIKE @words ESCAPE '\\' OR note LIKE @words ESCAPE '\\')
  UNION SELECT address FROM contacts WHERE name LIKE @words ESCAPE '\\' OR note LIKE @words ESCAPE '\\'
  UNION SELECT address FROM watched_addresses WHERE label LIKE @words ESCAPE '\\'`;

/** Units whose label or note holds @words, or that name a labelled address. */
const LABELLED_UNITS = `SELECT ref FROM labels WHERE type = 'unit'
    AND (label LIKE @words ESCAPE '\\' OR note LIKE @words ESCAPE '\\')
  UNION SELECT unit FROM unit_authors WHERE address IN (${LABELLED_ADDRESSES})
  UNION SELECT unit FROM outputs WHERE address IN (${LABELLED_ADDRESSES})`;

function parseTime(value: number | undefined, what: string): number | null {
  if (value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 0) {
    storageFail('invalid-input', `The ${what} of a date filter is not a time.`);
  }
  return value;
}

function parseLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    storageFail('invalid-input', `A history page holds 1 to ${MAX_PAGE_SIZE} entries.`);
  }
  return limit;
}

const IN_WALLET = 'IN (SELECT address FROM w)';
const IN_WATCHED = 'IN (SELECT address FROM v)';
const IN_EITHER = 'IN (SELECT address FROM w UNION ALL SELECT address FROM v)';
/**
 * In subqueries about one unit, the unary + keeps SQLite from seeking the address index once
 * per wallet address for every unit: it reads the unit's few rows by primary key and tests
 * membership instead (about 15 times faster on a 10,000-unit wallet).
 */
const PER_UNIT = (column: string): string => `+${column}`;
const SAME_OUTPUT = (input: string, output: string): string =>
  `${output}.unit = ${input}.src_unit AND ${output}.message_index = ${input}.src_message_index AND ${output}.output_index = ${input}.src_output_index`;

/** Whether one of `set` authored the unit, and (bits) whether its outputs pay `set` or others. */
function factsSql(set: string, prefix: string): string {
  return `EXISTS (SELECT 1 FROM unit_authors a WHERE a.unit = u.unit AND ${PER_UNIT('a.address')} ${set}) AS ${prefix}authored,
      (SELECT max(${PER_UNIT('o.address')} ${set}) * 2 + max(${PER_UNIT('o.address')} NOT ${set})
        FROM outputs o WHERE o.unit = u.unit) AS ${prefix}outputs_to`;
}

/**
 * Units in page order with, once per row, whether the addresses authored it and (in one pass
 * over its outputs) whether it pays them and whether it pays anyone else; the same facts for the
 * watch-only addresses when there are any (`v_` columns). The "ours at all" and direction tests
 * run on those facts in the caller while it iterates, so a filter that matches few units walks
 * the index once instead of re-evaluating the subqueries in a WHERE; the caller stops as soon as
 * the page is full. Search by address starts from the address indexes.
 */
function listSql(options: {
  cursor: boolean;
  search: Search;
  asset: boolean;
  watched: boolean;
  from: boolean;
  to: boolean;
  /** The labels and contacts tables exist (schema version 9). */
  labels: boolean;
  /** Only the units in @candidates (found through the stored facts, history-facts.ts). */
  candidates?: boolean;
}): string {
  const either = options.watched ? IN_EITHER : IN_WALLET;
  const where: string[] = [];
  if (options.candidates) where.push('u.unit IN (SELECT value FROM json_each(@candidates))');
  if (options.cursor) where.push('(u.timestamp, u.unit) < (@cursorTimestamp, @cursorUnit)');
  if (options.from) where.push('u.timestamp >= @from');
  if (options.to) where.push('u.timestamp < @to');
  if (options.search?.kind === 'unit') where.push('u.unit = @search');
  if (options.search?.kind === 'address') {
    // Candidates are few: test each one's authors and outputs by primary key. Without them, the
    // address indexes give the units (a list of every unit naming the address, which, built
    // for a batch of 50 candidates, cost most of a page).
    where.push(
      options.candidates
        ? `(EXISTS (SELECT 1 FROM unit_authors sa WHERE sa.unit = u.unit AND ${PER_UNIT('sa.address')} = @search)
      OR EXISTS (SELECT 1 FROM outputs so WHERE so.unit = u.unit AND ${PER_UNIT('so.address')} = @search))`
        : `u.unit IN (SELECT unit FROM unit_authors WHERE address = @search
      UNION SELECT unit FROM outputs WHERE address = @search)`,
    );
  }
  if (options.search?.kind === 'text') {
    const found: string[] = [];
    if (options.search.parts) {
      found.push(`instr(u.unit, @search) > 0
      OR u.unit IN (SELECT unit FROM unit_authors WHERE instr(address, @searchUpper) > 0
        UNION SELECT unit FROM outputs WHERE instr(address, @searchUpper) > 0)`);
    }
    found.push(
      options.labels
        ? `u.unit IN (${LABELLED_UNITS})`
        : `u.unit IN (SELECT unit FROM unit_authors WHERE address IN (SELECT address FROM watched_addresses WHERE label LIKE @words ESCAPE '\\')
        UNION SELECT unit FROM outputs WHERE address IN (SELECT address FROM watched_addresses WHERE label LIKE @words ESCAPE '\\'))`,
    );
    where.push(`(${found.join('\n      OR ')})`);
  }
  if (options.asset) {
    where.push(`(EXISTS (SELECT 1 FROM outputs ao WHERE ao.unit = u.unit AND ao.asset = @asset AND ${PER_UNIT('ao.address')} ${either})
      OR EXISTS (SELECT 1 FROM inputs ai JOIN outputs ao2 ON ${SAME_OUTPUT('ai', 'ao2')}
        WHERE ai.unit = u.unit AND ai.asset = @asset AND ${PER_UNIT('ao2.address')} ${either}))`);
  }
  return `
    WITH w(address) AS (SELECT value FROM json_each(@wallet))${
      options.watched ? ',\n      v(address) AS (SELECT value FROM json_each(@watched))' : ''
    }
    SELECT u.unit, u.timestamp, u.main_chain_index, u.proven, u.sequence, u.ball, u.voided,
      u.headers_commission, u.payload_commission, u.tps_fee, u.oversize_fee, u.burn_fee,
      ${factsSql(IN_WALLET, '')}${options.watched ? `,\n      ${factsSql(IN_WATCHED, 'v_')}` : ''}
    FROM units u
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY u.timestamp DESC, u.unit DESC`;
}

/** Bit 2: an output goes to the addresses; bit 1: an output goes elsewhere; null: no outputs. */
function outputsTo(row: Row, prefix = ''): { receives: boolean; paysOut: boolean } {
  const bits = nullableInteger(row, `${prefix}outputs_to`) ?? 0;
  if (bits < 0 || bits > 3) storageFail('corrupt', `Unexpected output summary ${bits}.`);
  return { receives: (bits & 2) !== 0, paysOut: (bits & 1) !== 0 };
}

/** The row's prefix of facts for a scope: the wallet's own, or the watch-only addresses'. */
function prefixOf(scope: HistoryScope): string {
  return scope === 'wallet' ? '' : 'v_';
}

/** Whose history the row is: the wallet's when it touches the wallet at all; null: neither. */
function scopeOf(row: Row, watched: boolean): HistoryScope | null {
  if (flag(row, 'authored') || outputsTo(row).receives) return 'wallet';
  if (watched && (flag(row, 'v_authored') || outputsTo(row, 'v_').receives)) return 'watched';
  return null;
}

function directionOf(row: Row, scope: HistoryScope): HistoryDirection {
  const prefix = prefixOf(scope);
  if (!flag(row, `${prefix}authored`)) return 'incoming';
  return outputsTo(row, prefix).paysOut ? 'outgoing' : 'self';
}

const RECEIVED_SQL = `
  WITH w(address) AS (SELECT value FROM json_each(?))
  SELECT o.unit, o.asset, o.amount FROM outputs o
  WHERE o.unit IN (SELECT value FROM json_each(?)) AND o.address ${IN_WALLET}`;

const SENT_SQL = `
  WITH w(address) AS (SELECT value FROM json_each(?))
  SELECT i.unit, o.asset, o.amount FROM inputs i JOIN outputs o ON ${SAME_OUTPUT('i', 'o')}
  WHERE i.unit IN (SELECT value FROM json_each(?)) AND o.address ${IN_WALLET}`;

const UNKNOWN_INPUTS_SQL = `
  SELECT i.unit, COUNT(*) AS n FROM inputs i LEFT JOIN outputs o ON ${SAME_OUTPUT('i', 'o')}
  WHERE i.unit IN (SELECT value FROM json_each(?)) AND i.type = 'transfer' AND o.unit IS NULL
  GROUP BY i.unit`;

const PARTIES_SQL = `
  SELECT unit, address, 1 AS is_author FROM unit_authors
  WHERE unit IN (SELECT value FROM json_each(@list))
  UNION
  SELECT unit, address, 0 AS is_author FROM outputs
  WHERE unit IN (SELECT value FROM json_each(@list))`;

/**
 * The next units of the default history (every watched address) from the stored facts
 * (history-facts.ts), in page order, walking the one index that fits the filters: the address
 * searched, else the asset (unless bytes with a direction), else the direction, else time.
 */
function candidatesSql(options: {
  cursor: boolean;
  search: Search;
  asset: boolean;
  direction: boolean;
  byAsset: boolean;
  from: boolean;
  to: boolean;
}): string {
  const where = ['f.scope IS NOT NULL'];
  if (options.direction) where.push('f.direction = @direction');
  if (options.from) where.push('f.timestamp >= @from');
  if (options.to) where.push('f.timestamp < @to');
  const assetCheck =
    'EXISTS (SELECT 1 FROM history_assets h WHERE h.asset = @asset AND h.timestamp = f.timestamp AND h.unit = f.unit)';
  const keyset = (t: string): string =>
    `(${t}.timestamp, ${t}.unit) < (@cursorTimestamp, @cursorUnit)`;
  const order = (t: string): string => `ORDER BY ${t}.timestamp DESC, ${t}.unit DESC LIMIT @take`;
  if (options.search?.kind === 'unit') {
    return `SELECT f.unit FROM history_facts f WHERE f.unit = @search AND ${where.join(' AND ')}${
      options.asset ? ` AND ${assetCheck}` : ''
    }`;
  }
  if (options.search?.kind === 'address') {
    if (options.asset) where.push(assetCheck);
    if (options.cursor) where.push(keyset('a'));
    return `SELECT a.unit FROM unit_addresses a JOIN history_facts f ON f.unit = a.unit
      WHERE a.address = @search AND ${where.join(' AND ')} ${order('a')}`;
  }
  if (options.asset && options.byAsset) {
    if (options.cursor) where.push(keyset('h'));
    return `SELECT h.unit FROM history_assets h JOIN history_facts f ON f.unit = h.unit
      WHERE h.asset = @asset AND ${where.join(' AND ')} ${order('h')}`;
  }
  if (options.asset) where.push(assetCheck);
  if (options.cursor) where.push(keyset('f'));
  const index = options.direction ? 'history_by_direction' : 'history_by_time';
  return `SELECT f.unit FROM history_facts f INDEXED BY ${index}
    WHERE ${where.join(' AND ')} ${order('f')}`;
}

/** The unit touches one of @members (an author or an output address: unit_addresses). */
const TOUCHES_MEMBERS = (unit: string): string =>
  `EXISTS (SELECT 1 FROM unit_addresses m WHERE m.unit = ${unit} AND ${PER_UNIT('m.address')} IN (SELECT value FROM json_each(@members)))`;

/**
 * Candidates for the history of given addresses (an account in view: its addresses and the
 * watch-only ones) from the stored facts: units that name one of @members (exactly the units in
 * that history) in page order, a batch of @take after the keyset. The facts were computed for
 * every watched address, so a direction can narrow the walk only where the wallet-wide direction
 * bounds the one seen by a subset of the wallet's addresses (`wide`: the directions it may
 * have); the reader applies the full rules to every candidate. `sparse`: the members name few
 * units, so their address index is read and sorted instead of walking the whole history.
 */
function memberCandidatesSql(options: {
  after: boolean;
  search: Search;
  asset: boolean;
  byAsset: boolean;
  wide: readonly HistoryDirection[] | null;
  sparse: boolean;
  /** Members to merge (few, no other index fits): one ordered walk of each one's rows. */
  merge: number;
  from: boolean;
  to: boolean;
}): string {
  const range = [
    ...(options.from ? ['timestamp >= @from'] : []),
    ...(options.to ? ['timestamp < @to'] : []),
    ...(options.after ? ['(timestamp, unit) < (@afterTimestamp, @afterUnit)'] : []),
  ]
    .map((r) => ` AND ${r}`)
    .join('');
  if (
    options.merge === 1 &&
    options.search?.kind === 'address' &&
    !options.asset &&
    !options.wide
  ) {
    // One member and a searched address: SQLite intersects the two address-index ranges in
    // page order (MERGE (INTERSECT)), stepping over rows without a lookup per row; walking the
    // searched address's rows and looking for the member beside each cost up to one probe of
    // the unit index per unit of that address.
    return `SELECT unit, timestamp FROM unit_addresses WHERE address = @search${range}
      INTERSECT SELECT unit, timestamp FROM unit_addresses WHERE address = json_extract(@members, '$[0]')${range}
      ORDER BY timestamp DESC, unit DESC LIMIT @take`;
  }
  if (options.merge > 0 && !options.search && !options.asset && !options.wide) {
    // SQLite merges the members' address-index ranges (MERGE (UNION)) in page order and stops
    // at the batch's end; every unit naming a watched address is in the history (scope).
    const branch = (i: number): string =>
      `SELECT unit, timestamp FROM unit_addresses WHERE address = json_extract(@members, '$[${i}]')${range}`;
    return `${Array.from({ length: options.merge }, (_, i) => branch(i)).join('\n      UNION ')}
      ORDER BY timestamp DESC, unit DESC LIMIT @take`;
  }
  const where = ['f.scope IS NOT NULL'];
  if (options.wide) {
    where.push(
      options.wide.length === 1
        ? `f.direction = '${options.wide[0] ?? ''}'`
        : `f.direction IN (${options.wide.map((d) => `'${d}'`).join(', ')})`,
    );
  }
  const at = (t: string): void => {
    if (options.from) where.push(`${t}.timestamp >= @from`);
    if (options.to) where.push(`${t}.timestamp < @to`);
    if (options.after) where.push(`(${t}.timestamp, ${t}.unit) < (@afterTimestamp, @afterUnit)`);
  };
  const assetCheck =
    'EXISTS (SELECT 1 FROM history_assets h WHERE h.asset = @asset AND h.timestamp = f.timestamp AND h.unit = f.unit)';
  const order = (t: string): string => `ORDER BY ${t}.timestamp DESC, ${t}.unit DESC LIMIT @take`;
  if (options.search?.kind === 'unit') {
    if (options.asset) where.push(assetCheck);
    at('f');
    return `SELECT f.unit, f.timestamp FROM history_facts f
      WHERE f.unit = @search AND ${TOUCHES_MEMBERS('f.unit')} AND ${where.join(' AND ')} ${order('f')}`;
  }
  if (options.search?.kind === 'address' && !options.wide && !options.asset) {
    // Every unit naming a member is in the history (scope), so with no direction or asset to
    // narrow by the facts are not read: the searched address's rows are walked with only the
    // membership probe beside each. Joined, SQLite probed the facts for every row first (two
    // lookups of a text key) and the membership after: a searched address outside the account
    // (every row walked, none kept) cost about three times as much.
    const range = [
      ...(options.from ? ['a.timestamp >= @from'] : []),
      ...(options.to ? ['a.timestamp < @to'] : []),
      ...(options.after ? ['(a.timestamp, a.unit) < (@afterTimestamp, @afterUnit)'] : []),
    ];
    return `SELECT a.unit, a.timestamp FROM unit_addresses a
      WHERE ${['a.address = @search', TOUCHES_MEMBERS('a.unit'), ...range].join(' AND ')} ${order('a')}`;
  }
  if (options.search?.kind === 'address') {
    if (options.asset) where.push(assetCheck);
    at('a');
    return `SELECT a.unit, a.timestamp FROM unit_addresses a JOIN history_facts f ON f.unit = a.unit
      WHERE a.address = @search AND ${TOUCHES_MEMBERS('a.unit')} AND ${where.join(' AND ')} ${order('a')}`;
  }
  if (options.sparse) {
    if (options.asset) where.push(assetCheck);
    at('a');
    return `SELECT DISTINCT a.unit, a.timestamp FROM unit_addresses a JOIN history_facts f ON f.unit = a.unit
      WHERE a.address IN (SELECT value FROM json_each(@members)) AND ${where.join(' AND ')} ${order('a')}`;
  }
  if (options.asset && options.byAsset) {
    at('h');
    return `SELECT h.unit, h.timestamp FROM history_assets h JOIN history_facts f ON f.unit = h.unit
      WHERE h.asset = @asset AND ${TOUCHES_MEMBERS('h.unit')} AND ${where.join(' AND ')} ${order('h')}`;
  }
  if (options.asset) where.push(assetCheck);
  at('f');
  const index = options.wide?.length === 1 ? 'history_by_direction' : 'history_by_time';
  return `SELECT f.unit, f.timestamp FROM history_facts f INDEXED BY ${index}
    WHERE ${where.join(' AND ')} AND ${TOUCHES_MEMBERS('f.unit')} ${order('f')}`;
}

/**
 * `sparseRows`: the rows the members name are counted up to this; fewer, and their address index
 * is read. `mergeMembers`: up to this many members, their address-index ranges are merged in
 * page order. Tests set both to 0 to drive the other walks on small databases.
 */
export const memberWalk = { sparseRows: 2000, mergeMembers: 32 };
/** The largest candidate batch (batches double while the rules keep few of them). */
const MAX_BATCH = 4096;

export class HistoryReader {
  private readonly db: Database.Database;
  /** The stored facts (schema version 6) serve the default history. */
  private readonly facts: boolean;
  /** Labels and contacts (schema version 9) are searched by words. */
  private readonly labels: boolean;
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly received: Database.Statement;
  private readonly sent: Database.Statement;
  private readonly unknownInputs: Database.Statement;
  private readonly parties: Database.Statement;

  private readonly onFallback: () => void;

  constructor(
    db: Database.Database,
    options: { facts: boolean; labels?: boolean; onFallback?: () => void } = { facts: false },
  ) {
    this.db = db;
    this.facts = options.facts;
    this.labels = options.labels ?? false;
    this.onFallback = options.onFallback ?? (() => undefined);
    this.received = db.prepare(RECEIVED_SQL).safeIntegers(true);
    this.sent = db.prepare(SENT_SQL).safeIntegers(true);
    this.unknownInputs = db.prepare(UNKNOWN_INPUTS_SQL);
    this.parties = db.prepare(PARTIES_SQL);
  }

  private listStatement(sql: string): Database.Statement {
    let statement = this.listStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.listStatements.set(sql, statement);
    }
    return statement;
  }

  /**
   * The page for a subset of the watched addresses through the stored facts: batches of
   * candidates (every unit naming one of the members, in page order, narrowed by the wallet-wide
   * direction where that bounds theirs) through the full rules, until the page is full or the
   * candidates run out. A sparse subset (few rows in the address index) reads that index.
   */
  private readByMembers(
    members: readonly string[],
    shape: {
      cursor: boolean;
      search: Search;
      asset: boolean;
      watched: boolean;
      from: boolean;
      to: boolean;
      labels: boolean;
    },
    query: HistoryQuery,
    params: Readonly<Record<string, string | number>>,
    limit: number,
    collect: (sql: string, extra?: Record<string, string>) => { row: Row; scope: HistoryScope }[],
  ): { row: Row; scope: HistoryScope }[] {
    const membersParam = JSON.stringify(members);
    const counted = this.listStatement(
      `SELECT count(*) FROM (SELECT 1 FROM unit_addresses WHERE address IN (SELECT value FROM json_each(@members)) LIMIT ${memberWalk.sparseRows})`,
    )
      .pluck(true)
      .get({ members: membersParam });
    // A subset of the wallet's own addresses sees a unit "self" only if the wallet does, and
    // "outgoing" only if the wallet sees it outgoing or self; watch-only members bound nothing.
    const wide: readonly HistoryDirection[] | null = shape.watched
      ? null
      : query.direction === 'self'
        ? ['self']
        : query.direction === 'outgoing'
          ? ['outgoing', 'self']
          : null;
    const sql = (after: boolean): string =>
      memberCandidatesSql({
        after,
        search: shape.search,
        asset: shape.asset,
        byAsset: query.asset !== BASE_ASSET || query.direction === undefined,
        wide,
        sparse: typeof counted === 'number' && counted < memberWalk.sparseRows,
        merge: members.length <= memberWalk.mergeMembers ? members.length : 0,
        from: shape.from,
        to: shape.to,
      });
    const found: { row: Row; scope: HistoryScope }[] = [];
    let take = limit + 1;
    // The page's own cursor starts the walk (the rules check it again).
    const start = params['cursorTimestamp'];
    let after: { timestamp: number; unit: string } | null =
      typeof start === 'number' ? { timestamp: start, unit: String(params['cursorUnit']) } : null;
    for (;;) {
      const extra: Record<string, string | number> = { members: membersParam, take };
      if (after) {
        extra['afterTimestamp'] = after.timestamp;
        extra['afterUnit'] = after.unit;
      }
      const batch = asRows(
        this.listStatement(sql(after !== null)).all({ ...params, ...extra }),
        'a history candidate',
      );
      if (batch.length === 0) break;
      const units = batch.map((row) => text(row, 'unit'));
      for (const item of collect(listSql({ ...shape, candidates: true }), {
        candidates: JSON.stringify(units),
      })) {
        found.push(item);
        if (found.length > limit) return found;
      }
      if (batch.length < take) break;
      const last = batch[batch.length - 1] as Row;
      after = { timestamp: integer(last, 'timestamp'), unit: text(last, 'unit') };
      take = Math.min(take * 2, MAX_BATCH);
    }
    return found;
  }

  /**
   * One page of the history of `sets.own` (the wallet's addresses) and `sets.watched` (the
   * watch-only ones): a unit that touches the wallet is seen as the wallet sees it; one that
   * touches only watch-only addresses, as they see it (scope 'watched').
   */
  read(
    sets: { readonly own: readonly string[]; readonly watched: readonly string[] },
    query: HistoryQuery,
    how: {
      /** The sets are every watched address by kind: the stored facts find the page. */
      readonly defaultSets?: boolean;
      /**
       * Every address of the sets is watched, own ones as 'wallet' and the others as
       * 'watch-only' (an account in view): the stored facts give the candidates.
       */
      readonly watchedSubset?: boolean;
      /** Evaluate every unit with the full rules (the reference the tests compare with). */
      readonly fullScan?: boolean;
    } = {},
  ): HistoryPage {
    const defaultSets = how.defaultSets === true && how.fullScan !== true;
    const limit = parseLimit(query.limit);
    const search = parseSearch(query.search);
    if (query.asset !== undefined && !isValidAsset(query.asset)) {
      storageFail('invalid-input', 'Filter by "base" (bytes) or a 44-character asset id.');
    }
    if (query.direction !== undefined && !DIRECTIONS.includes(query.direction)) {
      storageFail('invalid-input', 'Filter by incoming, outgoing or self.');
    }
    const from = parseTime(query.from, 'start');
    const to = parseTime(query.to, 'end');
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const wallet = [...new Set(sets.own)];
    const walletSet = new Set(wallet);
    const watched = [...new Set(sets.watched)].filter((address) => !walletSet.has(address));
    if (wallet.length === 0 && watched.length === 0) return { entries: [], nextCursor: null };
    const hasWatched = watched.length > 0;
    const walletParam = JSON.stringify(wallet);
    const watchedParam = JSON.stringify(watched);

    const shape = {
      cursor: cursor !== null,
      search,
      asset: query.asset !== undefined,
      watched: hasWatched,
      from: from !== null,
      to: to !== null,
      labels: this.labels,
    };
    const params: Record<string, string | number> = { wallet: walletParam };
    if (hasWatched) params['watched'] = watchedParam;
    if (cursor) {
      params['cursorTimestamp'] = cursor.timestamp;
      params['cursorUnit'] = cursor.unit;
    }
    if (search) params['search'] = search.value;
    if (search?.kind === 'text') {
      if (search.parts) params['searchUpper'] = search.upper;
      params['words'] = search.words;
    }
    if (from !== null) params['from'] = from;
    if (to !== null) params['to'] = to;
    if (query.asset !== undefined) params['asset'] = query.asset;
    const collect = (sql: string, extra: Record<string, string> = {}) => {
      const found: { row: Row; scope: HistoryScope }[] = [];
      // One row more than the page tells whether another page follows.
      for (const value of this.listStatement(sql).iterate({ ...params, ...extra })) {
        const row = asRow(value, 'a history entry');
        const scope = scopeOf(row, hasWatched);
        if (scope === null) continue;
        if (query.direction !== undefined && directionOf(row, scope) !== query.direction) continue;
        found.push({ row, scope });
        if (found.length > limit) break;
      }
      return found;
    };
    let rows: { row: Row; scope: HistoryScope }[] | null = null;
    // A search by words or parts reads labels, hashes and addresses: the full scan does that.
    if (this.facts && defaultSets && search?.kind !== 'text') {
      const candidates = this.listStatement(
        candidatesSql({
          ...shape,
          direction: query.direction !== undefined,
          byAsset: query.asset !== BASE_ASSET || query.direction === undefined,
        }),
      )
        .pluck(true)
        .all({ ...params, direction: query.direction ?? '', take: limit + 1 });
      rows =
        candidates.length === 0
          ? []
          : collect(listSql({ ...shape, candidates: true }), {
              candidates: JSON.stringify(candidates),
            });
      // Every candidate passes the full rules below; should one not, the full scan decides.
      if (rows.length !== candidates.length) {
        rows = null;
        this.onFallback();
      }
    }
    if (
      rows === null &&
      this.facts &&
      !defaultSets &&
      how.watchedSubset === true &&
      how.fullScan !== true &&
      search?.kind !== 'text'
    ) {
      rows = this.readByMembers([...wallet, ...watched], shape, query, params, limit, collect);
    }
    rows ??= collect(listSql(shape));
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    if (page.length === 0) return { entries: [], nextCursor: null };

    const units = page.map(({ row }) => text(row, 'unit'));
    const unitsParam = JSON.stringify(units);
    const watchedSet = new Set(watched);
    const setOf = (scope: HistoryScope): ReadonlySet<string> =>
      scope === 'wallet' ? walletSet : watchedSet;

    type Sum = { received: bigint; sent: bigint };
    const sums = new Map<string, Map<string, Sum>>();
    const add = (unit: string, asset: string, field: 'received' | 'sent', amount: bigint) => {
      const perAsset = sums.get(unit) ?? new Map<string, Sum>();
      sums.set(unit, perAsset);
      const sum = perAsset.get(asset) ?? { received: 0n, sent: 0n };
      sum[field] += amount;
      perAsset.set(asset, sum);
    };
    // Amounts as each unit's scope sees them: the wallet's units over the wallet's addresses,
    // the others over the watch-only addresses.
    for (const scope of ['wallet', 'watched'] as const) {
      const scoped = page
        .filter((item) => item.scope === scope)
        .map(({ row }) => text(row, 'unit'));
      if (scoped.length === 0) continue;
      const addressParam = scope === 'wallet' ? walletParam : watchedParam;
      const scopedParam = JSON.stringify(scoped);
      for (const row of asRows(this.received.all(addressParam, scopedParam), 'a received output')) {
        add(text(row, 'unit'), text(row, 'asset'), 'received', bigInteger(row, 'amount'));
      }
      for (const row of asRows(this.sent.all(addressParam, scopedParam), 'a spent output')) {
        add(text(row, 'unit'), text(row, 'asset'), 'sent', bigInteger(row, 'amount'));
      }
    }
    const unknown = new Map<string, number>();
    for (const row of asRows(this.unknownInputs.all(unitsParam), 'an input count')) {
      unknown.set(text(row, 'unit'), integer(row, 'n'));
    }
    const scopes = new Map(page.map(({ row, scope }) => [text(row, 'unit'), scope]));
    const foreignAuthors = new Map<string, string[]>();
    const foreignRecipients = new Map<string, string[]>();
    const watchedTouched = new Map<string, Set<string>>();
    for (const row of asRows(this.parties.all({ list: unitsParam }), 'a unit address')) {
      const address = text(row, 'address');
      const unit = text(row, 'unit');
      if (watchedSet.has(address)) {
        const touched = watchedTouched.get(unit) ?? new Set<string>();
        touched.add(address);
        watchedTouched.set(unit, touched);
      }
      if (setOf(scopes.get(unit) ?? 'wallet').has(address)) continue;
      const target = flag(row, 'is_author') ? foreignAuthors : foreignRecipients;
      target.set(unit, [...(target.get(unit) ?? []), address]);
    }

    const entries = page.map(({ row, scope }): HistoryEntry => {
      const unit = text(row, 'unit');
      const proven = flag(row, 'proven');
      const sequence = oneOf(row, 'sequence', SEQUENCES);
      const authored = flag(row, `${prefixOf(scope)}authored`);
      const direction = directionOf(row, scope);
      const amounts: HistoryAmount[] = [...(sums.get(unit) ?? new Map<string, Sum>()).entries()]
        .sort(([a], [b]) => compareAssets(a, b))
        .map(([asset, sum]) => ({
          asset,
          net: safeNumber(sum.received - sum.sent, `The net amount of unit ${unit}`),
          received: safeNumber(sum.received, `The amount received in unit ${unit}`),
          sent: safeNumber(sum.sent, `The amount sent in unit ${unit}`),
        }));
      const counterparties =
        direction === 'incoming'
          ? (foreignAuthors.get(unit) ?? [])
          : direction === 'outgoing'
            ? (foreignRecipients.get(unit) ?? [])
            : [];
      return {
        unit,
        timestamp: integer(row, 'timestamp'),
        mainChainIndex: nullableInteger(row, 'main_chain_index'),
        status: statusOf(proven, sequence),
        proven,
        ball: nullableText(row, 'ball'),
        direction,
        scope,
        watched: [...(watchedTouched.get(unit) ?? [])].sort(),
        amounts,
        fees: feesOf(row),
        paidByAddresses: authored,
        counterparties: [...counterparties].sort(),
        unknownInputs: authored ? (unknown.get(unit) ?? 0) : 0,
      };
    });
    const last = page.at(-1)?.row;
    return {
      entries,
      nextCursor:
        more && last
          ? encodeCursor({ timestamp: integer(last, 'timestamp'), unit: text(last, 'unit') })
          : null,
    };
  }
}
