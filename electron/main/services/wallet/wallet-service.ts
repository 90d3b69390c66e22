/**
 * The wallet's addresses: derivation from the account xpubs (works while locked), restore
 * discovery, the next receive address, the change address and payment-request links.
 *
 * Addresses are those of the official wallets (light-client.md §5): single-sig
 * `["sig",{"pubkey"}]` of m/44'/0'/account'/is_change/index, gap limit 20 per chain, discovery
 * stops after 3 consecutive unused accounts.
 *
 * Discovery asks `light/get_history` for many addresses at once (up to the hub's 2000): the
 * first window of accounts 0..3 in one request (three gaps on both chains of account 0, where
 * nearly every wallet's addresses are, so a wallet with up to 40 used addresses per chain is
 * found in one round trip; one gap on the receive chain of the others: an account's change
 * chain is used only after its receive chain), then larger windows only for chains whose
 * used addresses reach the upper half of what was checked (×4 each round), so a wallet with 200
 * used addresses on one chain is found in 2 round trips where the official wallets take one
 * round trip per 20 addresses. Every answer is verified (witness proof, proofchain) before an
 * address counts as used, and stored, so balances show at once. Addresses are derived in memory
 * and only the used ones and the gap after them are kept (stored and watched): asking the hub
 * about more is cheap, watching them forever is not.
 */
import {
  BASE_ASSET,
  ProtocolError,
  buildPaymentUri,
  chainOf,
  parseAddress,
  parseHistoryResponse,
  verifyHistory,
  type AddressDefinition,
  type ChainDeriver,
  type HistoryNetwork,
  type ParsedHistoryResponse,
  type UriScheme,
  type VerifiedHistory,
} from '../../../../shared/protocol/index';
import type { JsonValue } from '../../../../shared/protocol/json';
import type { NetworkConstants } from '../../../../shared/protocol/wire';
import type { Clock } from '../clock';
import type { PublicInfo, UnlockedWallet } from '../keystore';
import type { Logger } from '../logger';
import type { StoredJoint, WalletDatabase } from '../storage';
import type { WalletAddressRecord, WalletStore } from '../storage/wallet-store';
import { MAX_HISTORY_ITEMS } from '../../../../shared/protocol/constants';
import {
  HubRequestError,
  getHistory,
  type HubRequester,
} from '../../../../shared/protocol/light/index';

/** ocore MAX_BIP44_GAP. */
export const GAP_LIMIT = 20;
/** Official light-wallet recovery stops after this many consecutive unused accounts. */
export const MAX_UNUSED_ACCOUNTS = 3;
/** A chain whose used addresses reach the upper half of the window grows by this factor. */
const GROWTH = 4;
/** Account 0's first window, in gaps: most wallets live on account 0 (see the module comment). */
const FIRST_WINDOW_GAPS_ACCOUNT_0 = 3;
/** Most accounts discovery will look at (a guard against a lying hub); the keystore file holds up to 100. */
const MAX_DISCOVERED_ACCOUNTS = 20;

/** What the wallet service needs of the keystore (KeystoreService fits). */
export interface WalletKeys {
  readPublicInfo(): Promise<PublicInfo>;
  isUnlocked(): boolean;
  wallet(): UnlockedWallet;
  addAccounts(accounts: readonly number[]): Promise<PublicInfo>;
}

/**
 * What the wallet service (and message signing) refused, as facts; the IPC edge
 * (ipc/wallet-service-sentences.ts) words them. `problem` is the words of the hub's or the
 * protocol's error underneath.
 */
export type WalletErrorFacts =
  | { readonly kind: 'locked-account'; readonly account: number }
  | { readonly kind: 'no-address' }
  | { readonly kind: 'discovery-stopped'; readonly problem: string }
  | { readonly kind: 'history-unverified'; readonly problem: string }
  | { readonly kind: 'cannot-sign-for'; readonly address: string }
  | { readonly kind: 'empty-message' }
  | { readonly kind: 'message-too-long'; readonly length: number; readonly max: number }
  | { readonly kind: 'invisible-characters' }
  | { readonly kind: 'signing-expired' };

export type WalletErrorKind = WalletErrorFacts['kind'];

const WALLET_CODES: { readonly [K in WalletErrorKind]: WalletError['code'] } = {
  'locked-account': 'locked',
  'no-address': 'input',
  'discovery-stopped': 'hub',
  'history-unverified': 'verification',
  'cannot-sign-for': 'input',
  'empty-message': 'input',
  'message-too-long': 'input',
  'invisible-characters': 'input',
  'signing-expired': 'input',
};

