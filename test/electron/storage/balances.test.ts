/**
 * Balances from stored verified outputs: stable only when proven, pending otherwise, outgoing
 * pending spends visible, exact integer sums; cross-checked against the hub's light/get_balances.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../shared/protocol/index';
import { MIGRATIONS, type AssetBalance } from '../../../electron/main/services/storage/index';
import {
  ASSET,
  address,
  capturedHistory,
  hash,
  joint,
  makeUnit,
  readExchange,
  spend,
  tempDatabases,
} from './builders';
import { parseBalances } from '../../../shared/protocol/light/index';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const A = address('a');
const B = address('b');
const X = address('x (foreign)');

/** As the hub client hands it over: parsed at the edge by its own parser. */
const parseHubBalances = (value: unknown, asked: string[]) =>
  parseBalances(value as JsonValue, asked);

const zero: AssetBalance = {
  stable: 0,
  pending: 0,
  pendingSpent: 0,
  stableOutputs: 0,
  pendingOutputs: 0,
};

function pay(
  label: string,
  author: string,
  outputs: [string, number][],
  inputs = [spend(hash(`${label} in`))],
  asset?: string,
) {
  return makeUnit({
    label,
    authors: [author],
    payments: [
      {
        ...(asset ? { asset } : {}),
        inputs,
        outputs: outputs.map(([address, amount]) => ({ address, amount })),
      },
    ],
  });
}

