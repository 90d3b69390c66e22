/**
 * The wallet's refusals (services/wallet/refusal.ts) in the words of the person at the keyboard:
 * the dispatcher sends them to the page and the command line prints them. A shortage of funds
 * says how much is needed, how much can be spent and why.
 */
import type { DisplayUnit } from '../../../shared/ipc';
import { amountText as labelledAmount, type AssetLabel } from '../../../shared/ipc/amount-text';
import { BASE_ASSET } from '../../../shared/protocol/amount';
import type { NotEnoughFundsError } from '../../../shared/protocol/coins';
import type { WalletRefusalFacts } from '../services/wallet/refusal';
import type { DiscoveryProblem } from '../services/wallet-session';
import { accountsSentence } from './accounts-sentences';
import { paymentSentence, tpsFeeShortageSentence } from './payment-sentences';
import { textcoinSentence } from './textcoin-sentences';
import { walletServiceSentence } from './wallet-service-sentences';

/** The sentence for a refusal of the wallet. */
export function walletSentence(facts: WalletRefusalFacts): string {
  switch (facts.kind) {
    case 'service':
      return facts.sentence;
    case 'payment':
      return paymentSentence(facts.payment);
    case 'textcoin':
      return textcoinSentence(facts.textcoin);
    case 'wallet':
      return walletServiceSentence(facts.wallet);
    case 'accounts':
      return accountsSentence(facts.accounts);
    case 'draft-gone':
      return 'This recovery phrase is no longer waiting for its check. Start again to get a new one.';
    case 'no-wallet':
      return 'There is no wallet yet. Create one or restore one first.';
    case 'unreadable':
      return facts.problem;
    case 'no-account':
      return facts.known === undefined
        ? `This wallet has no account ${facts.account}.`
        : `This wallet has no account ${facts.account} (it has ${facts.known.join(', ')}).`;
    case 'hide-current-account':
      return 'This account is the one in use: switch to another account before hiding it.';
    case 'asset-not-held':
      return `This wallet holds none of the asset ${facts.asset}, so it cannot pay with it.`;
    case 'amount-not-positive':
      return 'Enter an amount greater than zero.';
    case 'not-an-amount':
      return `"${facts.text.slice(0, 40)}" is not an amount of ${facts.name ?? 'the asset'}: ${facts.problem}`;
    case 'data-twice':
      return 'Give the data once: as JSON or as base64data, not both.';
    case 'bad-data':
      return `${facts.problem} Nothing was signed.`;
    case 'bad-recipient': {
      const label = facts.count === 1 ? 'Recipient' : `Recipient ${facts.index + 1}`;
      return `${label}: ${facts.problem}`;
    }
    case 'funds':
      return fundsSentence(facts.shortage, facts.asset, facts.unit);
  }
}

/** "Not enough GBYTE: this payment needs 1.2 GBYTE with its fees, but 0.6 GBYTE can be spent (0.6 GBYTE short)." */
export function fundsSentence(
  shortage: NotEnoughFundsError,
  asset: AssetLabel,
  unit: DisplayUnit,
): string {
  const words = (amount: number): string => labelledAmount(amount, asset, unit);
  const name = asset.asset === BASE_ASSET ? unit : (asset.name ?? 'of this asset');
  const parts = [
    `Not enough ${name}: this payment needs ${words(shortage.needed)} with its fees, but ` +
      `${words(shortage.available)} can be spent (${words(shortage.shortfall)} short).`,
  ];
  const tps = tpsFeeShortageSentence(shortage, words);
  if (tps !== null) parts.push(tps);
  if (shortage.tooManyCoins) {
    parts.push('It would take too many coins: send a smaller amount first to merge them.');
  }
  if (shortage.notYetSpendable > 0) {
    parts.push(`Another ${words(shortage.notYetSpendable)} is not confirmed yet.`);
  }
  return parts.join(' ');
}

/** Why a restored wallet's addresses were not looked up: the restore itself went through. */
export function discoverySentence(problem: DiscoveryProblem): string {
  if (problem.kind === 'hub-not-connected') {
    return 'The hub is not connected, so the addresses of this wallet were not looked up yet. They will be once the hub answers; until then the first address is shown.';
  }
  const why =
    problem.problem === null
      ? 'the hub did not answer in time'
      : walletServiceSentence(problem.problem);
  return `The wallet was restored, but its addresses could not be looked up: ${why} Try again from Addresses once the hub is connected.`.slice(
    0,
    500,
  );
}
