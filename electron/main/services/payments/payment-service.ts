/**
 * Payments (ARCHITECTURE.md "Send"): preview → send → tracked until the network decides.
 *
 * `preview` validates what a person typed, asks the hub for parents, last ball, timestamp and
 * TPS fee (§2.2), picks coins from verified storage (never coins an outbox unit holds), decides
 * per author whether to reveal the definition (§2.5), composes (shared/protocol compose.ts) and
 * keeps the unsigned composition in memory under a random id for a few minutes.
 *
 * `send` signs in main with keys from the unlocked wallet and hands the signed joint to the
 * outbox (outbox.ts), which writes it and its coins BEFORE posting (principle 7) and tracks it
 * until the network decides; a transient refusal comes back here to be recomposed from the SAME
 * coins with fresh parents.
 */
import { parseDataPayload } from '../../../../shared/protocol/aa-data';
import type { HashableObject } from '../../../../shared/protocol/json';
import { AaError, type AaService } from '../aa/index';
import { nodeRandomSource } from '../random';
import { previewAaPayment, type AaPaymentPreview } from './aa-preview';
import {
  BASE_ASSET,
  MAX_CAP,
  NotEnoughFundsError,
  ProtocolError,
  coinKey,
  composePayment,
  isPaymentMessage,
  parseAddress,
  parseAsset,
  signComposedUnit,
  type CoinCandidate,
  type ComposedPayment,
  type PaymentAuthor,
  type PaymentPreview,
  type SignedPayment,
  type SpendUnconfirmed,
  type AddressDefinition,
  type Unit,
} from '../../../../shared/protocol/index';
import type { NetworkConstants } from '../../../../shared/protocol/wire';
import type { Clock } from '../clock';
import type { AddressSigner } from '../keystore';
import type { Logger } from '../logger';
import type { SpendableOutput, WalletDatabase } from '../storage';
import type { WalletStore } from '../storage/wallet-store';
import type { WalletService } from '../wallet';
import {
  MAX_AUTHORS_PER_UNIT,
  MAX_RESPONSES_PER_PRIMARY_TRIGGER,
} from '../../../../shared/protocol/constants';
import {
  HubConnectionClosedError,
  HubUnavailableError,
  getJoint,
  getParentsAndLastBall,
  pickDivisibleCoinsForAmount as hubPickCoins,
  type HubRequester,
  type ParentsAndLastBall,
} from '../../../../shared/protocol/light/index';
import { describe, PaymentError } from './errors';
import {
  PaymentOutbox,
  type OutboxContext,
  type PendingPayment,
  type Recompose,
  type SendOutcome,
} from './outbox';

/** ocore wallets send 10 (§2.2); the unit then omits the field, as ocore does. */
export const MAX_AA_RESPONSES = MAX_RESPONSES_PER_PRIMARY_TRIGGER;
/** A preview may be sent within this long; afterwards it must be made again. */
export const PREVIEW_TTL_MS = 5 * 60 * 1000;
/** ocore composeMinimalJoint: estimate = outputs + 1500, gather until > estimate + 20000. */
const FEE_ESTIMATE = 1500;
const FEE_MARGIN = 20000;
/** ocore constants.TEXTCOIN… / default threshold_size of the oversize fee. */
export const DEFAULT_THRESHOLD_SIZE = 10000;

export interface PaymentRecipientInput {
  /** Untrusted: checked here (length, alphabet, checksum). */
  readonly address: string;
  /** An integer in the asset's smallest unit (the caller parses decimals). Omit with sendAll. */
  readonly amount?: number;
  /** "base" (default) or a 44-character asset id. */
  readonly asset?: string;
}

export interface PreviewParams {
  readonly recipients: readonly PaymentRecipientInput[];
  /** Bytes only: everything spendable minus fees goes to the one recipient. */
  readonly sendAll?: boolean;
  /**
   * The account (BIP-44 number) whose coins pay and whose address takes the change. No default:
   * a caller that forgot the account in use paid from account 0 (cd721d8).
   */
  readonly account: number;
  /** Default "own", as in ocore. */
  readonly spendUnconfirmed?: SpendUnconfirmed;
  /** Data for the unit's `data` message (an AA reads it as trigger.data); checked here. */
  readonly data?: unknown;
  /** The payment must come from this address of the wallet (a link's from_address). */
  readonly fromAddress?: string | null;
  /** Inputs and change at one address only (a link's single_address). */
  readonly singleAddress?: boolean;
}

