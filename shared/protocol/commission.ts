/**
 * Unit sizes and fees (light-client.md §3.7–§3.8). Ports ocore `object_length.js` (getLength,
 * getHeadersSize, getTotalPayloadSize, getPaidTempDataFee), `storage.js` (getSystemVar,
 * getOversizeFee) and the fee checks of `validation.js`. Sizes are consensus values: a unit
 * whose commissions differ by one is rejected, and the oversize fee is checked exactly.
 */
import { SYSTEM_VOTE_COUNT_FEE, TEMP_DATA_PRICE } from './constants';
import { Decimal } from 'decimal.js';
import { fail } from './errors';
import type { AnyUnit, Message, PaymentPayload, Unit } from './unit-types';
import { isPaymentMessage, isVoidedUnit } from './unit-types';
import { commissionCountsKeyLengths, isVersion4OrLater, withoutUnhashedFields } from './unit';

/** The parent list always costs two hashes, whatever the number of parents (object_length.js). */
export const PARENT_UNITS_SIZE = 2 * 44;
const PARENT_UNITS_KEY_SIZE = 'parent_units'.length;

/**
 * ocore getLength: strings count UTF-16 code units, every number 8, booleans 1, null 0; with
 * `withKeys` each object key adds its length. `undefined` members count as absent.
 */
export function getLength(value: unknown, withKeys: boolean): number {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'string':
      return value.length;
    case 'number':
      if (!Number.isFinite(value)) fail('unit', `Cannot size the number ${value}.`);
      return 8;
    case 'boolean':
      return 1;
    case 'object': {
      // Loops rather than reduce/Object.entries: this runs on every unit of a history answer.
      let length = 0;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) length += getLength(item, withKeys);
        return length;
      }
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        const member = record[key];
        if (member === undefined) continue;
        if (withKeys) length += key.length;
        length += getLength(member, withKeys);
      }
      return length;
    }
    default:
      return fail('unit', `Cannot size a value of type ${typeof value}.`);
  }
}

function requireContent(unit: AnyUnit, what: string): asserts unit is Unit {
  if (isVoidedUnit(unit)) fail('unit', `Cannot compute the ${what} of a unit without content.`);
}

/**
 * ocore getHeadersSize = headers_commission: the unit without its unhashed fields, messages and
 * parent list, plus the fixed parent-list cost.
 */
export function getHeadersSize(unit: Unit): number {
  requireContent(unit, 'headers size');
  const header = withoutUnhashedFields(unit);
  delete header['messages'];
  delete header['parent_units'];
  const withKeys = commissionCountsKeyLengths(unit.version);
  return getLength(header, withKeys) + PARENT_UNITS_SIZE + (withKeys ? PARENT_UNITS_KEY_SIZE : 0);
}

function isTruthy(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    Number.isNaN(value)
  );
}

function tempDataLength(message: Message): number | undefined {
  if (message.app !== 'temp_data') return undefined;
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const dataLength: unknown = (payload as Record<string, unknown>)['data_length'];
  // "data".length is 4: the key is paid for at the temp_data price too.
  return typeof dataLength === 'number' ? dataLength + 4 : undefined;
}

/** Σ(data_length + 4) over temp_data messages that declare a numeric data_length. */
export function getTempDataLength(unit: Unit): number {
  let total = 0;
  for (const message of unit.messages) total += tempDataLength(message) ?? 0;
  return total;
}

/** ocore getPaidTempDataFee: the part of payload_commission paid for temp_data. */
export function getPaidTempDataFee(unit: Unit): number {
  return Math.ceil(getTempDataLength(unit) * TEMP_DATA_PRICE);
}

/**
 * ocore getTotalPayloadSize = payload_commission: the size of `{messages}`, except that a
 * temp_data `data` still present is not sized directly but paid at the temp_data price (so the
 * commission stays the same after hubs purge the data).
 */
