/**
 * Textcoins (light-client.md §6; ocore wallet.js sendMultiPayment with a "textcoin:" recipient,
 * receiveTextCoin, claimBackOldTextcoins): send money to a fresh 12-word secret, list what was
 * sent with the hub's word on whether it was claimed, take an unclaimed one back, and claim one
 * from its words.
 *
 * Sending is an ordinary payment (PaymentService.preview → send) to the textcoin's address, with
 * the claim fee rule's bytes added. The words exist only in main: made at preview time, sealed
 * with the wallet's at-rest key and written to the wallet database BEFORE the payment is posted,
 * and handed to the caller once, with the outcome of the send.
 *
 * Claiming asks the hub for the textcoin address's history, verifies it as any history, takes
 * every unspent output it shows, and previews a sweep of them to a receiving address of ours
 * (PaymentService.previewSweep), signed with the textcoin's key when the user confirms.
 */
import { BASE_ASSET, isValidAsset } from '../../../../shared/protocol/amount';
import { MAX_CAP } from '../../../../shared/protocol/constants';
import { ProtocolError } from '../../../../shared/protocol/errors';
import { expandTextcoin, type TextcoinKey } from '../../../../shared/protocol/hd';
import { verifyHistory } from '../../../../shared/protocol/history';
import { parseHistoryResponse } from '../../../../shared/protocol/history-parse';
import {
  getBalances,
  getHistory,
  getParentsAndLastBall,
  HubError,
  type HubBalances,
  type HubRequester,
} from '../../../../shared/protocol/light/index';
import { MAX_BALANCE_ADDRESSES } from '../../../../shared/protocol/constants';
import { sign } from '../../../../shared/protocol/signature';
import {
  newTextcoin,
  parseTextcoinInput,
  textcoinFunding,
  textcoinHoldings,
  textcoinTpsFloor,
  textcoinUri,
  textcoinWebLink,
  TEXTCOIN_ENTROPY_BYTES,
  type ParsedTextcoin,
  type TextcoinFunding,
  type TextcoinFundingParams,
  type TextcoinTpsFloor,
} from '../../../../shared/protocol/textcoin';
import type { SystemVars } from '../hub/index';
import type { NetworkConstants } from '../../../../shared/protocol/wire';
import type { Clock } from '../clock';
import type { DeviceSigner } from '../keystore/signer';
import type { Logger } from '../logger';
import {
  MAX_AA_RESPONSES,
  PaymentError,
  type PaymentPreviewResult,
  type PaymentService,
  type SendOutcome,
} from '../payments/index';
import { drawRandom, type RandomSource } from '../random';
import type { WalletDatabase } from '../storage';
import type { TextcoinRecord, TextcoinStore } from '../storage/textcoin-store';
import { genesisFromAnswer, historyNetworkOf } from '../sync/sync-service';
import { TextcoinError } from './errors';
import { sealWords, unsealWords, WORDS_NONCE_BYTES } from './seal';

export {
  TextcoinError,
  type TextcoinErrorCode,
  type TextcoinErrorFacts,
  type TextcoinErrorKind,
} from './errors';

/** What the page and the command line are shown before a textcoin is sent. */
export interface TextcoinSendPreview {
  readonly payment: PaymentPreviewResult;
  /** The textcoin's address: the payment's recipient. Its words are not shown yet. */
  readonly address: string;
  readonly asset: string;
  /** What the recipient is to receive. */
  readonly amount: number;
  readonly funding: TextcoinFunding;
  /** The claim's least TPS fee and whether the hub's system variables gave it. */
  readonly tpsFloor: TextcoinTpsFloor;
}

export interface TextcoinSent {
  readonly outcome: SendOutcome;
  readonly address: string;
  /** The words joined by "-": shown once. */
  readonly textcoin: string;
  readonly link: string;
  readonly uri: string;
}

/** The hub's word on a sent textcoin (not proven), or why there is none. */
export type TextcoinClaimState = 'unclaimed' | 'claimed' | 'taken-back' | 'unknown';

export interface TextcoinListItem extends Omit<TextcoinRecord, 'sealedWords'> {
  readonly claimState: TextcoinClaimState;
  /** Per asset ("base" for bytes): what the hub says the address still holds. */
  readonly holds: Readonly<Record<string, number>>;
}