/**
 * An author that is not an address of this wallet, whose key main holds for a moment: a
 * textcoin being claimed (ocore wallet.receiveTextCoin's signer). Its key never reaches storage.
 */
export interface ForeignAuthor {
  readonly address: string;
  readonly definition: AddressDefinition;
  /** The definition is on the ledger at this last-ball MCI already (then it is not repeated). */
  readonly definitionRevealedBy: (lastBallMci: number) => boolean;
  /** ocore signature.sign of the 32-byte digest with the author's key (base64). */
  readonly sign: (digest: Uint8Array) => string;
}

/** Everything a foreign author holds, to one address of ours (a textcoin claim). */
export interface SweepParams {
  readonly from: ForeignAuthor;
  /** Every coin to spend (all assets); none may be locked by a payment on its way. */
  readonly coins: readonly CoinCandidate[];
  /** Receives every asset's coins, and the bytes minus the fees. */
  readonly to: string;
}

export interface PaymentPreviewResult extends PaymentPreview {
  readonly previewId: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The unsigned unit (placeholders instead of signatures): exactly what will be signed. */
  readonly unit: Unit;
  readonly authors: readonly { readonly address: string; readonly revealsDefinition: boolean }[];
  readonly lastBallMci: number;
  /** Coins chosen by the hub (the wallet was still syncing): their amounts are not proven. */
  readonly coinsFromHub: boolean;
  /** The spend_unconfirmed rule the coins were picked under. */
  readonly spendUnconfirmed: SpendUnconfirmed;
  /** How many of the spent coins come from units not yet proven stable. */
  readonly unconfirmedCoins: number;
  /** The data message the unit carries, or null. */
  readonly data: HashableObject | null;
  /** When the payment goes to an autonomous agent: what it will do, by the hub's dry run. */
  readonly aa: AaPaymentPreview | null;
}

interface HeldPreview {
  readonly composition: ComposedPayment;
  readonly context: Omit<OutboxContext, 'preview' | 'coins'>;
  readonly expiresAt: number;
  /** Why the payment would bounce: sending needs the user's separate consent. */
  readonly bounceReason: string | null;
  /** A sweep's author and its key, held only while the preview lives. */
  readonly foreign?: ForeignAuthor;
}

export interface SendOptions {
  /** The user confirmed, separately, that the payment may bounce. */
  readonly acceptBounce?: boolean;
}

export interface PaymentServiceOptions {
  readonly hub: HubRequester;
  readonly db: WalletDatabase;
  readonly store: WalletStore;
  readonly wallet: WalletService;
  /** The keystore's signer for address keys (the unlocked wallet); throws `locked` when locked. */
  readonly signer: () => AddressSigner;
  readonly network: NetworkConstants;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Autonomous agents: which recipients are AAs, and dry runs. Without it, none is checked. */
  readonly aa?: AaService;
  /** The witness list sent with parents requests; omit to let the hub use its own. */
  readonly witnesses?: () => Promise<readonly string[]>;
  /** threshold_size in force at a last-ball MCI (the hub's system vars); default 10000. */
  readonly thresholdSize?: (lastBallMci: number) => number;
  /** True while the first history sync has not finished (enables the hub coin fallback). */
  readonly isSyncing?: () => boolean;
  readonly random?: (bytes: number) => Uint8Array;
  readonly previewTtlMs?: number;
  /** The outbox may have changed (a send, a resolution): read `pendingPayments` again. */
  readonly onOutboxChanged?: () => void;
}

export class PaymentService {
  private readonly hub: HubRequester;
  private readonly aa: AaService | undefined;
  private readonly db: WalletDatabase;
  private readonly store: WalletStore;
  private readonly wallet: WalletService;
  private readonly signer: () => AddressSigner;
  private readonly network: NetworkConstants;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly witnesses: (() => Promise<readonly string[]>) | undefined;
  private readonly thresholdSize: (lastBallMci: number) => number;
  private readonly isSyncing: () => boolean;
  private readonly random: (bytes: number) => Uint8Array;
  private readonly ttl: number;
  private readonly previews = new Map<string, HeldPreview>();
  /** Signed payments on their way, until the network decides. */
  readonly outbox: PaymentOutbox;

