/**
 * Accounts of one seed, as the official wallet has them: BIP-44 account N is m/44'/0'/N' (its
 * xpub in the keystore's public part, its addresses in the wallet store). What the seed cannot
 * tell — each account's name, colour and whether it is hidden, and which one is in use — lives
 * in `accounts.json` in the network's folder, written atomically; a missing or damaged file
 * means the defaults ("Account N", the first colour, shown, account 0), never a lost wallet.
 *
 * A new account is allowed only while fewer than MAX_UNUSED_ACCOUNTS unused accounts come
 * before it: restore stops looking after that many unused ones, so an account beyond them
 * would not come back from the recovery phrase alone.
 */
import { z } from 'zod';
import {
  ACCOUNT_COLOUR_NAMES,
  type AccountColourName,
} from '../../../../shared/ipc/accounts-schemas';
import type { AtomicFile } from '../atomic-file';
import type { Logger } from '../logger';
import { Signal } from '../signal';
import { MAX_UNUSED_ACCOUNTS } from './wallet-service';

export const ACCOUNT_COLOURS = ACCOUNT_COLOUR_NAMES;
export type AccountColour = AccountColourName;

/** Most accounts a wallet may have here (the keystore file holds up to 100). */
export const MAX_ACCOUNTS = 100;

export const AccountNameSchema = z
  .string({ message: 'An account name must be text.' })
  .trim()
  .min(1, { message: 'Give the account a name.' })
  .max(40, { message: 'An account name has at most 40 characters.' })
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  .refine((name) => !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name), {
    message: 'An account name cannot contain control characters.',
  });

const MetaSchema = z.object({
  name: AccountNameSchema.optional().catch(undefined),
  colour: z.enum(ACCOUNT_COLOURS).optional().catch(undefined),
  hidden: z.boolean().optional().catch(undefined),
});
export type AccountMeta = z.infer<typeof MetaSchema>;

const FileSchema = z.object({
  version: z.literal(1),
  current: z
    .number()
    .int()
    .min(0)
    .max(MAX_ACCOUNTS - 1)
    .catch(0),
  accounts: z.record(z.string(), z.unknown()).catch({}),
});

export interface AccountsFile {
  readonly current: number;
  readonly accounts: Readonly<Record<number, AccountMeta>>;
}

export interface AccountSummary {
  readonly account: number;
  readonly name: string;
  readonly colour: AccountColour;
  readonly hidden: boolean;
  /** The account has at least one address with history. */
  readonly used: boolean;
}

/** Why no account can be added now, as facts (ipc/accounts-sentences.ts words them). */
export type AccountsErrorFacts =
  /** The wallet has `max` accounts already. */
  | { readonly kind: 'too-many'; readonly max: number }
  /** `unused` accounts at the end received nothing; a restore looks `lookahead` ahead. */
  | { readonly kind: 'too-many-unused'; readonly unused: number; readonly lookahead: number };

export type AccountsErrorKind = AccountsErrorFacts['kind'];

export class AccountsError extends Error {
  readonly facts: AccountsErrorFacts;
  constructor(facts: AccountsErrorFacts) {
    const { kind, ...rest } = facts;
    super(`accounts refused: ${kind} ${JSON.stringify(rest)}`);
    this.name = 'AccountsError';
    this.facts = facts;
  }
}

export function defaultName(account: number): string {
  return account === 0 ? 'Main account' : `Account ${account}`;
}

export function defaultColour(account: number): AccountColour {
  return ACCOUNT_COLOURS[account % ACCOUNT_COLOURS.length] ?? 'teal';
}

/** The names, colours, hidden flags and the account in use, kept in one small file. */
export class AccountsFileStore {
  private readonly file: AtomicFile;
  private readonly logger: Logger;
  private data: AccountsFile = { current: 0, accounts: {} };
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed: Signal<AccountsFile>;

  constructor(deps: { file: AtomicFile; logger: Logger }) {
    this.file = deps.file;
    this.logger = deps.logger;
    this.changed = new Signal('accountsFileChanged', deps.logger);
  }

  /** After each change written (the automatic backup listens: names, colours, the one in use). */
  onChanged(listener: (data: AccountsFile) => void): () => void {
    return this.changed.add(listener);
  }

  async load(): Promise<AccountsFile> {
    try {
      const text = await this.file.read();
      if (text !== null) {
        const parsed = FileSchema.safeParse(JSON.parse(text));
        if (parsed.success) {
          const accounts: Record<number, AccountMeta> = {};
          for (const [key, meta] of Object.entries(parsed.data.accounts)) {
            if (!/^\d{1,2}$/.test(key)) continue;
            accounts[Number(key)] = MetaSchema.catch({}).parse(meta);
          }
          this.data = { current: parsed.data.current, accounts };
        }
      }
    } catch (error) {
      this.logger.warn('Could not read the accounts file; using the defaults', { error });
    }
    return this.data;
  }

  get(): AccountsFile {
    return this.data;
  }

  /** Applies a change and writes the file (one change at a time). */
  update(change: (data: AccountsFile) => AccountsFile): Promise<AccountsFile> {
    const run = async (): Promise<AccountsFile> => {
      const next = change(this.data);
      const body = {
        version: 1,
        current: next.current,
        accounts: Object.fromEntries(
          Object.entries(next.accounts).map(([key, meta]) => [key, meta]),
        ),
      };
      await this.file.write(`${JSON.stringify(body, null, 2)}\n`);
      this.data = next;
      this.changed.emit(next);
      return next;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/**
 * The accounts to list: those in the keystore or with addresses, plus any named in the file,
 * each with its name, colour and hidden flag.
 */
export function summarize(
  known: readonly number[],
  used: ReadonlySet<number>,
  file: AccountsFile,
): AccountSummary[] {
  const all = new Set<number>([0, ...known]);
  return [...all]
    .sort((a, b) => a - b)
    .map((account) => {
      const meta = file.accounts[account] ?? {};
      return {
        account,
        name: meta.name ?? defaultName(account),
        colour: meta.colour ?? defaultColour(account),
        hidden: meta.hidden ?? false,
        used: used.has(account),
      };
    });
}

/** The number a new account gets, or the reason none can be made now. */
export function nextAccount(known: readonly number[], used: ReadonlySet<number>): number {
  const highest = Math.max(0, ...known);
  if (highest + 1 >= MAX_ACCOUNTS) {
    throw new AccountsError({ kind: 'too-many', max: MAX_ACCOUNTS });
  }
  const lastUsed = Math.max(0, ...[...used]);
  // Accounts after the last used one, account 0 never counting as unused.
  const unusedAtEnd = known.filter((a) => a > lastUsed).length;
  if (unusedAtEnd >= MAX_UNUSED_ACCOUNTS) {
    throw new AccountsError({
      kind: 'too-many-unused',
      unused: unusedAtEnd,
      lookahead: MAX_UNUSED_ACCOUNTS,
    });
  }
  return highest + 1;
}
