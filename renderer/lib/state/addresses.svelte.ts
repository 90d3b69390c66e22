/** The wallet's addresses (receive and change chains) with their index and bytes. */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { WalletAddressView } from '../../../shared/ipc/keys-schemas';
import { sentence } from '../api';

export class AddressesState {
  list = $state<WalletAddressView[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  readonly receive = $derived(this.list.filter((a) => !a.isChange));
  readonly change = $derived(this.list.filter((a) => a.isChange));

  subscribe(): Array<() => void> {
    return [
      this.api.on('balancesChanged', () => {
        if (this.loaded) void this.load();
      }),
    ];
  }

  async load(): Promise<void> {
    const reply = await this.api.addresses.list();
    if (reply.ok) {
      this.list = reply.value;
      this.error = null;
    } else {
      this.error = sentence('The addresses could not be listed', reply.error);
    }
    this.loaded = true;
  }
}
