/**
 * Textcoins (light-client.md §6): money sent to the address of a fresh 12-word phrase, shared
 * as the words joined by "-". The key and address come from hd.ts (`expandTextcoin`, ocore
 * wallet.js expandMnemonic); this module has the rest of what ocore does around them:
 *
 * - the claim fee rule of wallet.js sendMultiPayment (`addFeesToParams`): the sender adds
 *   TEXTCOIN_CLAIM_FEE (bytes) or a bytes output of TEXTCOIN_ASSET_CLAIM_FEE (divisible asset),
 *   plus twice the TPS fee the hub estimates for a unit from the textcoin address to itself;
 * - the links a textcoin is shared as (`https://obyte.org/#textcoin?…`, `obyte:textcoin?…`) and
 *   the forms a person may paste back (the link, the URI, the words with "-" or spaces);
 * - what a claim spends (wallet.js receiveTextCoin): every unspent output of the textcoin
 *   address in the hub's verified history of it.
 *
 * Pure: the phrase's entropy and the TPS fee are passed in.
 */
import { BASE_ASSET } from './amount';
import { getSystemVarValue, ocoreExp, type SystemVarEntry } from './commission';
import { fail, ProtocolError } from './errors';
import { coinKey, type CoinCandidate } from './coins';
import { expandTextcoin, getTextcoinAddress, type TextcoinKey } from './hd';
import { outputKey, outputsForAddresses, inputsSpent } from './history-outputs';
import type { VerifiedJoint } from './history';
import { generateMnemonic, parseMnemonic } from './mnemonic';
import { parseUri } from './uri';
import type { NetworkConstants } from './wire';

/** A textcoin this wallet makes has 12 words (ocore `new Mnemonic()`: 128 bits of entropy). */
export const TEXTCOIN_ENTROPY_BYTES = 16;

/** How the official wallet writes a textcoin as a web link (wallet.js replaceInTextcoinTemplate). */
export const TEXTCOIN_WEB_LINK_PREFIX = 'https://obyte.org/#textcoin?';

/**
 * ocore constants.TEXTCOIN_CLAIM_FEE: 772 bytes for a "4.0" unit, one more per extra character
 * of the network's version string (773 on testnet "4.0t", 775 on a devnet "4.0dev").
 */
export function textcoinClaimFee(network: Pick<NetworkConstants, 'protocolVersion'>): number {
  return 772 + (network.protocolVersion.length - 3);
}

/**
 * ocore constants.TEXTCOIN_ASSET_CLAIM_FEE (divisible assets): header 399 + 115, the asset
 * message 201 + 98, the bytes message 157 + 101 + 1, plus the version's extra characters.
 */
export function textcoinAssetClaimFee(network: Pick<NetworkConstants, 'protocolVersion'>): number {
  return 399 + 115 + (network.protocolVersion.length - 3) + (201 + 98) + (157 + 101 + 1);
}

/** The system variables ocore's TPS fee depends on (light-client.md §3.8). */
export interface TpsFeeVariables {
  readonly baseTpsFee: number;
  readonly tpsInterval: number;
  readonly tpsFeeMultiplier: number;
}

/** Their initial values (ocore initial system vars), in force until the network votes others. */
export const INITIAL_TPS_FEE_VARIABLES: TpsFeeVariables = {
  baseTpsFee: 10,
  tpsInterval: 1,
  tpsFeeMultiplier: 10,
};

/**
 * ocore's TPS fee for one unit (storage.getLocalTpsFee,
 * `round(tps_fee_multiplier × base_tps_fee × (exp(tps / tps_interval) − 1))`) at one unit per
 * second: the claim alone, over the shortest time ocore counts (1 s). The hub's estimate is for
 * the moment of sending (an idle network gives 0), but the claim is validated against the TPS of
 * its own time, later. Initial variables: round(100 × (e − 1)) = 172 bytes.
 */