describe('balances', () => {
  it('splits stable (proven good) and pending (unproven), per address and asset, with totals', () => {
    const db = temp.open(temp.dir());
    db.addWatchedAddress({ address: A, kind: 'wallet' });
    db.addWatchedAddress({ address: B, kind: 'watch-only' });
    db.applyVerifiedHistory([
      joint(
        pay('s1', X, [
          [A, 100],
          [B, 7],
        ]),
        'stable',
      ),
      joint(pay('s2', X, [[A, 50]]), 'stable'),
      joint(pay('p1', X, [[A, 30]]), 'unconfirmed'),
      joint(pay('asset', X, [[B, 9]], undefined, ASSET), 'unconfirmed'),
      joint(pay('bad', X, [[A, 1000]]), 'final-bad'),
    ]);
    const balances = db.balances();
    expect(balances.byAddress[A]).toEqual({
      base: { stable: 150, pending: 30, pendingSpent: 0, stableOutputs: 2, pendingOutputs: 1 },
    });
    expect(balances.byAddress[B]).toEqual({
      base: { ...zero, stable: 7, stableOutputs: 1 },
      [ASSET]: { ...zero, pending: 9, pendingOutputs: 1 },
    });
    expect(balances.total).toEqual({
      base: { stable: 157, pending: 30, pendingSpent: 0, stableOutputs: 3, pendingOutputs: 1 },
      [ASSET]: { ...zero, pending: 9, pendingOutputs: 1 },
    });
    expect(Object.keys(balances.total)).toEqual(['base', ASSET]);
  });

  it('a database written before the maintained totals gets them from its outputs when migrated', () => {
    const dir = temp.dir();
    const old = temp.open(dir, { migrations: MIGRATIONS.slice(0, 4) });
    const funding = pay('old funding', X, [
      [A, 1000],
      [B, 5],
    ]);
    old.applyVerifiedHistory([
      joint(funding, 'stable'),
      joint(pay('old pending', X, [[A, 70]], undefined, ASSET), 'unconfirmed'),
      joint(pay('old bad', X, [[B, 9]]), 'final-bad'),
      joint(
        pay(
          'old spend',
          A,
          [
            [X, 400],
            [A, 590],
          ],
          [spend(funding.unit ?? '')],
        ),
        'unconfirmed',
      ),
    ]);
    const before = old.balances([A, B, X]);
    old.close();
    const migrated = temp.open(dir);
    expect(migrated.schemaVersion).toBe(MIGRATIONS.length);
    expect(migrated.balances([A, B, X])).toEqual(before);
    expect(before.byAddress[A]?.['base']).toMatchObject({ pending: 590, pendingSpent: 1000 });
  });

  it('lists every requested address, also those without outputs', () => {
    const db = temp.open(temp.dir());
    expect(db.balances([A, B])).toEqual({ byAddress: { [A]: {}, [B]: {} }, total: {} });
    expect(db.balances()).toEqual({ byAddress: {}, total: {} });
  });

  it('never counts unproven amounts as stable, whatever MCI or ball the hub claimed', () => {
    const db = temp.open(temp.dir());
    const unit = { ...pay('claims', X, [[A, 500]]), main_chain_index: 3 };
    db.applyVerifiedHistory([joint(unit, 'unconfirmed', 3)]);
    expect(db.balances([A]).byAddress[A]?.['base']).toMatchObject({ stable: 0, pending: 500 });
  });

  it('shows an outgoing pending spend: the coins leave stable at once and come back as change', () => {
    const db = temp.open(temp.dir());
    const funding = pay('funding', X, [[A, 1000]]);
    db.applyVerifiedHistory([joint(funding, 'stable')]);
    const sending = pay(
      'sending',
      A,
      [
        [X, 600],
        [A, 300],
      ],
      [spend(funding.unit ?? '')],
    );
    db.applyVerifiedHistory([joint(sending, 'unconfirmed')]);
    expect(db.balances([A]).byAddress[A]?.['base']).toEqual({
      stable: 0,
      pending: 300,
      pendingSpent: 1000,
      stableOutputs: 0,
      pendingOutputs: 1,
    });
    db.applyVerifiedHistory([joint(sending, 'stable')]);
    expect(db.balances([A]).byAddress[A]?.['base']).toEqual({
      ...zero,
      stable: 300,
      stableOutputs: 1,
    });
  });

  it('counts a coin being spent twice by unproven units once', () => {
    const db = temp.open(temp.dir());
    const funding = pay('funding', X, [[A, 1000]]);
    db.applyVerifiedHistory([
      joint(funding, 'stable'),
      joint(pay('spend one', A, [[X, 900]], [spend(funding.unit ?? '')]), 'unconfirmed'),
      joint(pay('spend two', A, [[B, 900]], [spend(funding.unit ?? '')]), 'unconfirmed'),
    ]);
    expect(db.balances([A]).byAddress[A]?.['base']?.pendingSpent).toBe(1000);
  });

  it('sums exactly up to 2^53 − 1 and refuses to round beyond it', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([
      joint(pay('big', X, [[A, 9e15]]), 'stable'),
      joint(pay('rest', X, [[A, 7_199_254_740_991]]), 'stable'),
    ]);
    expect(db.balances([A]).byAddress[A]?.['base']?.stable).toBe(Number.MAX_SAFE_INTEGER);
    db.applyVerifiedHistory([joint(pay('one more', X, [[A, 1]]), 'stable')]);
    expect(() => db.balances([A])).toThrow(
      expect.objectContaining({
        code: 'overflow',
        message: expect.stringContaining('9007199254740992'),
      }),
    );
  });

  it('sums past SQLite’s 64-bit integer range without an SQLite error, and still refuses it', () => {
    const db = temp.open(temp.dir());
    // 1100 × 9e15 ≈ 9.9e18 > 2^63 − 1: a plain SUM(amount) would fail inside SQLite.
    const joints = Array.from({ length: 11 }, (_, i) =>
      joint(
        makeUnit({
          label: `huge ${i}`,
          authors: [X],
          payments: [
            {
              asset: ASSET,
              inputs: [],
              outputs: Array.from({ length: 100 }, () => ({ address: A, amount: 9e15 })),
            },
          ],
        }),
        'stable',
      ),
    );
    db.applyVerifiedHistory(joints);
    expect(() => db.balances([A])).toThrow(
      expect.objectContaining({
        code: 'overflow',
        message: expect.stringContaining('9900000000000000000'),
      }),
    );
  });
});

