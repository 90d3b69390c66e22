/**
 * Balances kept up to date as history is written, so reading them costs one row per address
 * and asset instead of a sum over every unspent output (the 100,000-unit wallet's `balances()`
 * took 128 ms). SQLite triggers maintain `balance_totals` inside the very transaction that
 * changes an output or a unit's state, whichever code path does it (a new answer, a proof, an
 * enriched voided unit, a spend, `light/sequence_became_bad`), so it cannot drift from the rows
 * it sums. balances.ts keeps the full computation from outputs; tests compare the two.
 *
 * An output counts, with its amount, as
 *   stable  — unspent, and its unit proven good;
 *   pending — unspent, and its unit unproven and unconfirmed (not temp-bad);
 *   nothing — spent, or its unit final-bad or temp-bad;
 * exactly the rows balances.ts sums. Amounts are kept as two parts (amount / 10^9 and
 * amount % 10^9), as balances.ts sums them, so no total can overflow SQLite's 64-bit integers.
 */

/** A unit in this state lends its unspent outputs to a balance (stable or pending). */
const COUNTS = (state: string): string => `${state}.sequence IN ('good', 'unconfirmed')`;

/** `balance_totals` and its triggers (migration 5), with the totals of what is stored already. */
export const balanceTableSql = (): string => `
CREATE TABLE balance_totals (
  address TEXT NOT NULL,
  asset TEXT NOT NULL,
  stable_hi INTEGER NOT NULL,
  stable_lo INTEGER NOT NULL,
  stable_outputs INTEGER NOT NULL,
  pending_hi INTEGER NOT NULL,
  pending_lo INTEGER NOT NULL,
  pending_outputs INTEGER NOT NULL,
  PRIMARY KEY (address, asset)
) WITHOUT ROWID;

${contributions('INSERT', 'o', 'u', '+', `FROM outputs o JOIN units u ON u.unit = o.unit WHERE o.is_spent = 0 AND ${COUNTS('u')}`, 'GROUP BY o.address, o.asset')};

CREATE TRIGGER balance_output_added AFTER INSERT ON outputs WHEN NEW.is_spent = 0
BEGIN
  ${contributions('UPSERT', 'NEW', 'u', '+', `FROM units u WHERE u.unit = NEW.unit AND ${COUNTS('u')}`)};
END;

CREATE TRIGGER balance_output_removed AFTER DELETE ON outputs WHEN OLD.is_spent = 0
BEGIN
  ${contributions('UPSERT', 'OLD', 'u', '-', `FROM units u WHERE u.unit = OLD.unit AND ${COUNTS('u')}`)};
END;

CREATE TRIGGER balance_output_changed
AFTER UPDATE OF is_spent, amount, address, asset, unit ON outputs
WHEN OLD.is_spent <> NEW.is_spent OR OLD.amount <> NEW.amount OR OLD.address <> NEW.address
  OR OLD.asset <> NEW.asset OR OLD.unit <> NEW.unit
BEGIN
  ${contributions('UPSERT', 'OLD', 'u', '-', `FROM units u WHERE u.unit = OLD.unit AND OLD.is_spent = 0 AND ${COUNTS('u')}`)};
  ${contributions('UPSERT', 'NEW', 'u', '+', `FROM units u WHERE u.unit = NEW.unit AND NEW.is_spent = 0 AND ${COUNTS('u')}`)};
END;

CREATE TRIGGER balance_unit_state_changed AFTER UPDATE OF proven, sequence ON units
WHEN OLD.proven <> NEW.proven OR OLD.sequence <> NEW.sequence
BEGIN
  ${contributions('UPSERT', 'o', 'OLD', '-', `FROM outputs o WHERE o.unit = NEW.unit AND o.is_spent = 0 AND ${COUNTS('OLD')}`, 'GROUP BY o.address, o.asset')};
  ${contributions('UPSERT', 'o', 'NEW', '+', `FROM outputs o WHERE o.unit = NEW.unit AND o.is_spent = 0 AND ${COUNTS('NEW')}`, 'GROUP BY o.address, o.asset')};
END;

-- Units are not deleted today; should one be, its outputs go first, each through the trigger
-- above while the unit's state can still be read.
CREATE TRIGGER balance_unit_removed BEFORE DELETE ON units
BEGIN
  DELETE FROM outputs WHERE unit = OLD.unit;
END;
`;

/**
 * One statement adding (or taking away) the contribution of the outputs `o` selected by `from`
 * whose unit state is read from `proven`/`sequence` of `state`. 'INSERT' fills the empty table;
 * 'UPSERT' adds to the existing row.
 */
function contributions(
  mode: 'INSERT' | 'UPSERT',
  o: string,
  state: string,
  sign: '+' | '-',
  from: string,
  groupBy = '',
): string {
  const stable = `${state}.proven = 1 AND ${state}.sequence = 'good'`;
  const pending = `${state}.proven = 0 AND ${state}.sequence = 'unconfirmed'`;
  const part = (when: string, value: string): string =>
    groupBy === ''
      ? `CASE WHEN ${when} THEN ${value} ELSE 0 END`
      : `SUM(CASE WHEN ${when} THEN ${value} ELSE 0 END)`;
  const columns = [
    part(stable, `${o}.amount / 1000000000`),
    part(stable, `${o}.amount % 1000000000`),
    part(stable, '1'),
    part(pending, `${o}.amount / 1000000000`),
    part(pending, `${o}.amount % 1000000000`),
    part(pending, '1'),
  ].map((column) => (sign === '-' ? `-(${column})` : column));
  const select = `SELECT ${o}.address, ${o}.asset, ${columns.join(', ')} ${from} ${groupBy}`;
  const insert = `INSERT INTO balance_totals (address, asset, stable_hi, stable_lo, stable_outputs,
      pending_hi, pending_lo, pending_outputs) ${select}`;
  if (mode === 'INSERT') return insert;
  const add = (column: string): string => `${column} = ${column} + excluded.${column}`;
  return `${insert} ON CONFLICT (address, asset) DO UPDATE SET ${[
    'stable_hi',
    'stable_lo',
    'stable_outputs',
    'pending_hi',
    'pending_lo',
    'pending_outputs',
  ]
    .map(add)
    .join(', ')}`;
}

/**
 * The balance rows (address, asset, proven, hi, lo, n) of balances.ts's `unspent` query, read
 * from the maintained totals: one row per address, asset and state that holds an output.
 */
export const MAINTAINED_UNSPENT_SQL = `
  WITH wanted(address) AS (SELECT value FROM json_each(?))
  SELECT b.address, b.asset, 1 AS proven, b.stable_hi AS hi, b.stable_lo AS lo, b.stable_outputs AS n
  FROM wanted JOIN balance_totals b ON b.address = wanted.address WHERE b.stable_outputs > 0
  UNION ALL
  SELECT b.address, b.asset, 0 AS proven, b.pending_hi, b.pending_lo, b.pending_outputs
  FROM wanted JOIN balance_totals b ON b.address = wanted.address WHERE b.pending_outputs > 0`;
