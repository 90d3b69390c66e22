/**
 * The spend-unconfirmed rule (ocore's `spend_unconfirmed`) in words, for Settings, the send
 * preview and the command line alike.
 */
import type { SpendUnconfirmedSetting } from './schemas';

export const SPEND_UNCONFIRMED_CHOICES: ReadonlyArray<{
  readonly value: SpendUnconfirmedSetting;
  readonly label: string;
  readonly hint: string;
}> = [
  {
    value: 'none',
    label: 'Confirmed coins only',
    hint: 'Waits until every coin it spends is stable. Safest; change is spendable only once stable.',
  },
  {
    value: 'own',
    label: 'Confirmed coins and my own change',
    hint: "Also spends change from this wallet's own payments before it is stable (the official wallet's default).",
  },
  {
    value: 'all',
    label: 'All coins, confirmed or not',
    hint: 'Also spends what others sent before it is stable: if their payment fails, this one fails too.',
  },
];

/** One line for a preview: which coins the payment may spend, and how many are not stable yet. */
export function spendRuleLine(rule: SpendUnconfirmedSetting, unconfirmedCoins: number): string {
  const choice = SPEND_UNCONFIRMED_CHOICES.find((c) => c.value === rule);
  const label = choice?.label ?? rule;
  if (unconfirmedCoins === 0) return `Coins: ${label.toLowerCase()}; every coin spent is stable.`;
  const coins = unconfirmedCoins === 1 ? '1 coin spent is' : `${unconfirmedCoins} coins spent are`;
  return `Coins: ${label.toLowerCase()}; ${coins} not stable yet${
    rule === 'all' ? ' (if a payment they came from fails, this one fails too)' : ''
  }.`;
}