export interface TextcoinClaimPreview {
  readonly payment: PaymentPreviewResult;
  readonly address: string;
  /** Where the money goes: a receiving address of this wallet. */
  readonly to: string;
  /** One of our own textcoins being taken back. */
  readonly ownTextcoin: boolean;
  /** Coins still unconfirmed on the textcoin (the claim waits for them to be confirmed). */
  readonly unconfirmedCoins: number;
}

export interface TextcoinServiceOptions {
  readonly hub: HubRequester;
  readonly db: WalletDatabase;
  readonly store: TextcoinStore;
  readonly payments: PaymentService;
  /** A receiving address of the account in use, for claims. */
  readonly receiveAddress: () => Promise<string>;
  /** The account in use: a textcoin is funded from its coins. */
  readonly account: () => number;
  /** The unlocked wallet's device signer, for the at-rest key (wiped after each use). */
  readonly deviceSigner: () => DeviceSigner;
  readonly network: NetworkConstants;
  readonly witnesses: () => Promise<readonly string[]>;
  /** The hub's latest `system_vars` (null: none yet): the claim's least TPS fee comes from them. */
  readonly systemVars: () => SystemVars | null;
  readonly random: RandomSource;
  readonly clock: Clock;
  readonly logger: Logger;
}

interface HeldSend {
  readonly key: TextcoinKey & { readonly textcoin: string };
  readonly asset: string;
  readonly amount: number;
  readonly funding: TextcoinFunding;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Send failures after which the funding unit certainly was not posted. */
const NOT_POSTED: readonly string[] = ['preview', 'locked', 'bounce', 'coins_locked', 'rejected'];

export class TextcoinService {
  private readonly options: TextcoinServiceOptions;
  private readonly logger: Logger;
  private readonly sends = new Map<string, HeldSend>();
  private readonly claims = new Map<string, { address: string; own: boolean }>();

  constructor(options: TextcoinServiceOptions) {
    this.options = options;
    this.logger = options.logger.child('textcoins');
  }

  /** An amount and an asset, checked before anything is asked of the hub. */
  static checkAmount(amount: unknown, asset: unknown): { amount: number; asset: string } {
    if (typeof asset !== 'string' || !isValidAsset(asset)) {
      throw new TextcoinError({ kind: 'bad-asset' });
    }
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
      throw new TextcoinError({ kind: 'bad-amount' });
    }
    if (amount > MAX_CAP) {
      throw new TextcoinError({ kind: 'amount-above-max' });
    }
    return { amount, asset };
  }

  // ---- send ----

  async previewSend(params: { amount: number; asset?: string }): Promise<TextcoinSendPreview> {
    const { amount, asset } = TextcoinService.checkAmount(
      params.amount,
      params.asset ?? BASE_ASSET,
    );
    this.checkAssetKind(asset);
    const tpsFloor = this.tpsFloor();
    const key = newTextcoin(drawRandom(this.options.random, TEXTCOIN_ENTROPY_BYTES));
    const hubTpsFee = await this.tpsFeeFor(key.address);
    const funding = this.fundingFor({
      network: this.options.network,
      address: key.address,
      asset,
      amount,
      hubTpsFee,
      minTpsFee: tpsFloor.minTpsFee,
    });
    const payment = await this.options.payments.preview({
      recipients: funding.outputs,
      account: this.options.account(),
    });
    this.dropExpired();
    this.sends.set(payment.previewId, { key, asset, amount, funding });
    return { payment, address: key.address, asset, amount, funding, tpsFloor };
  }

  /**
   * What the sender adds for the claim. The amount was checked before; what textcoinFunding can
   * still refuse is the hub's TPS estimate (one no claim could pay): refused, nothing signed.
   */
  private fundingFor(params: TextcoinFundingParams): TextcoinFunding {
    try {
      return textcoinFunding(params);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      throw new TextcoinError(
        { kind: 'funding-refused', problem: error.message },
        { cause: error },
      );
    }
  }

  /**
   * The claim's least TPS fee from the hub's current system variables; the initial ones only
   * while the hub has sent none. Variables the network would not accept are refused, never
   * replaced by the initial ones.
   */
  private tpsFloor(): TextcoinTpsFloor {
    try {
      return textcoinTpsFloor(this.options.systemVars(), this.options.network);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      throw new TextcoinError(
        { kind: 'tps-floor-refused', problem: error.message },
        { cause: error },
      );
    }
  }

