/**
 * Why no account can be added now (services/wallet/accounts.ts), in the words of the person at
 * the keyboard: the accounts view (ipc/accounts-view.ts) and a refused accounts.create say them,
 * on the page and the command line.
 */
import type { AccountsErrorFacts } from '../services/wallet/accounts';

/** The sentence for a refusal to add an account. */
export function accountsSentence(facts: AccountsErrorFacts): string {
  switch (facts.kind) {
    case 'too-many':
      return `A wallet has at most ${facts.max} accounts here.`;
    case 'too-many-unused':
      return `There are already ${facts.unused} accounts that have received nothing. Receive a payment in one of them first: restoring from the recovery phrase looks only ${facts.lookahead} unused accounts ahead, so a new one now might not come back.`;
  }
}
