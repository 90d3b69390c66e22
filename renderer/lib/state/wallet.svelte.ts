/**
 * Whether a wallet exists and is unlocked; decides between onboarding, unlock and the wallet.
 * Follows main's `walletStateChanged` (auto-lock, a lock from another screen). Holds no key and
 * no mnemonic: only what `wallet.getState` says.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { WalletStatus } from '../../../shared/ipc/keys-schemas';
import { sentence } from '../api';

export type WalletPhase = 'loading' | 'none' | 'locked' | 'unlocked' | 'damaged';

/** "4 s", "1 min 30 s". */
export function delayWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

export class WalletState {
  value = $state<WalletStatus | null>(null);
  error = $state<string | null>(null);
  /** The unlock form. */
  password = $state('');
  unlocking = $state(false);
  unlockError = $state<string | null>(null);
  /** When another password try is accepted (epoch ms); 0: now. */
  retryAt = $state(0);
  private readonly api: ObyteApi;
  private readonly now: () => number;

  constructor(api: ObyteApi, now: () => number = Date.now) {
    this.api = api;
    this.now = now;
  }

  readonly phase: WalletPhase = $derived.by(() => {
    const value = this.value;
    if (!value) return 'loading';
    return value.state;
  });

  subscribe(): Array<() => void> {
    return [this.api.on('walletStateChanged', (state) => this.received(state))];
  }

  received(state: WalletStatus): void {
    this.take(state);
  }

  /**
   * A new state from main. A delay after wrong passwords outlives restarts (main keeps it
   * beside the keystore), so a page that opens during one counts it down at once.
   */
  private take(state: WalletStatus): void {
    this.value = state;
    if (state.state === 'locked' && state.retryAfterMs > 0) {
      this.retryAt = this.now() + state.retryAfterMs;
    }
  }

  async load(): Promise<void> {
    const reply = await this.api.wallet.getState();
    if (reply.ok) this.take(reply.value);
    else this.error = sentence('The wallet state could not be read', reply.error);
  }

  async unlock(): Promise<boolean> {
    if (this.unlocking) return false;
    const needsPassword = this.value?.state === 'locked' && this.value.protection === 'password';
    if (needsPassword && this.password === '') {
      this.unlockError = 'Enter the wallet password.';
      return false;
    }
    this.unlocking = true;
    this.unlockError = null;
    const reply = await this.api.wallet.unlock(needsPassword ? { password: this.password } : {});
    this.unlocking = false;
    this.password = '';
    if (reply.ok) {
      this.value = reply.value;
      this.retryAt = 0;
      return true;
    }
    this.unlockError = reply.error.message;
    const state = await this.api.wallet.getState();
    if (state.ok) this.take(state.value);
    return false;
  }

  async lock(): Promise<void> {
    const reply = await this.api.wallet.lock();
    if (reply.ok) this.value = reply.value;
    else this.error = sentence('The wallet was not locked', reply.error);
  }
}
