/**
 * The history list (keyset pages, filters, search, per-unit net amounts, fees, status and proof)
 * and the unspent outputs the payment composer will pick from.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, WalletDatabase } from '../../../electron/main/services/storage/index';
import { ASSET, address, hash, joint, makeUnit, spend, tempDatabases } from './builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const A = address('a');
const B = address('b');
const X = address('x (foreign)');
const Y = address('y (foreign)');

const f1 = makeUnit({
  label: 'f1',
  authors: [X],
  timestamp: 100,
  payments: [
    {
      inputs: [],
      outputs: [
        { address: A, amount: 1000 },
        { address: X, amount: 5 },
      ],
    },
  ],
});
const f2 = makeUnit({
  label: 'f2',
  authors: [Y],
  timestamp: 200,
  payments: [
    { inputs: [], outputs: [{ address: B, amount: 500 }] },
    { asset: ASSET, inputs: [], outputs: [{ address: B, amount: 40 }] },
  ],
});
const s1 = makeUnit({
  label: 's1',
  authors: [A],
  timestamp: 300,
  payments: [
    {
      inputs: [spend(f1.unit ?? '')],
      outputs: [
        { address: X, amount: 600 },
        { address: A, amount: 290 },
      ],
    },
  ],
  fees: { headers: 60, payload: 40, tps: 10 },
});
const s2 = makeUnit({
  label: 's2',
  authors: [A],
  timestamp: 300,
  payments: [{ inputs: [spend(s1.unit ?? '', 0, 1)], outputs: [{ address: B, amount: 180 }] }],
  fees: { headers: 60, payload: 40, tps: 10 },
});
const bad = makeUnit({
  label: 'bad',
  authors: [B],
  timestamp: 400,
  payments: [
    { inputs: [spend(f2.unit ?? '')], outputs: [{ address: Y, amount: 400 }] },
    { asset: ASSET, inputs: [spend(f2.unit ?? '', 1, 0)], outputs: [{ address: Y, amount: 40 }] },
  ],
});
const unknownSource = makeUnit({
  label: 'unknown source',
  authors: [B],
  timestamp: 50,
  payments: [{ inputs: [spend(hash('coins we never saw'))], outputs: [{ address: Y, amount: 1 }] }],
});

let db: WalletDatabase;
beforeEach(() => {
  db = temp.open(temp.dir());
  db.addWatchedAddress({ address: A, kind: 'wallet' });
  db.addWatchedAddress({ address: B, kind: 'wallet' });
  db.applyVerifiedHistory([
    joint(bad, 'final-bad', 9),
    joint(s1, 'stable', 8),
    joint(f2, 'stable', 7),
    joint(f1, 'stable', 6),
    joint(unknownSource, 'stable', 5),
    joint(s2, 'unconfirmed', null),
    // A unit between foreign addresses only: stored (e.g. a requested joint) but not ours.
    joint(
      makeUnit({
        label: 'foreign',
        authors: [X],
        timestamp: 250,
        payments: [{ inputs: [], outputs: [{ address: Y, amount: 1 }] }],
      }),
      'stable',
    ),
  ]);
});

const units = (entries: readonly HistoryEntry[]) => entries.map((e) => e.unit);
const [hS1, hS2] = [s1.unit ?? '', s2.unit ?? ''];
const sameTime = hS1 > hS2 ? [hS1, hS2] : [hS2, hS1];
const newestFirst = [bad.unit, ...sameTime, f2.unit, f1.unit, unknownSource.unit];

describe('history', () => {
  it('lists the wallet’s units newest first with direction, net amounts, fees, status and proof', () => {
    const page = db.history();
    expect(units(page.entries)).toEqual(newestFirst);
    expect(page.nextCursor).toBeNull();
    const byUnit = new Map(page.entries.map((e) => [e.unit, e]));
    expect(byUnit.get(f1.unit ?? '')).toEqual({
      unit: f1.unit,
      timestamp: 100,
      mainChainIndex: 6,
      status: 'stable',
      proven: true,
      ball: hash(`ball of ${f1.unit}`),
      direction: 'incoming',
      scope: 'wallet',
      watched: [],
      amounts: [{ asset: 'base', net: 1000, received: 1000, sent: 0 }],
      fees: { headers: 400, payload: 300, tps: 10, oversize: 0, burn: 0, total: 710 },
      paidByAddresses: false,
      counterparties: [X],
      unknownInputs: 0,
    });
    expect(byUnit.get(hS1)).toMatchObject({
      direction: 'outgoing',
      amounts: [{ asset: 'base', net: -710, received: 290, sent: 1000 }],
      fees: { total: 110 },
      paidByAddresses: true,
      counterparties: [X],
    });
    // A to B: both ours, so only the fee leaves the wallet.
    expect(byUnit.get(hS2)).toMatchObject({
      direction: 'self',
      status: 'pending',
      proven: false,
      ball: null,
      mainChainIndex: null,
      amounts: [{ asset: 'base', net: -110, received: 180, sent: 290 }],
      counterparties: [],
    });
    expect(byUnit.get(bad.unit ?? '')).toMatchObject({
      status: 'final-bad',
      proven: true,
      direction: 'outgoing',
      amounts: [
        { asset: 'base', net: -500, received: 0, sent: 500 },
        { asset: ASSET, net: -40, received: 0, sent: 40 },
      ],
      counterparties: [Y],
    });
    expect(byUnit.get(f2.unit ?? '')?.amounts).toEqual([
      { asset: 'base', net: 500, received: 500, sent: 0 },
      { asset: ASSET, net: 40, received: 40, sent: 0 },
    ]);
    expect(byUnit.get(unknownSource.unit ?? '')).toMatchObject({ unknownInputs: 1, amounts: [] });
  });

  it('pages by (timestamp, unit) and the pages add up to the whole list', () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = db.history({ limit: 2, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...units(page.entries));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(3);
  });

  it('keeps the next page stable when new units arrive between pages', () => {
    const first = db.history({ limit: 3 });
    db.applyVerifiedHistory([
      joint(
        makeUnit({
          label: 'newer',
          authors: [X],
          timestamp: 999,
          payments: [{ inputs: [], outputs: [{ address: A, amount: 1 }] }],
        }),
        'unconfirmed',
      ),
    ]);
    const second = db.history({ limit: 3, cursor: first.nextCursor });
    expect([...units(first.entries), ...units(second.entries)]).toEqual(newestFirst);
  });

  it('filters by direction and by asset', () => {
    expect(units(db.history({ direction: 'incoming' }).entries)).toEqual([f2.unit, f1.unit]);
    expect(units(db.history({ direction: 'outgoing' }).entries)).toEqual([
      bad.unit,
      hS1,
      unknownSource.unit,
    ]);
    expect(units(db.history({ direction: 'self' }).entries)).toEqual([hS2]);
    expect(units(db.history({ asset: ASSET }).entries)).toEqual([bad.unit, f2.unit]);
    expect(units(db.history({ asset: ASSET, direction: 'incoming' }).entries)).toEqual([f2.unit]);
    expect(db.history({ asset: hash('an asset nobody holds') }).entries).toEqual([]);
  });

  it('is relative to the addresses asked for', () => {
    const onlyA = db.history({ addresses: [A] });
    expect(units(onlyA.entries)).toEqual(sameTime.concat([f1.unit ?? '']));
    expect(onlyA.entries.find((e) => e.unit === hS2)).toMatchObject({
      direction: 'outgoing',
      counterparties: [B],
      amounts: [{ asset: 'base', net: -290, received: 0, sent: 290 }],
    });
    expect(db.history({ addresses: [] })).toEqual({ entries: [], nextCursor: null });
  });

  it('searches by unit hash or by address (any case), within the wallet’s history', () => {
    expect(units(db.history({ search: ` ${hS2} ` }).entries)).toEqual([hS2]);
    expect(units(db.history({ search: X.toLowerCase() }).entries)).toEqual([hS1, f1.unit]);
    expect(units(db.history({ search: Y }).entries)).toEqual([
      bad.unit,
      f2.unit,
      unknownSource.unit,
    ]);
    expect(db.history({ search: hash('not stored') }).entries).toEqual([]);
    expect(units(db.history({ search: '' }).entries)).toEqual(newestFirst);
  });

  it('searches by a part of a unit (as typed) or of an address (any case), 6 characters or more', () => {
    const part = hS2.slice(10, 18);
    expect(units(db.history({ search: part }).entries)).toContain(hS2);
    expect(
      db.history({ search: part }).entries.every((e) => e.unit.includes(part) || e.unit === hS2),
    ).toBe(true);
    // An address's middle, in lower case: the units that name it, newest first, as exact search.
    expect(units(db.history({ search: Y.slice(5, 16).toLowerCase() }).entries)).toEqual(
      units(db.history({ search: Y }).entries),
    );
    // With the stored facts or without, the same answer; a filter still applies.
    expect(units(db.history({ search: Y.slice(5, 16), direction: 'incoming' }).entries)).toEqual([
      f2.unit,
    ]);
    expect(db.history({ search: 'ZZZZZZZZZZ' }).entries).toEqual([]);
    // Shorter than a part, or not base64: words of labels only (none here).
    expect(db.history({ search: 'ABCDE' }).entries).toEqual([]);
    expect(db.history({ search: 'not a hash' }).entries).toEqual([]);
    expect(() => db.history({ search: 'A' })).toThrow(
      'Type at least 2 characters of a label, a note, a name, a unit or an address to search.',
    );
  });

  it('searches by words of labels, notes, contacts and watched labels, with the other filters', () => {
    db.labels.setLabel({ type: 'unit', ref: hS1, label: 'Rent 100%', note: 'March, paid late' });
    db.labels.setLabel({ type: 'addr', ref: Y, label: 'Exchange' });
    db.labels.addContact({ name: 'Alice', address: X, note: 'club' });
    db.addWatchedAddress({ address: address('w'), label: 'Cold', kind: 'watch-only' });
    expect(units(db.history({ search: 'rent' }).entries)).toEqual([hS1]);
    expect(units(db.history({ search: 'PAID LATE' }).entries)).toEqual([hS1]);
    // A contact's name finds every unit naming the address: f1 from Alice, s1 paying her.
    expect(units(db.history({ search: 'alice' }).entries)).toEqual([hS1, f1.unit]);
    expect(units(db.history({ search: 'club', direction: 'incoming' }).entries)).toEqual([f1.unit]);
    expect(units(db.history({ search: 'Exchange' }).entries)).toEqual(
      units(db.history({ search: Y }).entries),
    );
    expect(units(db.history({ search: 'alice', from: 200 }).entries)).toEqual([hS1]);
    // LIKE's wildcards are taken as typed.
    expect(units(db.history({ search: '0%' }).entries)).toEqual([hS1]);
    expect(db.history({ search: '_x' }).entries).toEqual([]);
  });

  it('filters by date: from (inclusive) and to (exclusive), in seconds, with the other filters', () => {
    expect(units(db.history({ from: 200 }).entries)).toEqual([bad.unit, ...sameTime, f2.unit]);
    expect(units(db.history({ to: 300 }).entries)).toEqual([f2.unit, f1.unit, unknownSource.unit]);
    expect(units(db.history({ from: 200, to: 300 }).entries)).toEqual([f2.unit]);
    expect(units(db.history({ from: 200, to: 301, direction: 'outgoing' }).entries)).toEqual([hS1]);
    expect(units(db.history({ from: 100, asset: ASSET }).entries)).toEqual([bad.unit, f2.unit]);
    expect(db.history({ from: 301, to: 301 }).entries).toEqual([]);
    // Pages of a date range add up to the range.
    const first = db.history({ from: 100, to: 400, limit: 2 });
    const rest = db.history({ from: 100, to: 400, limit: 10, cursor: first.nextCursor });
    expect([...units(first.entries), ...units(rest.entries)]).toEqual(
      units(db.history({ from: 100, to: 400 }).entries),
    );
  });

  it('refuses malformed queries with a plain message', () => {
    const cases = [
      { search: 'a' },
      { from: -1 },
      { to: 1.5 },
      { limit: 0 },
      { limit: 501 },
      { limit: 1.5 },
      { asset: 'bytes' },
      { cursor: 'not a cursor!' },
      { cursor: Buffer.from('[1,"x"]').toString('base64url') },
      { cursor: Buffer.from('{}').toString('base64url') },
      { addresses: ['NOT AN ADDRESS'] },
    ];
    for (const query of cases) {
      expect(() => db.history(query)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    }
    expect(() => db.history({ direction: 'sideways' as 'self' })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
  });
});

describe('unspentOutputs', () => {
  it('offers proven good coins only, by default', () => {
    expect(db.unspentOutputs([A, B], 'base')).toEqual([
      {
        unit: f2.unit,
        messageIndex: 0,
        outputIndex: 0,
        address: B,
        asset: 'base',
        amount: 500,
        proven: true,
        mainChainIndex: 7,
      },
    ]);
    expect(db.unspentOutputs([A, B], ASSET).map((o) => o.amount)).toEqual([40]);
    expect(db.unspentOutputs([A], ASSET)).toEqual([]);
  });

  it('adds unconfirmed coins with "all", or only those our own units created with "own"', () => {
    const incoming = makeUnit({
      label: 'incoming pending',
      authors: [X],
      timestamp: 600,
      payments: [{ inputs: [], outputs: [{ address: A, amount: 77 }] }],
    });
    db.applyVerifiedHistory([joint(incoming, 'unconfirmed')]);
    expect(
      db
        .unspentOutputs([A, B], 'base', { spendUnconfirmed: 'all' })
        .map((o) => [o.amount, o.proven]),
    ).toEqual([
      [500, true],
      [77, false],
      [180, false],
    ]);
    expect(
      db.unspentOutputs([A, B], 'base', { spendUnconfirmed: 'own' }).map((o) => o.amount),
    ).toEqual([500, 180]);
    expect(
      db.unspentOutputs([B], 'base', { spendUnconfirmed: 'own' }).map((o) => o.amount),
    ).toEqual([500]);
    expect(
      db
        .unspentOutputs([B], 'base', { spendUnconfirmed: 'own', ownAddresses: [A, B] })
        .map((o) => o.amount),
    ).toEqual([500, 180]);
    db.markTempBad([s2.unit ?? '']);
    expect(
      db.unspentOutputs([A, B], 'base', { spendUnconfirmed: 'all' }).map((o) => o.amount),
    ).toEqual([500, 77]);
  });

  it('checks its arguments', () => {
    expect(() => db.unspentOutputs([A], 'bytes')).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(() => db.unspentOutputs(['nope'], 'base')).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(() => db.unspentOutputs([A], 'base', { spendUnconfirmed: 'some' as 'all' })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
  });
});
