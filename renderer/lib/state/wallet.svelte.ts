/** Whether a wallet exists and is unlocked; decides between onboarding, unlock and the wallet. */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { WalletState as WalletInfo } from '../../../shared/ipc/schemas';
import { sentence } from '../api';

export type WalletPhase = 'loading' | 'none' | 'locked' | 'unlocked';

export class WalletState {
  value = $state<WalletInfo | null>(null);
  error = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  readonly phase: WalletPhase = $derived.by(() => {
    const value = this.value;
    if (!value) return 'loading';
    if (!value.exists) return 'none';
    return value.unlocked ? 'unlocked' : 'locked';
  });

  async load(): Promise<void> {
    const reply = await this.api.wallet.getState();
    if (reply.ok) this.value = reply.value;
    else this.error = sentence('The wallet state could not be read', reply.error);
  }

  async lock(): Promise<void> {
    const reply = await this.api.wallet.lock();
    if (reply.ok) this.value = reply.value;
    else this.error = sentence('The wallet was not locked', reply.error);
  }
}
