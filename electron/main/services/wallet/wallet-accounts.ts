/**
 * The wallet's accounts (BIP-44 account N of its seed): which ones it has, their names, colours
 * and hidden flags (accounts.json, one per network folder: wallet/accounts.ts), which one is in
 * use, and the balances and history filtered to it. It answers with facts; the IPC edge makes
 * the page's view (ipc/accounts-view.ts), and a change is told through a signal that the
 * composition root passes on to the page.
 */
import { join } from 'node:path';
import { BASE_ASSET } from '../../../../shared/protocol/amount';
import type { Network } from '../../../../shared/protocol/wire';
import type { AppPaths } from '../app-paths';
import { AtomicFile } from '../atomic-file';
import type { KeystoreService } from '../keystore/index';
import type { Logger } from '../logger';
import { Signal } from '../signal';
import type { LightSession } from '../sync/index';
import {
  AccountsError,
  type AccountsErrorFacts,
  AccountsFileStore,
  nextAccount,
  summarize,
  type AccountColour,
  type AccountSummary,
} from './accounts';
import { guarded, WalletRefusal } from './refusal';
import type { WalletServices } from './wallet-services';

/** One account as listed: its name, colour, hidden flag, whether it was used, and its bytes. */
export interface AccountFacts extends AccountSummary {
  /** The account's bytes (its own addresses only). */
  readonly bytes: { readonly stable: number; readonly pending: number };
}

/** The wallet's accounts and the one in use. */
export interface AccountsFacts {
  /** The account whose balances, history, receiving addresses and payments are shown. */
  readonly current: number;
  readonly accounts: readonly AccountFacts[];
  /** Why no account can be added now (null: one can). */
  readonly createProblem: AccountsErrorFacts | null;
}

export interface WalletAccountsDeps {
  readonly paths: AppPaths;
  readonly logger: Logger;
  readonly light: LightSession;
  /** The network in use. */
  readonly network: () => Network;
  /** The keystore of the network in use. */
  readonly keystore: () => KeystoreService;
  /** The wallet's services over the light client's database (built if need be). */
  readonly services: () => WalletServices;
  /** The services already built, if any (the account view is applied to them). */
  readonly built: () => WalletServices | null;
  /** Refuses when there is no readable wallet. */
  readonly requireWallet: () => Promise<void>;
}

export class WalletAccounts {
  private readonly deps: WalletAccountsDeps;
  private readonly files = new Map<Network, AccountsFileStore>();
  private readonly loaded = new Set<Network>();
  /** The command line's --account: this run only, the saved choice stays. */
  private runAccount: number | null = null;
  private readonly changed: Signal<AccountsFacts>;

  constructor(deps: WalletAccountsDeps) {
    this.deps = deps;
    this.changed = new Signal('accountsChanged', deps.logger);
  }

  /**
   * The accounts changed (one added, renamed, recoloured, hidden or chosen, or another network's
   * file read): told before the balances and history that follow from it.
   */
  onChanged(listener: (accounts: AccountsFacts) => void): () => void {
    return this.changed.add(listener);
  }

  /** Reads the accounts file of the network in use. */
  async load(): Promise<void> {
    this.loaded.add(this.deps.network());
    await this.file().load();
  }

  /**
   * The services were built over a database: balances and history show the account in use, and
   * another network's accounts file is read once, then its account is shown.
   */
  servicesBuilt(parts: WalletServices, network: Network): void {
    this.applyView();
    if (this.loaded.has(network)) return;
    this.loaded.add(network);
    void this.file(network)
      .load()
      .then(() => {
        if (this.deps.built()?.db === parts.db && this.current() !== 0) {
          void this.announce().catch(() => undefined);
        }
      });
  }

  /** The names, colours, hidden flags and the account in use of a network's wallet. */
  file(network: Network = this.deps.network()): AccountsFileStore {
    let store = this.files.get(network);
    if (store === undefined) {
      store = new AccountsFileStore({
        file: new AtomicFile(join(this.deps.paths.networkDir(network), 'accounts.json')),
        logger: this.deps.logger,
      });
      this.files.set(network, store);
    }
    return store;
  }

  /** The account whose balances, history, addresses and payments are shown and used. */
  current(): number {
    if (this.runAccount !== null) return this.runAccount;
    const current = this.file().get().current;
    if (current === 0 || !this.deps.light.isOpen) return current;
    // An account the file names but this wallet does not have (another seed restored): 0.
    const known = this.deps.services().wallet.addresses(current).length > 0;
    return known ? current : 0;
  }

  /** The accounts this wallet has: in the keystore, or with stored addresses. */
  private async numbers(): Promise<{ known: number[]; used: Set<number> }> {
    const { wallet } = this.deps.services();
    const addresses = wallet.addresses();
    const known = new Set(addresses.map((a) => a.account));
    try {
      const info = await this.deps.keystore().readPublicInfo();
      for (const a of info.accounts) known.add(a.account);
    } catch (error) {
      this.deps.logger.warn('Could not read the accounts of the keystore', { error });
    }
    const used = new Set(addresses.filter((a) => a.used).map((a) => a.account));
    return { known: [...known].sort((a, b) => a - b), used };
  }

