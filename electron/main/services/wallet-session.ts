/**
 * The wallet as the app and the CLI use it: the keystore of the current network (one file per
 * network data folder), its addresses, payments and textcoins (built by wallet/wallet-services.ts
 * over the light client's database and hub); it builds and hands out its accounts
 * (wallet/wallet-accounts.ts), its payments (wallet/wallet-payments.ts) and the restore from a
 * recovery phrase (wallet/wallet-restore.ts). The preferences
 * (wallet/preferences.ts), onboarding's recovery phrase (wallet/backup-drafts.ts) and the outbox's
 * announcements (wallet/outbox-announcer.ts) are handed in by the composition root. It refuses
 * with facts (wallet/refusal.ts: WalletRefusal), which the IPC edge and the command line word;
 * it answers with facts, which the IPC edge makes into the page's views (ipc/wallet-view.ts), and
 * tells what changed through typed signals, which the composition root passes on to the page.
 *
 * Trust: the mnemonic leaves main only through `createWithMnemonicForBackup` (once, before the
 * wallet is written) and `revealMnemonicForBackup` (password required); it comes in through
 * `restoreFromMnemonic`. Nothing here logs a password, a word of the mnemonic or a key.
 */
import type { SpendUnconfirmed } from '../../../shared/protocol/coins';
import type { Network } from '../../../shared/protocol/wire';
import type { DisplayUnit } from '../../../shared/vocabulary/amount-text';
import { BASE_ASSET } from '../../../shared/protocol/amount';
import type { AppPaths } from './app-paths';
import { AtomicFile } from './atomic-file';
import type { Clock } from './clock';
import {
  KeystoreService,
  nodeRandomSource,
  systemTimers,
  type Keychain,
  type NewProtection,
  type ProtectionMode,
  type RandomSource,
  type ScryptParams,
  type Timers,
} from './keystore/index';
import type { DeviceSigner } from './keystore/signer';
import type { Logger } from './logger';
import { Signal } from './signal';
import type { UserConfirmation } from './user-confirmation';
import { balancesView, type LightSession } from './sync/index';
import type { DiscoveryProgress } from './wallet/index';
import { guarded, WalletRefusal } from './wallet/refusal';
import { buildWalletServices, type WalletServices } from './wallet/wallet-services';
import type { BackupDrafts } from './wallet/backup-drafts';
import type { OutboxAnnouncer } from './wallet/outbox-announcer';
import type { WalletPreferences } from './wallet/preferences';
import { WalletAccounts } from './wallet/wallet-accounts';
import { WalletPayments } from './wallet/wallet-payments';
import { WalletRestore, type DiscoveryFound, type RestoreParams } from './wallet/wallet-restore';

export type { DiscoveryProblem, DiscoverySummary } from './wallet/wallet-restore';

/** The wallet's state; the IPC edge makes the page's WalletStatus of it (ipc/wallet-view.ts). */
export type WalletState =
  | { readonly state: 'none'; readonly keychainAvailable: boolean }
  /** A keystore file exists but cannot be read; `problem` says why. */
  | { readonly state: 'damaged'; readonly problem: string }
  | {
      readonly state: 'locked' | 'unlocked';
      readonly network: Network;
      readonly protection: ProtectionMode;
      readonly walletId: string;
      readonly deviceAddress: string;
      /** The wallet's addresses known so far (receive and change), public. */
      readonly addresses: readonly string[];
      /** Milliseconds until another password try is accepted (0 = now). */
      readonly retryAfterMs: number;
      /** Idle minutes before the wallet locks itself; null: never. */
      readonly autoLockMinutes: number | null;
      readonly keychainAvailable: boolean;
    };

/** One address of the account in use, with its bytes. */
export interface WalletAddress {
  readonly address: string;
  readonly account: number;
  readonly isChange: boolean;
  readonly index: number;
  /** The address has history. */
  readonly used: boolean;
  readonly bytes: { readonly stable: number; readonly pending: number };
}

