/**
 * Live arrivals (SyncChange.arrivals) and which of them are payments to announce, against the
 * loopback hub replaying the captured devnet history: a first sync, a restore-like catch-up or
 * a newly watched address never announces old units; a unit that appears later does, once, and
 * only when it pays the watched addresses (not a transfer between them).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../../electron/main/services/sync';
import { paymentArrivals } from '../../../electron/main/services/sync/arrivals';
import { FUNDED, NEWEST_UNIT } from '../../support/test-hub';
import { createRig, type SyncRig } from './helpers';

/** 5HQY… receives 1,000,000 bytes from GRFM… in NEWEST_UNIT. */
const [RECEIVER, PAYER] = FUNDED as [string, string];
let rig: SyncRig | null = null;

afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function synced(
  watch: string[],
  hidden: string[],
): Promise<{ r: SyncRig; changes: SyncChange[] }> {
  const r = await createRig({ watch, hidden });
  rig = r;
  const changes: SyncChange[] = [];
  r.sync.on('changed', (change) => changes.push(change));
  const ended = r.nextSyncEnd();
  r.client.start();
  await ended;
  return { r, changes };
}

async function releaseAndSync(r: SyncRig): Promise<void> {
  r.history.release();
  const ended = r.nextSyncEnd();
  r.hub.broadcast('light/have_updates');
  await ended;
}

describe('live arrivals', () => {
  it('a first sync stores the history but announces nothing', async () => {
    const { r, changes } = await synced([RECEIVER], []);
    expect(r.db.history().entries.length).toBeGreaterThan(0);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.flatMap((change) => change.arrivals)).toEqual([]);
  });

  it('a unit that appears after the first sync is one arrival, a payment in the user unit', async () => {
    const { r, changes } = await synced([RECEIVER], [NEWEST_UNIT]);
    expect(r.db.getUnit(NEWEST_UNIT)).toBeNull();
    changes.length = 0;
    await releaseAndSync(r);
    expect(changes.flatMap((change) => change.arrivals)).toEqual([NEWEST_UNIT]);
    expect(paymentArrivals(r.db, [NEWEST_UNIT], 'GBYTE')).toEqual([
      { unit: NEWEST_UNIT, amountText: '+0.001 GBYTE, to a watched address (not yours)' },
    ]);
    expect(paymentArrivals(r.db, [NEWEST_UNIT], 'bytes')).toEqual([
      { unit: NEWEST_UNIT, amountText: '+1000000 bytes, to a watched address (not yours)' },
    ]);
    // Asked again, the stored unit is not new: no second arrival.
    changes.length = 0;
    await r.sync.syncNow();
    expect(changes.flatMap((change) => change.arrivals)).toEqual([]);
  });

  it("the payer's side of the same unit is an arrival but not a payment to announce", async () => {
    const { r, changes } = await synced([PAYER], [NEWEST_UNIT]);
    changes.length = 0;
    await releaseAndSync(r);
    expect(changes.flatMap((change) => change.arrivals)).toEqual([NEWEST_UNIT]);
    expect(paymentArrivals(r.db, [NEWEST_UNIT], 'GBYTE')).toEqual([]);
  });

  it('a transfer between two watched addresses is not announced', async () => {
    const { r } = await synced([RECEIVER, PAYER], [NEWEST_UNIT]);
    await releaseAndSync(r);
    expect(r.db.getUnit(NEWEST_UNIT)).not.toBeNull();
    expect(paymentArrivals(r.db, [NEWEST_UNIT], 'GBYTE')).toEqual([]);
  });

  it('a newly watched address brings its old units without announcing them', async () => {
    const { r, changes } = await synced([RECEIVER], []);
    const before = r.db.history().entries.length;
    changes.length = 0;
    const ended = r.nextSyncEnd();
    r.sync.watch(PAYER);
    await ended;
    expect(r.db.history().entries.length).toBeGreaterThan(before);
    expect(changes.flatMap((change) => change.units).length).toBeGreaterThan(0);
    expect(changes.flatMap((change) => change.arrivals)).toEqual([]);
  });

  it('an unknown or unstored unit is no payment', async () => {
    const { r } = await synced([RECEIVER], [NEWEST_UNIT]);
    expect(
      paymentArrivals(r.db, [NEWEST_UNIT, `${'A'.repeat(43)}=`, 'not a unit'], 'GBYTE'),
    ).toEqual([]);
  });
});