  constructor(options: PaymentServiceOptions) {
    this.hub = options.hub;
    this.aa = options.aa;
    this.db = options.db;
    this.store = options.store;
    this.wallet = options.wallet;
    this.signer = options.signer;
    this.network = options.network;
    this.logger = options.logger.child('payments');
    this.clock = options.clock;
    this.witnesses = options.witnesses;
    this.thresholdSize = options.thresholdSize ?? (() => DEFAULT_THRESHOLD_SIZE);
    this.isSyncing = options.isSyncing ?? (() => false);
    this.outbox = new PaymentOutbox({
      hub: options.hub,
      db: options.db,
      store: options.store,
      logger: this.logger,
      ...(options.onOutboxChanged === undefined ? {} : { onChanged: options.onOutboxChanged }),
    });
    this.random = options.random ?? ((n) => nodeRandomSource.randomBytes(n));
    this.ttl = options.previewTtlMs ?? PREVIEW_TTL_MS;
  }

  // ----- preview -----

  async preview(params: PreviewParams): Promise<PaymentPreviewResult> {
    this.dropExpired();
    const account = params.account;
    const sendAll = params.sendAll === true;
    // Everything the caller gave is checked before any I/O.
    const recipients = this.checkRecipients(params);
    const data = checkData(params.data);
    const fromAddress = this.checkFromAddress(params.fromAddress, account);
    const singleAddress = params.singleAddress === true;
    const spendUnconfirmed = params.spendUnconfirmed ?? 'own';
    const assets = [...new Set(recipients.map((r) => r.asset))];
    if (!assets.includes(BASE_ASSET)) assets.unshift(BASE_ASSET);

    const mine = this.wallet.addresses(account).map((a) => a.address);
    const locked = this.store.lockedCoinKeys();
    const coinsByAsset = new Map<string, CoinCandidate[]>();
    for (const asset of assets) {
      const outputs =
        mine.length === 0 ? [] : this.db.unspentOutputs(mine, asset, { spendUnconfirmed });
      coinsByAsset.set(
        asset,
        outputs.map(toCandidate).filter((c) => !locked.has(coinKey(c))),
      );
    }
    const aa = await this.findAa(recipients);
    const aaAddresses = aa === null ? [] : [aa.address];
    const restricted = fromAddress !== null || singleAddress;
    const authors = restricted
      ? [fromAddress ?? this.singleAuthor(recipients, coinsByAsset, sendAll)]
      : this.chooseAuthors(recipients, coinsByAsset, sendAll);
    const changeAddress =
      singleAddress && authors[0] !== undefined
        ? authors[0]
        : await this.wallet.changeAddress(account);
    const parents = await this.parents(authors, recipients, changeAddress);

    let coinsFromHub = false;
    let composition: ComposedPayment;
    try {
      composition = this.compose({
        parents,
        authors,
        recipients,
        sendAll,
        changeAddress,
        coins: coinsFor(coinsByAsset, authors),
        selection: 'pick',
        spendUnconfirmed,
        data,
        aaAddresses,
      });
    } catch (error) {
      if (!(error instanceof NotEnoughFundsError) || !this.isSyncing() || sendAll || restricted) {
        throw this.asPaymentError(error);
      }
      // Local coins are short while history is still arriving: let the hub pick (unproven).
      const hubCoins = await this.hubCoins(error, mine, parents, spendUnconfirmed, locked);
      coinsFromHub = true;
      const hubAuthors = [...new Set(hubCoins.map((c) => c.address))].sort();
      composition = this.compose({
        parents: await this.parents(hubAuthors, recipients, changeAddress),
        authors: hubAuthors,
        recipients,
        sendAll,
        changeAddress,
        coins: { [error.asset]: hubCoins },
        selection: 'given',
        spendUnconfirmed,
        data,
        aaAddresses,
      });
    }

    let aaPreview: AaPaymentPreview | null = null;
    if (aa !== null && this.aa !== undefined) {
      try {
        aaPreview = await previewAaPayment({
          service: this.aa,
          aa,
          unit: composition.unit,
          data,
          maxAaResponses: composition.unit.max_aa_responses ?? MAX_AA_RESPONSES,
        });
      } catch (error) {
        if (error instanceof AaError) {
          throw new PaymentError({ kind: 'aa', aa: error.facts }, { cause: error });
        }
        throw error;
      }
    }

    const previewId = Buffer.from(this.random(18)).toString('base64url');
    const expiresAt = this.clock.now() + this.ttl;
    const usedAuthors = composition.unit.authors.map((a) => a.address);
    this.previews.set(previewId, {
      composition,
      expiresAt,
      bounceReason: aaPreview?.bounceReason ?? null,
      context: {
        network: this.network.name,
        recipients,
        sendAll,
        changeAddress,
        authors: usedAuthors,
        data,
        aaAddresses,
      },
    });
    return {
      previewId,
      expiresAt,
      ...composition.preview,
      unit: composition.unit,
      authors: composition.unit.authors.map((a) => ({
        address: a.address,
        revealsDefinition: a.definition !== undefined,
      })),
      lastBallMci: composition.lastBallMci,
      coinsFromHub,
      spendUnconfirmed,
      unconfirmedCoins: composition.spentCoins.filter((coin) => !coin.is_stable).length,
      data,
      aa: aaPreview,
    };
  }