export interface WalletSessionOptions {
  readonly paths: AppPaths;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly light: LightSession;
  /** The network whose keystore is in use (from the settings). */
  readonly network: () => Network;
  /** Which unconfirmed coins payments may spend (the settings'); default ocore's 'own'. */
  readonly spendUnconfirmed?: () => SpendUnconfirmed;
  /** The OS keychain, or null where there is none (the harness, the CLI without one). */
  readonly keychain: Keychain | null;
  readonly random?: RandomSource;
  readonly timers?: Timers;
  /**
   * Confirmations the page cannot give (native dialogs, Touch ID): a keychain wallet's
   * recovery phrase is shown only after one. Absent (the CLI, the harness): it is not shown.
   */
  readonly confirmation?: UserConfirmation;
  /** TEST ONLY: fast scrypt for files written by the harness and tests. */
  readonly testScrypt?: ScryptParams;
  /** TEST ONLY: a shorter longest wrong-password delay (default 5 min), so tests can wait it out. */
  readonly testMaxRetryDelayMs?: number;
  /** The auto-lock choice (wallet-preferences.json). */
  readonly preferences: WalletPreferences;
  /** Onboarding's recovery phrase before the wallet is written. */
  readonly drafts: BackupDrafts;
  /** Tells what changed in the outbox (the page, the status bar). */
  readonly outbox: OutboxAnnouncer;
}

export class WalletSession {
  private readonly options: WalletSessionOptions;
  private readonly logger: Logger;
  private readonly random: RandomSource;
  private readonly keystores = new Map<Network, KeystoreService>();
  private readonly preferences: WalletPreferences;
  private readonly drafts: BackupDrafts;
  private readonly outbox: OutboxAnnouncer;
  private parts: WalletServices | null = null;
  /** The accounts of the wallet and the one in use. */
  readonly accounts: WalletAccounts;
  /** Amounts, previews, sends, AA triggers followed, the payments on their way. */
  readonly payments: WalletPayments;
  private readonly stateChanged: Signal<WalletState>;
  private readonly restorer: WalletRestore;

  constructor(options: WalletSessionOptions) {
    this.options = options;
    this.logger = options.logger.child('wallet');
    this.stateChanged = new Signal('walletStateChanged', this.logger);
    this.random = options.random ?? nodeRandomSource;
    this.preferences = options.preferences;
    this.drafts = options.drafts;
    this.outbox = options.outbox;
    this.accounts = new WalletAccounts({
      paths: options.paths,
      logger: this.logger,
      light: options.light,
      network: () => this.network(),
      keystore: () => this.keystore(),
      services: () => this.services(),
      built: () => this.parts,
      requireWallet: () => this.requireWallet(),
    });
    this.payments = new WalletPayments({
      logger: this.logger,
      light: options.light,
      services: () => this.services(),
      requireWallet: () => this.requireWallet(),
      account: () => this.accounts.current(),
      outbox: options.outbox,
      spendUnconfirmed: options.spendUnconfirmed,
    });
    this.restorer = new WalletRestore({
      logger: this.logger,
      light: options.light,
      drafts: options.drafts,
      network: () => this.network(),
      keystore: () => this.keystore(),
      services: () => this.services(),
      accountsFound: () => this.accounts.applyView(),
    });
  }

  /** Reads the saved auto-lock choice and the accounts file of the network in use. */
  async load(): Promise<void> {
    await this.preferences.load();
    for (const keystore of this.keystores.values()) {
      keystore.setAutoLock(this.preferences.autoLockMs());
    }
    await this.accounts.load();
  }

  /** The network in use: the light client's (the CLI's --network), else the settings'. */
  network(): Network {
    return this.options.light.isOpen ? this.options.light.parts.network : this.options.network();
  }

  /** The keystore of the current network. */
  keystore(network: Network = this.network()): KeystoreService {
    let keystore = this.keystores.get(network);
    if (keystore === undefined) {
      keystore = new KeystoreService({
        file: new AtomicFile(this.options.paths.keystoreFile(network)),
        clock: this.options.clock,
        timers: this.options.timers ?? systemTimers,
        random: this.random,
        logger: this.logger,
        keychain: this.options.keychain,
        autoLockMs: this.preferences.autoLockMs(),
        ...(this.options.testScrypt === undefined ? {} : { testScrypt: this.options.testScrypt }),
        ...(this.options.testMaxRetryDelayMs === undefined
          ? {}
          : { maxRetryDelayMs: this.options.testMaxRetryDelayMs }),
      });
      keystore.onLock(() => void this.announce());
      this.keystores.set(network, keystore);
    }
    return keystore;
  }

  isUnlocked(): boolean {
    return this.keystore().isUnlocked();
  }