describe('cross-check with light/get_balances', () => {
  it('agrees with the hub on a captured devnet session', () => {
    const db = temp.open(temp.dir());
    const { addresses, joints } = capturedHistory('raw_client/get_history.json');
    db.applyVerifiedHistory(joints);
    const answer = readExchange('raw_client/get_balances.json');
    expect(answer.params).toEqual(addresses);
    const hub = parseHubBalances(answer.response, addresses);
    expect(db.crossCheckBalances(hub, addresses)).toEqual([]);
    expect(db.balances(addresses).byAddress).toEqual({
      '5HQYPVVV72EITFWDYJ47D3NSG4F3C7LV': {
        base: { ...zero, stable: 111_000_000, stableOutputs: 3 },
      },
      GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX: { base: { ...zero, stable: 18_999_196, stableOutputs: 1 } },
    });
  });

  it('reports a split when the hub calls stable what no proof has reached yet', () => {
    const db = temp.open(temp.dir());
    // The captured fresh answer: one joint with a ball but no proofchain, so it stays unproven.
    const { addresses, joints } = capturedHistory('raw_client_fresh/get_history.json');
    expect(joints.map((j) => j.proven)).toEqual([false]);
    db.applyVerifiedHistory(joints);
    const hub = parseHubBalances(
      readExchange('raw_client_fresh/get_balances.json').response,
      addresses,
    );
    expect(db.crossCheckBalances(hub, addresses)).toEqual([
      {
        address: 'SAU3GZYXVXVSMICDF4IHAREAL7NUDANB',
        asset: 'base',
        kind: 'split',
        ours: { stable: 0, pending: 100_000_000 },
        hub: { stable: 100_000_000, pending: 0 },
      },
    ]);
  });

  it('reports a total mismatch when the hub knows coins we have not stored, or we know coins it does not', () => {
    const db = temp.open(temp.dir());
    db.applyVerifiedHistory([joint(pay('ours only', X, [[B, 5]], undefined, ASSET), 'stable')]);
    const hub = parseHubBalances(
      {
        [A]: {
          base: {
            stable: 10,
            pending: 0,
            stable_outputs_count: 1,
            pending_outputs_count: 0,
            total: 10,
          },
        },
      },
      [A, B],
    );
    expect(db.crossCheckBalances(hub, [A, B])).toEqual([
      {
        address: A,
        asset: 'base',
        kind: 'total',
        ours: { stable: 0, pending: 0 },
        hub: { stable: 10, pending: 0 },
      },
      {
        address: B,
        asset: ASSET,
        kind: 'total',
        ours: { stable: 5, pending: 0 },
        hub: { stable: 0, pending: 0 },
      },
    ]);
  });

  it('keeps the latest hub snapshot per asked address, for addresses whose history is too large', () => {
    let now = 1000;
    const db = temp.open(temp.dir(), { clock: { now: () => now } });
    db.addWatchedAddress({ address: A, kind: 'watch-only' });
    db.addWatchedAddress({ address: B, kind: 'watch-only' });
    db.setHistoryTooLarge(A, true);
    const snapshot = {
      stable: 4,
      pending: 1,
      stable_outputs_count: 2,
      pending_outputs_count: 1,
      total: 5,
    };
    db.recordHubBalances(
      [A, B],
      parseHubBalances({ [A]: { base: snapshot }, [B]: { [ASSET]: snapshot } }, [A, B]),
    );
    now = 2000;
    db.recordHubBalances([B], parseHubBalances({}, [B]));
    expect(db.addressSyncStates()).toEqual([
      {
        address: A,
        historyTooLarge: true,
        tooLargeSince: 1000,
        hubBalances: {
          base: { stable: 4, pending: 1, stableOutputsCount: 2, pendingOutputsCount: 1, total: 5 },
        },
        hubBalancesAt: 1000,
      },
      {
        address: B,
        historyTooLarge: false,
        tooLargeSince: null,
        hubBalances: {},
        hubBalancesAt: 2000,
      },
    ]);
    db.setHistoryTooLarge(A, true);
    expect(db.addressSyncStates([A])[0]?.tooLargeSince).toBe(1000);
    db.setHistoryTooLarge(A, false);
    expect(db.addressSyncStates([A])[0]).toMatchObject({
      historyTooLarge: false,
      tooLargeSince: null,
    });
  });
});