  /**
   * Everything a foreign author holds, to one address of ours: ocore wallet.receiveTextCoin
   * (bytes only: send all; with assets: each asset's coins whole to us and the bytes, minus the
   * fees, as our change). Every given coin is spent ('given' selection, spend_unconfirmed 'all').
   */
  async previewSweep(params: SweepParams): Promise<PaymentPreviewResult> {
    this.dropExpired();
    const from = params.from;
    let to: string;
    try {
      to = parseAddress(params.to);
    } catch (error) {
      throw new PaymentError({ kind: 'bad-address', role: 'receiving', problem: describe(error) });
    }
    if (this.wallet.lookup(to) === null) {
      throw new PaymentError({ kind: 'not-own-address', address: to });
    }
    const locked = this.store.lockedCoinKeys();
    const byAsset: Record<string, CoinCandidate[]> = {};
    for (const coin of params.coins) {
      if (coin.address !== from.address) {
        throw new PaymentError({ kind: 'foreign-coin', address: coin.address });
      }
      if (!locked.has(coinKey(coin))) (byAsset[coin.asset] ??= []).push(coin);
    }
    if (Object.keys(byAsset).length === 0) {
      throw new PaymentError({ kind: 'nothing-spendable', address: from.address });
    }
    const assets = Object.keys(byAsset)
      .filter((a) => a !== BASE_ASSET)
      .sort();
    const sendAll = assets.length === 0;
    const recipients = sendAll
      ? [{ address: to, amount: 0, asset: BASE_ASSET }]
      : assets.map((asset) => ({
          address: to,
          asset,
          amount: (byAsset[asset] ?? []).reduce((sum, c) => sum + c.amount, 0),
        }));
    const parents = await this.parents([from.address], recipients, to);
    let composition: ComposedPayment;
    try {
      composition = this.compose({
        parents,
        authors: [from.address],
        recipients,
        sendAll,
        changeAddress: to,
        coins: byAsset,
        selection: 'given',
        spendUnconfirmed: 'all',
        data: null,
        aaAddresses: [],
        foreign: from,
      });
    } catch (error) {
      throw this.asPaymentError(error);
    }
    const previewId = Buffer.from(this.random(18)).toString('base64url');
    const expiresAt = this.clock.now() + this.ttl;
    this.previews.set(previewId, {
      composition,
      expiresAt,
      bounceReason: null,
      foreign: from,
      context: {
        network: this.network.name,
        recipients,
        sendAll,
        changeAddress: to,
        authors: [from.address],
        data: null,
        aaAddresses: [],
        foreign: { address: from.address, definition: from.definition },
      },
    });
    return {
      previewId,
      expiresAt,
      ...composition.preview,
      unit: composition.unit,
      authors: composition.unit.authors.map((a) => ({
        address: a.address,
        revealsDefinition: a.definition !== undefined,
      })),
      lastBallMci: composition.lastBallMci,
      coinsFromHub: false,
      spendUnconfirmed: 'all',
      unconfirmedCoins: composition.spentCoins.filter((coin) => !coin.is_stable).length,
      data: null,
      aa: null,
    };
  }

