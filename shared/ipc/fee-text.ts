/**
 * A payment preview's word on a TPS fee that makes most of its cost, for the send preview and the
 * command line alike.
 */
import type { PaymentPreviewView } from './keys-schemas';

export const BUSY_TPS_FEE_NOTE =
  "Most of the bytes leaving the wallet are the network's TPS fee, which is high right now " +
  'because the network is busy; it usually falls within a minute, so waiting costs less.';

/**
 * The note when the TPS fee is at least half of the bytes leaving the wallet (recipients and
 * every fee): the rule of a refused payment's words (ipc/payment-sentences.ts
 * tpsFeeShortageSentence), so that "most" is literally true. A fee that large relative to what
 * is sent only comes from a burst of units in the last seconds; ordinary TPS fees stay under it
 * (the devnet hub's idle estimate for an AA trigger, 11 units, is 6,885 bytes, under half of even
 * a 10,000-byte trigger's cost). Null otherwise, and for a preview that sends no bytes.
 */
export function busyTpsFeeNote(
  preview: Pick<PaymentPreviewView, 'fees' | 'totalLeaving'>,
): string | null {
  const bytes = preview.totalLeaving.find((t) => t.asset === 'base')?.amount ?? 0;
  const tps = preview.fees.tps;
  return tps > 0 && tps * 2 >= bytes ? BUSY_TPS_FEE_NOTE : null;
}
