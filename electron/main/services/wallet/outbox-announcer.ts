/**
 * What changed in the outbox, as signals: each payment of ours whose status changed (once per
 * change), and how many are still on their way (posted, not yet stable). The composition root
 * tells the page (paymentStateChanged) and the status bar.
 */
import type { Logger } from '../logger';
import type { PendingPayment, SendOutcome } from '../payments/index';
import { Signal } from '../signal';

export interface PaymentStateChange {
  readonly unit: string;
  readonly status: PendingPayment['status'];
  readonly message: string | null;
}

export class OutboxAnnouncer {
  /** What each payment on its way was last reported as. */
  private readonly reported = new Map<string, PendingPayment['status']>();
  private readonly paymentState: Signal<PaymentStateChange>;
  private readonly openCount: Signal<number>;

  constructor(logger: Logger) {
    this.paymentState = new Signal('paymentStateChanged', logger);
    this.openCount = new Signal('outboxCount', logger);
  }

  /** A payment of ours changed status. */
  onPaymentState(listener: (change: PaymentStateChange) => void): () => void {
    return this.paymentState.add(listener);
  }

  /** How many of our payments are on their way. */
  onOpenCount(listener: (count: number) => void): () => void {
    return this.openCount.add(listener);
  }

  /** The outbox holds `now`: tells each payment whose status changed, then the count. */
  changed(now: readonly PendingPayment[]): void {
    const seen = new Set<string>();
    for (const item of now) {
      seen.add(item.unit);
      if (this.reported.get(item.unit) === item.status) continue;
      this.reported.set(item.unit, item.status);
      this.paymentState.emit({ unit: item.unit, status: item.status, message: item.lastError });
    }
    for (const unit of [...this.reported.keys()]) if (!seen.has(unit)) this.reported.delete(unit);
    const open = now.filter((item) => item.status === 'unresolved' || item.status === 'pending');
    this.openCount.emit(open.length);
  }

  /** The wallet's services were detached: nothing of theirs is on its way any more. */
  reset(): void {
    this.reported.clear();
    this.openCount.emit(0);
  }

  /** A unit of ours was posted; returns the message of an unresolved one. */
  sent(outcome: SendOutcome): string | null {
    const message = outcome.status === 'unresolved' ? outcome.message : null;
    this.paymentState.emit({
      unit: outcome.unit,
      status: outcome.status === 'accepted' ? 'pending' : 'unresolved',
      message,
    });
    return message;
  }
}
