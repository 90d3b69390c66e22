/**
 * A wallet restored from its recovery phrase: the keystore written (encrypted in a worker) while
 * the wallet's addresses are discovered from the hub, so balances show before the file is
 * written. It tells how far discovery has come through a signal (the composition root passes it
 * on to the page) and why the addresses were not looked up as facts (the IPC edge words them:
 * ipc/wallet-sentences.ts).
 */
import type { Network } from '../../../../shared/protocol/wire';
import type { KeystoreService, NewProtection } from '../keystore/index';
import type { Logger } from '../logger';
import { Signal } from '../signal';
import { balancesView, type LightSession, type WalletBalances } from '../sync/index';
import type { BackupDrafts } from './backup-drafts';
import { guarded } from './refusal';
import {
  WalletError,
  type DiscoveryProgress,
  type DiscoveryResult,
  type WalletErrorFacts,
} from './wallet-service';
import type { WalletServices } from './wallet-services';

/** What a discovery found, as the page and the command line report it. */
export type DiscoverySummary = Pick<
  DiscoveryResult,
  'addressesChecked' | 'usedAddresses' | 'unitsVerified' | 'roundTrips'
>;

/**
 * Why a restored wallet's addresses were not looked up (the restore itself went through): the hub
 * was not connected, or the lookup failed (the wallet service's words, or null: no answer in
 * time). The IPC edge and the command line word it (ipc/wallet-sentences.ts).
 */
export type DiscoveryProblem =
  | { readonly kind: 'hub-not-connected' }
  | { readonly kind: 'lookup-failed'; readonly problem: WalletErrorFacts | null };

/** What discovery found, or why it did not run. */
export interface DiscoveryFound {
  readonly discovery: DiscoverySummary | null;
  readonly problem: DiscoveryProblem | null;
}

export interface RestoreParams {
  readonly mnemonic: string;
  readonly passphrase?: string | undefined;
  readonly protection: NewProtection;
  readonly replaceDamaged?: boolean | undefined;
  /** Hears the discovery's outcome and the balances, before the keystore file is written. */
  readonly onDiscovered?: (found: DiscoveryFound & { balances: WalletBalances }) => void;
}

export interface WalletRestoreDeps {
  readonly logger: Logger;
  readonly light: LightSession;
  /** Onboarding's recovery phrase: a restore forgets it. */
  readonly drafts: BackupDrafts;
  /** The network in use. */
  readonly network: () => Network;
  /** The keystore of the network in use. */
  readonly keystore: () => KeystoreService;
  /** The wallet's services over the light client's database (built if need be). */
  readonly services: () => WalletServices;
  /** Accounts beyond the first may have been found: balances show the one in use. */
  readonly accountsFound: () => void;
}

export class WalletRestore {
  private readonly deps: WalletRestoreDeps;
  private readonly progress: Signal<DiscoveryProgress>;

  constructor(deps: WalletRestoreDeps) {
    this.deps = deps;
    this.progress = new Signal('restoreProgress', deps.logger);
  }

  /** How far the discovery of a restored wallet's addresses has come. */
  onProgress(listener: (progress: DiscoveryProgress) => void): () => void {
    return this.progress.add(listener);
  }

  /**
   * Restores from a recovery phrase and finds its addresses (progress as a signal). Discovery
   * starts as soon as the phrase is checked and the keys derived, while the keystore file is
   * still being encrypted (scrypt, about a second, in a worker): balances show before it is
   * written. `onDiscovered` hears the discovery's outcome then; the promise resolves once the
   * file is written, and rejects if it could not be (the wallet is locked again).
   */
  async restore(params: RestoreParams): Promise<DiscoveryFound> {
    this.deps.drafts.clear();
    let unlocked = (): void => undefined;
    const keysReady = new Promise<void>((resolve) => (unlocked = resolve));
    const saving = guarded(() =>
      this.deps.keystore().restore({
        mnemonic: params.mnemonic,
        ...(params.passphrase ? { passphrase: params.passphrase } : {}),
        network: this.deps.network(),
        protection: params.protection,
        ...(params.replaceDamaged === true ? { replaceDamaged: true } : {}),
        onUnlocked: () => unlocked(),
      }),
    );
    // A refused phrase, password or existing wallet ends here, before anything is asked.
    await Promise.race([keysReady, saving]);
    const found = await this.discover();
    if (params.onDiscovered !== undefined) {
      params.onDiscovered({
        ...found,
        balances: balancesView(this.deps.light.parts.db, this.deps.light.parts.reports),
      });
    }
    await saving;
    return found;
  }

  /** Address discovery with progress events; a failure is told as facts, the wallet stays. */
  async discover(): Promise<DiscoveryFound> {
    const light = this.deps.light.parts;
    const { wallet } = this.deps.services();
    if (!light.hub.isConnected) {
      await wallet.nextReceiveAddress();
      return { discovery: null, problem: { kind: 'hub-not-connected' } };
    }
    try {
      const result = await wallet.discover((progress) => this.progress.emit(progress));
      // Accounts beyond the first may have been found: balances show the one in use.
      this.deps.accountsFound();
      // Discovery stores the history itself: the page shows it without waiting for a sync.
      this.deps.light.balancesChanged();
      this.deps.light.historyChanged([]);
      return {
        discovery: {
          addressesChecked: result.addressesChecked,
          usedAddresses: result.usedAddresses,
          unitsVerified: result.unitsVerified,
          roundTrips: result.roundTrips,
        },
        problem: null,
      };
    } catch (error) {
      this.deps.logger.warn('Address discovery failed', { error });
      const problem = error instanceof WalletError ? error.facts : null;
      return { discovery: null, problem: { kind: 'lookup-failed', problem } };
    }
  }
}
