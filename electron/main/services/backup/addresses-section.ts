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