export function getPayloadSize(unit: Unit): number {
  requireContent(unit, 'payload size');
  const messages = unit.messages.map((message) => {
    if (tempDataLength(message) === undefined) return message;
    const payload = message.payload as Record<string, unknown>;
    if (!isTruthy(payload['data'])) return message;
    const { data: _data, ...rest } = payload;
    return { ...message, payload: rest };
  });
  const withKeys = commissionCountsKeyLengths(unit.version);
  return getPaidTempDataFee(unit) + getLength({ messages }, withKeys);
}

// ---------------------------------------------------------------------------------------------
// Oversize fee.

// ocore evaluates exp() with the decimal.js configuration of formula/common.js, which storage.js
// loads: 15 significant digits, half-even rounding. A private clone keeps that setting local.
const OcoreDecimal = Decimal.clone({
  precision: 15,
  rounding: Decimal.ROUND_HALF_EVEN,
  maxE: 308,
  minE: -324,
  toExpNeg: -7,
  toExpPos: 21,
});

/** exp(x) as ocore's storage.js evaluates it (fees: oversize, TPS). */
export function ocoreExp(x: number): number {
  return new OcoreDecimal(x).exp().toNumber();
}

/**
 * ocore storage.getOversizeFee for a size (already without the temp_data fee):
 * 0 up to the threshold, then ceil(size × (exp(size / threshold − 1) − 1)).
 */
export function getOversizeFee(size: number, thresholdSize: number): number {
  if (!Number.isSafeInteger(size) || size < 0) {
    fail('unit', 'The unit size must be a non-negative integer.');
  }
  if (!Number.isSafeInteger(thresholdSize) || thresholdSize <= 0) {
    fail('unit', 'The threshold size must be a positive integer.');
  }
  if (size <= thresholdSize) return 0;
  const fee = Math.ceil(size * (ocoreExp(size / thresholdSize - 1) - 1));
  if (!Number.isSafeInteger(fee)) {
    fail('amount', `A unit of ${size} bytes is too large: its oversize fee cannot be paid.`);
  }
  return fee;
}

/** The size the oversize fee is computed from: headers + payload − temp_data fee. */
export function getOversizeFeeSize(unit: Unit): number {
  return getHeadersSize(unit) + getPayloadSize(unit) - getPaidTempDataFee(unit);
}

/** The oversize fee a unit must declare; none before version 4.0. Sizes are recomputed. */
export function getUnitOversizeFee(unit: Unit, thresholdSize: number): number {
  if (!isVersion4OrLater(unit.version)) return 0;
  return getOversizeFee(getOversizeFeeSize(unit), thresholdSize);
}

/**
 * Check the declared size fields the way ocore validation does: both commissions equal the
 * recomputed sizes, and `oversize_fee` equals the recomputed fee when non-zero and is absent
 * otherwise (and always absent before version 4.0).
 */