  /** The one autonomous agent among the recipients, or null (none, or no AA service). */
  private async findAa(
    recipients: OutboxContext['recipients'],
  ): Promise<AaPaymentPreview['aa'] | null> {
    if (this.aa === undefined) return null;
    try {
      return await this.aa.aaAmong(recipients.map((r) => r.address));
    } catch (error) {
      if (error instanceof AaError) {
        throw new PaymentError({ kind: 'aa', aa: error.facts }, { cause: error });
      }
      throw error;
    }
  }

  /** A link's from_address: it must be one of this wallet's own addresses. */
  private checkFromAddress(given: string | null | undefined, account: number): string | null {
    if (given === undefined || given === null) return null;
    let address: string;
    try {
      address = parseAddress(given);
    } catch (error) {
      throw new PaymentError({ kind: 'bad-address', role: 'paying', problem: describe(error) });
    }
    const place = this.wallet.lookup(address);
    if (place === null || place.account !== account) {
      throw new PaymentError({ kind: 'from-not-own', address });
    }
    return address;
  }

  /**
   * single_address without a named address: one address of the wallet that can pay everything
   * alone (inputs and change stay there), the one closest to what is needed.
   */
  private singleAuthor(
    recipients: OutboxContext['recipients'],
    coins: ReadonlyMap<string, readonly CoinCandidate[]>,
    sendAll: boolean,
  ): string {
    const needed = new Map<string, number>();
    for (const r of recipients) needed.set(r.asset, (needed.get(r.asset) ?? 0) + r.amount);
    needed.set(BASE_ASSET, (needed.get(BASE_ASSET) ?? 0) + FEE_ESTIMATE);
    const holdings = new Map<string, Map<string, number>>();
    for (const [asset, list] of coins) {
      for (const c of list) {
        const byAsset = holdings.get(c.address) ?? new Map<string, number>();
        byAsset.set(asset, (byAsset.get(asset) ?? 0) + c.amount);
        holdings.set(c.address, byAsset);
      }
    }
    const able = [...holdings.entries()]
      .filter(([, byAsset]) =>
        [...needed.entries()].every(([asset, amount]) => (byAsset.get(asset) ?? 0) > amount),
      )
      .map(([address, byAsset]) => ({ address, bytes: byAsset.get(BASE_ASSET) ?? 0 }))
      .sort((a, b) => (sendAll ? b.bytes - a.bytes : a.bytes - b.bytes));
    const first = able[0];
    if (first === undefined) {
      throw new PaymentError({ kind: 'no-single-address' });
    }
    return first.address;
  }

  /** Forget a preview the user cancelled. */
  discardPreview(previewId: string): boolean {
    return this.previews.delete(previewId);
  }

  private checkRecipients(params: PreviewParams): OutboxContext['recipients'] {
    if (!Array.isArray(params.recipients) || params.recipients.length === 0) {
      throw new PaymentError({ kind: 'no-recipient' });
    }
    if (params.sendAll && params.recipients.length !== 1) {
      throw new PaymentError({ kind: 'send-all-one-recipient' });
    }
    const known = new Set(this.db.assetMetadata().map((m) => m.asset));
    return params.recipients.map((r, i) => {
      const place = { index: i, count: params.recipients.length };
      let address: string;
      try {
        address = parseAddress(r.address);
      } catch (error) {
        throw new PaymentError({ kind: 'recipient-address', problem: describe(error), ...place });
      }
      let asset: string;
      try {
        asset = parseAsset(r.asset ?? BASE_ASSET);
      } catch (error) {
        throw new PaymentError({ kind: 'recipient-asset', problem: describe(error), ...place });
      }
      if (asset !== BASE_ASSET && !known.has(asset) && !this.holds(asset)) {
        throw new PaymentError({ kind: 'unknown-asset', asset, ...place });
      }
      if (params.sendAll) {
        if (asset !== BASE_ASSET) throw new PaymentError({ kind: 'send-all-bytes-only' });
        if (r.amount !== undefined) {
          throw new PaymentError({ kind: 'send-all-amount' });
        }
        return { address, amount: 0, asset };
      }
      const amount = r.amount;
      if (typeof amount !== 'number' || !Number.isFinite(amount)) {
        throw new PaymentError({ kind: 'no-amount', ...place });
      }
      if (!Number.isInteger(amount)) {
        throw new PaymentError({ kind: 'fractional-amount', amount, ...place });
      }
      if (amount <= 0) throw new PaymentError({ kind: 'amount-not-positive', ...place });
      if (amount > MAX_CAP) {
        throw new PaymentError({ kind: 'amount-above-max', ...place });
      }
      return { address, amount, asset };
    });
  }

