/**
 * Storing verified hub answers: one transaction per answer, state only moves forward, outputs
 * and inputs of every payment message, and spent flags that follow the sequence of the spender.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { VoidedUnit } from '../../../shared/protocol/index';
import type { StoredJoint, WalletDatabase } from '../../../electron/main/services/storage/index';
import {
  ASSET,
  address,
  capturedHistory,
  hash,
  joint,
  makeUnit,
  spend,
  tempDatabases,
} from './builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const A = address('a');
const B = address('b');
const X = address('x (foreign)');

/** Every row of every table, sorted, plus the schema version: "exactly as before". */
function dump(db: WalletDatabase): unknown {
  const conn = new Database(db.path, { readonly: true });
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const out: Record<string, unknown> = { version: conn.pragma('user_version', { simple: true }) };
  for (const table of tables) {
    const columns = (conn.pragma(`table_info("${table}")`) as unknown[]).length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    out[table] = conn.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).all();
  }
  conn.close();
  return out;
}

function spentFlags(db: WalletDatabase): Record<string, number> {
  const conn = new Database(db.path, { readonly: true });
  const rows = conn
    .prepare('SELECT unit, message_index, output_index, is_spent FROM outputs')
    .all() as { unit: string; message_index: number; output_index: number; is_spent: number }[];
  conn.close();
  return Object.fromEntries(
    rows.map((r) => [`${r.unit.slice(0, 6)}:${r.message_index}:${r.output_index}`, r.is_spent]),
  );
}

const funding = makeUnit({
  label: 'funding',
  authors: [X],
  timestamp: 100,
  payments: [
    {
      inputs: [spend(hash('outside'))],
      outputs: [
        { address: A, amount: 1000 },
        { address: X, amount: 5 },
      ],
    },
    { asset: ASSET, inputs: [spend(hash('outside asset'))], outputs: [{ address: A, amount: 70 }] },
  ],
});
const payment = makeUnit({
  label: 'payment',
  authors: [A],
  timestamp: 200,
  payments: [
    {
      inputs: [spend(funding.unit ?? '', 0, 0)],
      outputs: [
        { address: A, amount: 290 },
        { address: B, amount: 0 + 10 },
      ],
    },
    {
      asset: ASSET,
      inputs: [spend(funding.unit ?? '', 1, 0)],
      outputs: [{ address: X, amount: 70 }],
    },
  ],
});