  /** A signer over the unlocked wallet's device key, for chat to wipe when it stops. */
  deviceSigner(): DeviceSigner {
    return this.keystore().wallet().deviceSigner();
  }

  /** The user did something through the app: the idle timer starts again. */
  recordActivity(): void {
    this.keystore().recordActivity();
  }

  /** Locks every network's wallet (a network switch, quitting). */
  lockAll(): void {
    for (const keystore of this.keystores.values()) keystore.lock('user');
  }

  /** Addresses and payments over the light client's current database and hub. */
  services(): WalletServices {
    const light = this.options.light.parts;
    if (this.parts !== null && this.parts.db === light.db) return this.parts;
    this.close();
    this.parts = buildWalletServices({
      light,
      keystore: this.keystore(light.network),
      random: this.random,
      logger: this.logger,
      clock: this.options.clock,
      onOutboxChanged: () => this.outboxChanged(),
      account: () => this.accounts.current(),
    });
    const parts = this.parts;
    queueMicrotask(() => {
      if (this.parts === parts) this.outboxChanged();
    });
    this.accounts.servicesBuilt(parts, light.network);
    return parts;
  }

  /** Tells the page and the status bar what changed in the outbox. */
  private outboxChanged(): void {
    const parts = this.parts;
    // A network switch closes the database before the light client opens the next one: the
    // outbox is read again when the next network's services are built.
    if (parts === null || !parts.db.isOpen) return;
    try {
      this.outbox.changed(this.services().payments.pendingPayments());
    } catch (error) {
      this.logger.warn('Could not read the payment outbox', { error });
    }
  }

  /** Detaches the wallet's services (the light client closes the database they read). */
  close(): void {
    const parts = this.parts;
    this.parts = null;
    if (parts === null) return;
    parts.detach();
    this.outbox.reset();
  }

  // ---- state ----

  async state(): Promise<WalletState> {
    const keystore = this.keystore();
    const status = await keystore.status();
    const keychainAvailable = this.options.keychain !== null;
    if (!status.exists) return { state: 'none', keychainAvailable };
    if (!status.readable) return { state: 'damaged', problem: status.error.message };
    let addresses: string[] = [];
    if (this.options.light.isOpen) {
      try {
        addresses = this.services()
          .wallet.addresses()
          .map((a) => a.address);
      } catch (error) {
        this.logger.warn('Could not list the wallet addresses', { error });
      }
    }
    return {
      state: status.unlocked ? 'unlocked' : 'locked',
      network: status.public.network,
      protection: status.protection,
      walletId: status.public.walletId,
      deviceAddress: status.public.deviceAddress,
      addresses,
      retryAfterMs: status.retryAfterMs,
      autoLockMinutes: this.preferences.autoLockMinutes(),
      keychainAvailable,
    };
  }

  /**
   * Tells what state the wallet is in now: the services that follow the wallet (chat runs while
   * it is unlocked), then the page (the composition root listens last).
   */
  async announce(): Promise<WalletState> {
    const state = await this.state();
    this.stateChanged.emit(state);
    return state;
  }

  /** The wallet was created, restored, unlocked, locked, or its network or protection changed. */
  onStateChanged(listener: (state: WalletState) => void): () => void {
    return this.stateChanged.add(listener);
  }

  /** How far the discovery of a restored wallet's addresses has come. */
  onRestoreProgress(listener: (progress: DiscoveryProgress) => void): () => void {
    return this.restorer.onProgress(listener);
  }

  // ---- create (backup first), restore ----

  /** A new recovery phrase and the positions to ask back; the wallet is written after the check. */
  createWithMnemonicForBackup(): ReturnType<BackupDrafts['create']> {
    return this.drafts.create();
  }

  async confirmBackup(params: {
    draftId: string;
    answers: readonly { position: number; word: string }[];
    protection?: NewProtection | undefined;
  }): Promise<{ confirmed: boolean; wrongPositions: number[]; wallet: WalletState | null }> {
    const { mnemonic, wrongPositions } = this.drafts.check(params.draftId, params.answers);
    if (wrongPositions.length > 0 || params.protection === undefined) {
      return { confirmed: wrongPositions.length === 0, wrongPositions, wallet: null };
    }
    const protection = params.protection;
    await guarded(() => this.keystore().restore({ mnemonic, network: this.network(), protection }));
    this.drafts.clear();
    this.logger.info('The new wallet was written after its backup check');
    await guarded(() => this.services().wallet.nextReceiveAddress());
    return { confirmed: true, wrongPositions: [], wallet: await this.announce() };
  }

