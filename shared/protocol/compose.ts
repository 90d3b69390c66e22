/**
 * Payment composition for version 4.0 units (light-client.md §4.1): a pure port of the order of
 * operations of ocore `composer.composeJoint` (bytes) and `divisible_asset.
 * composeDivisibleAssetPaymentJoint` (public divisible assets), for a light client that has
 * already asked its hub for parents, last ball, timestamp and TPS fee and read its coins from its
 * own verified history.
 *
 * `composePayment` returns an **unsigned** composition: the unit with 88-character placeholder
 * authentifiers (so every size is final), the digest to sign, the coins it spends and a preview
 * of everything the user is about to sign. `signComposedUnit` fills in the signatures and the
 * unit hash. `verifyComposedUnit` (compose-verify.ts) re-checks a composition from scratch with
 * the vector-proven hash, size and fee functions; both functions here run it on what they return.
 *
 * What is trusted: the parents answer and the coins are the caller's (hub answer and storage);
 * everything a person typed (addresses, amounts, assets) is parsed here with a clear error. The
 * caller decides which authors reveal their definition (§2.5) and must have refused to compose
 * while an author has an unstable definition change (§4.1 step 3).
 */
import {
  MAX_AUTHORS_PER_UNIT,
  MAX_CAP,
  MAX_INPUTS_PER_PAYMENT_MESSAGE,
  MAX_MESSAGES_PER_UNIT,
  MAX_OUTPUTS_PER_PAYMENT_MESSAGE,
  MAX_PARENTS_PER_UNIT,
  MAX_RESPONSES_PER_PRIMARY_TRIGGER,
} from './constants';
import { BASE_ASSET, parseAmount, parseAsset, isValidUnitHash } from './amount';
import { fromBase64, isBase64, toBase64 } from './bytes';
import { getAddressFromDefinition, parseAddress } from './chash';
import {
  NotEnoughFundsError,
  checkCoinCandidate,
  coinKey,
  pickDivisibleCoinsForAmount,
  toTransferInput,
  type CoinCandidate,
  type PickedCoins,
} from './coins';
import {
  getHeadersSize,
  getOversizeFee,
  getPaidTempDataFee,
  getPayloadSize,
  getUnitOversizeFee,
} from './commission';
import {
  PAYLOAD_HASH_PLACEHOLDER,
  SIGNATURE_PLACEHOLDER,
  verifyComposedUnit,
  type VerifyCompositionOptions,
} from './compose-verify';
import { fail, ProtocolError } from './errors';
import { sign } from './signature';
import { getMessagePayloadHash, getPayloadHash, getUnitHash, getUnitHashToSign } from './unit';
import type {
  Author,
  GenericMessage,
  Message,
  PaymentMessage,
  PaymentOutput,
  PaymentPayload,
  Unit,
} from './unit-types';
import { NETWORKS, type Network } from './wire';
import type { ParentsAndLastBall } from './light/responses';

/** ocore conf.max_fee_ratio default: oversize + TPS fee may not exceed 100 × the size fees. */
export const DEFAULT_MAX_FEE_RATIO = 100;

export type {
  PaymentAuthor,
  PaymentRecipient,
  SendAllRecipient,
  ExtraMessage,
  CoinSelection,
  ComposePaymentParams,
  PreviewOutput,
  PreviewFees,
  PreviewInputs,
  PaymentPreview,
  ComposedPayment,
  SignedPayment,
  UnitSigner,
} from './payment-types';
import type {
  PaymentAuthor,
  PaymentRecipient,
  SendAllRecipient,
  ExtraMessage,
  ComposePaymentParams,
  PreviewOutput,
  PaymentPreview,
  ComposedPayment,
  SignedPayment,
  UnitSigner,
} from './payment-types';

// ---------------------------------------------------------------------------------------------
// Parameter checks: every message names what to fix.