  private holds(asset: string): boolean {
    const mine = this.wallet.addresses().map((a) => a.address);
    return (
      mine.length > 0 && this.db.unspentOutputs(mine, asset, { spendUnconfirmed: 'all' }).length > 0
    );
  }

  /**
   * ocore composeMinimalJoint's address choice: per needed asset, funded addresses ordered
   * "enough alone first, then closest to the estimate", gathered until the estimate plus a
   * margin is covered; at most 16. Send all takes the largest holders.
   */
  private chooseAuthors(
    recipients: OutboxContext['recipients'],
    coins: ReadonlyMap<string, readonly CoinCandidate[]>,
    sendAll: boolean,
  ): string[] {
    const chosen = new Set<string>();
    for (const [asset, list] of coins) {
      const balance = new Map<string, number>();
      for (const c of list) balance.set(c.address, (balance.get(c.address) ?? 0) + c.amount);
      const out = recipients.filter((r) => r.asset === asset).reduce((s, r) => s + r.amount, 0);
      const estimate = asset === BASE_ASSET ? out + FEE_ESTIMATE : out;
      const goal = sendAll
        ? Number.POSITIVE_INFINITY
        : estimate + (asset === BASE_ASSET ? FEE_MARGIN : 0);
      const ordered = [...balance.entries()].sort((a, b) => {
        if (sendAll) return b[1] - a[1];
        const aEnough = a[1] > estimate ? 0 : 1;
        const bEnough = b[1] > estimate ? 0 : 1;
        return aEnough - bEnough || Math.abs(a[1] - estimate) - Math.abs(b[1] - estimate);
      });
      let sum = [...chosen].reduce((s, a) => s + (balance.get(a) ?? 0), 0);
      for (const [address, amount] of ordered) {
        if (sum > goal || chosen.size >= MAX_AUTHORS_PER_UNIT) break;
        if (chosen.has(address)) continue;
        chosen.add(address);
        sum += amount;
      }
    }
    if (chosen.size === 0) {
      const needed = recipients
        .filter((r) => r.asset === BASE_ASSET)
        .reduce((s, r) => s + r.amount, 0);
      throw new PaymentError({
        kind: 'not-enough',
        shortage: new NotEnoughFundsError({
          asset: BASE_ASSET,
          needed: needed + FEE_ESTIMATE,
          available: 0,
        }),
      });
    }
    return [...chosen].sort();
  }

  private async parents(
    authors: readonly string[],
    recipients: OutboxContext['recipients'],
    changeAddress: string,
  ): Promise<ParentsAndLastBall> {
    const outputs = [...new Set([...recipients.map((r) => r.address), changeAddress])].sort();
    try {
      const witnesses = this.witnesses ? await this.witnesses() : undefined;
      return await getParentsAndLastBall(this.hub, {
        ...(witnesses === undefined ? {} : { witnesses }),
        from_addresses: [...authors].sort(),
        output_addresses: outputs,
        max_aa_responses: MAX_AA_RESPONSES,
      });
    } catch (error) {
      throw new PaymentError(
        error instanceof HubUnavailableError || error instanceof HubConnectionClosedError
          ? {
              kind: 'hub-unavailable',
              reason: error instanceof HubUnavailableError ? error.reason : null,
            }
          : { kind: 'hub-parents', problem: describe(error) },
        { cause: error },
      );
    }
  }