  /**
   * Textcoins carry bytes or a divisible public asset only (issue 16). An indivisible asset's
   * coins cannot be split into the amount and a claim, and a private asset's coins reach the
   * recipient only with their private payloads, which a textcoin link cannot carry. Decided from
   * what is known without any I/O: the network's blackbytes, and the wallet's stored payments
   * (a private payment hides its asset, so a private asset is never among them; a
   * fixed-denomination payment names its denomination).
   */
  checkAssetKind(asset: string): void {
    if (asset === BASE_ASSET) return;
    if (asset === this.options.network.blackbytesAsset) {
      throw new TextcoinError({ kind: 'blackbytes' });
    }
    const traits = this.options.db.assetPaymentTraits(asset);
    if (!traits.seen) {
      throw new TextcoinError({ kind: 'asset-not-seen', asset });
    }
    if (traits.fixedDenominations) {
      throw new TextcoinError({ kind: 'asset-indivisible', asset });
    }
  }

  /** Whether a textcoin can carry `asset`: `checkAssetKind` as a yes or no. */
  carries(asset: string): boolean {
    try {
      this.checkAssetKind(asset);
      return true;
    } catch (error) {
      if (error instanceof TextcoinError) return false;
      throw error;
    }
  }

  /** ocore composer.estimateTpsFee([textcoin], [textcoin]) for a light client: the hub's figure. */
  private async tpsFeeFor(address: string): Promise<number> {
    try {
      const witnesses = await this.options.witnesses();
      const answer = await getParentsAndLastBall(this.options.hub, {
        witnesses,
        from_addresses: [address],
        output_addresses: [address],
        max_aa_responses: MAX_AA_RESPONSES,
      });
      return answer.tps_fee;
    } catch (error) {
      throw new TextcoinError(
        { kind: 'no-fee-estimate', problem: describe(error) },
        { cause: error },
      );
    }
  }

  /**
   * Signs and posts the previewed payment. The words are sealed and written first; they are
   * returned once, here. A payment that certainly did not leave forgets them again.
   */
  async send(previewId: string): Promise<TextcoinSent> {
    const held = this.sends.get(previewId);
    if (held === undefined) {
      throw new TextcoinError({ kind: 'send-preview-gone' });
    }
    const { key } = held;
    const device = this.options.deviceSigner();
    let sealed: string;
    try {
      sealed = sealWords(
        key.textcoin,
        key.address,
        device,
        drawRandom(this.options.random, WORDS_NONCE_BYTES),
      );
    } finally {
      device.wipe();
    }
    this.options.store.addSending({
      address: key.address,
      asset: held.asset,
      amount: held.amount,
      addedBytes: held.funding.addedBytes,
      claimFee: held.funding.claimFee,
      sealedWords: sealed,
    });
    let outcome: SendOutcome;
    try {
      outcome = await this.options.payments.send(previewId);
    } catch (error) {
      if (error instanceof PaymentError && NOT_POSTED.includes(error.code)) {
        this.options.store.removeUnsent(key.address);
        if (error.code !== 'locked') this.sends.delete(previewId);
      }
      throw error;
    }
    this.sends.delete(previewId);
    this.options.store.markSent(key.address, outcome.unit);
    this.logger.info('textcoin sent', { address: key.address, unit: outcome.unit });
    return {
      outcome,
      address: key.address,
      textcoin: key.textcoin,
      link: textcoinWebLink(key.textcoin),
      uri: textcoinUri(key.textcoin, this.options.network),
    };
  }

  /** Forget a textcoin preview the user cancelled (its words were never written). */
  discard(previewId: string): void {
    this.sends.delete(previewId);
    this.claims.delete(previewId);
    this.options.payments.discardPreview(previewId);
  }

  private dropExpired(): void {
    if (this.sends.size + this.claims.size < 50) return;
    // Payments drop their previews after a few minutes; ours follow when they pile up.
    this.sends.clear();
    this.claims.clear();
  }

  // ---- list ----

