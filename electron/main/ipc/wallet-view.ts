/**
 * The wallet as the page and the command line show it: its state (WalletStatus), the addresses
 * of the account in use, a restore's progress and outcome, with why its addresses were not
 * looked up in words (wallet-sentences.ts).
 */
import type { DiscoveryProgressView, WalletAddressView, WalletStatus } from '../../../shared/ipc';
import type { DiscoveryProgress } from '../services/wallet/index';
import type {
  DiscoveryProblem,
  DiscoverySummary,
  WalletAddress,
  WalletState,
} from '../services/wallet-session';
import { discoverySentence } from './wallet-sentences';

/** The wallet's state as the page knows it: never a key, at most 10,000 addresses. */
export function walletStatusView(state: WalletState): WalletStatus {
  switch (state.state) {
    case 'none':
      return { state: 'none', keychainAvailable: state.keychainAvailable };
    case 'damaged':
      return { state: 'damaged', problem: state.problem.slice(0, 600) };
    case 'locked':
    case 'unlocked':
      return {
        state: state.state,
        network: state.network,
        protection: state.protection,
        walletId: state.walletId,
        deviceAddress: state.deviceAddress,
        addresses: state.addresses.slice(0, 10_000),
        retryAfterMs: state.retryAfterMs,
        autoLockMinutes: state.autoLockMinutes,
        keychainAvailable: state.keychainAvailable,
      };
  }
}

/** The addresses of the account in use, with their bytes. */
export function walletAddressesView(addresses: readonly WalletAddress[]): WalletAddressView[] {
  return addresses.map((a) => ({
    address: a.address,
    account: a.account,
    isChange: a.isChange,
    index: a.index,
    used: a.used,
    bytes: { stable: a.bytes.stable, pending: a.bytes.pending },
  }));
}

/** How far a restore's discovery has come (the page's restoreProgress). */
export function restoreProgressView(progress: DiscoveryProgress): DiscoveryProgressView {
  return {
    round: progress.round,
    addressesChecked: progress.addressesChecked,
    addressesToCheck: progress.addressesToCheck,
    unitsVerified: progress.unitsVerified,
    usedAddresses: progress.usedAddresses,
  };
}

/** A restore's outcome: the wallet, what discovery found, or why it did not run, in words. */
export function restoreResultView(result: {
  wallet: WalletState;
  discovery: DiscoverySummary | null;
  problem: DiscoveryProblem | null;
}): { wallet: WalletStatus; discovery: DiscoverySummary | null; problem: string | null } {
  return {
    wallet: walletStatusView(result.wallet),
    discovery: result.discovery,
    problem: result.problem === null ? null : discoverySentence(result.problem),
  };
}
