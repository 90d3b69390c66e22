/**
 * The wallet service's refusals (services/wallet/wallet-service.ts: deriving addresses, address
 * discovery, signing messages) in the words of the person at the keyboard: the dispatcher sends
 * them to the page (as a WalletRefusal of kind `wallet`, or through the AA handlers) and the
 * command line prints them.
 */
import type { WalletErrorFacts } from '../services/wallet/wallet-service';

/** The sentence for a refusal of the wallet service. */
export function walletServiceSentence(facts: WalletErrorFacts): string {
  switch (facts.kind) {
    case 'locked-account':
      return `Unlock the wallet to derive the addresses of account ${facts.account}.`;
    case 'no-address':
      return 'No address could be derived.';
    case 'discovery-stopped':
      return `Address discovery stopped: ${facts.problem}`;
    case 'history-unverified':
      return `The hub sent history that failed verification: ${facts.problem}`;
    case 'cannot-sign-for':
      return `${facts.address} is not an address of this wallet: it cannot sign for it.`;
    case 'empty-message':
      return 'The message to sign is empty.';
    case 'message-too-long':
      return `The message has ${facts.length} characters; at most ${facts.max} can be signed, so that all of it can be shown before signing.`;
    case 'invisible-characters':
      return 'The message holds invisible or text-direction characters, so what you read would not be all that is signed: it cannot be signed.';
    case 'signing-expired':
      return 'This signing request has expired or was already used: review the message again.';
  }
}
