/**
 * The `accounts` section: what the seed cannot tell of the wallet's accounts — each account's
 * name, colour and whether it is hidden, and the account in use (wallet/accounts.ts keeps them
 * in `accounts.json` in the network's folder). The accounts themselves (their xpubs) are in the
 * keystore, their addresses in the `addresses` section.
 *
 * ```json
 * { "current": 0,
 *   "accounts": [{ "account": 0, "name"?: "Main account", "colour"?: "teal", "hidden"?: false }] }
 * ```
 *
 * A name, colour or hidden flag left out means the default, as in `accounts.json`. The live file
 * is read leniently (a damaged entry is the default); a backup's section is not: an account
 * number outside 0..99, an account listed twice, more than 100 accounts, a bad name or colour, or
 * a current account that is not listed is refused, naming it.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { AtomicFile } from '../atomic-file';
import type { Logger } from '../logger';
import {
  ACCOUNT_COLOURS,
  AccountNameSchema,
  AccountsFileStore,
  MAX_ACCOUNTS,
  type AccountMeta,
} from '../wallet/accounts';
import type { BackupSection, JsonValue } from './section';

export const ACCOUNTS_FILE = 'accounts.json';

const AccountNumber = z
  .number({ message: 'the account number must be a number' })
  .int({ message: 'the account number must be a whole number' })
  .min(0, { message: 'the account number cannot be negative' })
  .max(MAX_ACCOUNTS - 1, { message: `the account number must be below ${MAX_ACCOUNTS}` });

const AccountsSectionSchema = z
  .object({
    current: AccountNumber,
    accounts: z
      .array(
        z
          .object({
            account: AccountNumber,
            name: AccountNameSchema.optional(),
            colour: z
              .enum(ACCOUNT_COLOURS, {
                message: `the colour must be one of ${ACCOUNT_COLOURS.join(', ')}`,
              })
              .optional(),
            hidden: z.boolean({ message: 'hidden must be true or false' }).optional(),
          })
          .strict(),
      )
      .max(MAX_ACCOUNTS, { message: `a wallet has at most ${MAX_ACCOUNTS} accounts` }),
  })
  .strict()
  .superRefine((data, ctx) => {
    const seen = new Set<number>();
    data.accounts.forEach((a, i) => {
      if (seen.has(a.account)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', i, 'account'],
          message: `account ${a.account} is listed twice`,
        });
      }
      seen.add(a.account);
    });
    if (data.current !== 0 && !seen.has(data.current)) {
      ctx.addIssue({
        code: 'custom',
        path: ['current'],
        message: `the account in use (${data.current}) is not among the accounts`,
      });
    }
  });

type AccountsSection = z.infer<typeof AccountsSectionSchema>;

function storeIn(networkDir: string, logger: Logger): AccountsFileStore {
  return new AccountsFileStore({ file: new AtomicFile(join(networkDir, ACCOUNTS_FILE)), logger });
}

export function accountsSection(deps: { readonly logger: Logger }): BackupSection {
  return {
    name: 'accounts',
    async export({ networkDir }): Promise<JsonValue> {
      const file = await storeIn(networkDir, deps.logger).load();
      const accounts = Object.entries(file.accounts)
        .map(([key, meta]) => ({ account: Number(key), ...meta }))
        .sort((a, b) => a.account - b.account);
      const data: AccountsSection = { current: file.current, accounts };
      return JSON.parse(JSON.stringify(data)) as JsonValue;
    },
    validate(data) {
      const parsed = AccountsSectionSchema.safeParse(data);
      if (parsed.success) return null;
      const issue = parsed.error.issues[0];
      const path = issue?.path ?? [];
      const where =
        path[0] === 'accounts' && typeof path[1] === 'number'
          ? `accounts entry ${path[1] + 1}`
          : `accounts${path.length > 0 ? `.${path.join('.')}` : ''}`;
      return `${where}: ${issue?.message ?? 'invalid'}`;
    },
    async import(data, { networkDir }) {
      const parsed = AccountsSectionSchema.parse(data);
      const accounts: Record<number, AccountMeta> = {};
      for (const { account, ...meta } of parsed.accounts) accounts[account] = meta;
      await storeIn(networkDir, deps.logger).update(() => ({
        current: parsed.current,
        accounts,
      }));
    },
  };
}
