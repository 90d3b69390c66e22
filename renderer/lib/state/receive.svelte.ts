/** The Receive screen: the next unused address, copy, and an amount request as an `obyte:` URI. */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { DisplayUnit } from '../../../shared/ipc/schemas';
import { sentence } from '../api';

export class ReceiveState {
  address = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  copied = $state<'address' | 'uri' | null>(null);
  amount = $state('');
  uri = $state<string | null>(null);
  uriError = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  async load(): Promise<void> {
    this.loading = true;
    const reply = await this.api.receive.nextAddress();
    this.loading = false;
    if (reply.ok) {
      this.address = reply.value.address;
      this.error = null;
    } else {
      this.error = sentence('No receiving address could be shown', reply.error);
    }
  }

  async makeRequest(unit: DisplayUnit): Promise<void> {
    const address = this.address;
    if (!address) return;
    const amount = this.amount.trim();
    const reply = await this.api.receive.paymentUri({
      address,
      ...(amount === '' ? {} : { amount }),
      unit,
    });
    if (reply.ok) {
      this.uri = reply.value.uri;
      this.uriError = null;
    } else {
      this.uri = null;
      this.uriError = reply.error.message;
    }
  }

  async copy(what: 'address' | 'uri', write: (text: string) => Promise<void>): Promise<void> {
    const text = what === 'address' ? this.address : this.uri;
    if (!text) return;
    try {
      await write(text);
      this.copied = what;
    } catch {
      this.error = 'The clipboard refused the text. Select it and copy it by hand.';
    }
  }
}