export class WalletError extends Error {
  readonly code: 'locked' | 'verification' | 'hub' | 'input';
  readonly facts: WalletErrorFacts;
  constructor(facts: WalletErrorFacts, options?: { cause?: unknown }) {
    const { kind, ...rest } = facts;
    super(`wallet refused: ${kind} ${JSON.stringify(rest)}`, options);
    this.name = 'WalletError';
    this.facts = facts;
    this.code = WALLET_CODES[kind];
  }
}

export interface WalletServiceOptions {
  readonly hub: HubRequester;
  readonly db: WalletDatabase;
  readonly store: WalletStore;
  readonly keys: WalletKeys;
  readonly network: NetworkConstants;
  /** The client's witness list (the same list the sync sends and verifies with). */
  readonly witnesses: () => Promise<readonly string[]>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly gapLimit?: number;
  readonly maxUnusedAccounts?: number;
  readonly historyTimeoutMs?: number;
}

/** Determinate progress of a discovery; totals grow when a window is extended. */
export interface DiscoveryProgress {
  readonly round: number;
  readonly addressesChecked: number;
  readonly addressesToCheck: number;
  readonly unitsVerified: number;
  readonly usedAddresses: number;
}

export interface DiscoveryResult {
  /** `light/get_history` requests sent (one per round unless a round needed splitting). */
  readonly roundTrips: number;
  readonly rounds: number;
  readonly addressesChecked: number;
  readonly usedAddresses: number;
  readonly unitsVerified: number;
  /** Accounts with at least one used address (account 0 always counts). */
  readonly accounts: readonly number[];
}

export interface WalletAddressInfo {
  readonly address: string;
  readonly account: number;
  readonly isChange: boolean;
  readonly index: number;
  readonly used: boolean;
}

interface ChainState {
  readonly account: number;
  readonly isChange: boolean;
  /** Addresses 0..checked-1 have been asked about; their records, by index. */
  readonly records: WalletAddressRecord[];
  checked: number;
  highestUsed: number;
  /** Addresses 0..kept-1 are stored and watched. */
  kept: number;
}

const DEFAULT_HISTORY_TIMEOUT_MS = 60_000;

export class WalletService {
  private readonly hub: HubRequester;
  private readonly db: WalletDatabase;
  private readonly store: WalletStore;
  private readonly keys: WalletKeys;
  private readonly network: NetworkConstants;
  private readonly witnesses: () => Promise<readonly string[]>;
  private readonly logger: Logger;
  private readonly gap: number;
  private readonly maxUnusedAccounts: number;
  private readonly historyTimeoutMs: number;
  private genesisUnit: string | null;
  private readonly xpubs = new Map<number, string>();
  /** Chain nodes parsed and derived once per account xpub and chain ("xpub/is_change"). */
  private readonly chains = new Map<string, ChainDeriver>();

  constructor(options: WalletServiceOptions) {
    this.hub = options.hub;
    this.db = options.db;
    this.store = options.store;
    this.keys = options.keys;
    this.network = options.network;
    this.witnesses = options.witnesses;
    this.logger = options.logger.child('wallet');
    this.gap = options.gapLimit ?? GAP_LIMIT;
    this.maxUnusedAccounts = options.maxUnusedAccounts ?? MAX_UNUSED_ACCOUNTS;
    this.historyTimeoutMs = options.historyTimeoutMs ?? DEFAULT_HISTORY_TIMEOUT_MS;
    // A devnet's genesis unit, learned by an earlier run (the sync keeps it in the database).
    this.genesisUnit = options.network.genesisUnit ?? options.db.genesisUnit();
  }

  // ----- derivation -----

  /**
   * The account's xpub: derived from the unlocked wallet (which a restore unlocks before its
   * file is written), else from the keystore's public part.
   */
  private async xpub(account: number): Promise<string | null> {
    const cached = this.xpubs.get(account);
    if (cached !== undefined) return cached;
    if (this.keys.isUnlocked()) {
      const xpub = this.keys.wallet().accountXpub(account);
      this.xpubs.set(account, xpub);
      return xpub;
    }
    const info = await this.keys.readPublicInfo();
    for (const a of info.accounts) this.xpubs.set(a.account, a.xpub);
    return this.xpubs.get(account) ?? null;
  }