function withContext<T>(label: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ProtocolError)
      throw new ProtocolError(error.code, `${label}: ${error.message}`);
    throw error;
  }
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkParentsInfo(info: ParentsAndLastBall): void {
  const parents = info.parent_units;
  if (!Array.isArray(parents) || parents.length === 0 || parents.length > MAX_PARENTS_PER_UNIT) {
    fail('unit', `The hub must name 1 to ${MAX_PARENTS_PER_UNIT} parent units.`);
  }
  parents.forEach((parent, i) => {
    if (!isValidUnitHash(parent)) fail('unit', 'The hub named an invalid parent unit.');
    const previous = parents[i - 1];
    if (previous !== undefined && previous >= parent) {
      fail('unit', 'The hub named parent units that are not sorted and unique.');
    }
  });
  if (
    !isValidUnitHash(info.last_stable_mc_ball) ||
    !isValidUnitHash(info.last_stable_mc_ball_unit)
  ) {
    fail('unit', 'The hub named an invalid last ball.');
  }
  if (!isIndex(info.last_stable_mc_ball_mci))
    fail('unit', 'The hub sent an invalid last ball MCI.');
  if (!isIndex(info.timestamp) || info.timestamp === 0) {
    fail('unit', 'The hub sent an invalid timestamp.');
  }
  if (!isIndex(info.tps_fee)) fail('unit', 'The hub sent an invalid TPS fee.');
  const triggers = info.count_primary_aa_triggers;
  if (triggers !== undefined && !isIndex(triggers)) {
    fail('unit', 'The hub sent an invalid count of AA triggers.');
  }
}

const PATH_RE = /^r(\.\d+)*$/;

function buildAuthors(specs: readonly PaymentAuthor[]): Author[] {
  if (!Array.isArray(specs) || specs.length === 0) fail('unit', 'A payment needs an author.');
  if (specs.length > MAX_AUTHORS_PER_UNIT) {
    fail('unit', `A unit may have at most ${MAX_AUTHORS_PER_UNIT} authors.`);
  }
  const authors = specs.map((spec, i): Author => {
    const label = specs.length === 1 ? 'Author' : `Author ${i + 1}`;
    const address = withContext(label, () => parseAddress(spec.address));
    const paths = spec.signingPaths ?? ['r'];
    if (paths.length === 0) fail('unit', `${label} needs at least one signing path.`);
    const authentifiers: Record<string, string> = {};
    for (const path of paths) {
      if (!PATH_RE.test(path)) fail('unit', `${label} has an invalid signing path ${path}.`);
      if (path in authentifiers) fail('unit', `${label} lists the signing path ${path} twice.`);
      authentifiers[path] = SIGNATURE_PLACEHOLDER;
    }
    const author: Author = { address, authentifiers };
    if (spec.definition !== undefined) {
      const defined = withContext(label, () => getAddressFromDefinition(spec.definition));
      if (defined !== address) fail('unit', `${label}'s definition is not that of ${address}.`);
      author.definition = copyJson(spec.definition);
    }
    return author;
  });
  authors.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  authors.forEach((author, i) => {
    if (i > 0 && authors[i - 1]?.address === author.address) {
      fail('unit', `The address ${author.address} is listed twice as an author.`);
    }
  });
  return authors;
}

interface CheckedRecipients {
  /** In the order given. */
  readonly list: PreviewOutput[];
  /** Assets other than bytes, in order of first appearance. */
  readonly assets: string[];
}

