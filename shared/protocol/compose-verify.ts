/**
 * Re-checks a composed (or signed) payment from scratch, the way ocore validation.js would judge
 * it, using only the vector-proven functions of unit.ts and commission.ts: version and alt of the
 * network, parents and last ball, authors and authentifiers, earned headers commission
 * recipients, payload hashes, payment inputs and outputs (limits, sort order, amounts), both
 * commissions and the oversize fee, the balance equation of bytes and of every asset against the
 * coins spent, the hash to sign, the unit hash, signatures where a definition is in hand, and the
 * preview the user saw. A failure is a ProtocolError ('unit' or 'signature') saying what is
 * wrong; it means a bug (or tampering) between composing and posting, never a user error.
 *
 * What it cannot check (the caller's duty): that the coins are really unspent outputs of good
 * units, that the parents and TPS fee are the hub's, that the authors' definitions are stable.
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
import { BASE_ASSET, isValidAmount, isValidAssetId, isValidUnitHash } from './amount';
import { isBase64 } from './bytes';
import { getAddressFromDefinition, isValidAddress } from './chash';
import { coinKey } from './coins';
import type { CoinCandidate } from './coins';
import type { ComposedPayment, PaymentPreview, SignedPayment } from './payment-types';
import { getBaseBalance, verifyUnitCommissions } from './commission';
import { verifyAuthentifiersWithoutReferences } from './definition';
import { fail } from './errors';
import {
  getMessagePayloadHash,
  getUnitHash,
  getUnitHashToSign,
  getUnitHashToSignB64,
} from './unit';
import type { AddressDefinition, Message, PaymentPayload, Unit } from './unit-types';
import { NETWORKS } from './wire';

/** ocore composer.js sig_placeholder: as long as a base64 signature, so sizes are final. */
export const SIGNATURE_PLACEHOLDER = '-'.repeat(88);
/** ocore composer.js hash_placeholder: the payment's payload_hash while sizes are computed. */
export const PAYLOAD_HASH_PLACEHOLDER = '-'.repeat(44);

export interface VerifyCompositionOptions {
  /**
   * Definitions of authors that do not reveal theirs in the unit, by address: their signatures
   * are then checked too (a definition in the unit is always used).
   */
  readonly definitions?: Readonly<Record<string, AddressDefinition>>;
}

