/**
 * Watched addresses are not the user's money: a watch-only address (no key) has its own section
 * and totals in the balances, never adds to the wallet's total, is never "own" in the history
 * (a payment from the wallet to it is a payment out, not a move between own addresses), and a
 * unit that touches only watched addresses is shown as theirs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WalletDatabase } from '../../../electron/main/services/storage/index';
import { balancesView, historyPage } from '../../../electron/main/services/sync/wallet-view';
import { paymentArrivals } from '../../../electron/main/services/sync/arrivals';
import { address, joint, makeUnit, spend, tempDatabases } from '../storage/builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const OWN = address('own wallet address');
const CHANGE = address('own change address');
const WATCHED = address('watched savings of a friend');
const STRANGER = address('a stranger');

const funding = makeUnit({
  label: 'stranger funds the wallet and the watched address',
  authors: [STRANGER],
  timestamp: 100,
  payments: [
    {
      inputs: [],
      outputs: [
        { address: OWN, amount: 10_000 },
        { address: WATCHED, amount: 5_000_000 },
      ],
    },
  ],
});
const toWatched = makeUnit({
  label: 'the wallet pays the watched address',
  authors: [OWN],
  timestamp: 200,
  payments: [
    {
      inputs: [spend(funding.unit ?? '', 0, 0)],
      outputs: [
        { address: WATCHED, amount: 3_000 },
        { address: CHANGE, amount: 6_290 },
      ],
    },
  ],
  fees: { headers: 400, payload: 300, tps: 10 },
});
const watchedOnly = makeUnit({
  label: 'a stranger pays the watched address only',
  authors: [STRANGER],
  timestamp: 300,
  payments: [{ inputs: [], outputs: [{ address: WATCHED, amount: 7_000 }] }],
});

let db: WalletDatabase;
beforeEach(() => {
  db = temp.open(temp.dir());
  db.addWatchedAddress({ address: OWN, kind: 'wallet' });
  db.addWatchedAddress({ address: CHANGE, kind: 'wallet' });
  db.addWatchedAddress({ address: WATCHED, kind: 'watch-only', label: 'Friend' });
  db.applyVerifiedHistory([
    joint(funding, 'stable', 5),
    joint(toWatched, 'stable', 6),
    joint(watchedOnly, 'stable', 7),
  ]);
});

describe('balances: the wallet apart from watched addresses', () => {
  it('the wallet total counts only the wallet’s own addresses; watched ones have their own', () => {
    const view = balancesView(db);
    expect(view.total).toEqual([
      expect.objectContaining({ asset: 'base', stable: 6_290, pending: 0, proven: true }),
    ]);
    expect(view.byAddress.map((entry) => entry.address).sort()).toEqual([CHANGE, OWN].sort());
    expect(view.watched.byAddress).toEqual([
      expect.objectContaining({
        address: WATCHED,
        label: 'Friend',
        assets: [expect.objectContaining({ asset: 'base', stable: 5_010_000 })],
      }),
    ]);
    expect(view.watched.total).toEqual([
      expect.objectContaining({ asset: 'base', stable: 5_010_000, pending: 0 }),
    ]);
  });

  it('with nothing watched the watched section is empty, and the wallet shows a zero', () => {
    db.removeWatchedAddress(WATCHED);
    const view = balancesView(db);
    expect(view.watched).toEqual({ total: [], byAddress: [] });
    expect(view.total.map((a) => [a.asset, a.stable])).toEqual([['base', 6_290]]);
  });
});

describe('history: a watched address is never one of the wallet’s own', () => {
  it('a payment from the wallet to a watched address is a payment out, to that address', () => {
    const row = historyPage(db, { search: toWatched.unit ?? '' }).rows[0];
    expect(row).toMatchObject({
      unit: toWatched.unit,
      direction: 'outgoing',
      scope: 'wallet',
      watched: [WATCHED],
      counterparties: [WATCHED],
      fee: 710,
      amounts: [expect.objectContaining({ asset: 'base', net: -3_710 })],
    });
  });

  it('a unit that touches only a watched address is theirs: scope watched, as they see it', () => {
    const row = historyPage(db, { search: watchedOnly.unit ?? '' }).rows[0];
    expect(row).toMatchObject({
      direction: 'incoming',
      scope: 'watched',
      watched: [WATCHED],
      counterparties: [STRANGER],
      fee: null,
      amounts: [expect.objectContaining({ asset: 'base', net: 7_000 })],
    });
    // Filtering by direction works in each row's own scope.
    const incoming = historyPage(db, { direction: 'incoming' }).rows.map((r) => r.unit);
    expect(incoming).toEqual([watchedOnly.unit, funding.unit]);
    expect(historyPage(db, { direction: 'self' }).rows).toEqual([]);
  });

  it('a unit paying both the wallet and a watched address counts the wallet’s share only', () => {
    const row = historyPage(db, { search: funding.unit ?? '' }).rows[0];
    expect(row).toMatchObject({
      direction: 'incoming',
      scope: 'wallet',
      watched: [WATCHED],
      amounts: [expect.objectContaining({ asset: 'base', net: 10_000 })],
    });
  });

  it('a live payment to a watched address is announced as the watched address’s', () => {
    const arrivals = paymentArrivals(db, [watchedOnly.unit ?? '', toWatched.unit ?? ''], 'bytes');
    // The wallet's own payment to the watched address is not a payment received.
    expect(arrivals).toEqual([
      { unit: watchedOnly.unit, amountText: '+7000 bytes, to a watched address (not yours)' },
    ]);
  });
});