  private compose(input: {
    parents: ParentsAndLastBall;
    authors: readonly string[];
    recipients: OutboxContext['recipients'];
    sendAll: boolean;
    changeAddress: string;
    coins: Readonly<Record<string, readonly CoinCandidate[]>>;
    selection: 'pick' | 'given';
    spendUnconfirmed: SpendUnconfirmed;
    data?: HashableObject | null | undefined;
    aaAddresses?: readonly string[] | undefined;
    foreign?: ForeignAuthor | undefined;
  }): ComposedPayment {
    const lastBallMci = input.parents.last_stable_mc_ball_mci;
    const foreign = input.foreign;
    const authors: PaymentAuthor[] = input.authors.map((address) => {
      if (foreign !== undefined && address === foreign.address) {
        return foreign.definitionRevealedBy(lastBallMci)
          ? { address }
          : { address, definition: foreign.definition };
      }
      const known = this.wallet.lookup(address);
      if (known === null) throw new PaymentError({ kind: 'not-own-address', address });
      return this.store.hasStableAuthoredUnit(address, lastBallMci)
        ? { address }
        : { address, definition: known.definition };
    });
    const common = {
      network: this.network.name,
      parentsInfo: input.parents,
      thresholdSize: this.thresholdSize(lastBallMci),
      authors,
      changeAddress: input.changeAddress,
      coins: input.coins,
      coinSelection: input.selection,
      spendUnconfirmed: input.spendUnconfirmed,
      now: Math.floor(this.clock.now() / 1000),
      messages: input.data ? [{ app: 'data', payload: input.data }] : [],
      aaAddresses: input.aaAddresses ?? [],
    } as const;
    const [first] = input.recipients;
    if (input.sendAll && first !== undefined) {
      return composePayment({ ...common, sendAll: true, recipients: [{ address: first.address }] });
    }
    return composePayment({ ...common, recipients: input.recipients });
  }

  private async hubCoins(
    shortage: NotEnoughFundsError,
    mine: readonly string[],
    parents: ParentsAndLastBall,
    spendUnconfirmed: SpendUnconfirmed,
    locked: ReadonlySet<string>,
  ): Promise<CoinCandidate[]> {
    const addresses = mine.slice(0, MAX_AUTHORS_PER_UNIT);
    const picked = await hubPickCoins(this.hub, {
      addresses,
      last_ball_mci: Math.max(1, parents.last_stable_mc_ball_mci),
      amount: Math.min(shortage.needed, MAX_CAP),
      ...(shortage.asset === BASE_ASSET ? {} : { asset: shortage.asset }),
      spend_unconfirmed: spendUnconfirmed,
    }).catch((error: unknown) => {
      throw new PaymentError({ kind: 'hub-coins', problem: describe(error) }, { cause: error });
    });
    if (picked.inputs_with_proofs.length === 0) throw this.asPaymentError(shortage);
    const coins: CoinCandidate[] = [];
    for (const { input } of picked.inputs_with_proofs) {
      if (!('unit' in input)) continue;
      const answer = await getJoint(this.hub, input.unit);
      if (answer.kind !== 'found') continue;
      const message = answer.unit.messages?.[input.message_index];
      const payload =
        message !== undefined && isPaymentMessage(message) ? message.payload : undefined;
      const output = payload?.outputs[input.output_index];
      if (output?.address === undefined || !addresses.includes(output.address)) continue;
      const coin: CoinCandidate = {
        unit: input.unit,
        message_index: input.message_index,
        output_index: input.output_index,
        amount: output.amount,
        address: output.address,
        asset: shortage.asset,
        is_stable: false,
        main_chain_index: null,
      };
      if (!locked.has(coinKey(coin))) coins.push(coin);
    }
    if (coins.length === 0) throw this.asPaymentError(shortage);
    return coins;
  }

