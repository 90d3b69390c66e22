/**
 * The sections of a full backup, in order. The keystore comes first (import refuses a backup
 * without it); each part of the app that keeps something the seed cannot give back adds its
 * section here (labels, contacts, textcoins, accounts: `registry.register(yourSection(deps))`).
 */
import type { Clock } from '../clock';
import type { Keychain } from '../keystore/keychain';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings-store';
import { accountsSection } from './accounts-section';
import { addressesSection } from './addresses-section';
import { chatSection } from './chat-section';
import { keystoreIn, keystoreSection } from './keystore-section';
import { labelsSection } from './labels-section';
import { BackupRegistry } from './section';
import { settingsSection } from './settings-section';
import { textcoinsSection } from './textcoins-section';

export interface BackupSectionDeps {
  readonly keychain: Keychain | null;
  readonly settings: Pick<SettingsStore, 'get' | 'update'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createBackupRegistry(deps: BackupSectionDeps): BackupRegistry {
  const registry = new BackupRegistry();
  registry.register(
    keystoreSection({ keychain: deps.keychain, clock: deps.clock, logger: deps.logger }),
  );
  registry.register(settingsSection({ settings: deps.settings }));
  registry.register(addressesSection({ clock: deps.clock, logger: deps.logger }));
  registry.register(accountsSection({ logger: deps.logger }));
  registry.register(
    chatSection({
      deviceAddress: async (networkDir) =>
        (await keystoreIn(networkDir))?.public.deviceAddress ?? null,
      clock: deps.clock,
      logger: deps.logger,
    }),
  );
  registry.register(labelsSection({ clock: deps.clock, logger: deps.logger }));
  registry.register(textcoinsSection({ clock: deps.clock, logger: deps.logger }));
  return registry;
}
