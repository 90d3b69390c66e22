/**
 * Which live arrivals (SyncChange.arrivals) are payments to the user or to a watched address, in
 * the words a notification shows. A unit counts when it is incoming (as the wallet sees it, or,
 * touching only watch-only addresses, as they see it) and not conflicting: our own spends seen
 * back from the hub (also to a watched address), transfers between our addresses and final-bad
 * or temp-bad units are not announced.
 */
import { signedAmountText, type DisplayUnit } from '../../../../shared/vocabulary/amount-text';
import { isValidUnitHash } from '../../../../shared/protocol/amount';
import type { PaymentArrival } from '../notifications';
import type { WalletDatabase } from '../storage/index';
import { assetInfo, assetNames } from './wallet-view';

export function paymentArrivals(
  db: WalletDatabase,
  units: readonly string[],
  unit: DisplayUnit,
): PaymentArrival[] {
  if (units.length === 0) return [];
  const names = assetNames(db);
  const arrivals: PaymentArrival[] = [];
  for (const hash of units) {
    if (!isValidUnitHash(hash)) continue;
    const entry = db.history({ search: hash, limit: 1 }).entries[0];
    if (!entry || entry.unit !== hash || entry.direction !== 'incoming') continue;
    if (entry.status !== 'stable' && entry.status !== 'pending') continue;
    const received = entry.amounts.filter((amount) => amount.net > 0);
    if (received.length === 0) continue;
    const amounts = received
      .map((amount) => signedAmountText(amount.net, assetInfo(names, amount.asset), unit))
      .join(', ');
    // A watch-only address is never the user's: its payment says whose it is.
    const whose = entry.scope === 'watched' ? ', to a watched address (not yours)' : '';
    arrivals.push({
      unit: hash,
      amountText:
        entry.status === 'pending' ? `${amounts}${whose}, not confirmed yet` : `${amounts}${whose}`,
    });
  }
  return arrivals;
}
