/**
 * The watch list, sync bookkeeping for the next request (known balls, proven and unproven
 * units) and the asset metadata cache.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addressGroupKey } from '../../../electron/main/services/storage/index';
import { ASSET, address, hash, joint, makeUnit, tempDatabases } from './builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const A = address('a');
const B = address('b');
const X = address('x (foreign)');

describe('watched addresses', () => {
  it('adds, relabels and removes; a wallet address stays a wallet address', () => {
    let now = 10;
    const db = temp.open(temp.dir(), { clock: { now: () => now } });
    expect(db.addWatchedAddress({ address: A, kind: 'wallet', label: '  main  ' })).toEqual({
      address: A,
      label: 'main',
      kind: 'wallet',
      addedAt: 10,
    });
    now = 20;
    db.addWatchedAddress({ address: B, kind: 'watch-only' });
    expect(db.addWatchedAddress({ address: A, kind: 'watch-only', label: 'renamed' })).toEqual({
      address: A,
      label: 'renamed',
      kind: 'wallet',
      addedAt: 10,
    });
    expect(db.watchedAddresses().map((w) => w.address)).toEqual([A, B]);
    db.setHistoryTooLarge(B, true);
    expect(db.removeWatchedAddress(B)).toBe(true);
    expect(db.removeWatchedAddress(B)).toBe(false);
    expect(db.watchedAddresses().map((w) => w.address)).toEqual([A]);
    expect(db.addressSyncStates([B])[0]).toMatchObject({ historyTooLarge: false });
  });

  it('refuses invalid addresses, kinds and overlong labels', () => {
    const db = temp.open(temp.dir());
    expect(() => db.addWatchedAddress({ address: A.toLowerCase(), kind: 'wallet' })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(() => db.addWatchedAddress({ address: A, kind: 'other' as 'wallet' })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(() =>
      db.addWatchedAddress({ address: A, kind: 'wallet', label: 'x'.repeat(101) }),
    ).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(db.watchedAddresses()).toEqual([]);
  });
});

describe('what the next history request needs', () => {
  it('lists proven balls, proven units per address and units still unproven', () => {
    const db = temp.open(temp.dir());
    const toA = makeUnit({
      label: 'to a',
      authors: [X],
      payments: [{ inputs: [], outputs: [{ address: A, amount: 1 }] }],
    });
    const fromB = makeUnit({
      label: 'from b',
      authors: [B],
      payments: [{ inputs: [], outputs: [{ address: X, amount: 1 }] }],
    });
    const pending = makeUnit({
      label: 'pending',
      authors: [X],
      payments: [{ inputs: [], outputs: [{ address: A, amount: 1 }] }],
    });
    db.applyVerifiedHistory([
      joint(toA, 'stable'),
      joint(fromB, 'final-bad'),
      joint(pending, 'unconfirmed'),
    ]);
    expect(db.provenBalls()).toEqual(
      new Map([
        [toA.unit, hash(`ball of ${toA.unit}`)],
        [fromB.unit, hash(`ball of ${fromB.unit}`)],
      ]),
    );
    expect(db.provenUnits([A])).toEqual([toA.unit]);
    expect(db.provenUnits([A, B, X])).toEqual([toA.unit, fromB.unit].sort());
    expect(db.unprovenUnits()).toEqual([pending.unit]);
    db.markTempBad([pending.unit ?? '']);
    expect(db.unprovenUnits()).toEqual([pending.unit]);
  });

  it('keys an address group by its members, whatever their order', () => {
    expect(addressGroupKey([A, B])).toBe(addressGroupKey([B, A, A]));
    expect(addressGroupKey([A])).not.toBe(addressGroupKey([A, B]));
  });

  it('refuses sync bookkeeping for invalid addresses before touching anything', () => {
    const db = temp.open(temp.dir());
    expect(() =>
      db.applyVerifiedHistory([], { sync: { group: 'g', addresses: ['bad'], lastProvenMci: 1 } }),
    ).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(db.syncGroups()).toEqual([]);
  });
});

describe('asset metadata cache', () => {
  it('stores and replaces metadata, and checks it', () => {
    let now = 5;
    const db = temp.open(temp.dir(), { clock: { now: () => now } });
    const metadata = {
      asset: ASSET,
      name: 'TOKEN',
      decimals: 2,
      registryAddress: X,
      metadataUnit: hash('metadata unit'),
      suffix: null,
    };
    expect(db.saveAssetMetadata(metadata)).toEqual({ ...metadata, fetchedAt: 5 });
    now = 6;
    db.saveAssetMetadata({ ...metadata, name: 'TOKEN2', suffix: 'X' });
    expect(db.assetMetadata()).toEqual([
      { ...metadata, name: 'TOKEN2', suffix: 'X', fetchedAt: 6 },
    ]);
    for (const bad of [
      { ...metadata, asset: 'base' },
      { ...metadata, decimals: 19 },
      { ...metadata, decimals: 1.5 },
      { ...metadata, registryAddress: 'nope' },
      { ...metadata, metadataUnit: 'nope' },
    ]) {
      expect(() => db.saveAssetMetadata(bad)).toThrow(
        expect.objectContaining({ code: 'invalid-input' }),
      );
    }
  });
});