  private chain(xpub: string, isChange: boolean): ChainDeriver {
    const key = `${xpub}/${isChange ? 1 : 0}`;
    let chain = this.chains.get(key);
    if (chain === undefined) {
      chain = chainOf(xpub, isChange);
      this.chains.set(key, chain);
    }
    return chain;
  }

  /** Derives (and stores, watched as 'wallet') addresses from..from+count-1 of a chain. */
  private async derive(
    account: number,
    isChange: boolean,
    from: number,
    count: number,
  ): Promise<WalletAddressRecord[]> {
    const { records, fresh } = await this.derived(account, isChange, from, count);
    if (fresh.length > 0) this.store.addWalletAddresses(fresh);
    return records;
  }

  /** Addresses from..from+count-1 of a chain: stored ones as stored, the others derived (not stored). */
  private async derived(
    account: number,
    isChange: boolean,
    from: number,
    count: number,
  ): Promise<{ records: WalletAddressRecord[]; fresh: WalletAddressRecord[] }> {
    const xpub = await this.xpub(account);
    if (xpub === null) {
      throw new WalletError({ kind: 'locked-account', account });
    }
    const stored = new Map(
      this.store
        .walletAddresses(account)
        .filter((r) => r.isChange === isChange)
        .map((r) => [r.index, r]),
    );
    const records: WalletAddressRecord[] = [];
    const fresh: WalletAddressRecord[] = [];
    for (let index = from; index < from + count; index++) {
      const known = stored.get(index);
      if (known !== undefined) {
        records.push(known);
        continue;
      }
      const derived = this.chain(xpub, isChange).address(index);
      const record = {
        address: derived.address,
        account,
        isChange,
        index,
        definition: JSON.stringify(derived.definition),
      };
      records.push(record);
      fresh.push(record);
    }
    return { records, fresh };
  }

  /** Every stored wallet address with its place in the tree and whether it has history. */
  addresses(account?: number): WalletAddressInfo[] {
    const records = this.store.walletAddresses(account);
    const used = this.store.usedAddresses(records.map((r) => r.address));
    return records.map((r) => ({
      address: r.address,
      account: r.account,
      isChange: r.isChange,
      index: r.index,
      used: used.has(r.address),
    }));
  }

  /** Where an address of this wallet sits, with its definition; null for a foreign address. */
  lookup(address: string): (WalletAddressInfo & { definition: AddressDefinition }) | null {
    const record = this.store.walletAddress(address);
    if (record === null) return null;
    const definition = JSON.parse(record.definition) as AddressDefinition;
    return {
      address: record.address,
      account: record.account,
      isChange: record.isChange,
      index: record.index,
      used: this.store.usedAddresses([address]).has(address),
      definition,
    };
  }

  /** The first address of a chain after its last used one (never going back to a gap). */
  private async nextUnused(
    account: number,
    isChange: boolean,
    afterLastUsed: boolean,
  ): Promise<string> {
    const chain = this.store.walletAddresses(account).filter((r) => r.isChange === isChange);
    const used = this.store.usedAddresses(chain.map((r) => r.address));
    let candidate = 0;
    if (afterLastUsed) {
      for (const r of chain) if (used.has(r.address)) candidate = Math.max(candidate, r.index + 1);
    } else {
      while (chain.some((r) => r.index === candidate && used.has(r.address))) candidate++;
    }
    const [record] = await this.derive(account, isChange, candidate, 1);
    if (record === undefined) throw new WalletError({ kind: 'no-address' });
    return record.address;
  }

  /** The receive address to show: the one after the last used receive address. */
  async nextReceiveAddress(account = 0): Promise<string> {
    return this.nextUnused(account, false, true);
  }

  /** Change goes to the first unused change address (ocore: is_change = 1, unused). */
  async changeAddress(account = 0): Promise<string> {
    return this.nextUnused(account, true, false);
  }

  /** An `obyte:` link asking for a payment to `address` (light-client.md §6). */
  paymentRequestUri(address: string, amount?: number, asset?: string): string {
    const parsed = parseAddress(address);
    const scheme = (this.network.uriSchemes[0] ?? 'obyte') as UriScheme;
    return buildPaymentUri(
      {
        address: parsed,
        ...(amount === undefined ? {} : { amount }),
        ...(asset === undefined || (asset === BASE_ASSET && amount === undefined) ? {} : { asset }),
      },
      scheme,
    );
  }

