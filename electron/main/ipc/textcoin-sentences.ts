/**
 * The textcoin service's refusals (services/textcoins/errors.ts) in the words of the person at
 * the keyboard: the dispatcher sends them to the page and the command line prints them (both
 * through walletSentence, as a WalletRefusal of kind `textcoin`).
 */
import type { TextcoinErrorFacts } from '../services/textcoins/errors';

const CARRIES = 'a textcoin carries bytes or a divisible public asset. Nothing was sent.';

/** The sentence for a refusal of the textcoin service. */
export function textcoinSentence(facts: TextcoinErrorFacts): string {
  switch (facts.kind) {
    case 'bad-asset':
      return 'The asset must be "base" (bytes) or a 44-character id.';
    case 'bad-amount':
      return 'A textcoin must carry a positive whole amount.';
    case 'amount-above-max':
      return 'The amount is above the network maximum of 9e15.';
    case 'funding-refused':
      return `The textcoin cannot be prepared: ${facts.problem.charAt(0).toLowerCase()}${facts.problem.slice(1)} Nothing was signed.`;
    case 'tps-floor-refused':
      return `The textcoin cannot be prepared: ${facts.problem} Nothing was signed.`;
    case 'no-fee-estimate':
      return `The textcoin cannot be prepared: the hub did not give its fee estimate (${facts.problem}). Nothing was signed.`;
    case 'blackbytes':
      return `Blackbytes are a private asset and cannot be sent as a textcoin: ${CARRIES}`;
    case 'asset-not-seen':
      return `This wallet has seen no public payment in the asset ${facts.asset}: it holds none of it, or it is a private asset, which cannot be sent as a textcoin. Nothing was sent.`;
    case 'asset-indivisible':
      return `The asset ${facts.asset} is indivisible (fixed denominations) and cannot be sent as a textcoin: ${CARRIES}`;
    case 'send-preview-gone':
      return 'This textcoin preview has expired or was already sent: preview it again.';
    case 'claim-preview-gone':
      return 'This claim preview has expired or was already sent: preview it again.';
    case 'bad-input':
      return facts.problem;
    case 'claimed':
      return `This textcoin was already claimed: its address ${facts.address} holds nothing any more.`;
    case 'empty':
      return `This textcoin holds nothing: no payment to its address ${facts.address} is known to the hub. It was never funded, or the payment has not reached the hub yet.`;
    case 'not-sent-here':
      return `${facts.address} is not a textcoin this wallet sent.`;
    case 'sealed':
      return 'The words of this textcoin cannot be opened with this wallet (the database was copied from another wallet, or damaged).';
    case 'hub-history':
      return `The hub could not say what this textcoin holds: ${facts.problem} Nothing was signed.`;
    case 'verification':
      return `The hub's answer about this textcoin failed verification: ${facts.problem} Nothing was signed.`;
  }
}