  /**
   * Restores from a recovery phrase and finds its addresses (wallet/wallet-restore.ts); resolves
   * with the wallet's state once its file is written.
   */
  async restoreFromMnemonic(
    params: RestoreParams,
  ): Promise<{ wallet: WalletState } & DiscoveryFound> {
    const found = await this.restorer.restore(params);
    return { wallet: await this.announce(), ...found };
  }

  // ---- unlock, lock, protection ----

  async unlock(password: string | undefined): Promise<WalletState> {
    await guarded(() => this.keystore().unlock(password));
    return this.announce();
  }

  async lock(): Promise<WalletState> {
    this.keystore().lock('user');
    return this.state();
  }

  async changePassword(current: string | undefined, next: string): Promise<WalletState> {
    await guarded(() => this.keystore().changePassword(current, next));
    return this.announce();
  }

  async setProtection(
    current: string | undefined,
    protection: NewProtection,
  ): Promise<WalletState> {
    await guarded(() => this.keystore().changeProtection(current, protection));
    return this.announce();
  }

  async setAutoLock(minutes: number | null): Promise<WalletState> {
    // The choice holds at once (the keystores follow it), then the file is written.
    const saving = this.preferences.setAutoLock(minutes);
    for (const keystore of this.keystores.values()) {
      keystore.setAutoLock(this.preferences.autoLockMs());
    }
    await saving;
    return this.announce();
  }

  /**
   * The phrase for a backup: with the password, or for a keychain wallet after the user
   * confirmed it in person (Touch ID where the OS offers it, else main's own dialog).
   */
  async revealMnemonicForBackup(
    password: string | undefined,
  ): Promise<{ mnemonic: string; passphrase?: string }> {
    const confirmation = this.options.confirmation;
    const confirmInPerson =
      confirmation === undefined
        ? undefined
        : () =>
            confirmation.verify({
              title: 'Show the recovery phrase',
              message: 'Show the recovery phrase of this wallet?',
              detail:
                'Anyone who sees these words can take every coin of this wallet. Show them only where no one can watch your screen, and write them on paper: never in a web page, a chat or a photo.',
              confirm: 'Show the recovery phrase',
              reason: 'show the recovery phrase of your wallet',
            });
    return guarded(() => this.keystore().revealMnemonicForBackup(password, confirmInPerson));
  }

  // ---- addresses, receive ----

  async addresses(): Promise<WalletAddress[]> {
    await this.requireWallet();
    const { wallet, db } = this.services();
    const view = balancesView(db);
    const bytes = new Map(
      view.byAddress.map((a) => {
        const base = a.assets.find((x) => x.asset === BASE_ASSET);
        return [a.address, { stable: base?.stable ?? 0, pending: base?.pending ?? 0 }];
      }),
    );
    return wallet.addresses(this.currentAccount()).map((a) => ({
      address: a.address,
      account: a.account,
      isChange: a.isChange,
      index: a.index,
      used: a.used,
      bytes: bytes.get(a.address) ?? { stable: 0, pending: 0 },
    }));
  }

  async nextAddress(): Promise<string> {
    await this.requireWallet();
    return guarded(() => this.services().wallet.nextReceiveAddress(this.currentAccount()));
  }

  async paymentUri(params: {
    address: string;
    amount?: string | undefined;
    asset?: string | undefined;
    unit?: DisplayUnit | undefined;
  }): Promise<string> {
    const asset = params.asset ?? BASE_ASSET;
    const amount =
      params.amount === undefined || params.amount === ''
        ? undefined
        : this.payments.parseAmount(params.amount, asset, params.unit ?? 'GBYTE');
    return guarded(() => this.services().wallet.paymentRequestUri(params.address, amount, asset));
  }

  /** The account whose balances, history, addresses and payments are shown and used. */
  currentAccount(): number {
    return this.accounts.current();
  }

  private async requireWallet(): Promise<void> {
    const status = await this.keystore().status();
    if (!status.exists) {
      throw new WalletRefusal({ kind: 'no-wallet' });
    }
    if (!status.readable) {
      throw new WalletRefusal({ kind: 'unreadable', problem: status.error.message });
    }
  }
}