  private asPaymentError(error: unknown): Error {
    if (error instanceof PaymentError) return error;
    if (error instanceof NotEnoughFundsError)
      return new PaymentError({ kind: 'not-enough', shortage: error }, { cause: error });
    if (error instanceof ProtocolError) {
      const field =
        error.code === 'address' ? 'address' : error.code === 'asset' ? 'asset' : 'amount';
      return new PaymentError(
        { kind: 'protocol', field, problem: error.message },
        { cause: error },
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private dropExpired(): void {
    const now = this.clock.now();
    for (const [id, held] of this.previews) if (held.expiresAt <= now) this.previews.delete(id);
  }

  // ----- send -----

  async send(previewId: string, options: SendOptions = {}): Promise<SendOutcome> {
    this.dropExpired();
    const held = this.previews.get(previewId);
    if (held === undefined) {
      throw new PaymentError({ kind: 'preview-gone' });
    }
    if (held.bounceReason !== null && options.acceptBounce !== true) {
      throw new PaymentError({ kind: 'would-bounce', reason: held.bounceReason });
    }
    let signer: AddressSigner | null = null;
    if (held.foreign === undefined) {
      try {
        signer = this.signer();
      } catch (error) {
        throw new PaymentError({ kind: 'no-signer', problem: describe(error) }, { cause: error });
      }
    }
    const signed = this.sign(held.composition, signer, held.foreign);
    this.previews.delete(previewId);
    const context: OutboxContext = {
      ...held.context,
      coins: signed.spentCoins,
      preview: signed.preview,
    };
    this.outbox.persist(signed, context);
    const canSign = signer !== null || held.foreign !== undefined;
    const recompose: Recompose | null = canSign
      ? (previous, same) => this.recompose(previous, same, signer, held.foreign)
      : null;
    return this.outbox.post(signed, context, recompose);
  }

  private sign(
    composition: ComposedPayment,
    signer: AddressSigner | null,
    foreign?: ForeignAuthor,
  ): SignedPayment {
    return signComposedUnit(composition, (address) => {
      if (foreign !== undefined && address === foreign.address) return foreign.sign;
      if (signer === null) {
        throw new PaymentError({ kind: 'locked' });
      }
      const place = this.wallet.lookup(address);
      if (place === null) throw new PaymentError({ kind: 'not-own-address', address });
      return (digest: Uint8Array): string => signer.signWithAddressKey(place, digest);
    });
  }

  /** A transiently refused unit again, with fresh parents, from exactly the same coins. */
  private async recompose(
    previous: SignedPayment,
    context: OutboxContext,
    signer: AddressSigner | null,
    foreign?: ForeignAuthor,
  ): Promise<SignedPayment> {
    const parents = await this.parents(context.authors, context.recipients, context.changeAddress);
    const byAsset: Record<string, CoinCandidate[]> = {};
    for (const coin of context.coins) (byAsset[coin.asset] ??= []).push(coin);
    const composition = this.compose({
      parents,
      authors: context.authors,
      recipients: context.recipients,
      sendAll: context.sendAll,
      changeAddress: context.changeAddress,
      coins: byAsset,
      selection: 'given',
      spendUnconfirmed: 'all',
      data: context.data ?? null,
      aaAddresses: context.aaAddresses ?? [],
      foreign,
    });
    const signed = this.sign(composition, signer, foreign);
    this.outbox.persist(signed, { ...context, preview: signed.preview }, previous.unitHash);
    this.logger.info('recomposed a refused unit from the same coins', {
      from: previous.unitHash,
      to: signed.unitHash,
    });
    return signed;
  }

  // ----- the outbox -----

  /** Settles every outbox entry with the hub (PaymentOutbox.resolveOutbox). */
  resolveOutbox(): Promise<void> {
    return this.outbox.resolveOutbox();
  }

  /** Resolve the outbox after every (re)connection; returns the unsubscribe function. */
  resolveOnConnect(client: {
    onConnected(hook: () => void | Promise<void>): () => void;
  }): () => void {
    return this.outbox.resolveOnConnect(client);
  }

  /** Payments of this wallet the network has not settled yet (and recently settled ones). */
  pendingPayments(): PendingPayment[] {
    return this.outbox.pendingPayments();
  }
}

/** The data for a `data` message, checked as the network hashes it (null: no data). */
function checkData(data: unknown): HashableObject | null {
  if (data === undefined || data === null) return null;
  try {
    return parseDataPayload(data);
  } catch (error) {
    throw new PaymentError({ kind: 'bad-data', problem: describe(error) }, { cause: error });
  }
}

function toCandidate(output: SpendableOutput): CoinCandidate {
  return {
    unit: output.unit,
    message_index: output.messageIndex,
    output_index: output.outputIndex,
    amount: output.amount,
    address: output.address,
    asset: output.asset,
    is_stable: output.proven,
    // An unproven coin's MCI is the hub's word: treat it as unconfirmed.
    main_chain_index: output.proven ? output.mainChainIndex : null,
    // Storage returns unproven coins only under the rule that allows them ('own' or 'all').
    is_own: !output.proven,
  };
}

function coinsFor(
  coins: ReadonlyMap<string, readonly CoinCandidate[]>,
  authors: readonly string[],
): Record<string, CoinCandidate[]> {
  const set = new Set(authors);
  const out: Record<string, CoinCandidate[]> = {};
  for (const [asset, list] of coins) out[asset] = list.filter((c) => set.has(c.address));
  return out;
}