function checkRecipients(params: ComposePaymentParams): CheckedRecipients {
  const given: readonly (PaymentRecipient | SendAllRecipient)[] = params.recipients;
  if (!Array.isArray(given) || given.length === 0) fail('unit', 'A payment needs a recipient.');
  if (params.sendAll) {
    if (given.length !== 1) fail('unit', 'Send all pays exactly one recipient.');
    const only = given[0] as SendAllRecipient;
    const asset = withContext('Recipient', () => parseAsset(only.asset ?? BASE_ASSET));
    if (asset !== BASE_ASSET) fail('asset', 'Only bytes can be sent all at once.');
    if (only.amount !== undefined) {
      fail('amount', 'With send all the amount is what remains after fees: leave it out.');
    }
    const address = withContext('Recipient', () => parseAddress(only.address));
    return { list: [{ address, amount: 0, asset }], assets: [] };
  }
  const list = given.map((recipient, i): PreviewOutput => {
    const label = given.length === 1 ? 'Recipient' : `Recipient ${i + 1}`;
    const address = withContext(label, () => parseAddress(recipient.address));
    const amount = withContext(label, () => parseAmount(recipient.amount));
    const asset = withContext(label, () => parseAsset(recipient.asset ?? BASE_ASSET));
    return { address, amount, asset };
  });
  const totals = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const { asset, amount } of list) {
    const total = (totals.get(asset) ?? 0) + amount;
    if (total > MAX_CAP) {
      const what = asset === BASE_ASSET ? 'bytes' : `asset ${asset}`;
      fail('amount', `The amounts of ${what} add up to more than the network maximum of 9e15.`);
    }
    totals.set(asset, total);
    counts.set(asset, (counts.get(asset) ?? 0) + 1);
  }
  for (const [asset, count] of counts) {
    // Bytes always carry a change output; an asset needs one only when its coins exceed the amount.
    const limit = MAX_OUTPUTS_PER_PAYMENT_MESSAGE - (asset === BASE_ASSET ? 1 : 0);
    if (count > limit) {
      const what = asset === BASE_ASSET ? 'bytes' : 'one asset';
      fail('unit', `A payment in ${what} can have at most ${limit} recipients (${count} given).`);
    }
  }
  const assets = [...totals.keys()].filter((asset) => asset !== BASE_ASSET);
  if (1 + assets.length + (params.messages?.length ?? 0) > MAX_MESSAGES_PER_UNIT) {
    fail('unit', `A unit can carry at most ${MAX_MESSAGES_PER_UNIT} messages.`);
  }
  return { list, assets };
}

/** validation.js (since pemCurvesFixMci): at most one AA among outputs, one output per asset. */
function checkAaRecipients(params: ComposePaymentParams, list: readonly PreviewOutput[]): void {
  const triggers = params.parentsInfo.count_primary_aa_triggers ?? 0;
  const known = new Set(
    (params.aaAddresses ?? []).map((a, i) => withContext(`AA ${i + 1}`, () => parseAddress(a))),
  );
  if (triggers > 1) fail('unit', 'A payment may go to at most one autonomous agent.');
  const aas = new Set(list.filter((r) => known.has(r.address)).map((r) => r.address));
  if (aas.size > 1) fail('unit', 'A payment may go to at most one autonomous agent.');
  if (triggers === 0 && known.size === 0) return;
  const seen = new Set<string>();
  for (const { address, asset } of list) {
    const key = `${address}:${asset}`;
    const mayBeAa = known.size > 0 ? known.has(address) : true;
    if (seen.has(key) && mayBeAa) {
      fail(
        'unit',
        known.size > 0
          ? `An autonomous agent (${address}) may receive only one output per asset.`
          : `An address receives two outputs of one asset while an autonomous agent is among ` +
              `the recipients; an AA may receive only one output per asset.`,
      );
    }
    seen.add(key);
  }
}

function checkOptionalCount(
  value: number | undefined,
  what: string,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    fail('amount', `${what} must be a whole number from ${min} to ${max}.`);
  }
}