  // ----- discovery -----

  /**
   * Restore discovery (see the module comment). Needs the unlocked wallet for accounts whose
   * xpub the keystore does not list yet; their xpubs are added to the keystore's public part.
   */
  async discover(onProgress?: (progress: DiscoveryProgress) => void): Promise<DiscoveryResult> {
    const witnesses = await this.witnesses();
    const chains = new Map<string, ChainState>();
    const chainOf = (account: number, isChange: boolean): ChainState => {
      const key = `${account}/${isChange ? 1 : 0}`;
      let chain = chains.get(key);
      if (chain === undefined) {
        chain = { account, isChange, records: [], checked: 0, highestUsed: -1, kept: 0 };
        chains.set(key, chain);
      }
      return chain;
    };
    let roundTrips = 0;
    let rounds = 0;
    let checked = 0;
    let unitsVerified = 0;
    let toCheck = 0;
    const usedSet = new Set<string>();
    const report = (): void =>
      onProgress?.({
        round: rounds,
        addressesChecked: checked,
        addressesToCheck: toCheck,
        unitsVerified,
        usedAddresses: usedSet.size,
      });

    for (;;) {
      const lastUsedAccount = Math.max(
        0,
        ...[...chains.values()].filter((c) => c.highestUsed >= 0).map((c) => c.account),
      );
      const accountLimit = Math.min(
        lastUsedAccount + this.maxUnusedAccounts,
        MAX_DISCOVERED_ACCOUNTS - 1,
      );
      const windows: { chain: ChainState; records: WalletAddressRecord[] }[] = [];
      for (let account = 0; account <= accountLimit; account++) {
        if ((await this.xpub(account)) === null) {
          this.logger.warn('discovery skipped an account: the wallet is locked', { account });
          continue;
        }
        for (const isChange of [false, true]) {
          // An account's change addresses are used only once it has received (and spent):
          // beyond account 0, its change chain is asked about once its receive chain is used.
          if (isChange && account > 0 && chainOf(account, false).highestUsed < 0) continue;
          const chain = chainOf(account, isChange);
          const needed = chain.highestUsed + 1 + this.gap;
          if (chain.checked >= needed) continue;
          const dense = chain.highestUsed + 1 >= chain.checked / 2 && chain.checked > 0;
          const first = account === 0 ? this.gap * FIRST_WINDOW_GAPS_ACCOUNT_0 : this.gap;
          const target = Math.max(needed, dense ? chain.checked * GROWTH : 0, first);
          const { records } = await this.derived(
            account,
            isChange,
            chain.checked,
            target - chain.checked,
          );
          windows.push({ chain, records });
        }
      }
      if (windows.length === 0) break;
      rounds += 1;
      const addresses = windows.flatMap((w) => w.records.map((r) => r.address));
      toCheck += addresses.length;
      report();
      const found = await this.usedAmong(addresses, witnesses, (units) => {
        roundTrips += 1;
        unitsVerified += units;
        report();
      });
      for (const { chain, records } of windows) {
        for (const r of records) {
          if (found.has(r.address)) {
            usedSet.add(r.address);
            chain.highestUsed = Math.max(chain.highestUsed, r.index);
          }
        }
        chain.records.push(...records);
        chain.checked += records.length;
      }
      checked += addresses.length;
      this.keepUsedAndGap(chains.values());
      report();
    }
    const accounts = [
      ...new Set([
        0,
        ...[...chains.values()].filter((c) => c.highestUsed >= 0).map((c) => c.account),
      ]),
    ].sort((a, b) => a - b);
    // Account 0 is in every keystore's public part; only later accounts need a write (which
    // waits while a restore is still writing the file).
    if (accounts.some((a) => a !== 0) && this.keys.isUnlocked()) {
      await this.keys.addAccounts(accounts);
    }
    const result = {
      roundTrips,
      rounds,
      addressesChecked: checked,
      usedAddresses: usedSet.size,
      unitsVerified,
      accounts,
    };
    this.logger.info('address discovery finished', result);
    return result;
  }

