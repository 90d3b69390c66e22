/**
 * Input selection for divisible payments (light-client.md §4.2): a pure port of ocore
 * `inputs.pickDivisibleCoinsForAmount`, run over coin candidates the caller has read from its
 * verified history instead of over ocore's `outputs` table.
 *
 * What is trusted: the candidates are the caller's own unspent outputs of `good` units (storage
 * keeps them); this module still checks each one's shape, refuses duplicates, and applies the
 * `spend_unconfirmed` rule and the AA-response age rule itself, so a caller that passes every
 * output it knows gets exactly the coins ocore would consider.
 *
 * Pass 3 of ocore (headers-commission and witnessing earnings) and the asset `issue` input are
 * not ported: a light wallet has no such earnings and does not issue assets.
 */
import { MAX_INPUTS_PER_PAYMENT_MESSAGE } from './constants';
import { BASE_ASSET, isValidAmount, isValidAssetId, isValidUnitHash } from './amount';
import { isValidAddress } from './chash';
import { getOversizeFee } from './commission';
import { fail, ProtocolError } from './errors';
import type { TransferInput } from './unit-types';

/** Pass 2 takes at most this many coins (ocore: MAX_INPUTS_PER_PAYMENT_MESSAGE − 2). */
export const MAX_PICKED_COINS = MAX_INPUTS_PER_PAYMENT_MESSAGE - 2;
/**
 * Size of one transfer input in a version ≥ 3.0 unit (ocore inputs.js TRANSFER_INPUT_SIZE +
 * TRANSFER_INPUT_KEYS_SIZE): unit 44 + message_index 8 + output_index 8, plus the key names
 * "unit", "message_index", "output_index" (4 + 13 + 12) = 89.
 */
export const TRANSFER_INPUT_SIZE = 44 + 8 + 8 + 4 + 13 + 12;
/** ocore skips AA-response outputs younger than this (seconds), except on a devnet. */
export const AA_RESPONSE_MIN_AGE = 30;

/** ocore `spend_unconfirmed`: which outputs of units not yet stable at the last ball may be spent. */
export type SpendUnconfirmed = 'none' | 'own' | 'all';

/** One unspent output the wallet may spend. Field names follow ocore's `outputs` table. */
export interface CoinCandidate {
  readonly unit: string;
  readonly message_index: number;
  readonly output_index: number;
  readonly amount: number;
  /** The address that owns the output (must be an author of the spending unit). */
  readonly address: string;
  /** "base" for bytes, else the asset id. */
  readonly asset: string;
  /** Stable (proven by the witness proof): pass 1 prefers stable coins. */
  readonly is_stable: boolean;
  /** Main chain index of the unit that created the output; null while it has none. */
  readonly main_chain_index: number | null;
  /** The creating unit was authored by one of the wallet's addresses (rule "own"). */
  readonly is_own?: boolean;
  /** When the output was created by an AA response: that response's time, in seconds. */
  readonly aa_response_time?: number;
}

/** The identity of an output: what a transfer input names. */
export function coinKey(coin: {
  unit: string;
  message_index: number;
  output_index: number;
}): string {
  return `${coin.unit}:${coin.message_index}:${coin.output_index}`;
}

/** The transfer input spending a coin (type "transfer" is omitted, as ocore requires). */
export function toTransferInput(coin: CoinCandidate): TransferInput {
  return { unit: coin.unit, message_index: coin.message_index, output_index: coin.output_index };
}

function assetName(asset: string): string {
  return asset === BASE_ASSET ? 'bytes' : `asset ${asset}`;
}

function unitsName(asset: string): string {
  return asset === BASE_ASSET ? 'bytes' : 'units of the asset';
}

/**
 * Not enough spendable funds of one asset. `needed` is the smallest input total that would
 * have been enough for the coins the selection tried (for bytes: amount, every fee including the
 * inputs' own size, and one more byte so that the change output stays positive); `available` is
 * what the spendable coins add up to; `shortfall` = needed − what could be gathered; `tpsFee`
 * = the part of `needed` that is the hub's TPS fee for the unit (bytes only; 0 when none or not
 * known), so that the words can say when the network's fee, not the payment, makes it expensive.
 */
