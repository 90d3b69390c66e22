/**
 * Whether a wallet exists and is unlocked. There is no keystore yet, so no wallet exists and
 * none can be unlocked; the IPC capability `needsUnlockedWallet` asks this service.
 */
import type { WalletState } from '../../../shared/ipc';

export class WalletSession {
  private unlocked = false;

  state(): WalletState {
    return { exists: false };
  }

  isUnlocked(): boolean {
    return this.unlocked;
  }

  /** Forgets every key held in memory. */
  lock(): WalletState {
    this.unlocked = false;
    return this.state();
  }
}
