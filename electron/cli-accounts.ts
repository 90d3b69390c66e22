/**
 * `obyte-light accounts` (the seed's accounts: number, name, bytes, hidden) and
 * `obyte-light accounts create NAME` (the next BIP-44 account; needs the password). Other
 * commands take `--account N` to use account N for that run.
 */
import type { AccountsView } from '../shared/ipc/accounts-schemas';
import type { DisplayUnit } from '../shared/ipc';
import { bytesText } from '../shared/ipc/amount-text';
import type { WalletSession } from './main/services/wallet-session';
import { accountsView } from './main/ipc/accounts-view';

export class AccountsCliError extends Error {}

/** Checks `accounts [create NAME]` before anything is opened. */
export function checkAccountsArgs(args: readonly string[]): void {
  const [sub, ...rest] = args;
  if (sub === undefined) return;
  if (sub !== 'create') {
    throw new AccountsCliError(
      `accounts takes no "${sub.slice(0, 40)}": run obyte-light accounts, or accounts create NAME.`,
    );
  }
  const name = rest.join(' ').trim();
  if (name === '') throw new AccountsCliError('Name the new account: accounts create NAME.');
  if (name.length > 40) throw new AccountsCliError('An account name has at most 40 characters.');
}

/** `--account N`: a whole number 0…99, or a sentence saying what it must be. */
export function parseAccountOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,2}$/.test(text.trim())) {
    throw new AccountsCliError('The account (--account) is a number from 0 to 99.');
  }
  return Number(text.trim());
}

/** One line per account; its bytes (stable and pending) in the display unit. */
export function accountsText(view: AccountsView, unit: DisplayUnit): string {
  return view.accounts
    .map((a) => {
      const mark = a.account === view.current ? '*' : ' ';
      const bytes = bytesText(a.bytes.stable + a.bytes.pending, unit);
      return `${mark} ${String(a.account).padStart(2)}  ${a.name.padEnd(24)} ${bytes}${a.hidden ? '  (hidden)' : ''}`;
    })
    .join('\n');
}

export async function runAccountsCommand(
  args: readonly string[],
  ctx: {
    wallet: WalletSession;
    out: (document: unknown, text: string) => void;
    unlock: () => Promise<void>;
    /** --unit, else the app's setting. */
    unit: DisplayUnit;
  },
): Promise<number> {
  if (args[0] === 'create') {
    await ctx.unlock();
    const view = accountsView(
      await ctx.wallet.accounts.create({ name: args.slice(1).join(' ').trim() }),
    );
    const made = view.accounts.find((a) => a.account === view.current);
    ctx.out(
      view,
      `Account ${made?.account ?? view.current} "${made?.name ?? ''}" added.\n${accountsText(view, ctx.unit)}`,
    );
    return 0;
  }
  const view = accountsView(await ctx.wallet.accounts.list());
  ctx.out(view, accountsText(view, ctx.unit));
  return 0;
}