function buildExtraMessages(extra: readonly ExtraMessage[], version: string): GenericMessage[] {
  return extra.map((spec, i) => {
    const label = `Message ${i + 1}`;
    if (typeof spec.app !== 'string' || !/^[a-z_]+$/.test(spec.app)) {
      fail('unit', `${label} has an invalid app.`);
    }
    if (spec.app === 'payment' || spec.app === 'system_vote_count') {
      fail('unit', `${label}: ${spec.app} messages are not composed here.`);
    }
    if (spec.payload === undefined) fail('unit', `${label} has no payload.`);
    const message: GenericMessage = {
      app: spec.app,
      payload_location: 'inline',
      payload_hash: PAYLOAD_HASH_PLACEHOLDER,
      payload: copyJson(spec.payload),
    };
    message.payload_hash = withContext(label, () => getMessagePayloadHash(message, version));
    return message;
  });
}

function checkCoins(
  coins: Readonly<Record<string, readonly CoinCandidate[]>>,
): Map<string, readonly CoinCandidate[]> {
  if (typeof coins !== 'object' || coins === null) fail('unit', 'Coins must be listed per asset.');
  const byAsset = new Map<string, readonly CoinCandidate[]>();
  const seen = new Set<string>();
  for (const [asset, list] of Object.entries(coins)) {
    withContext('Coins', () => parseAsset(asset));
    if (!Array.isArray(list)) fail('unit', `The coins of ${asset} must be a list.`);
    list.forEach((coin: CoinCandidate, i) => {
      const where = `Coin ${i + 1} of ${asset === BASE_ASSET ? 'bytes' : asset}`;
      checkCoinCandidate(coin, where);
      if (coin.asset !== asset) fail('asset', `${where} is listed under another asset.`);
      const key = coinKey(coin);
      if (seen.has(key)) fail('unit', `${where} is listed twice.`);
      seen.add(key);
    });
    byAsset.set(asset, list);
  }
  return byAsset;
}

/** ocore composeJoint with `params.inputs`: every given coin is spent, in order. */
function useGivenCoins(
  asset: string,
  coins: readonly CoinCandidate[],
  payingAddresses: ReadonlySet<string>,
): PickedCoins {
  const what = asset === BASE_ASSET ? 'bytes' : `asset ${asset}`;
  if (coins.length === 0) fail('amount', `No coins of ${what} were given to spend.`);
  if (coins.length > MAX_INPUTS_PER_PAYMENT_MESSAGE) {
    fail('unit', `A payment can spend at most ${MAX_INPUTS_PER_PAYMENT_MESSAGE} coins of ${what}.`);
  }
  for (const coin of coins) {
    if (!payingAddresses.has(coin.address)) {
      fail('unit', `A given coin of ${what} belongs to ${coin.address}, which is not an author.`);
    }
  }
  return {
    asset,
    coins,
    inputs: coins.map(toTransferInput),
    total: coins.reduce((sum, coin) => sum + coin.amount, 0),
  };
}

function sortOutputs(outputs: PaymentOutput[]): void {
  // ocore composer.sortOutputs: address (code-unit order), then amount ascending.
  outputs.sort((a, b) => {
    const x = a.address ?? '';
    const y = b.address ?? '';
    return x < y ? -1 : x > y ? 1 : a.amount - b.amount;
  });
}

/** A private copy of caller data that goes into the unit (which is frozen once composed). */
function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Composition.

interface AssetPayment {
  readonly message: PaymentMessage;
  readonly picked: PickedCoins;
  readonly change: number;
}

/**
 * The asset part of divisible_asset.composeDivisibleAssetPaymentJoint (its retrieveMessages):
 * coins for the asset amount (assets pay no size, so `≥` suffices), change to the change
 * address only when positive, outputs sorted, payload hashed.
 */