  /** Textcoins sent, newest first, with the hub's word on each (unknown when it cannot say). */
  async list(): Promise<TextcoinListItem[]> {
    const rows = this.options.store.list();
    let balances: HubBalances | null = {};
    const addresses = rows.map((r) => r.address);
    try {
      for (let i = 0; i < addresses.length; i += MAX_BALANCE_ADDRESSES) {
        const answer = await getBalances(
          this.options.hub,
          addresses.slice(i, i + MAX_BALANCE_ADDRESSES),
        );
        balances = { ...balances, ...answer };
      }
    } catch (error) {
      if (!(error instanceof HubError) && !(error instanceof ProtocolError)) throw error;
      this.logger.warn('the hub could not say which textcoins were claimed', {
        problem: describe(error),
      });
      balances = null;
    }
    return rows.map((row) => {
      const { sealedWords: _sealed, ...rest } = row;
      const held = balances?.[row.address] ?? {};
      const holds: Record<string, number> = {};
      for (const [asset, b] of Object.entries(held)) if (b.total > 0) holds[asset] = b.total;
      const claimState: TextcoinClaimState =
        balances === null
          ? 'unknown'
          : Object.keys(holds).length > 0
            ? 'unclaimed'
            : row.claimUnit !== null
              ? 'taken-back'
              : row.state === 'sent'
                ? 'claimed'
                : 'unknown';
      return { ...rest, claimState, holds };
    });
  }

  // ---- claim ----

  /** Checks what a person pasted (no I/O): the textcoin's words and address. */
  parse(input: unknown): ParsedTextcoin {
    try {
      return parseTextcoinInput(input, this.options.network);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new TextcoinError({ kind: 'bad-input', problem: error.message });
      }
      throw error;
    }
  }

  /** What claiming would bring in: every coin the hub's verified history shows unspent. */
  async previewClaim(input: unknown): Promise<TextcoinClaimPreview> {
    const parsed = this.parse(input);
    const key = expandTextcoin(parsed.mnemonic);
    const own = this.options.store.get(key.address) !== null;
    const holdings = await this.holdingsOf(key.address);
    if (holdings.coins.length === 0) {
      throw new TextcoinError({
        kind: holdings.authored ? 'claimed' : 'empty',
        address: key.address,
      });
    }
    const to = await this.options.receiveAddress();
    const privateKey = key.privateKey;
    const payment = await this.options.payments.previewSweep({
      from: {
        address: key.address,
        definition: key.definition,
        definitionRevealedBy: holdings.definitionRevealedBy,
        sign: (digest) => sign(digest, privateKey),
      },
      coins: holdings.coins,
      to,
    });
    this.dropExpired();
    this.claims.set(payment.previewId, { address: key.address, own });
    return {
      payment,
      address: key.address,
      to,
      ownTextcoin: own,
      unconfirmedCoins: holdings.coins.filter((c) => !c.is_stable).length,
    };
  }

  /** Takes back one of our own textcoins: its sealed words are opened and claimed into ours. */
  async previewTakeBack(address: string): Promise<TextcoinClaimPreview> {
    const row = this.options.store.get(address);
    if (row === null) {
      throw new TextcoinError({ kind: 'not-sent-here', address });
    }
    const device = this.options.deviceSigner();
    let words: string | null;
    try {
      words = unsealWords(row.sealedWords, row.address, device);
    } finally {
      device.wipe();
    }
    if (words === null) {
      throw new TextcoinError({ kind: 'sealed' });
    }
    return this.previewClaim(words);
  }

  async claim(previewId: string): Promise<SendOutcome & { address: string }> {
    const held = this.claims.get(previewId);
    if (held === undefined) {
      throw new TextcoinError({ kind: 'claim-preview-gone' });
    }
    const outcome = await this.options.payments.send(previewId);
    this.claims.delete(previewId);
    if (held.own) this.options.store.setClaimUnit(held.address, outcome.unit);
    this.logger.info('textcoin claimed', { address: held.address, unit: outcome.unit });
    return { ...outcome, address: held.address };
  }

  private async holdingsOf(address: string): Promise<ReturnType<typeof textcoinHoldings>> {
    let raw: unknown;
    let witnesses: readonly string[];
    try {
      witnesses = await this.options.witnesses();
      raw = await getHistory(this.options.hub, { witnesses, addresses: [address] });
    } catch (error) {
      throw new TextcoinError({ kind: 'hub-history', problem: describe(error) }, { cause: error });
    }
    try {
      const parsed = parseHistoryResponse(raw);
      const genesis =
        this.options.network.genesisUnit ??
        this.options.db.genesisUnit() ??
        genesisFromAnswer(parsed);
      if (parsed.kind === 'empty') return textcoinHoldings([], address);
      const history = verifyHistory(parsed, {
        witnesses,
        network: historyNetworkOf(this.options.network, genesis ?? 'A'.repeat(43) + '='),
        knownBalls: this.options.db.provenBalls(),
      });
      return textcoinHoldings(history.joints, address);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new TextcoinError({ kind: 'verification', problem: error.message }, { cause: error });
      }
      throw error;
    }
  }
}