export function textcoinMinTpsFee(variables: TpsFeeVariables): number {
  const { baseTpsFee, tpsInterval, tpsFeeMultiplier } = variables;
  return Math.round(tpsFeeMultiplier * baseTpsFee * (ocoreExp(1 / tpsInterval) - 1));
}

/** The least TPS fee of a claim with the initial system variables: 172 bytes. */
export const TEXTCOIN_MIN_TPS_FEE = textcoinMinTpsFee(INITIAL_TPS_FEE_VARIABLES);

/** The bounds ocore validation.js puts on a vote for each (after pemCurvesFixMci). */
const TPS_VARIABLE_BOUNDS = {
  base_tps_fee: { least: 0, most: 1e8, words: 'a positive number, at most 100000000' },
  tps_interval: { least: 0.1, most: Infinity, words: 'at least 0.1' },
  tps_fee_multiplier: { least: 1, most: 1000, words: 'from 1 to 1000' },
} as const;

type SystemVarLists = Readonly<Record<string, readonly SystemVarEntry<unknown>[] | undefined>>;

/** One TPS fee variable in force now (the newest vote), or a ProtocolError naming it. */
function tpsVariable(systemVars: SystemVarLists, name: keyof typeof TPS_VARIABLE_BOUNDS): number {
  const entries = systemVars[name];
  if (!Array.isArray(entries) || entries.length === 0) {
    fail('unit', `The hub's system variables have no ${name}.`);
  }
  if (entries.some((e) => !Number.isSafeInteger(e.vote_count_mci))) {
    fail('unit', `The hub's ${name} votes have an MCI that is not a whole number.`);
  }
  const value = getSystemVarValue(entries, Number.MAX_SAFE_INTEGER);
  const { least, most, words } = TPS_VARIABLE_BOUNDS[name];
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value < least ||
    value > most
  ) {
    const shown = JSON.stringify(value)?.slice(0, 40) ?? 'nothing';
    fail(
      'unit',
      `The hub says ${name} is ${shown}, which the network would not accept (${words}).`,
    );
  }
  return value;
}

/**
 * The TPS fee variables in force now, from the hub's `system_vars` (the newest vote of each,
 * ocore storage.getSystemVar). Strict: a missing or empty list, or a value that is not a number
 * ocore would accept in a vote (positive and finite; base_tps_fee at most 1e8, tps_interval at
 * least 0.1, tps_fee_multiplier 1 to 1000) throws a ProtocolError naming the variable.
 */
export function tpsFeeVariablesOf(systemVars: SystemVarLists): TpsFeeVariables {
  return {
    baseTpsFee: tpsVariable(systemVars, 'base_tps_fee'),
    tpsInterval: tpsVariable(systemVars, 'tps_interval'),
    tpsFeeMultiplier: tpsVariable(systemVars, 'tps_fee_multiplier'),
  };
}

/** ocore conf.max_fee_ratio: ocore composes no unit whose TPS fee exceeds 100 × its size fees. */
const MAX_FEE_RATIO = 100;

/**
 * The most a hub's TPS fee estimate for a textcoin's claim can be: ocore composes no unit whose
 * TPS fee is above max_fee_ratio (100) times its size fees, and a claim's size fees are the claim
 * fee rule's (TEXTCOIN_CLAIM_FEE, or TEXTCOIN_ASSET_CLAIM_FEE for an asset). A larger estimate
 * could never be paid by any claim; it would only move the sender's bytes into the textcoin.
 */
export function textcoinMaxTpsEstimate(
  network: Pick<NetworkConstants, 'protocolVersion'>,
  asset: string,
): number {
  return (
    MAX_FEE_RATIO *
    (asset === BASE_ASSET ? textcoinClaimFee(network) : textcoinAssetClaimFee(network))
  );
}