function composeAssetPayment(
  asset: string,
  recipients: readonly PreviewOutput[],
  context: {
    params: ComposePaymentParams;
    coins: readonly CoinCandidate[];
    paying: ReadonlySet<string>;
    changeAddress: string;
    version: string;
  },
): AssetPayment {
  const { params } = context;
  const amount = recipients.reduce((sum, r) => sum + r.amount, 0);
  const picked =
    params.coinSelection === 'given'
      ? useGivenCoins(asset, context.coins, context.paying)
      : pickDivisibleCoinsForAmount({
          asset,
          candidates: context.coins,
          payingAddresses: [...context.paying],
          lastBallMci: params.parentsInfo.last_stable_mc_ball_mci,
          amount,
          spendUnconfirmed: params.spendUnconfirmed,
          isDevnet: params.network === 'devnet',
          now: params.now,
        });
  if (picked.total < amount) {
    throw new NotEnoughFundsError({ asset, needed: amount, available: picked.total });
  }
  const change = picked.total - amount;
  const outputs: PaymentOutput[] = recipients.map((r) => ({
    address: r.address,
    amount: r.amount,
  }));
  if (change > 0) outputs.push({ address: context.changeAddress, amount: change });
  if (outputs.length > MAX_OUTPUTS_PER_PAYMENT_MESSAGE) {
    fail('unit', `The payment in ${asset} would need more than 128 outputs with its change.`);
  }
  sortOutputs(outputs);
  const payload: PaymentPayload = { asset, inputs: [...picked.inputs], outputs };
  const message: PaymentMessage = {
    app: 'payment',
    payload_location: 'inline',
    payload_hash: getPayloadHash(payload, context.version),
    payload,
  };
  return { message, picked, change };
}

/**
 * Compose an unsigned version-4 payment in bytes and public divisible assets, following ocore's
 * order of operations (§4.1): authors with placeholders, headers commission, naked payload size,
 * coin selection for outputs + sizes + oversize + TPS + burn fees, final payload commission and
 * oversize fee, positive change, outputs sorted by address then amount, payload hashes. Asset
 * payments come after the bytes payment that pays their fees, as in divisible_asset.js.
 *
 * Throws ProtocolError for bad input (with the field named), NotEnoughFundsError when the coins
 * do not suffice.
 */
