/**
 * Why a restored wallet's addresses were not looked up, in words: WalletSession.discover tells
 * the facts, the IPC edge and the command line word them (ipc/wallet-sentences.ts) and the
 * restore's result carries the sentence (ipc/wallet-view.ts).
 */
import { describe, expect, it } from 'vitest';
import { discoverySentence } from '../../../electron/main/ipc/wallet-sentences';
import { restoreResultView } from '../../../electron/main/ipc/wallet-view';
import { problemsOf } from '../../support/sentence-rules';

describe('discovery problems in words', () => {
  it('a hub not connected: the addresses are looked up later, the first one is shown', () => {
    const text = discoverySentence({ kind: 'hub-not-connected' });
    expect(text).toBe(
      'The hub is not connected, so the addresses of this wallet were not looked up yet. They will be once the hub answers; until then the first address is shown.',
    );
    expect(problemsOf(text)).toEqual([]);
  });

  it("a failed lookup says the wallet's words, or that the hub did not answer in time", () => {
    expect(
      discoverySentence({
        kind: 'lookup-failed',
        problem: { kind: 'discovery-stopped', problem: 'The hub refused the request.' },
      }),
    ).toBe(
      'The wallet was restored, but its addresses could not be looked up: Address discovery stopped: The hub refused the request. Try again from Addresses once the hub is connected.',
    );
    const late = discoverySentence({ kind: 'lookup-failed', problem: null });
    expect(late).toBe(
      'The wallet was restored, but its addresses could not be looked up: the hub did not answer in time Try again from Addresses once the hub is connected.',
    );
  });

  it('is at most 500 characters (the contract allows no more)', () => {
    const text = discoverySentence({
      kind: 'lookup-failed',
      problem: { kind: 'history-unverified', problem: 'x'.repeat(600) },
    });
    expect(text).toHaveLength(500);
    expect(text.startsWith('The wallet was restored, but its addresses could not be')).toBe(true);
  });

  it("a restore's result carries the sentence, or null when discovery ran", () => {
    const discovery = { addressesChecked: 80, usedAddresses: 3, unitsVerified: 5, roundTrips: 1 };
    expect(restoreResultView({ wallet: 'w', discovery, problem: null })).toEqual({
      wallet: 'w',
      discovery,
      problem: null,
    });
    expect(
      restoreResultView({ wallet: 'w', discovery: null, problem: { kind: 'hub-not-connected' } })
        .problem,
    ).toMatch(/^The hub is not connected/);
  });
});