/** The least TPS fee of a claim and where its variables came from. */
export interface TextcoinTpsFloor {
  /** ocore's TPS fee of one unit at one unit per second (`textcoinMinTpsFee`), in bytes. */
  readonly minTpsFee: number;
  /** `hub`: the hub's current system variables; `initial`: it has not sent them (yet). */
  readonly variables: 'hub' | 'initial';
}

/**
 * The least TPS fee a textcoin's claim is allowed for, from the hub's system variables, or the
 * initial ones only when the hub has sent none (`systemVars` null). Variables the network would
 * not accept, or a fee more than ocore's max_fee_ratio (100) times the claim's own size fees
 * (ocore would not compose that claim), throw a ProtocolError: never spend on such a word.
 */
export function textcoinTpsFloor(
  systemVars: SystemVarLists | null,
  network: Pick<NetworkConstants, 'protocolVersion'>,
): TextcoinTpsFloor {
  if (systemVars === null) return { minTpsFee: TEXTCOIN_MIN_TPS_FEE, variables: 'initial' };
  const minTpsFee = textcoinMinTpsFee(tpsFeeVariablesOf(systemVars));
  const most = MAX_FEE_RATIO * textcoinAssetClaimFee(network);
  if (!Number.isSafeInteger(minTpsFee) || minTpsFee > most) {
    fail(
      'unit',
      `The hub's system variables make the TPS fee of one unit ${minTpsFee} bytes, more than ${MAX_FEE_RATIO} times a claim's size fees (${most} bytes): they are not believable.`,
    );
  }
  return { minTpsFee, variables: 'hub' };
}

/**
 * ocore composer.estimateTpsFee as sendMultiPayment uses it: the hub's tps_fee for a unit
 * from the textcoin address to itself (0 before the v4 upgrade), doubled — but never less than
 * twice the least TPS fee of a claim (`minTpsFee`, by default with the initial system
 * variables), so that an estimate of 0 does not leave the claim without TPS fee (an asset
 * textcoin's claim could not be paid at all).
 */
export function textcoinTpsAllowance(
  hubTpsFee: number,
  minTpsFee: number = TEXTCOIN_MIN_TPS_FEE,
): number {
  if (!Number.isSafeInteger(hubTpsFee) || hubTpsFee < 0) {
    fail('amount', `The hub's TPS fee estimate ${hubTpsFee} is not a whole number of bytes.`);
  }
  if (!Number.isSafeInteger(minTpsFee) || minTpsFee < 0) {
    fail('amount', `The least TPS fee ${minTpsFee} is not a whole number of bytes.`);
  }
  return 2 * Math.max(hubTpsFee, minTpsFee);
}

export interface TextcoinFundingParams {
  readonly network: Pick<NetworkConstants, 'protocolVersion'>;
  /** The textcoin's address (from `expandTextcoin`). */
  readonly address: string;
  /** "base" for bytes, else a divisible asset id. */
  readonly asset: string;
  /** What the recipient is to receive, in the asset's smallest unit. */
  readonly amount: number;
  /** The hub's tps_fee for a unit from the textcoin address to itself (undoubled). */
  readonly hubTpsFee: number;
  /** The least TPS fee of the claim (`textcoinTpsFloor`); the initial variables' 172 if absent. */
  readonly minTpsFee?: number;
}

export interface TextcoinFunding {
  /** The outputs the sending unit pays to the textcoin address (asset first, then bytes). */
  readonly outputs: readonly { address: string; amount: number; asset: string }[];
  /** The fixed claim fee (TEXTCOIN_CLAIM_FEE or TEXTCOIN_ASSET_CLAIM_FEE), in bytes. */
  readonly claimFee: number;
  /** Twice the hub's TPS fee estimate (at least twice the claim's least TPS fee), in bytes. */
  readonly tpsAllowance: number;
  /** claimFee + tpsAllowance: the bytes the sender adds so the recipient can sweep. */
  readonly addedBytes: number;
}