export class NotEnoughFundsError extends ProtocolError {
  readonly asset: string;
  readonly needed: number;
  readonly available: number;
  readonly shortfall: number;
  /** Coins excluded by the spend_unconfirmed or AA-response age rule (not spendable yet). */
  readonly notYetSpendable: number;
  /** The selection stopped at its coin limit while the remaining coins could have paid. */
  readonly tooManyCoins: boolean;
  /** Of `needed`, the TPS fee of the unit (the hub's estimate, in bytes). */
  readonly tpsFee: number;

  constructor(details: {
    asset: string;
    needed: number;
    available: number;
    gathered?: number;
    notYetSpendable?: number;
    tooManyCoins?: boolean;
    tpsFee?: number;
    what?: string;
  }) {
    const gathered = details.gathered ?? details.available;
    const shortfall = Math.max(details.needed - gathered, 1);
    const pending = details.notYetSpendable ?? 0;
    const units = unitsName(details.asset);
    const parts = [
      `Not enough ${assetName(details.asset)}: ${details.what ?? 'this payment'} needs ` +
        `${details.needed} ${units}, but ${details.available} are spendable (${shortfall} short).`,
    ];
    if (details.tooManyCoins) {
      parts.push(
        `The ${MAX_PICKED_COINS} largest coins add up to only ${gathered}: send a smaller amount ` +
          `first to merge coins.`,
      );
    }
    if (pending > 0) parts.push(`Another ${pending} ${units} are not confirmed yet.`);
    super('amount', parts.join(' '));
    this.name = 'NotEnoughFundsError';
    this.asset = details.asset;
    this.needed = details.needed;
    this.available = details.available;
    this.shortfall = shortfall;
    this.notYetSpendable = pending;
    this.tooManyCoins = details.tooManyCoins ?? false;
    this.tpsFee = details.asset === BASE_ASSET ? (details.tpsFee ?? 0) : 0;
  }
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Check one candidate's shape; `where` names it in the error. */
export function checkCoinCandidate(coin: CoinCandidate, where = 'A coin'): void {
  if (!isValidUnitHash(coin.unit)) fail('unit', `${where} names an invalid unit hash.`);
  if (!isIndex(coin.message_index) || !isIndex(coin.output_index)) {
    fail('unit', `${where} has an invalid message or output index.`);
  }
  if (!isValidAmount(coin.amount)) fail('amount', `${where} has an invalid amount.`);
  if (!isValidAddress(coin.address)) fail('address', `${where} has an invalid address.`);
  if (coin.asset !== BASE_ASSET && !isValidAssetId(coin.asset)) {
    fail('asset', `${where} has an invalid asset.`);
  }
  if (typeof coin.is_stable !== 'boolean') fail('unit', `${where} has no stable flag.`);
  if (coin.main_chain_index !== null && !isIndex(coin.main_chain_index)) {
    fail('unit', `${where} has an invalid main chain index.`);
  }
}

export interface PickCoinsParams {
  /** "base" or an asset id; every candidate must be of this asset. */
  readonly asset: string;
  readonly candidates: readonly CoinCandidate[];
  /** Authors whose outputs may be spent (ocore arrAddresses). */
  readonly payingAddresses: readonly string[];
  /** MCI of the unit's last ball: decides which outputs count as confirmed. */
  readonly lastBallMci: number;
  /**
   * What the inputs must cover before their own size. For bytes: the outputs plus every fee of
   * the unit without inputs (ocore target_amount). For an asset: the sum of its outputs.
   */
  readonly amount: number;
  /** Bytes only: spend up to MAX_PICKED_COINS coins, whatever their total (ocore send_all). */
  readonly sendAll?: boolean;
  /** Bytes only: headers + payload size of the unit without inputs (ocore naked size). */
  readonly nakedSize?: number;
  /** Bytes only: the temp_data part of the payload commission (not subject to oversize fee). */
  readonly paidTempDataFee?: number;
  /** Bytes only: threshold_size in force at the last ball. */
  readonly thresholdSize?: number;
  /** Default "own", as in ocore. */
  readonly spendUnconfirmed?: SpendUnconfirmed;
  /** A devnet does not apply the AA-response age rule. */
  readonly isDevnet?: boolean;
  /** Current time in seconds: needed only when a candidate has `aa_response_time`. */
  readonly now?: number;
  /** Bytes only: the TPS fee inside `amount`, carried into a shortage as a fact (not counted). */
  readonly tpsFee?: number;
}

export interface PickedCoins {
  readonly asset: string;
  /** In picked order, which is the order of the inputs (ocore never sorts them). */
  readonly coins: readonly CoinCandidate[];
  readonly inputs: readonly TransferInput[];
  readonly total: number;
}

interface Eligibility {
  spendable: CoinCandidate[];
  notYetSpendable: number;
}

function isConfirmedRuleOk(
  coin: CoinCandidate,
  rule: SpendUnconfirmed,
  lastBallMci: number,
): boolean {
  const confirmed = coin.main_chain_index !== null && coin.main_chain_index <= lastBallMci;
  if (rule === 'all' || confirmed) return true;
  return rule === 'own' && coin.is_own === true;
}

/** ocore's WHERE clause: paying address, asset, spend_unconfirmed rule, AA-response age. */
function selectEligible(params: PickCoinsParams, rule: SpendUnconfirmed): Eligibility {
  const paying = new Set(params.payingAddresses);
  const seen = new Set<string>();
  const spendable: CoinCandidate[] = [];
  let notYetSpendable = 0;
  params.candidates.forEach((coin, index) => {
    checkCoinCandidate(coin, `Coin ${index + 1}`);
    if (coin.asset !== params.asset) {
      fail('asset', `Coin ${index + 1} is of another asset than the one being picked.`);
    }
    const key = coinKey(coin);
    if (seen.has(key)) fail('unit', `Coin ${index + 1} is listed twice.`);
    seen.add(key);
    if (!paying.has(coin.address)) return;
    let ok = isConfirmedRuleOk(coin, rule, params.lastBallMci);
    if (ok && coin.aa_response_time !== undefined && !params.isDevnet) {
      if (params.now === undefined) {
        fail('unit', 'Pass the current time to pick among outputs of AA responses.');
      }
      ok = coin.aa_response_time < params.now - AA_RESPONSE_MIN_AGE;
    }
    if (ok) spendable.push(coin);
    else notYetSpendable += coin.amount;
  });
  return { spendable, notYetSpendable };
}

/** Deterministic tie-breaks where ocore's SQL leaves the order to the database. */
function compareIds(a: CoinCandidate, b: CoinCandidate): number {
  if (a.unit !== b.unit) return a.unit < b.unit ? -1 : 1;
  return a.message_index - b.message_index || a.output_index - b.output_index;
}

/** Pass 1 order: `ORDER BY is_stable DESC, amount`. */
function stableFirstSmallest(a: CoinCandidate, b: CoinCandidate): number {
  return Number(b.is_stable) - Number(a.is_stable) || a.amount - b.amount || compareIds(a, b);
}

/** Pass 2 order: `ORDER BY amount DESC` (then stable first, then ids, for determinism). */
function largestFirst(a: CoinCandidate, b: CoinCandidate): number {
  return b.amount - a.amount || Number(b.is_stable) - Number(a.is_stable) || compareIds(a, b);
}

function sumAmounts(coins: readonly CoinCandidate[]): number {
  return coins.reduce((sum, coin) => sum + coin.amount, 0);
}

function checkPickParams(params: PickCoinsParams, isBase: boolean): void {
  if (params.asset !== BASE_ASSET && !isValidAssetId(params.asset)) {
    fail('asset', 'Coins can be picked for "base" or an asset id only.');
  }
  if (!isIndex(params.lastBallMci)) fail('unit', 'The last ball MCI must be a whole number.');
  if (!Number.isSafeInteger(params.amount) || params.amount < 0) {
    fail('amount', 'The amount to cover must be a whole number.');
  }
  const rule = params.spendUnconfirmed ?? 'own';
  if (rule !== 'none' && rule !== 'own' && rule !== 'all') {
    fail('unit', 'spend_unconfirmed must be "none", "own" or "all".');
  }
  if (!isBase) {
    if (params.sendAll) fail('asset', 'Only bytes can be sent all at once.');
    return;
  }
  if (!isIndex(params.nakedSize) || params.nakedSize === 0) {
    fail('unit', 'Picking bytes needs the size of the unit without inputs.');
  }
  if (!isIndex(params.paidTempDataFee ?? 0)) fail('unit', 'Invalid temp_data fee.');
  if (!Number.isSafeInteger(params.thresholdSize) || (params.thresholdSize ?? 0) <= 0) {
    fail('unit', 'Picking bytes needs the threshold size in force at the last ball.');
  }
}

/**
 * ocore inputs.pickDivisibleCoinsForAmount, without its earnings and issue passes:
 *
 * - pass 1: the single spendable coin, stable first then smallest, whose amount exceeds the
 *   required amount grown by one input (strictly for bytes, so the change stays positive; at
 *   least equal for assets, whose inputs pay no size);
 * - pass 2: coins by amount descending, at most MAX_PICKED_COINS, each adding its size (and the
 *   re-evaluated oversize fee) to the required amount, until the total exceeds it;
 * - send all: pass 2 without a target.
 *
 * Throws NotEnoughFundsError naming the shortfall when the coins do not suffice.
 */
export function pickDivisibleCoinsForAmount(params: PickCoinsParams): PickedCoins {
  const isBase = params.asset === BASE_ASSET;
  checkPickParams(params, isBase);
  const rule = params.spendUnconfirmed ?? 'own';
  const { spendable, notYetSpendable } = selectEligible(params, rule);
  const available = sumAmounts(spendable);

  const threshold = params.thresholdSize ?? 1;
  const tempDataFee = params.paidTempDataFee ?? 0;
  const oversize = (size: number): number =>
    isBase ? getOversizeFee(size - tempDataFee, threshold) : 0;
  const inputSize = isBase ? TRANSFER_INPUT_SIZE : 0;
  const exceeds = (total: number, required: number): boolean =>
    isBase ? total > required : total >= required;
  const minimumOver = (required: number): number => (isBase ? required + 1 : required);

  let size = isBase ? (params.nakedSize ?? 0) : 0;
  let netRequired = params.amount - oversize(size);
  const done = (coins: CoinCandidate[]): PickedCoins => ({
    asset: params.asset,
    coins,
    inputs: coins.map(toTransferInput),
    total: sumAmounts(coins),
  });

  if (!params.sendAll) {
    const passOneRequired = netRequired + inputSize + oversize(size + inputSize);
    let best: CoinCandidate | undefined;
    for (const coin of spendable) {
      if (!exceeds(coin.amount, passOneRequired)) continue;
      if (best === undefined || stableFirstSmallest(coin, best) < 0) best = coin;
    }
    if (best) return done([best]);
    if (spendable.length === 0) {
      throw new NotEnoughFundsError({
        asset: params.asset,
        needed: minimumOver(passOneRequired),
        available,
        notYetSpendable,
        tpsFee: params.tpsFee,
      });
    }
  }

  const ordered = [...spendable].sort(largestFirst).slice(0, MAX_PICKED_COINS);
  const picked: CoinCandidate[] = [];
  let total = 0;
  let required = params.amount;
  for (const coin of ordered) {
    netRequired += inputSize;
    size += inputSize;
    required = netRequired + oversize(size);
    picked.push(coin);
    total += coin.amount;
    if (!params.sendAll && exceeds(total, required)) return done(picked);
  }
  if (params.sendAll && picked.length > 0) return done(picked);
  if (params.sendAll) {
    throw new NotEnoughFundsError({
      asset: params.asset,
      needed: minimumOver(netRequired + inputSize + oversize(size + inputSize)),
      available,
      notYetSpendable,
      tpsFee: params.tpsFee,
      what: 'sending everything',
    });
  }
  throw new NotEnoughFundsError({
    asset: params.asset,
    needed: minimumOver(required),
    available,
    gathered: total,
    notYetSpendable,
    tpsFee: params.tpsFee,
    tooManyCoins: spendable.length > MAX_PICKED_COINS && available >= minimumOver(required),
  });
}
