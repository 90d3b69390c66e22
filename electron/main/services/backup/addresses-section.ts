/**
 * The `addresses` section: the wallet's derived addresses (public: account, change, index,
 * definition) so the restored wallet is synced from the hub as soon as it opens, without the
 * seed or a discovery, and the watch-only addresses the user added (not derivable at all). The
 * history itself is not kept: the sync fetches and verifies it again.
 *
 * ```json
 * { "wallet": [{ "address", "account", "is_change", "index", "definition" }],
 *   "watch_only": [{ "address", "label", "added_at" }] }
 * ```
 */
import { z } from 'zod';
import { getAddressFromDefinition, isValidAddress } from '../../../../shared/protocol/chash';
import { chainOf, type ChainDeriver } from '../../../../shared/protocol/hd';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { WalletDatabase } from '../storage/wallet-database';
import type { BackupSection, JsonValue } from './section';

const address = z.string().refine(isValidAddress, 'must be an address');
const index = z.number().int().min(0).max(0x7fffffff);

function definesAddress(definition: string, expected: string): boolean {
  try {
    return getAddressFromDefinition(JSON.parse(definition)) === expected;
  } catch {
    return false;
  }
}

const AddressesSchema = z
  .object({
    wallet: z
      .array(
        z
          .object({
            address,
            account: index,
            is_change: z.boolean(),
            index,
            definition: z.string().max(10_000),
          })
          .strict()
          .refine(
            (a) => definesAddress(a.definition, a.address),
            'definition is of another address',
          ),
      )
      .max(1_000_000),
    watch_only: z
      .array(
        z
          .object({
            address,
            label: z.string().max(1000),
            added_at: z.number().int().nonnegative(),
          })
          .strict(),
      )
      .max(100_000),
  })
  .strict();

/**
 * The first wallet address of the section that the keystore's account xpubs do not give, in
 * words, or null. A backup is authentic only to whoever knows its password: a hand-made one
 * could list somebody else's addresses as the wallet's own (shown as its money, offered as its
 * receiving addresses), so every one is derived again from the keystore's xpub of its account.
 */
export function foreignWalletAddress(
  data: JsonValue,
  accounts: readonly { readonly account: number; readonly xpub: string }[],
): string | null {
  const parsed = AddressesSchema.safeParse(data);
  if (!parsed.success) return null;
  const xpubs = new Map(accounts.map((a) => [a.account, a.xpub]));
  const chains = new Map<string, ChainDeriver>();
  for (const [i, a] of parsed.data.wallet.entries()) {
    const xpub = xpubs.get(a.account);
    const where = `addresses.wallet entry ${i + 1} (${a.address})`;
    if (xpub === undefined) {
      return `${where} is said to be of account ${a.account}, which is not in the backup's keystore`;
    }
    const key = `${a.account}/${a.is_change ? 1 : 0}`;
    let chain = chains.get(key);
    if (chain === undefined) {
      chain = chainOf(xpub, a.is_change);
      chains.set(key, chain);
    }
    if (chain.address(a.index).address !== a.address) {
      return `${where} is not an address of this wallet: the wallet's key gives another address at account ${a.account}, ${a.is_change ? 'change' : 'receiving'} index ${a.index}`;
    }
  }
  return null;
}

export function addressesSection(deps: {
  readonly clock: Clock;
  readonly logger: Logger;
}): BackupSection {
  const open = (directory: string) =>
    WalletDatabase.open({ directory, clock: deps.clock, logger: deps.logger });
  return {
    name: 'addresses',
    export({ networkDir }) {
      const db = open(networkDir);
      try {
        const data: JsonValue = {
          wallet: db
            .walletStore()
            .walletAddresses()
            .map((a) => ({
              address: a.address,
              account: a.account,
              is_change: a.isChange,
              index: a.index,
              definition: a.definition,
            })),
          watch_only: db
            .watchedAddresses()
            .filter((w) => w.kind === 'watch-only')
            .map((w) => ({ address: w.address, label: w.label, added_at: w.addedAt })),
        };
        return data;
      } finally {
        db.close();
      }
    },
    validate(data) {
      const parsed = AddressesSchema.safeParse(data);
      if (parsed.success) return null;
      const issue = parsed.error.issues[0];
      return `addresses.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
    },
    import(data, { networkDir }) {
      const parsed = AddressesSchema.parse(data);
      const db = open(networkDir);
      try {
        for (const w of parsed.watch_only) {
          db.addWatchedAddress({ address: w.address, label: w.label, kind: 'watch-only' });
        }
        db.walletStore().addWalletAddresses(
          parsed.wallet.map((a) => ({
            address: a.address,
            account: a.account,
            isChange: a.is_change,
            index: a.index,
            definition: a.definition,
          })),
        );
      } finally {
        db.close();
      }
    },
  };
}