/** ocore wallet.js sendMultiPayment `addFeesToParams` for one textcoin (bytes or divisible asset). */
export function textcoinFunding(params: TextcoinFundingParams): TextcoinFunding {
  const { amount, asset, address } = params;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    fail('amount', 'A textcoin must carry a positive whole amount.');
  }
  const tpsAllowance = textcoinTpsAllowance(params.hubTpsFee, params.minTpsFee);
  const most = textcoinMaxTpsEstimate(params.network, asset);
  if (params.hubTpsFee > most) {
    fail(
      'unit',
      `The hub's TPS fee estimate for the claim is ${params.hubTpsFee} bytes, more than ${MAX_FEE_RATIO} times a claim's size fees (${most / MAX_FEE_RATIO} bytes): no wallet could claim with it, so it is not believable.`,
    );
  }
  if (asset === BASE_ASSET) {
    const claimFee = textcoinClaimFee(params.network);
    const addedBytes = claimFee + tpsAllowance;
    return {
      outputs: [{ address, amount: amount + addedBytes, asset: BASE_ASSET }],
      claimFee,
      tpsAllowance,
      addedBytes,
    };
  }
  const claimFee = textcoinAssetClaimFee(params.network);
  const addedBytes = claimFee + tpsAllowance;
  return {
    outputs: [
      { address, amount, asset },
      { address, amount: addedBytes, asset: BASE_ASSET },
    ],
    claimFee,
    tpsAllowance,
    addedBytes,
  };
}

/** A fresh textcoin from 16 bytes of CSPRNG entropy: its words, key and address. */
export function newTextcoin(entropy: Uint8Array): TextcoinKey & { readonly textcoin: string } {
  if (!(entropy instanceof Uint8Array) || entropy.length !== TEXTCOIN_ENTROPY_BYTES) {
    fail('mnemonic', `A textcoin needs ${TEXTCOIN_ENTROPY_BYTES} bytes of entropy.`);
  }
  const mnemonic = generateMnemonic(entropy);
  return { ...expandTextcoin(mnemonic), textcoin: mnemonic.split(' ').join('-') };
}

/** `https://obyte.org/#textcoin?word1-…-word12`, as the official wallet's e-mails write it. */
export function textcoinWebLink(textcoin: string): string {
  return TEXTCOIN_WEB_LINK_PREFIX + toTextcoinString(textcoin);
}

/** `obyte:textcoin?word1-…-word12` (testnet: `obyte-tn:`), what ocore uri.js parses. */
export function textcoinUri(
  textcoin: string,
  network: Pick<NetworkConstants, 'uriSchemes'>,
): string {
  return `${network.uriSchemes[0] ?? 'obyte'}:textcoin?${toTextcoinString(textcoin)}`;
}

/** The words joined by "-", lower case, checked (BIP-39 words and checksum). */
export function toTextcoinString(textcoin: string): string {
  return parseMnemonic(textcoin.split('-').join(' ')).split(' ').join('-');
}

export interface ParsedTextcoin {
  /** Lower-case words joined by "-". */
  readonly textcoin: string;
  /** Lower-case words joined by spaces. */
  readonly mnemonic: string;
  readonly address: string;
}

const WEB_LINK_RE = /^https?:\/\/(?:www\.)?(?:obyte\.org|byteball\.org)\/#textcoin\?(.+)$/i;

/**
 * What a person pasted to claim a textcoin: the web link, an `obyte:textcoin?…` URI (or a bare
 * 12-word `obyte:w1-…-w12`), or the words separated by "-" or spaces. Untrusted; a failure is a
 * ProtocolError('mnemonic' or 'uri') that says what to fix. The words are checked as BIP-39
 * (every word in the list, the checksum right), as ocore expandMnemonic checks them.
 */
