/** The value in a currency carries the hub's rate and when it came: with its date from an earlier day. */
import { describe, expect, it } from 'vitest';
import { clockTime } from '../../renderer/lib/format';
import { RatesState } from '../../renderer/lib/state/rates.svelte';
import type { ObyteApi } from '../../shared/ipc/client';

const RECEIVED = new Date(2026, 11, 6, 23, 40).getTime();

function rates(): RatesState {
  // figure() reads only the rates and the currency: no call reaches the api.
  const state = new RatesState({} as ObyteApi, () => 'USD');
  state.value = { rates: { GBYTE_USD: 20 }, receivedAt: RECEIVED, hub: 'wss://obyte.org/bb' };
  return state;
}

describe('RatesState.figure', () => {
  it('says the time alone for a rate of today', () => {
    const figure = rates().figure(2e9, 'base', 9, new Date(2026, 11, 6, 23, 55).getTime());
    expect(figure).toEqual({
      text: '≈ 40.00 USD',
      rate: `the hub's rate of ${clockTime(RECEIVED)}, not verified`,
      source: `By the hub's rate of ${clockTime(RECEIVED)}, not verified.`,
    });
  });

  it('says the date too for a rate from an earlier day', () => {
    const figure = rates().figure(2e9, 'base', 9, new Date(2026, 11, 7, 0, 5).getTime());
    expect(figure?.text).toBe('≈ 40.00 USD');
    expect(figure?.rate).not.toBe(`the hub's rate of ${clockTime(RECEIVED)}, not verified`);
    expect(figure?.rate).toMatch(/^the hub's rate of .*2026.*, not verified$/);
    expect(figure?.rate).toContain(clockTime(RECEIVED));
  });
});
