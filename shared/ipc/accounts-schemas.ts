/**
 * Accounts of one seed (BIP-44 account N = m/44'/0'/N', as the official wallet has them): the
 * list with names, colours and hidden flags, which one is in use, and the requests that change
 * them.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const ACCOUNT_COLOUR_NAMES = [
  'teal',
  'blue',
  'violet',
  'pink',
  'orange',
  'amber',
  'green',
  'slate',
] as const;
export const AccountColourSchema = lazySchema(() => z.enum(ACCOUNT_COLOUR_NAMES));
export type AccountColourName = z.infer<typeof AccountColourSchema>;

const AccountNumber = lazySchema(() =>
  z
    .number({ message: 'An account is a whole number.' })
    .int({ message: 'An account is a whole number.' })
    .min(0, { message: 'Accounts are numbered from 0.' })
    .max(99, { message: 'Accounts are numbered 0 to 99.' }),
);

const AccountName = lazySchema(() =>
  z
    .string({ message: 'An account name must be text.' })
    .trim()
    .min(1, { message: 'Give the account a name.' })
    .max(40, { message: 'An account name has at most 40 characters.' }),
);

export const AccountViewSchema = lazySchema(() =>
  z.object({
    account: AccountNumber,
    name: z.string().max(40),
    colour: AccountColourSchema,
    hidden: z.boolean(),
    /** At least one address of the account has history. */
    used: z.boolean(),
    /** The account's bytes (its own addresses only). */
    bytes: z.object({ stable: z.number().int(), pending: z.number().int() }),
  }),
);
export type AccountView = z.infer<typeof AccountViewSchema>;

export const AccountsViewSchema = lazySchema(() =>
  z.object({
    /** The account whose balances, history, receiving addresses and payments are shown. */
    current: AccountNumber,
    accounts: z.array(AccountViewSchema).max(100),
    /** Why no account can be added now (null: one can). */
    createProblem: z.string().max(500).nullable(),
  }),
);
export type AccountsView = z.infer<typeof AccountsViewSchema>;

export const CreateAccountParamsSchema = lazySchema(() =>
  z.strictObject({
    name: AccountName,
    colour: AccountColourSchema.optional(),
  }),
);

export const UpdateAccountParamsSchema = lazySchema(() =>
  z
    .strictObject({
      account: AccountNumber,
      name: AccountName.optional(),
      colour: AccountColourSchema.optional(),
      hidden: z.boolean().optional(),
    })
    .refine((p) => p.name !== undefined || p.colour !== undefined || p.hidden !== undefined, {
      message: 'Nothing to change: name a new name, colour or hidden flag.',
    }),
);

export const SelectAccountParamsSchema = lazySchema(() =>
  z.strictObject({ account: AccountNumber }),
);