  async list(): Promise<AccountsFacts> {
    await this.deps.requireWallet();
    const { known, used } = await this.numbers();
    const { wallet, db } = this.deps.services();
    const ours = db.balances(wallet.addresses().map((a) => a.address));
    const bytesOf = (account: number) => {
      let stable = 0;
      let pending = 0;
      for (const a of wallet.addresses(account)) {
        const base = ours.byAddress[a.address]?.[BASE_ASSET];
        stable += base?.stable ?? 0;
        pending += base?.pending ?? 0;
      }
      return { stable, pending };
    };
    let createProblem: AccountsErrorFacts | null = null;
    try {
      nextAccount(known, used);
    } catch (error) {
      if (!(error instanceof AccountsError)) throw error;
      createProblem = error.facts;
    }
    return {
      current: this.current(),
      accounts: summarize(known, used, this.file().get()).map((a) => ({
        ...a,
        bytes: bytesOf(a.account),
      })),
      createProblem,
    };
  }

  /** A new account: the next BIP-44 index, its xpub from the unlocked seed, its first address. */
  async create(params: {
    name: string;
    colour?: AccountColour | undefined;
  }): Promise<AccountsFacts> {
    await this.deps.requireWallet();
    const { known, used } = await this.numbers();
    const account = await guarded(() => nextAccount(known, used));
    await guarded(() => this.deps.keystore().addAccounts([...known, account]));
    await guarded(() => this.deps.services().wallet.nextReceiveAddress(account));
    await this.file().update((data) => ({
      current: account,
      accounts: {
        ...data.accounts,
        [account]: { name: params.name, ...(params.colour ? { colour: params.colour } : {}) },
      },
    }));
    this.deps.logger.info('A new account was added', { account });
    return this.announce();
  }

  async update(params: {
    account: number;
    name?: string | undefined;
    colour?: AccountColour | undefined;
    hidden?: boolean | undefined;
  }): Promise<AccountsFacts> {
    await this.deps.requireWallet();
    const { known } = await this.numbers();
    if (!known.includes(params.account) && params.account !== 0) {
      throw new WalletRefusal({ kind: 'no-account', account: params.account });
    }
    if (params.hidden === true && params.account === this.current()) {
      throw new WalletRefusal({ kind: 'hide-current-account' });
    }
    await this.file().update((data) => {
      const meta = data.accounts[params.account] ?? {};
      return {
        ...data,
        accounts: {
          ...data.accounts,
          [params.account]: {
            ...meta,
            ...(params.name === undefined ? {} : { name: params.name }),
            ...(params.colour === undefined ? {} : { colour: params.colour }),
            ...(params.hidden === undefined ? {} : { hidden: params.hidden }),
          },
        },
      };
    });
    return this.announce();
  }

  /** Switches the account in use (saved; a hidden account is shown again when chosen). */
  async select(account: number): Promise<AccountsFacts> {
    await this.deps.requireWallet();
    const { known } = await this.numbers();
    if (!known.includes(account) && account !== 0) {
      throw new WalletRefusal({ kind: 'no-account', account });
    }
    await this.file().update((data) => {
      const meta = data.accounts[account] ?? {};
      return {
        current: account,
        accounts: meta.hidden
          ? { ...data.accounts, [account]: { ...meta, hidden: false } }
          : data.accounts,
      };
    });
    return this.announce();
  }

  /** The command line's --account N: this run uses account N (it must exist). */
  async useForRun(account: number): Promise<void> {
    await this.deps.requireWallet();
    const { known } = await this.numbers();
    if (!known.includes(account) && account !== 0) {
      throw new WalletRefusal({ kind: 'no-account', account, known });
    }
    this.runAccount = account;
    this.applyView();
  }

  /**
   * Balances and history show the account in use: the other accounts' addresses are left out
   * (watched addresses stay). With one account in use and no other, nothing is filtered.
   */
  applyView(): void {
    const parts = this.deps.built();
    if (parts === null) return;
    const account = this.current();
    const others = parts.wallet.addresses().some((a) => a.account !== account);
    if (!others) {
      parts.db.setViewFilter(null);
      return;
    }
    const wallet = parts.wallet;
    parts.db.setViewFilter((address) => {
      const place = wallet.lookup(address);
      return place === null || place.account === account;
    });
  }

  /** Applies the account view and tells everything that follows from it: accounts, balances, history. */
  private async announce(): Promise<AccountsFacts> {
    this.applyView();
    const facts = await this.list();
    this.changed.emit(facts);
    this.deps.light.balancesChanged();
    this.deps.light.historyChanged([]);
    return facts;
  }
}
