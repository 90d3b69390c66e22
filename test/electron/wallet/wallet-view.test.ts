/**
 * The wallet at the IPC edge: WalletSession answers with facts, ipc/wallet-view.ts makes the
 * contract's views of them (the page's WalletStatus within the contract's limits), and why a
 * restored wallet's addresses were not looked up is worded there (ipc/wallet-sentences.ts), for
 * the page and the command line alike.
 */
import { describe, expect, it } from 'vitest';
import { discoverySentence } from '../../../electron/main/ipc/wallet-sentences';
import { restoreResultView, walletStatusView } from '../../../electron/main/ipc/wallet-view';
import { WalletStatusSchema } from '../../../shared/ipc/keys-schemas';
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
    const wallet = { state: 'none', keychainAvailable: false } as const;
    expect(restoreResultView({ wallet, discovery, problem: null })).toEqual({
      wallet: { state: 'none', keychainAvailable: false },
      discovery,
      problem: null,
    });
    expect(
      restoreResultView({ wallet, discovery: null, problem: { kind: 'hub-not-connected' } })
        .problem,
    ).toMatch(/^The hub is not connected/);
  });
});

describe('the wallet state as the page knows it', () => {
  it("keeps a damaged file's problem and the address list within the contract", () => {
    const damaged = walletStatusView({ state: 'damaged', problem: 'y'.repeat(700) });
    expect(damaged).toEqual({ state: 'damaged', problem: 'y'.repeat(600) });
    expect(WalletStatusSchema.safeParse(damaged).success).toBe(true);
    const addresses = Array.from({ length: 10_005 }, () => 'A'.repeat(32));
    const unlocked = walletStatusView({
      state: 'unlocked',
      network: 'devnet',
      protection: 'password',
      walletId: 'w'.repeat(44),
      deviceAddress: '0'.repeat(33),
      addresses,
      retryAfterMs: 0,
      autoLockMinutes: 15,
      keychainAvailable: false,
    });
    expect(unlocked.state === 'unlocked' && unlocked.addresses.length).toBe(10_000);
    expect(WalletStatusSchema.safeParse(unlocked).success).toBe(true);
  });
});
