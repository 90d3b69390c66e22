/**
 * The payment services' refusals (services/payments/errors.ts) in the words of the person at the
 * keyboard: the dispatcher sends them to the page and the command line prints them (both through
 * walletSentence, as a WalletRefusal of kind `payment`).
 */
import type { NotEnoughFundsError } from '../../../shared/protocol/coins';
import { bytesText } from '../../../shared/ipc/amount-text';
import type { PaymentErrorFacts, RecipientPlace } from '../services/payments/errors';
import { aaSentence } from './aa-sentences';

/**
 * Said after a shortage of bytes when the hub's TPS fee is a large part of what the payment
 * needs, so that the person knows the network, not the payment, makes it expensive, and that it
 * passes. "A large part" is at least half of `needed` (the amount, every fee and the positive
 * change together): then "most of it" is literally true, and a TPS fee that outweighs the amount
 * and the size fees together only comes from a burst of units in the last seconds (the fee grows
 * exponentially with them: the devnet hub's idle estimate for an AA trigger, 11 units, is 6,885
 * bytes, under half of even a 10,000-byte trigger's needs; its burst was 435,637, back to 0 ten
 * seconds later). Waiting is
 * offered as the way out only when the TPS fee covers the shortfall, i.e. the coins suffice once
 * it is back to normal; otherwise the sentence says what would still be missing. Returns null
 * when the TPS fee is not a large part.
 */
export function tpsFeeShortageSentence(
  shortage: NotEnoughFundsError,
  words: (amount: number) => string,
): string | null {
  const fee = shortage.tpsFee;
  if (fee <= 0 || fee * 2 < shortage.needed) return null;
  const head =
    `Most of it is the network's TPS fee (${words(fee)}), which is high right now because the ` +
    'network is busy; it usually falls within a minute';
  if (fee >= shortage.shortfall) return `${head} — try again shortly.`;
  return `${head}, but even without it this payment would be ${words(shortage.shortfall - fee)} short.`;
}

/** "Recipient" when the payment has one, "Recipient 2" for the second of several. */
function recipient(place: RecipientPlace): string {
  return place.count === 1 ? 'Recipient' : `Recipient ${place.index + 1}`;
}

/** The sentence for a refusal of the payment services. */
export function paymentSentence(facts: PaymentErrorFacts): string {
  switch (facts.kind) {
    case 'bad-address':
      return `The ${facts.role} address: ${facts.problem}`;
    case 'not-own-address':
      return `${facts.address} is not an address of this wallet.`;
    case 'foreign-coin':
      return `A coin to sweep belongs to ${facts.address}.`;
    case 'nothing-spendable':
      return `${facts.address} holds nothing that can be spent now.`;
    case 'from-not-own':
      return `This payment must come from ${facts.address}, which is not an address of this wallet: it cannot be paid from here.`;
    case 'no-single-address':
      return 'This payment must come from a single address, and no address of this wallet holds enough for it alone.';
    case 'no-recipient':
      return 'Add a recipient.';
    case 'send-all-one-recipient':
      return 'Send all pays exactly one recipient.';
    case 'send-all-bytes-only':
      return 'Only bytes can be sent all at once.';
    case 'send-all-amount':
      return 'With send all the amount is what remains after fees.';
    case 'recipient-address':
    case 'recipient-asset':
      return `${recipient(facts)}: ${facts.problem}`;
    case 'unknown-asset':
      return `${recipient(facts)}: the asset ${facts.asset} is unknown to this wallet (it holds none of it).`;
    case 'no-amount':
      return `${recipient(facts)}: enter an amount.`;
    case 'fractional-amount':
      return `${recipient(facts)}: ${facts.amount} is not a whole number of the smallest unit.`;
    case 'amount-not-positive':
      return `${recipient(facts)}: the amount must be positive.`;
    case 'amount-above-max':
      return `${recipient(facts)}: the amount is above the network maximum of 9e15.`;
    case 'not-enough': {
      const tps = tpsFeeShortageSentence(facts.shortage, (amount) => bytesText(amount, 'bytes'));
      return tps === null ? facts.shortage.message : `${facts.shortage.message} ${tps}`;
    }
    case 'protocol':
      return facts.problem;
    case 'hub-unavailable':
      return `The payment cannot be prepared: ${facts.reason ?? 'the connection to the hub was lost'}. Nothing was signed; try again when the hub answers.`;
    case 'hub-parents':
      return `The hub could not give parents for a new unit: ${facts.problem}`;
    case 'hub-coins':
      return `The hub could not pick coins: ${facts.problem}`;
    case 'preview-gone':
      return 'This preview has expired or was already sent: preview the payment again.';
    case 'would-bounce':
      return `Not sent: this payment would bounce (${facts.reason}). Confirm separately that you accept the bounce and its cost, or change the payment.`;
    case 'no-signer':
      return facts.problem;
    case 'locked':
      return 'The wallet is locked. Unlock it to continue.';
    case 'bad-data':
      return `${facts.problem} Nothing was signed.`;
    case 'aa':
      return `${aaSentence(facts.aa)} Nothing was signed.`;
    case 'coins-locked':
      return `${facts.problem} Preview the payment again.`;
    case 'network-refused':
      return `The network refused the payment: ${facts.hubMessage}`;
  }
}
