/**
 * WalletService against the loopback hub: addresses as the official wallets derive them,
 * discovery in few round trips (counted at the hub), progress, gap limit, receive and change
 * addresses, payment links.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryProgress } from '../../../electron/main/services/wallet';
import { parseUri } from '../../../shared/protocol/uri';
import {
  TEST_MNEMONIC,
  walletAddressOf,
  walletAddressesOf,
} from '../../support/test-hub/wallet-scenarios';
import { createWalletRig, type WalletRig } from './rig';

let rig: WalletRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const receive = (count: number, account = 0): string[] =>
  walletAddressesOf(TEST_MNEMONIC, account, false, count);

describe('WalletService', () => {
  it("derives the official wallets' addresses (hd.json: abandon … about, m/44'/0'/0'/0/0)", async () => {
    rig = await createWalletRig({ payments: [] });
    const address = await rig.wallet.nextReceiveAddress();
    expect(address).toBe(walletAddressOf(TEST_MNEMONIC, 0, false, 0));
    const info = rig.wallet.lookup(address);
    expect(info).toMatchObject({ account: 0, isChange: false, index: 0, used: false });
    expect(rig.db.watchedAddresses()).toEqual([
      expect.objectContaining({ address, kind: 'wallet' }),
    ]);
  });

  it('discovers an empty wallet in one round trip (accounts 0..3, gap 20)', async () => {
    rig = await createWalletRig({ payments: [] });
    const result = await rig.wallet.discover();
    expect(result.roundTrips).toBe(1);
    expect(rig.scenario.historyRequests).toHaveLength(1);
    // Three gaps on each chain of account 0, one on the receive chain of accounts 1..3.
    expect(strings(rig.scenario.historyRequests[0]?.['addresses'])).toHaveLength(2 * 60 + 3 * 20);
    expect(result.usedAddresses).toBe(0);
    expect(result.accounts).toEqual([0]);
    // Only account 0's gap is kept and watched: 20 receive and 20 change addresses.
    expect(rig.db.watchedAddresses()).toHaveLength(40);
  });

  it('keeps only the used addresses and the gap after them (a 3-address wallet watches 43)', async () => {
    const used = [
      walletAddressOf(TEST_MNEMONIC, 0, false, 0),
      walletAddressOf(TEST_MNEMONIC, 0, false, 1),
      walletAddressOf(TEST_MNEMONIC, 0, false, 2),
    ];
    rig = await createWalletRig({ payments: used.map((address) => ({ address, amount: 1000 })) });
    const result = await rig.wallet.discover();
    expect(result.roundTrips).toBe(1);
    expect(result.addressesChecked).toBe(180);
    const kept = rig.wallet.addresses();
    expect(kept.filter((a) => !a.isChange).map((a) => a.index)).toEqual(
      Array.from({ length: 23 }, (_, i) => i),
    );
    expect(kept.filter((a) => a.isChange).map((a) => a.index)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(kept.every((a) => a.account === 0)).toBe(true);
    expect(kept.filter((a) => a.used).map((a) => a.address)).toEqual(used);
    expect(new Set(rig.db.watchedAddresses().map((w) => w.address))).toEqual(
      new Set(kept.map((a) => a.address)),
    );
    expect(rig.db.balances().total['base']?.stable).toBe(3000);
    // The devnet's genesis unit, learned from the verified answer, is kept: the sync's and the
    // second hub's later answers may not name it again once the history is known.
    expect(rig.db.genesisUnit()).toBe(rig.scenario.genesisUnit);
  });

  it('finds a wallet shaped like the devnet test wallet (26 receive, 3 change) in one round trip', async () => {
    const payments = [
      ...receive(26).map((address) => ({ address, amount: 2000 })),
      ...walletAddressesOf(TEST_MNEMONIC, 0, true, 3).map((address) => ({ address, amount: 3000 })),
    ];
    rig = await createWalletRig({ payments });
    const result = await rig.wallet.discover();
    expect(result.usedAddresses).toBe(29);
    expect(result.roundTrips).toBe(1);
    expect(rig.wallet.addresses()).toHaveLength(26 + 20 + 3 + 20);
  });

  it('finds 200 used addresses in 2 round trips, verified and stored', async () => {
    const used = receive(200);
    rig = await createWalletRig({
      payments: used.map((address, i) => ({ address, amount: 1000 + i })),
    });
    const progress: DiscoveryProgress[] = [];
    const result = await rig.wallet.discover((p) => progress.push(p));
    expect(result.usedAddresses).toBe(200);
    expect(result.roundTrips).toBe(2);
    expect(rig.scenario.historyRequests.length).toBe(result.roundTrips);
    const last = progress.at(-1);
    expect(last?.addressesChecked).toBe(last?.addressesToCheck);
    expect(last?.unitsVerified).toBeGreaterThan(0);
    const total = rig.db.balances(used).total['base'];
    expect(total?.stable).toBe(used.reduce((sum, _a, i) => sum + 1000 + i, 0));
    // Gap limit: 20 unused receive addresses after the last used one were checked and kept.
    const chain = rig.wallet.addresses(0).filter((a) => !a.isChange);
    expect(chain).toHaveLength(220);
    expect(await rig.wallet.nextReceiveAddress()).toBe(
      walletAddressOf(TEST_MNEMONIC, 0, false, 200),
    );
  });

  it('finds 50 used addresses in 2 round trips', async () => {
    const used = receive(50);
    rig = await createWalletRig({ payments: used.map((address) => ({ address, amount: 5000 })) });
    const result = await rig.wallet.discover();
    expect(result.usedAddresses).toBe(50);
    expect(result.roundTrips).toBe(2);
  });

  it('respects the gap: an address 21 after the last used one is not found', async () => {
    const far = walletAddressOf(TEST_MNEMONIC, 0, false, 100);
    const near = walletAddressOf(TEST_MNEMONIC, 0, false, 5);
    rig = await createWalletRig({
      payments: [
        { address: near, amount: 1000 },
        { address: far, amount: 1000 },
      ],
    });
    const result = await rig.wallet.discover();
    // 5 used → checked up to 25 (sparse, no growth); 100 lies far beyond the gap.
    expect(result.usedAddresses).toBe(1);
  });

  it('finds change addresses and a later account, and stops 3 unused accounts after it', async () => {
    const payments = [
      { address: walletAddressOf(TEST_MNEMONIC, 0, true, 3), amount: 700 },
      { address: walletAddressOf(TEST_MNEMONIC, 2, false, 0), amount: 800 },
    ];
    rig = await createWalletRig({ payments });
    const result = await rig.wallet.discover();
    expect(result.usedAddresses).toBe(2);
    expect(result.accounts).toEqual([0, 2]);
    const asked = new Set(rig.scenario.historyRequests.flatMap((p) => strings(p['addresses'])));
    expect(asked.has(walletAddressOf(TEST_MNEMONIC, 5, false, 0))).toBe(true);
    // Account 2 received, so its change chain was asked about too; account 1's was not.
    expect(asked.has(walletAddressOf(TEST_MNEMONIC, 2, true, 19))).toBe(true);
    expect(asked.has(walletAddressOf(TEST_MNEMONIC, 1, true, 0))).toBe(false);
    expect(asked.has(walletAddressOf(TEST_MNEMONIC, 6, false, 0))).toBe(false);
    const status = await rig.keystore.status();
    expect(
      status.exists && status.readable && status.public.accounts.map((a) => a.account),
    ).toEqual([0, 2]);
    expect(await rig.wallet.changeAddress()).toBe(walletAddressOf(TEST_MNEMONIC, 0, true, 0));
  });

  it('splits a request the hub finds too large', async () => {
    const used = receive(40);
    rig = await createWalletRig({
      payments: used.map((address) => ({ address, amount: 1000 })),
      maxUnits: 0,
    });
    const result = await rig.wallet.discover();
    // Every single address is "too large": each is counted as used without its history.
    expect(result.usedAddresses).toBeGreaterThanOrEqual(40);
  });

  it('derives addresses of known accounts while locked', async () => {
    rig = await createWalletRig({ payments: [] });
    rig.keystore.lock();
    expect(await rig.wallet.changeAddress()).toBe(walletAddressOf(TEST_MNEMONIC, 0, true, 0));
  });

  it('builds payment request links that parse back', async () => {
    rig = await createWalletRig({ payments: [] });
    const address = await rig.wallet.nextReceiveAddress();
    const uri = rig.wallet.paymentRequestUri(address, 15000);
    expect(uri).toBe(`obyte:${address}?amount=15000`);
    expect(parseUri(uri)).toMatchObject({ type: 'payment', address, amount: 15000 });
    const asset = createHash('sha256').update('an asset').digest('base64');
    expect(rig.wallet.paymentRequestUri(address, 5, asset)).toBe(
      `obyte:${address}?amount=5&asset=${encodeURIComponent(asset)}`,
    );
    expect(() => rig?.wallet.paymentRequestUri('NOTANADDRESS')).toThrow(/32 characters/);
  });
});

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