  /**
   * Stores and watches, on every chain of an account in use (account 0 always), the used
   * addresses and the gap after the last of them: the addresses the wallet may still hand out
   * or find paid. Grows only (the last used index only rises), so it runs after every round and
   * balances show as soon as an answer is stored.
   */
  private keepUsedAndGap(chains: Iterable<ChainState>): void {
    const list = [...chains];
    const inUse = new Set([0, ...list.filter((c) => c.highestUsed >= 0).map((c) => c.account)]);
    const keep: WalletAddressRecord[] = [];
    for (const chain of list) {
      if (!inUse.has(chain.account)) continue;
      const upTo = Math.min(chain.checked, chain.highestUsed + 1 + this.gap);
      if (upTo <= chain.kept) continue;
      keep.push(...chain.records.slice(chain.kept, upTo));
      chain.kept = upTo;
    }
    if (keep.length > 0) this.store.addWalletAddresses(keep);
  }

  /**
   * Asks about `addresses` (split by the hub's 2000 limit, and in halves when the hub says the
   * history is too large), verifies and stores every answer, and returns the addresses used.
   */
  private async usedAmong(
    addresses: readonly string[],
    witnesses: readonly string[],
    onAnswer: (units: number) => void,
  ): Promise<Set<string>> {
    const used = new Set<string>();
    const queue: string[][] = [];
    for (let i = 0; i < addresses.length; i += MAX_HISTORY_ITEMS) {
      queue.push(addresses.slice(i, i + MAX_HISTORY_ITEMS));
    }
    const pending = queue.map((batch) => this.askBatch(batch, witnesses, used, onAnswer));
    await Promise.all(pending);
    return used;
  }

  private async askBatch(
    batch: readonly string[],
    witnesses: readonly string[],
    used: Set<string>,
    onAnswer: (units: number) => void,
  ): Promise<void> {
    let raw: JsonValue;
    try {
      raw = await getHistory(
        this.hub,
        { witnesses, addresses: batch },
        { timeoutMs: this.historyTimeoutMs },
      );
    } catch (error) {
      if (error instanceof HubRequestError && error.reason === 'history_too_large') {
        onAnswer(0);
        if (batch.length === 1) {
          // Too much history to fetch, but certainly used.
          const [only] = batch;
          if (only !== undefined) {
            used.add(only);
            this.db.setHistoryTooLarge(only, true);
          }
          return;
        }
        const half = Math.ceil(batch.length / 2);
        await Promise.all([
          this.askBatch(batch.slice(0, half), witnesses, used, onAnswer),
          this.askBatch(batch.slice(half), witnesses, used, onAnswer),
        ]);
        return;
      }
      throw new WalletError(
        { kind: 'discovery-stopped', problem: describe(error) },
        { cause: error },
      );
    }
    const history = this.verify(raw, witnesses);
    onAnswer(history.joints.length);
    if (history.kind === 'empty') return;
    const asked = new Set(batch);
    for (const address of history.addresses) if (asked.has(address)) used.add(address);
    const joints: StoredJoint[] = history.joints.map((joint) => ({
      unit: joint.content,
      proven: joint.proven,
      sequence: joint.sequence,
      ...(joint.ball === undefined ? {} : { ball: joint.ball }),
      mainChainIndex: joint.main_chain_index,
    }));
    this.db.applyVerifiedHistory(joints);
  }

  private verify(raw: JsonValue, witnesses: readonly string[]): VerifiedHistory {
    let parsed: ParsedHistoryResponse;
    try {
      parsed = parseHistoryResponse(raw);
      let learned: string | null = null;
      if (this.genesisUnit === null && parsed.kind !== 'empty') {
        const genesis = parsed.witness_change_and_definition_joints.find(
          (j) => j.unit.parent_units === undefined && j.unit.last_ball === undefined,
        );
        if (genesis?.unit.unit !== undefined) {
          this.genesisUnit = genesis.unit.unit;
          learned = genesis.unit.unit;
        }
      }
      const verified = verifyHistory(parsed, {
        witnesses,
        network: this.historyNetwork(),
        knownBalls: this.db.provenBalls(),
      });
      // Kept for later runs, as the sync keeps it (a restored devnet wallet's next answers may
      // not name the genesis again).
      if (learned !== null && this.db.genesisUnit() === null) this.db.saveGenesisUnit(learned);
      return verified;
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new WalletError(
          { kind: 'history-unverified', problem: error.message },
          { cause: error },
        );
      }
      throw error;
    }
  }

  private historyNetwork(): HistoryNetwork {
    return {
      countWitnesses: this.network.countWitnesses,
      majority: this.network.majorityOfWitnesses,
      genesisUnit: this.genesisUnit ?? 'A'.repeat(43) + '=',
      alt: this.network.alt,
      versions: this.network.supportedVersions,
    };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