function bad(problem: string): never {
  return fail('unit', `The composed unit is not valid: ${problem}`);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function hasOnlyKeys(value: object, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

const UNIT_KEYS = [
  'unit',
  'version',
  'alt',
  'messages',
  'authors',
  'parent_units',
  'last_ball',
  'last_ball_unit',
  'timestamp',
  'earned_headers_commission_recipients',
  'burn_fee',
  'max_aa_responses',
  'tps_fee',
  'headers_commission',
  'payload_commission',
  'oversize_fee',
];

function checkHeader(composition: ComposedPayment): void {
  const { unit } = composition;
  const network = NETWORKS[composition.network] as (typeof NETWORKS)['mainnet'] | undefined;
  if (!network) bad('unknown network.');
  if (unit.version !== network.protocolVersion || unit.alt !== network.alt) {
    bad(`version ${unit.version} / alt ${unit.alt} is not that of ${composition.network}.`);
  }
  if (!hasOnlyKeys(unit, UNIT_KEYS)) bad('it has fields a version 4.0 payment must not have.');
  const parents = unit.parent_units ?? [];
  if (parents.length === 0 || parents.length > MAX_PARENTS_PER_UNIT) bad('wrong parent count.');
  parents.forEach((parent, i) => {
    const previous = parents[i - 1];
    if (!isValidUnitHash(parent) || (previous !== undefined && previous >= parent)) {
      bad('parent units are invalid, unsorted or repeated.');
    }
  });
  if (!isValidUnitHash(unit.last_ball) || !isValidUnitHash(unit.last_ball_unit)) {
    bad('invalid last ball.');
  }
  if (!isIndex(unit.timestamp) || unit.timestamp === 0) bad('invalid timestamp.');
  if (!isIndex(unit.tps_fee)) bad('tps_fee must be a non-negative integer.');
  if (unit.burn_fee !== undefined && !isValidAmount(unit.burn_fee)) bad('invalid burn_fee.');
  const responses = unit.max_aa_responses;
  if (
    responses !== undefined &&
    !(isIndex(responses) && responses >= 1 && responses <= MAX_RESPONSES_PER_PRIMARY_TRIGGER)
  ) {
    bad('max_aa_responses must be 1 to 10.');
  }
  if (!isIndex(composition.lastBallMci)) bad('invalid last ball MCI.');
}

function checkAuthors(unit: Unit, signed: boolean): void {
  const { authors } = unit;
  if (authors.length === 0 || authors.length > MAX_AUTHORS_PER_UNIT) bad('wrong author count.');
  authors.forEach((author, i) => {
    if (!hasOnlyKeys(author, ['address', 'authentifiers', 'definition'])) {
      bad('an author has unknown fields.');
    }
    if (!isValidAddress(author.address)) bad('an author address is invalid.');
    const previous = authors[i - 1];
    if (previous !== undefined && previous.address >= author.address) {
      bad('authors are not sorted by address or repeat.');
    }
    const authentifiers = author.authentifiers ?? {};
    const paths = Object.keys(authentifiers);
    if (paths.length === 0) bad(`author ${author.address} has no authentifiers.`);
    for (const path of paths) {
      const value = authentifiers[path];
      const ok = signed ? isBase64(value, 64) : value === SIGNATURE_PLACEHOLDER;
      if (!ok) {
        bad(
          signed
            ? `author ${author.address} is not signed at ${path}.`
            : `author ${author.address} has no placeholder at ${path}.`,
        );
      }
    }
    if (author.definition !== undefined) {
      if (getAddressFromDefinition(author.definition) !== author.address) {
        bad(`the definition of ${author.address} is not that address's.`);
      }
    }
  });
  const recipients = unit.earned_headers_commission_recipients;
  if (authors.length > 1 && recipients === undefined) {
    bad('several authors need earned_headers_commission_recipients.');
  }
  if (recipients !== undefined) {
    let total = 0;
    recipients.forEach((r, i) => {
      const previous = recipients[i - 1];
      if (!isValidAddress(r.address) || (previous !== undefined && previous.address >= r.address)) {
        bad('earned_headers_commission_recipients are invalid or unsorted.');
      }
      if (!isValidAmount(r.earned_headers_commission_share)) bad('invalid headers share.');
      total += r.earned_headers_commission_share;
    });
    if (total !== 100) bad('earned headers commission shares must add up to 100.');
  }
}

interface PaymentTotals {
  input: number;
  output: number;
}

/** validation.js validatePaymentInputsAndOutputs for public transfers, against the coins spent. */
function checkPayment(
  payload: PaymentPayload,
  coins: Map<string, CoinCandidate>,
  used: Set<string>,
  authors: ReadonlySet<string>,
): PaymentTotals {
  const asset = payload.asset ?? BASE_ASSET;
  if (!hasOnlyKeys(payload, ['asset', 'inputs', 'outputs'])) bad('a payment has unknown fields.');
  if (payload.asset !== undefined && !isValidAssetId(payload.asset)) bad('invalid asset.');
  const { inputs, outputs } = payload;
  if (inputs.length === 0 || inputs.length > MAX_INPUTS_PER_PAYMENT_MESSAGE) {
    bad(`a payment must have 1 to ${MAX_INPUTS_PER_PAYMENT_MESSAGE} inputs.`);
  }
  if (outputs.length === 0 || outputs.length > MAX_OUTPUTS_PER_PAYMENT_MESSAGE) {
    bad(`a payment must have 1 to ${MAX_OUTPUTS_PER_PAYMENT_MESSAGE} outputs.`);
  }
  let input = 0;
  for (const spent of inputs) {
    if (!hasOnlyKeys(spent, ['unit', 'message_index', 'output_index']) || 'type' in spent) {
      bad('only transfer inputs are composed.');
    }
    const key = coinKey(spent as { unit: string; message_index: number; output_index: number });
    const coin = coins.get(key);
    if (!coin) bad(`input ${key} is not among the coins spent.`);
    if (coin.asset !== asset) bad(`input ${key} is of another asset.`);
    if (used.has(key)) bad(`input ${key} is spent twice.`);
    if (!authors.has(coin.address)) bad(`input ${key} belongs to ${coin.address}, not an author.`);
    used.add(key);
    input += coin.amount;
  }
  if (input > MAX_CAP) bad('the inputs add up to more than 9e15.');
  let output = 0;
  let previous: { address: string; amount: number } | undefined;
  for (const out of outputs) {
    if (!hasOnlyKeys(out, ['address', 'amount'])) bad('only public outputs are composed.');
    const { address, amount } = out;
    if (!isValidAddress(address)) bad('an output address is invalid.');
    if (!isValidAmount(amount)) bad('an output amount is invalid.');
    if (
      previous !== undefined &&
      (previous.address > address || (previous.address === address && previous.amount > amount))
    ) {
      bad('outputs are not sorted by address, then amount.');
    }
    previous = { address, amount };
    output += amount;
    if (output > MAX_CAP) bad('the outputs add up to more than 9e15.');
  }
  return { input, output };
}

function checkMessages(composition: ComposedPayment): Map<string, PaymentTotals> {
  const { unit, spentCoins } = composition;
  if (unit.messages.length === 0 || unit.messages.length > MAX_MESSAGES_PER_UNIT) {
    bad('wrong message count.');
  }
  const coins = new Map<string, CoinCandidate>();
  for (const coin of spentCoins) {
    const key = coinKey(coin);
    if (coins.has(key)) bad(`coin ${key} is listed twice.`);
    coins.set(key, coin);
  }
  const authors = new Set(unit.authors.map((a) => a.address));
  const used = new Set<string>();
  const totals = new Map<string, PaymentTotals>();
  unit.messages.forEach((message: Message, i) => {
    if (message.payload_location !== 'inline' || message.payload === undefined) {
      bad(`message ${i} is not inline.`);
    }
    if (message.payload_hash !== getMessagePayloadHash(message, unit.version)) {
      bad(`message ${i} has a wrong payload_hash.`);
    }
    if (message.app !== 'payment') return;
    const payload = message.payload as PaymentPayload;
    const asset = payload.asset ?? BASE_ASSET;
    if (asset === BASE_ASSET && totals.has(BASE_ASSET)) bad('more than one payment in bytes.');
    const sums = checkPayment(payload, coins, used, authors);
    const known = totals.get(asset);
    totals.set(asset, {
      input: (known?.input ?? 0) + sums.input,
      output: (known?.output ?? 0) + sums.output,
    });
  });
  if (!totals.has(BASE_ASSET)) bad('no payment in bytes.');
  if (used.size !== coins.size) bad('some listed coins are not spent by the unit.');
  return totals;
}

function checkPreview(
  preview: PaymentPreview,
  unit: Unit,
  totals: Map<string, PaymentTotals>,
  spentCoins: readonly CoinCandidate[],
): void {
  const fees = preview.fees;
  const expected = {
    headers_commission: unit.headers_commission,
    payload_commission: unit.payload_commission,
    tps_fee: unit.tps_fee ?? 0,
    oversize_fee: unit.oversize_fee ?? 0,
    burn_fee: unit.burn_fee ?? 0,
  };
  for (const [field, value] of Object.entries(expected)) {
    if (fees[field as keyof typeof expected] !== value) bad(`the preview shows a wrong ${field}.`);
  }
  const feeTotal = Object.values(expected).reduce((sum: number, n) => sum + (n ?? 0), 0);
  if (fees.total !== feeTotal) bad('wrong fee total in preview.');

  // Recipients and change together are exactly the unit's outputs.
  const count = new Map<string, number>();
  const bump = (key: string, by: number): void => {
    count.set(key, (count.get(key) ?? 0) + by);
  };
  for (const message of unit.messages) {
    if (message.app !== 'payment') continue;
    const payload = message.payload as PaymentPayload;
    for (const out of payload.outputs) {
      bump(`${out.address ?? ''}:${out.amount}:${payload.asset ?? BASE_ASSET}`, 1);
    }
  }
  for (const out of [...preview.recipients, ...preview.change]) {
    bump(`${out.address}:${out.amount}:${out.asset}`, -1);
  }
  if ([...count.values()].some((n) => n !== 0)) bad('the preview does not match the outputs.');

  const leaving = new Map<string, number>();
  for (const r of preview.recipients) leaving.set(r.asset, (leaving.get(r.asset) ?? 0) + r.amount);
  leaving.set(BASE_ASSET, (leaving.get(BASE_ASSET) ?? 0) + fees.total);
  const shown = Object.entries(preview.totalLeaving);
  if (shown.length !== leaving.size || shown.some(([a, n]) => leaving.get(a) !== n)) {
    bad('the preview shows a wrong total leaving the wallet.');
  }
  const inputs = preview.inputs;
  if (inputs.length !== totals.size) bad('the preview lists inputs of other assets.');
  let countAll = 0;
  for (const entry of inputs) {
    const spent = spentCoins.filter((c) => c.asset === entry.asset);
    const amount = spent.reduce((sum, c) => sum + c.amount, 0);
    if (entry.count !== spent.length || entry.amount !== amount) bad('wrong inputs in preview.');
    countAll += entry.count;
  }
  if (preview.inputCount !== countAll || countAll !== spentCoins.length) {
    bad('wrong input count in preview.');
  }
}

function checkSignatures(unit: Unit, options: VerifyCompositionOptions): void {
  const hashToSign = getUnitHashToSign(unit);
  const authorAddresses = unit.authors.map((a) => a.address);
  for (const author of unit.authors) {
    const definition = author.definition ?? options.definitions?.[author.address];
    if (definition === undefined) continue;
    if (getAddressFromDefinition(definition) !== author.address) {
      fail('signature', `The definition given for ${author.address} is not that address's.`);
    }
    verifyAuthentifiersWithoutReferences(definition, author.authentifiers ?? {}, {
      hashToSign,
      authorAddresses,
    });
  }
}

/**
 * Re-check everything about a composed or signed payment (see the module comment). Throws a
 * ProtocolError naming the first problem; returns nothing when the unit is sound.
 */
export function verifyComposedUnit(
  composition: ComposedPayment | SignedPayment,
  options: VerifyCompositionOptions = {},
): void {
  const { unit } = composition;
  const signed = unit.unit !== undefined;
  checkHeader(composition);
  checkAuthors(unit, signed);
  const totals = checkMessages(composition);
  verifyUnitCommissions(unit, composition.thresholdSize);
  const base = totals.get(BASE_ASSET);
  if (base === undefined || getBaseBalance(unit).total_input !== base.input) {
    bad('the bytes inputs do not equal outputs plus every fee.');
  }
  for (const [asset, sums] of totals) {
    if (asset !== BASE_ASSET && sums.input !== sums.output) {
      bad(`the inputs of asset ${asset} do not equal its outputs.`);
    }
  }
  if (composition.hashToSign !== getUnitHashToSignB64(unit)) bad('wrong hash to sign.');
  checkPreview(composition.preview, unit, totals, composition.spentCoins);
  if (!signed) return;
  const unitHash = getUnitHash(unit);
  if (unit.unit !== unitHash) bad('wrong unit hash.');
  if ('unitHash' in composition) {
    if (composition.unitHash !== unitHash || composition.joint.unit !== unit) {
      bad('the signed payment does not carry its own unit.');
    }
  }
  checkSignatures(unit, options);
}
