/**
 * Balances from stored, verified outputs (ocore balances.readBalance, with "stable" meaning
 * proven): per address and asset,
 * - stable: unspent outputs of proven good units;
 * - pending: unspent outputs of units not proven yet and not temp-bad;
 * - pendingSpent: outputs of the address that unproven units are spending.
 * Final-bad and temp-bad units' outputs never count. Unproven amounts are never stable.
 *
 * Sums are exact: SQLite adds amounts split at 10^9 (each part far from the 64-bit limit even
 * for millions of outputs), and the parts are joined in BigInt and checked against
 * Number.MAX_SAFE_INTEGER before they become numbers.
 */
import type Database from 'better-sqlite3';
import { MAINTAINED_UNSPENT_SQL } from './balance-table';
import { asRows, bigInteger, flag, integer, text } from './rows';
import { safeNumber } from './rows';
import type { AssetBalance, Balances, BalanceMismatch, HubBalancesAnswer } from './types';

const SPLIT = 1_000_000_000n;

/** `SUM(amount)` as two exact parts; read with safeIntegers. */
const SUM_PARTS = 'SUM(o.amount / 1000000000) AS hi, SUM(o.amount % 1000000000) AS lo';

interface Accumulator {
  stable: bigint;
  pending: bigint;
  pendingSpent: bigint;
  stableOutputs: number;
  pendingOutputs: number;
}

function emptyAccumulator(): Accumulator {
  return { stable: 0n, pending: 0n, pendingSpent: 0n, stableOutputs: 0, pendingOutputs: 0 };
}

function finish(acc: Accumulator, what: string): AssetBalance {
  return {
    stable: safeNumber(acc.stable, `The stable balance of ${what}`),
    pending: safeNumber(acc.pending, `The pending balance of ${what}`),
    pendingSpent: safeNumber(acc.pendingSpent, `The amount being spent from ${what}`),
    stableOutputs: acc.stableOutputs,
    pendingOutputs: acc.pendingOutputs,
  };
}

/** Assets sorted with 'base' (bytes) first, then by id. */
export function compareAssets(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'base') return -1;
  if (b === 'base') return 1;
  return a < b ? -1 : 1;
}

export class BalanceReader {
  private readonly unspent: Database.Statement;
  private readonly beingSpent: Database.Statement;

  /**
   * `from: 'totals'` reads the unspent sums from the table the database maintains as it writes
   * (balance-table.ts); 'outputs' (the reference) sums every unspent output.
   */
  constructor(db: Database.Database, from: 'outputs' | 'totals' = 'outputs') {
    this.unspent = db
      .prepare(
        from === 'totals'
          ? MAINTAINED_UNSPENT_SQL
          : `SELECT o.address, o.asset, u.proven, ${SUM_PARTS}, COUNT(*) AS n
         FROM outputs o JOIN units u ON u.unit = o.unit
         WHERE o.address IN (SELECT value FROM json_each(?)) AND o.is_spent = 0
           AND u.sequence IN ('good', 'unconfirmed')
         GROUP BY o.address, o.asset, u.proven`,
      )
      .safeIntegers(true);
    // Start from the few unproven units (partial index), then follow primary keys; CROSS JOIN
    // fixes that order so the planner never scans every input or every wallet output instead.
    this.beingSpent = db
      .prepare(
        `WITH spent AS MATERIALIZED (
           SELECT DISTINCT i.src_unit AS unit, i.src_message_index AS message_index,
             i.src_output_index AS output_index
           FROM units s INDEXED BY units_unproven CROSS JOIN inputs i ON i.unit = s.unit
           WHERE s.proven = 0 AND i.type = 'transfer'
         )
         SELECT o.address, o.asset, ${SUM_PARTS}
         FROM spent CROSS JOIN outputs o ON o.unit = spent.unit
             AND o.message_index = spent.message_index AND o.output_index = spent.output_index
           CROSS JOIN units u ON u.unit = o.unit
         WHERE o.address IN (SELECT value FROM json_each(?))
           AND u.sequence IN ('good', 'unconfirmed')
           AND NOT EXISTS (
             SELECT 1 FROM inputs p JOIN units ps ON ps.unit = p.unit
             WHERE p.src_unit = o.unit AND p.src_message_index = o.message_index
               AND p.src_output_index = o.output_index AND ps.proven = 1 AND ps.sequence = 'good')
         GROUP BY o.address, o.asset`,
      )
      .safeIntegers(true);
  }