export function verifyUnitCommissions(unit: Unit, thresholdSize: number): void {
  const headers = getHeadersSize(unit);
  if (unit.headers_commission !== headers) {
    fail('unit', `Wrong headers_commission ${unit.headers_commission}: expected ${headers}.`);
  }
  const payload = getPayloadSize(unit);
  if (unit.payload_commission !== payload) {
    fail('unit', `Wrong payload_commission ${unit.payload_commission}: expected ${payload}.`);
  }
  if (!isVersion4OrLater(unit.version) && unit.oversize_fee !== undefined) {
    fail('unit', `oversize_fee is not charged before version 4.0.`);
  }
  const oversize = getUnitOversizeFee(unit, thresholdSize);
  if (oversize === 0 && unit.oversize_fee !== undefined) {
    fail('unit', 'A zero oversize fee must be omitted.');
  }
  if (oversize !== 0 && unit.oversize_fee !== oversize) {
    fail('unit', `Wrong oversize_fee ${unit.oversize_fee}: expected ${oversize}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// System variables.

export interface SystemVarEntry<T> {
  vote_count_mci: number;
  value: T;
  is_emergency?: number | boolean;
}

/**
 * ocore storage.getSystemVar: the value of the newest vote counted strictly before `mci`.
 * Entries arrive sorted by vote_count_mci descending; they are sorted here again (stably) so an
 * unsorted list cannot select an outdated value.
 */
export function getSystemVarValue<T>(entries: readonly SystemVarEntry<T>[], mci: number): T {
  if (!Number.isFinite(mci)) fail('unit', 'The MCI must be a number.');
  const newestFirst = [...entries].sort((a, b) => b.vote_count_mci - a.vote_count_mci);
  for (const entry of newestFirst) if (mci > entry.vote_count_mci) return entry.value;
  return fail('unit', `No system variable value is in force at MCI ${mci}.`);
}

// ---------------------------------------------------------------------------------------------
// Balance of the base-asset payment.

export interface BaseBalance {
  total_output: number;
  headers_commission: number;
  payload_commission: number;
  oversize_fee: number;
  tps_fee: number;
  burn_fee: number;
  vote_count_fee: number;
  /** What the inputs must add up to exactly. */
  total_input: number;
}

function getBasePayment(unit: Unit): PaymentPayload {
  const payments = unit.messages.filter(isPaymentMessage).filter((m) => !m.payload?.asset);
  const [payment, ...others] = payments;
  if (!payment || others.length > 0) fail('unit', 'A unit needs exactly one payment in bytes.');
  if (!payment.payload) fail('unit', 'The payment in bytes must be inline.');
  return payment.payload;
}

/**
 * The validation.js balance equation for bytes: Σ inputs = Σ outputs + headers_commission +
 * payload_commission + oversize_fee + tps_fee + burn_fee (+ the vote-count fee). Uses the
 * declared commissions, which verifyUnitCommissions checks.
 */
export function getBaseBalance(unit: Unit): BaseBalance {
  const { headers_commission, payload_commission } = unit;
  if (headers_commission === undefined || payload_commission === undefined) {
    fail('unit', 'Set headers_commission and payload_commission before balancing the unit.');
  }
  const total_output = getBasePayment(unit).outputs.reduce((sum, o) => sum + o.amount, 0);
  const oversize_fee = unit.oversize_fee ?? 0;
  const tps_fee = unit.tps_fee ?? 0;
  const burn_fee = unit.burn_fee ?? 0;
  const hasVoteCount = unit.messages.some((m) => m.app === 'system_vote_count');
  const vote_count_fee = hasVoteCount ? SYSTEM_VOTE_COUNT_FEE : 0;
  const total_input =
    total_output +
    headers_commission +
    payload_commission +
    oversize_fee +
    tps_fee +
    burn_fee +
    vote_count_fee;
  if (!Number.isSafeInteger(total_input)) fail('amount', 'The unit moves more bytes than exist.');
  return {
    total_output,
    headers_commission,
    payload_commission,
    oversize_fee,
    tps_fee,
    burn_fee,
    vote_count_fee,
    total_input,
  };
}

/** Whether inputs worth `totalInput` bytes balance the unit's base payment exactly. */
export function isBaseBalanced(unit: Unit, totalInput: number): boolean {
  return getBaseBalance(unit).total_input === totalInput;
}

/**
 * The `threshold_size` in force at `mci` (use the unit's last_ball_mci), from the hub's list
 * (getSystemVarValue). Null when none applies or the value is not a positive integer: the
 * caller then keeps the protocol default.
 */
export function thresholdSizeAt(
  entries: readonly SystemVarEntry<unknown>[] | undefined,
  mci: number,
): number | null {
  if (entries === undefined || !Number.isSafeInteger(mci)) return null;
  let value: unknown;
  try {
    value = getSystemVarValue(entries, mci);
  } catch {
    return null;
  }
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}