describe('applyVerifiedHistory', () => {
  it('stores units, authors, outputs and inputs of every payment message, all assets', () => {
    const db = temp.open(temp.dir());
    const result = db.applyVerifiedHistory([
      joint(funding, 'stable', 10),
      joint(payment, 'stable', 12),
    ]);
    expect(result.inserted).toEqual([funding.unit, payment.unit]);
    expect(result.affectedAddresses).toEqual([A, B, X].sort());
    const conn = new Database(db.path, { readonly: true });
    expect(
      conn
        .prepare(
          'SELECT asset, address, amount FROM outputs WHERE unit = ? ORDER BY message_index, output_index',
        )
        .all(funding.unit),
    ).toEqual([
      { asset: 'base', address: A, amount: 1000 },
      { asset: 'base', address: X, amount: 5 },
      { asset: ASSET, address: A, amount: 70 },
    ]);
    expect(
      conn
        .prepare(
          'SELECT message_index, input_index, asset, type, src_unit, src_message_index, src_output_index FROM inputs WHERE unit = ? ORDER BY 1, 2',
        )
        .all(payment.unit),
    ).toEqual([
      {
        message_index: 0,
        input_index: 0,
        asset: 'base',
        type: 'transfer',
        src_unit: funding.unit,
        src_message_index: 0,
        src_output_index: 0,
      },
      {
        message_index: 1,
        input_index: 0,
        asset: ASSET,
        type: 'transfer',
        src_unit: funding.unit,
        src_message_index: 1,
        src_output_index: 0,
      },
    ]);
    expect(
      conn.prepare('SELECT address FROM unit_authors WHERE unit = ?').pluck().all(payment.unit),
    ).toEqual([A]);
    conn.close();
    expect(spentFlags(db)).toMatchObject({
      [`${funding.unit?.slice(0, 6)}:0:0`]: 1,
      [`${funding.unit?.slice(0, 6)}:0:1`]: 0,
      [`${funding.unit?.slice(0, 6)}:1:0`]: 1,
      [`${payment.unit?.slice(0, 6)}:0:0`]: 0,
    });
  });

  it('marks an output spent whichever of the two units arrives first, in one answer or two', () => {
    const together = temp.open(temp.dir());
    together.applyVerifiedHistory([joint(payment, 'stable'), joint(funding, 'stable')]);
    const apart = temp.open(temp.dir());
    apart.applyVerifiedHistory([joint(payment, 'stable')]);
    apart.applyVerifiedHistory([joint(funding, 'stable')]);
    const ordered = temp.open(temp.dir());
    ordered.applyVerifiedHistory([joint(funding, 'stable')]);
    ordered.applyVerifiedHistory([joint(payment, 'stable')]);
    expect(spentFlags(together)).toEqual(spentFlags(ordered));
    expect(spentFlags(apart)).toEqual(spentFlags(ordered));
  });

  it('upgrades an unconfirmed unit when its proof arrives: pending becomes stable', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([joint(funding, 'unconfirmed', null)]);
    expect(db.balances([A]).byAddress[A]?.['base']).toMatchObject({ stable: 0, pending: 1000 });
    expect(db.getUnit(funding.unit ?? '')).toMatchObject({
      status: 'pending',
      proven: false,
      ball: null,
    });
    const result = db.applyVerifiedHistory([joint(funding, 'stable', 40)]);
    expect(result).toMatchObject({ inserted: [], upgraded: [funding.unit], unchanged: 0 });
    expect(db.getUnit(funding.unit ?? '')).toMatchObject({
      status: 'stable',
      proven: true,
      sequence: 'good',
      ball: hash(`ball of ${funding.unit}`),
      mainChainIndex: 40,
    });
    expect(db.balances([A]).byAddress[A]?.['base']).toMatchObject({ stable: 1000, pending: 0 });
  });

  it('never downgrades a proven unit when a later answer serves it unproven', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([joint(funding, 'stable', 40)]);
    const before = dump(db);
    const result = db.applyVerifiedHistory([joint(funding, 'unconfirmed', 41)]);
    expect(result).toMatchObject({ inserted: [], upgraded: [], unchanged: 1 });
    expect(dump(db)).toEqual(before);
  });

  it('rejects an answer that contradicts a proven unit (another ball or sequence) and keeps nothing of it', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([joint(funding, 'stable', 40)]);
    const before = dump(db);
    const otherBall: StoredJoint = { ...joint(funding, 'stable'), ball: hash('another ball') };
    expect(() => db.applyVerifiedHistory([joint(payment, 'unconfirmed'), otherBall])).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() => db.applyVerifiedHistory([joint(funding, 'final-bad')])).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(dump(db)).toEqual(before);
  });

  it('a throw in the middle of an answer leaves the database exactly as before', () => {
    const db = temp.open(temp.dir());
    db.addWatchedAddress({ address: A, kind: 'wallet' });
    db.applyVerifiedHistory([joint(funding, 'unconfirmed')]);
    const before = dump(db);
    const third = makeUnit({
      label: 'broken',
      authors: [X],
      payments: [{ inputs: [], outputs: [{ address: A, amount: 9e15 + 1 }] }],
    });
    expect(() =>
      db.applyVerifiedHistory(
        [joint(funding, 'stable', 7), joint(payment, 'unconfirmed'), joint(third, 'stable')],
        { sync: { group: 'g', addresses: [A], lastProvenMci: 7 } },
      ),
    ).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(dump(db)).toEqual(before);
    expect(db.syncGroups()).toEqual([]);
  });

  it('a failure inside SQLite mid-answer also rolls everything back', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([joint(funding, 'stable')]);
    const before = dump(db);
    // Same output position twice in one unit: the outputs primary key rejects the second row.
    const duplicate = makeUnit({
      label: 'dup',
      authors: [A],
      payments: [{ inputs: [], outputs: [{ address: A, amount: 1 }] }],
    });
    const doubled: StoredJoint = joint(duplicate, 'unconfirmed');
    const conn = new Database(db.path);
    conn.exec(`CREATE TRIGGER fail_on_dup BEFORE INSERT ON outputs WHEN NEW.unit = '${duplicate.unit}'
      BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    conn.close();
    expect(() => db.applyVerifiedHistory([joint(payment, 'stable'), doubled])).toThrow(
      /simulated disk failure/,
    );
    const conn2 = new Database(db.path);
    conn2.exec('DROP TRIGGER fail_on_dup');
    conn2.close();
    expect(dump(db)).toEqual(before);
  });

  it('a unit that becomes final-bad frees the outputs it spent and its own outputs stop counting', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([joint(funding, 'stable'), joint(payment, 'unconfirmed')]);
    expect(db.balances([A]).byAddress[A]?.['base']).toEqual({
      stable: 0,
      pending: 290,
      pendingSpent: 1000,
      stableOutputs: 0,
      pendingOutputs: 1,
    });
    const result = db.applyVerifiedHistory([joint(payment, 'final-bad')]);
    expect(result.upgraded).toEqual([payment.unit]);
    expect(db.balances([A]).byAddress[A]?.['base']).toEqual({
      stable: 1000,
      pending: 0,
      pendingSpent: 0,
      stableOutputs: 1,
      pendingOutputs: 0,
    });
    expect(db.getUnit(payment.unit ?? '')?.status).toBe('final-bad');
  });

  it('stores a voided final-bad unit, and keeps the full content when it knew it first', () => {
    const voided: VoidedUnit = {
      unit: payment.unit,
      version: '4.0',
      alt: '1',
      timestamp: 200,
      content_hash: hash('content'),
      authors: [{ address: A }],
      parent_units: payment.parent_units,
      last_ball: payment.last_ball,
      last_ball_unit: payment.last_ball_unit,
    };
    const fresh = temp.open(temp.dir());
    fresh.applyVerifiedHistory([joint(voided, 'final-bad', 20)]);
    expect(fresh.getUnit(payment.unit ?? '')).toMatchObject({
      status: 'final-bad',
      fees: null,
      content: { content_hash: hash('content') },
    });

    const known = temp.open(temp.dir());
    known.applyVerifiedHistory([joint(funding, 'stable'), joint(payment, 'unconfirmed')]);
    known.applyVerifiedHistory([joint(voided, 'final-bad', 20)]);
    const stored = known.getUnit(payment.unit ?? '');
    expect(stored).toMatchObject({
      status: 'final-bad',
      fees: { headers: 400, payload: 300, tps: 10, total: 710 },
    });
    expect(stored?.content.messages).toHaveLength(2);
    expect(known.balances([A]).byAddress[A]?.['base']?.stable).toBe(1000);

    // Voided first, full content later (same hash): the content is filled in.
    const enriched = fresh.applyVerifiedHistory([joint(payment, 'final-bad', 20)]);
    expect(enriched).toMatchObject({ enriched: [payment.unit], upgraded: [] });
    expect(fresh.getUnit(payment.unit ?? '')?.content.messages).toHaveLength(2);
  });

  it('refuses joints that break the proof rules', () => {
    const db = temp.open(temp.dir());
    const unit = funding;
    const cases: [StoredJoint, RegExp][] = [
      [{ unit, proven: true, sequence: 'good', mainChainIndex: 1 }, /without a ball/],
      [
        { unit, proven: true, sequence: 'unconfirmed', ball: hash('b'), mainChainIndex: 1 },
        /proven but/,
      ],
      [{ unit, proven: false, sequence: 'good', mainChainIndex: 1 }, /not proven/],
      [
        { unit, proven: false, sequence: 'unconfirmed', ball: hash('b'), mainChainIndex: 1 },
        /unproven balls/,
      ],
      [
        {
          unit: { ...unit, unit: 'short' },
          proven: false,
          sequence: 'unconfirmed',
          mainChainIndex: null,
        },
        /unit hash/,
      ],
      [{ unit, proven: false, sequence: 'unconfirmed', mainChainIndex: -1 }, /main chain index/],
    ];
    for (const [bad, message] of cases) {
      expect(() => db.applyVerifiedHistory([bad])).toThrow(message);
    }
    expect(db.unprovenUnits()).toEqual([]);
  });

  it('keeps the unit JSON without the hub-added fields, and the fees in columns', () => {
    const db = temp.open(temp.dir());
    const served = {
      ...makeUnit({
        label: 'fees',
        authors: [A],
        payments: [{ inputs: [], outputs: [{ address: B, amount: 3 }] }],
        fees: { oversize: 7, burn: 2 },
      }),
      main_chain_index: 55,
      actual_tps_fee: 9,
    };
    db.applyVerifiedHistory([joint(served, 'stable', 55)]);
    const stored = db.getUnit(served.unit ?? '');
    expect(stored?.content).not.toHaveProperty('main_chain_index');
    expect(stored?.content).not.toHaveProperty('actual_tps_fee');
    expect(stored).toMatchObject({
      mainChainIndex: 55,
      actualTpsFee: 9,
      fees: { headers: 400, payload: 300, tps: 10, oversize: 7, burn: 2, total: 719 },
      timestamp: 1_700_000_000,
    });
    expect(db.getUnit(hash('never stored'))).toBeNull();
  });

  it('temp-bad: only unproven units, their outputs stop counting, their spends still hold', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([joint(funding, 'stable'), joint(payment, 'unconfirmed')]);
    expect(db.markTempBad([payment.unit ?? '', funding.unit ?? '', 'not a hash'])).toEqual([
      payment.unit,
    ]);
    expect(db.getUnit(payment.unit ?? '')?.status).toBe('temp-bad');
    expect(db.getUnit(funding.unit ?? '')?.status).toBe('stable');
    expect(db.balances([A]).byAddress[A]?.['base']).toMatchObject({
      stable: 0,
      pending: 0,
      pendingSpent: 1000,
    });
    // An unproven copy does not clear temp-bad; only the proof decides.
    db.applyVerifiedHistory([joint(payment, 'unconfirmed', 30)]);
    expect(db.getUnit(payment.unit ?? '')).toMatchObject({
      status: 'temp-bad',
      mainChainIndex: 30,
    });
    db.applyVerifiedHistory([joint(payment, 'stable', 31)]);
    expect(db.balances([A]).byAddress[A]?.['base']).toMatchObject({
      stable: 290,
      pending: 0,
      pendingSpent: 0,
    });
  });

  it('records the sync group in the same transaction', () => {
    const db = temp.open(temp.dir(), { clock: { now: () => 1234 } });
    db.applyVerifiedHistory([joint(funding, 'stable')], {
      sync: { group: 'g1', addresses: [B, A, A], lastProvenMci: 17 },
    });
    expect(db.syncGroup('g1')).toEqual({
      group: 'g1',
      addresses: [A, B].sort(),
      lastProvenMci: 17,
      lastSyncAt: 1234,
    });
    db.applyVerifiedHistory([], { sync: { group: 'g1', addresses: [A, B], lastProvenMci: null } });
    expect(db.syncGroup('g1')?.lastProvenMci).toBe(17);
  });

  it('stores a captured devnet answer and changes nothing when the same answer comes again', () => {
    const db = temp.open(temp.dir());
    const { joints } = capturedHistory('raw_client/get_history.json');
    const first = db.applyVerifiedHistory(joints);
    expect(first.inserted).toHaveLength(4);
    const before = dump(db);
    const again = db.applyVerifiedHistory(joints);
    expect(again).toMatchObject({ inserted: [], upgraded: [], enriched: [], unchanged: 4 });
    expect(dump(db)).toEqual(before);
    expect(db.provenBalls().size).toBe(4);
    expect(db.unprovenUnits()).toEqual([]);
  });
});