export function composePayment(params: ComposePaymentParams): ComposedPayment {
  const network = NETWORKS[params.network] as (typeof NETWORKS)[Network] | undefined;
  if (!network) fail('unit', 'Unknown network: use mainnet, testnet or devnet.');
  const version = network.protocolVersion;
  checkParentsInfo(params.parentsInfo);
  checkOptionalCount(params.thresholdSize, 'The threshold size', 1, Number.MAX_SAFE_INTEGER);
  if (params.thresholdSize === undefined) fail('unit', 'The threshold size is required.');
  checkOptionalCount(params.burnFee, 'The burn fee', 1, MAX_CAP);
  checkOptionalCount(
    params.maxAaResponses,
    'max_aa_responses',
    1,
    MAX_RESPONSES_PER_PRIMARY_TRIGGER,
  );
  const ratio = params.maxFeeRatio;
  if (ratio !== undefined && !(Number.isFinite(ratio) && ratio > 0)) {
    fail('amount', 'The maximum fee ratio must be a positive number.');
  }
  if (params.coinSelection !== undefined && !['pick', 'given'].includes(params.coinSelection)) {
    fail('unit', 'Coin selection must be "pick" or "given".');
  }
  const info = params.parentsInfo;
  const lastBallMci = info.last_stable_mc_ball_mci;
  const authors = buildAuthors(params.authors);
  const paying = new Set(authors.map((a) => a.address));
  const changeAddress = withContext('Change address', () => parseAddress(params.changeAddress));
  const { list: recipients, assets } = checkRecipients(params);
  checkAaRecipients(params, recipients);
  const coins = checkCoins(params.coins);
  const coinsOf = (asset: string): readonly CoinCandidate[] => coins.get(asset) ?? [];
  const extraMessages = buildExtraMessages(params.messages ?? [], version);

  // Asset messages first (ocore retrieveMessages runs before the sizes are taken).
  const assetPayments = assets.map((asset) =>
    composeAssetPayment(
      asset,
      recipients.filter((r) => r.asset === asset),
      { params, coins: coinsOf(asset), paying, changeAddress, version },
    ),
  );

  // The bytes payment: the change output (amount 0 until known) first, then the recipients.
  const bytesRecipients = recipients.filter((r) => r.asset === BASE_ASSET);
  const changeOutput: PaymentOutput = {
    address: params.sendAll ? (bytesRecipients[0]?.address ?? changeAddress) : changeAddress,
    amount: 0,
  };
  const baseOutputs: PaymentOutput[] = [changeOutput];
  if (!params.sendAll) {
    for (const r of bytesRecipients) baseOutputs.push({ address: r.address, amount: r.amount });
  }
  const basePayload: PaymentPayload = { inputs: [], outputs: baseOutputs };
  const baseMessage: PaymentMessage = {
    app: 'payment',
    payload_location: 'inline',
    payload_hash: PAYLOAD_HASH_PLACEHOLDER,
    payload: basePayload,
  };
  const messages: Message[] = [
    ...extraMessages,
    baseMessage,
    ...assetPayments.map((p) => p.message),
  ];

  const unit: Unit = { version, alt: network.alt, messages, authors };
  // ocore's default gives it to the change output; with send all that output is the recipient's,
  // so the earned headers commission goes to our change address instead.
  if (authors.length > 1) {
    unit.earned_headers_commission_recipients = [
      { address: changeAddress, earned_headers_commission_share: 100 },
    ];
  }
  if (params.burnFee !== undefined) unit.burn_fee = params.burnFee;
  unit.parent_units = [...info.parent_units];
  unit.last_ball = info.last_stable_mc_ball;
  unit.last_ball_unit = info.last_stable_mc_ball_unit;
  unit.timestamp = info.timestamp;
  unit.tps_fee = info.tps_fee;
  if ((info.count_primary_aa_triggers ?? 0) > 0 && params.maxAaResponses !== undefined) {
    unit.max_aa_responses = params.maxAaResponses;
  }

  // Sizes without inputs, then the bytes target (ocore composeJoint "input coins").
  const headersCommission = getHeadersSize(unit);
  unit.headers_commission = headersCommission;
  const nakedSize = headersCommission + getPayloadSize(unit);
  const paidTempDataFee = getPaidTempDataFee(unit);
  const nakedOversizeFee = getOversizeFee(nakedSize - paidTempDataFee, params.thresholdSize);
  const tpsFee = info.tps_fee;
  const burnFee = params.burnFee ?? 0;
  const bytesOut = bytesRecipients.reduce((sum, r) => sum + (params.sendAll ? 0 : r.amount), 0);
  const target = bytesOut + nakedSize + nakedOversizeFee + tpsFee + burnFee;

  const picked =
    params.coinSelection === 'given'
      ? useGivenCoins(BASE_ASSET, coinsOf(BASE_ASSET), paying)
      : pickDivisibleCoinsForAmount({
          asset: BASE_ASSET,
          candidates: coinsOf(BASE_ASSET),
          payingAddresses: [...paying],
          lastBallMci,
          amount: target,
          sendAll: params.sendAll === true,
          nakedSize,
          paidTempDataFee,
          thresholdSize: params.thresholdSize,
          spendUnconfirmed: params.spendUnconfirmed,
          isDevnet: params.network === 'devnet',
          now: params.now,
          tpsFee,
        });
  basePayload.inputs = [...picked.inputs];
  const payloadCommission = getPayloadSize(unit);
  unit.payload_commission = payloadCommission;
  const oversizeFee = getUnitOversizeFee(unit, params.thresholdSize);
  if (oversizeFee > 0) unit.oversize_fee = oversizeFee;

  const sizeFees = headersCommission + payloadCommission;
  const maxRatio = params.maxFeeRatio ?? DEFAULT_MAX_FEE_RATIO;
  if (oversizeFee + tpsFee > maxRatio * sizeFees) {
    fail(
      'amount',
      `The oversize fee (${oversizeFee}) and TPS fee (${tpsFee}) would be more than ${maxRatio} ` +
        `times the size fees (${sizeFees}); try again later or send a smaller unit.`,
    );
  }
  const fees = sizeFees + oversizeFee + tpsFee + burnFee;
  const change = picked.total - bytesOut - fees;
  if (change <= 0) {
    throw new NotEnoughFundsError({
      asset: BASE_ASSET,
      needed: bytesOut + fees + 1,
      available: picked.total,
      tpsFee,
      what: params.sendAll ? 'sending everything' : undefined,
    });
  }
  changeOutput.amount = change;
  sortOutputs(baseOutputs);
  baseMessage.payload_hash = getPayloadHash(basePayload, version);

  const preview: PaymentPreview = {
    recipients: params.sendAll
      ? recipients.map((r) => ({ ...r, amount: change }))
      : recipients.map((r) => ({ ...r })),
    change: [
      ...(params.sendAll ? [] : [{ address: changeAddress, amount: change, asset: BASE_ASSET }]),
      ...assetPayments
        .filter((p) => p.change > 0)
        .map((p) => ({ address: changeAddress, amount: p.change, asset: p.picked.asset })),
    ],
    fees: {
      headers_commission: headersCommission,
      payload_commission: payloadCommission,
      tps_fee: tpsFee,
      oversize_fee: oversizeFee,
      burn_fee: burnFee,
      total: fees,
    },
    totalLeaving: Object.fromEntries([
      [BASE_ASSET, (params.sendAll ? change : bytesOut) + fees],
      ...assetPayments.map((p) => [p.picked.asset, p.picked.total - p.change]),
    ]) as Record<string, number>,
    inputs: [picked, ...assetPayments.map((p) => p.picked)].map((p) => ({
      asset: p.asset,
      count: p.coins.length,
      amount: p.total,
    })),
    inputCount: picked.coins.length + assetPayments.reduce((n, p) => n + p.picked.coins.length, 0),
  };
  const composition: ComposedPayment = {
    network: params.network,
    unit,
    hashToSign: toBase64(getUnitHashToSign(unit)),
    preview,
    spentCoins: [...picked.coins, ...assetPayments.flatMap((p) => p.picked.coins)].map((c) => ({
      ...c,
    })),
    thresholdSize: params.thresholdSize,
    lastBallMci,
  };
  verifyComposedUnit(composition);
  return deepFreeze(composition);
}

