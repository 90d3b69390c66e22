/** The wallet's accounts as the page and the command line show them (accounts.list and after each change). */
import type { AccountsView } from '../../../shared/ipc/accounts-schemas';
import type { AccountsFacts } from '../services/wallet/wallet-accounts';
import { accountsSentence } from './accounts-sentences';

export function accountsView(facts: AccountsFacts): AccountsView {
  return {
    current: facts.current,
    accounts: facts.accounts.map((a) => ({
      account: a.account,
      name: a.name,
      colour: a.colour,
      hidden: a.hidden,
      used: a.used,
      bytes: { stable: a.bytes.stable, pending: a.bytes.pending },
    })),
    createProblem: facts.createProblem === null ? null : accountsSentence(facts.createProblem),
  };
}
