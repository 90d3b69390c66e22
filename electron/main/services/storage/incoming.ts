/**
 * Payments not proven yet that others made to a set of addresses: unspent outputs of units
 * that no witness proof reaches yet and that none of `own` authored. A hub can serve any such
 * unit (it need not exist on the network), so they are listed per unit, never counted as
 * spendable or proven (balances.ts counts them in `pending`; the payment composer spends only
 * the wallet's own unconfirmed change). Temp-bad units are left out, as in the balances.
 */
import type Database from 'better-sqlite3';
import { asRows, integer, text } from './rows';
import type { UnverifiedOutput } from './types';

/** At most this many outputs are listed (newest first): a flood of made-up units is cut. */
export const MAX_UNVERIFIED_OUTPUTS = 1000;

export class IncomingReader {
  private readonly statement: Database.Statement;

  constructor(db: Database.Database) {
    // From the few unproven units (partial index) to their outputs by primary key.
    this.statement = db.prepare(
      `SELECT u.unit, u.timestamp, o.address, o.asset, o.amount
       FROM units u INDEXED BY units_unproven CROSS JOIN outputs o ON o.unit = u.unit
       WHERE u.proven = 0 AND u.sequence = 'unconfirmed' AND o.is_spent = 0
         AND o.address IN (SELECT value FROM json_each(@addresses))
         AND NOT EXISTS (SELECT 1 FROM unit_authors a WHERE a.unit = u.unit
           AND a.address IN (SELECT value FROM json_each(@own)))
       ORDER BY u.timestamp DESC, u.unit, o.message_index, o.output_index
       LIMIT ${MAX_UNVERIFIED_OUTPUTS}`,
    );
  }

  read(addresses: readonly string[], own: readonly string[]): UnverifiedOutput[] {
    if (addresses.length === 0) return [];
    const rows = this.statement.all({
      addresses: JSON.stringify([...new Set(addresses)]),
      own: JSON.stringify([...new Set(own)]),
    });
    return asRows(rows, 'an unverified incoming output').map((row) => ({
      unit: text(row, 'unit'),
      timestamp: integer(row, 'timestamp'),
      address: text(row, 'address'),
      asset: text(row, 'asset'),
      amount: integer(row, 'amount'),
    }));
  }
}