// ---------------------------------------------------------------------------------------------
// Signing.

/**
 * Sign a composition (ocore composeJoint's signing step): re-verify it, sign the digest at every
 * author's every path, check each signature has the length of its placeholder, then set `unit`
 * to the unit hash — which covers the signatures, so it comes last. The composition is left
 * untouched; the signed payment is re-verified (signatures too, where a definition is known).
 */
export function signComposedUnit(
  composition: ComposedPayment,
  signer: UnitSigner,
  options: VerifyCompositionOptions = {},
): SignedPayment {
  if (composition.unit.unit !== undefined) fail('unit', 'This payment is already signed.');
  verifyComposedUnit(composition, options);
  const unit = copyJson(composition.unit);
  const digest = fromBase64(composition.hashToSign, 'hash to sign');
  for (const author of unit.authors) {
    const authentifiers = author.authentifiers ?? {};
    for (const path of Object.keys(authentifiers)) {
      const key = signer(author.address, path);
      const signature = typeof key === 'function' ? key(digest.slice()) : sign(digest, key);
      if (!isBase64(signature, 64)) {
        fail(
          'signature',
          `The signature of ${author.address} at ${path} is not 64 bytes of base64.`,
        );
      }
      authentifiers[path] = signature;
    }
  }
  const unitHash = getUnitHash(unit);
  unit.unit = unitHash;
  const signed: SignedPayment = {
    ...composition,
    unit,
    unitHash,
    joint: { unit },
  };
  verifyComposedUnit(signed, options);
  return deepFreeze(signed);
}
