/**
 * Our payments the network has not settled yet (main's outbox): posted and waiting for the hub's
 * answer, or accepted and waiting to become stable. Refreshed on main's events (a send, a sync,
 * a status change: the outbox count moves with them); never polled.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { PendingPaymentView } from '../../../shared/ipc/keys-schemas';
import { sentence } from '../api';

export class OutgoingState {
  items = $state<PendingPaymentView[]>([]);
  error = $state<string | null>(null);
  private readonly api: ObyteApi;
  private lastOutbox: number | null = null;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  /** Only what is still on its way: settled ones are in History. */
  readonly open = $derived(
    this.items.filter((item) => item.status === 'unresolved' || item.status === 'pending'),
  );

  subscribe(): Array<() => void> {
    return [
      this.api.on('paymentStateChanged', () => void this.load()),
      this.api.on('historyChanged', () => void this.load()),
      this.api.on('statusChanged', (status) => {
        if (status.outbox === this.lastOutbox) return;
        this.lastOutbox = status.outbox;
        void this.load();
      }),
    ];
  }

  async load(): Promise<void> {
    const reply = await this.api.payments.pending();
    if (reply.ok) {
      this.items = [...reply.value].sort((a, b) => b.createdAt - a.createdAt);
      this.error = null;
    } else {
      this.error = sentence('The payments on their way could not be read', reply.error);
    }
  }
}

/** What a payment on its way is doing, in words. */
export function outgoingWords(item: PendingPaymentView): string {
  if (item.status === 'pending') {
    return 'Accepted by the hub; waiting for the network to confirm it.';
  }
  const why = item.lastError ? ` (${item.lastError})` : '';
  return `Signed and kept, not accepted by a hub yet${why}. The same payment is sent again when the hub answers: it is never paid twice.`;
}