  read(addresses: readonly string[]): Balances {
    const wanted = [...new Set(addresses)];
    const param = JSON.stringify(wanted);
    const perAddress = new Map<string, Map<string, Accumulator>>(
      wanted.map((address) => [address, new Map()]),
    );
    const slot = (address: string, asset: string): Accumulator => {
      const assets = perAddress.get(address) ?? new Map<string, Accumulator>();
      perAddress.set(address, assets);
      const acc = assets.get(asset) ?? emptyAccumulator();
      assets.set(asset, acc);
      return acc;
    };
    for (const row of asRows(this.unspent.all(param), 'a balance')) {
      const acc = slot(text(row, 'address'), text(row, 'asset'));
      const sum = bigInteger(row, 'hi') * SPLIT + bigInteger(row, 'lo');
      if (flag(row, 'proven')) {
        acc.stable += sum;
        acc.stableOutputs += integer(row, 'n');
      } else {
        acc.pending += sum;
        acc.pendingOutputs += integer(row, 'n');
      }
    }
    for (const row of asRows(this.beingSpent.all(param), 'a pending spend')) {
      const acc = slot(text(row, 'address'), text(row, 'asset'));
      acc.pendingSpent += bigInteger(row, 'hi') * SPLIT + bigInteger(row, 'lo');
    }

    const totals = new Map<string, Accumulator>();
    const byAddress: Record<string, Record<string, AssetBalance>> = {};
    for (const [address, assets] of perAddress) {
      const entries: [string, AssetBalance][] = [];
      for (const asset of [...assets.keys()].sort(compareAssets)) {
        const acc = assets.get(asset) ?? emptyAccumulator();
        entries.push([asset, finish(acc, `${address} in ${asset}`)]);
        const total = totals.get(asset) ?? emptyAccumulator();
        total.stable += acc.stable;
        total.pending += acc.pending;
        total.pendingSpent += acc.pendingSpent;
        total.stableOutputs += acc.stableOutputs;
        total.pendingOutputs += acc.pendingOutputs;
        totals.set(asset, total);
      }
      byAddress[address] = Object.fromEntries(entries);
    }
    const total = Object.fromEntries(
      [...totals.keys()]
        .sort(compareAssets)
        .map((asset): [string, AssetBalance] => [
          asset,
          finish(totals.get(asset) ?? emptyAccumulator(), `the wallet in ${asset}`),
        ]),
    );
    return { byAddress, total };
  }
}

/**
 * Our balances against a `light/get_balances` answer for the same addresses. An address or
 * asset missing on one side counts as zero there. Both sides count unspent outputs of good
 * units, so the totals agree once we are synced; the stable/pending split can lag ours behind
 * the hub's until a proof reaches the newest stable units.
 */
export function compareBalances(
  ours: Balances,
  hub: HubBalancesAnswer,
  addresses: readonly string[],
): BalanceMismatch[] {
  const mismatches: BalanceMismatch[] = [];
  for (const address of [...new Set(addresses)].sort()) {
    const mine = ours.byAddress[address] ?? {};
    const theirs = Object.hasOwn(hub, address) ? (hub[address] ?? {}) : {};
    const assets = new Set([...Object.keys(mine), ...Object.keys(theirs)]);
    for (const asset of [...assets].sort(compareAssets)) {
      const o = mine[asset];
      const h = Object.hasOwn(theirs, asset) ? theirs[asset] : undefined;
      const oursPair = { stable: o?.stable ?? 0, pending: o?.pending ?? 0 };
      const hubPair = { stable: h?.stable ?? 0, pending: h?.pending ?? 0 };
      const oursTotal = oursPair.stable + oursPair.pending;
      const hubTotal = hubPair.stable + hubPair.pending;
      if (oursTotal !== hubTotal) {
        mismatches.push({ address, asset, kind: 'total', ours: oursPair, hub: hubPair });
      } else if (oursPair.stable !== hubPair.stable) {
        mismatches.push({ address, asset, kind: 'split', ours: oursPair, hub: hubPair });
      }
    }
  }
  return mismatches;
}