export function parseTextcoinInput(input: unknown, network?: NetworkConstants): ParsedTextcoin {
  if (typeof input !== 'string') fail('mnemonic', 'Paste a textcoin link or its words.');
  const text = input.trim();
  if (text.length === 0) fail('mnemonic', 'Paste a textcoin link or its words.');
  if (text.length > 1000) fail('mnemonic', 'That is too long to be a textcoin.');
  let words: string;
  const web = WEB_LINK_RE.exec(text);
  if (web) {
    words = decodeWords(web[1] ?? '');
  } else if (/^[a-z][a-z-]*:/i.test(text)) {
    const uri = parseUri(text, network ? { network } : {});
    if (uri.type !== 'textcoin') {
      fail('uri', 'That link is not a textcoin: a textcoin link ends in its 12 words.');
    }
    words = uri.mnemonic;
  } else {
    words = text.replace(/[-\s]+/g, ' ');
  }
  let mnemonic: string;
  try {
    mnemonic = parseMnemonic(words);
  } catch (error) {
    if (error instanceof ProtocolError) {
      fail('mnemonic', `That is not a valid textcoin: ${error.message}`);
    }
    throw error;
  }
  return {
    textcoin: mnemonic.split(' ').join('-'),
    mnemonic,
    address: getTextcoinAddress(mnemonic),
  };
}

function decodeWords(part: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    return fail('uri', 'The textcoin link is damaged (a bad %-escape).');
  }
  return decoded.split('-').join(' ');
}

export interface TextcoinHoldings {
  /** Unspent outputs of the textcoin address, not final-bad, in history order. */
  readonly coins: readonly CoinCandidate[];
  /** Per asset ("base" for bytes): the sum of those coins. */
  readonly totals: Readonly<Record<string, number>>;
  /** The textcoin address authored a unit in this history (someone claimed, at least partly). */
  readonly authored: boolean;
  /** The address's definition is on the ledger at or before `lastBallMci` (no need to reveal it). */
  readonly definitionRevealedBy: (lastBallMci: number) => boolean;
}

/**
 * What the textcoin address holds, from the hub's verified history of it (ocore receiveTextCoin
 * reads outputs with is_spent=0 of good and unconfirmed units: spend_unconfirmed 'all').
 */
export function textcoinHoldings(
  joints: readonly Pick<
    VerifiedJoint,
    'unit' | 'content' | 'proven' | 'sequence' | 'main_chain_index'
  >[],
  address: string,
): TextcoinHoldings {
  const spent = new Set<string>();
  for (const input of inputsSpent(joints)) {
    if (input.type === 'transfer' && input.sequence !== 'final-bad') {
      spent.add(outputKey(input.src_unit, input.src_message_index, input.src_output_index));
    }
  }
  const mci = new Map(joints.map((j) => [j.unit, j.main_chain_index]));
  const coins: CoinCandidate[] = [];
  const seen = new Set<string>();
  const totals: Record<string, number> = {};
  for (const output of outputsForAddresses(joints, [address])) {
    if (output.sequence === 'final-bad') continue;
    const coin: CoinCandidate = {
      unit: output.unit,
      message_index: output.message_index,
      output_index: output.output_index,
      amount: output.amount,
      address,
      asset: output.asset ?? BASE_ASSET,
      is_stable: output.proven,
      main_chain_index: output.proven ? (mci.get(output.unit) ?? null) : null,
      is_own: false,
    };
    const key = coinKey(coin);
    if (spent.has(key) || seen.has(key)) continue;
    seen.add(key);
    coins.push(coin);
    totals[coin.asset] = (totals[coin.asset] ?? 0) + coin.amount;
  }
  const authoredStable: number[] = [];
  let authored = false;
  for (const joint of joints) {
    if (!joint.content.authors.some((a) => a.address === address)) continue;
    authored = true;
    const at = joint.main_chain_index;
    if (joint.proven && joint.sequence === 'good' && at !== null) authoredStable.push(at);
  }
  return {
    coins,
    totals,
    authored,
    definitionRevealedBy: (lastBallMci) => authoredStable.some((m) => m <= lastBallMci),
  };
}
