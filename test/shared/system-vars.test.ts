/**
 * threshold_size from the hub's system_vars (light-client.md §3.8): the value of the newest vote
 * counted strictly before the unit's last-ball MCI; anything unusable leaves the default.
 */
import { describe, expect, it } from 'vitest';
import { getOversizeFee, thresholdSizeAt } from '../../shared/protocol/commission';

/** As the captured devnet hub sends it, plus a later vote. */
const VOTED = [
  { vote_count_mci: 5000, value: 20000, is_emergency: 0 },
  { vote_count_mci: -1, value: 10000, is_emergency: 0 },
];

describe('thresholdSizeAt', () => {
  it('takes the newest vote counted strictly before the MCI', () => {
    expect(thresholdSizeAt(VOTED, 0)).toBe(10000);
    expect(thresholdSizeAt(VOTED, 5000)).toBe(10000);
    expect(thresholdSizeAt(VOTED, 5001)).toBe(20000);
    // The hub's order is newest first, but an unsorted list picks the same.
    expect(thresholdSizeAt([...VOTED].reverse(), 5001)).toBe(20000);
  });

  it('is null (keep the default) when nothing applies or the value is unusable', () => {
    expect(thresholdSizeAt(undefined, 10)).toBeNull();
    expect(thresholdSizeAt([], 10)).toBeNull();
    expect(thresholdSizeAt([{ vote_count_mci: 100, value: 500 }], 100)).toBeNull();
    for (const value of [0, -5, 1.5, '10000', null, Number.MAX_SAFE_INTEGER + 2]) {
      expect(thresholdSizeAt([{ vote_count_mci: -1, value }], 10)).toBeNull();
    }
    expect(thresholdSizeAt(VOTED, Number.NaN)).toBeNull();
  });

  it('changes the oversize fee the way the network computes it', () => {
    const size = 15000;
    expect(getOversizeFee(size, thresholdSizeAt(VOTED, 10) ?? 0)).toBeGreaterThan(0);
    expect(getOversizeFee(size, thresholdSizeAt(VOTED, 6000) ?? 0)).toBe(0);
  });
});
