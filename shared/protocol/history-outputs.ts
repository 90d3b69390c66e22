/**
 * What verified units pay and spend, for balances computed from stored verified data (issue 4:
 * "balances per asset, stable and pending, computed from stored outputs"). Mirrors what ocore's
 * writer stores in its `outputs` and `inputs` tables for public payments, and the balance query of
 * ocore `balances.readBalance` (unspent outputs of good units, split by stability).
 *
 * Only inline (public) payments are visible; private payloads and voided units contribute
 * nothing. Bytes are asset `null`, as in ocore's tables.
 */
import { fail } from './errors';
import type { JointSequence } from './history';
import type { AnyUnit } from './unit-types';
import { isPaymentMessage, isVoidedUnit } from './unit-types';

/** The part of a verified joint these helpers read (VerifiedJoint fits; so does a stored row). */
export interface VerifiedUnitRecord {
  readonly unit: string;
  readonly content: AnyUnit;
  readonly proven: boolean;
  readonly sequence: JointSequence;
}

export interface UnitOutput {
  readonly unit: string;
  readonly message_index: number;
  readonly output_index: number;
  readonly address: string;
  /** null for bytes. */
  readonly asset: string | null;
  readonly amount: number;
  readonly proven: boolean;
  readonly sequence: JointSequence;
}

interface InputCommon {
  /** The spending unit. */
  readonly unit: string;
  readonly message_index: number;
  readonly input_index: number;
  readonly asset: string | null;
  readonly proven: boolean;
  readonly sequence: JointSequence;
}

export type UnitInput =
  | (InputCommon & {
      readonly type: 'transfer';
      readonly src_unit: string;
      readonly src_message_index: number;
      readonly src_output_index: number;
    })
  | (InputCommon & {
      readonly type: 'issue';
      readonly serial_number: number;
      readonly amount: number;
      readonly address?: string;
    })
  | (InputCommon & {
      readonly type: 'headers_commission' | 'witnessing';
      readonly from_main_chain_index: number;
      readonly to_main_chain_index: number;
      readonly address?: string;
    });

function safeAmount(amount: number, where: string): number {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    fail('amount', `${where}: the amount ${amount} is not a positive safe integer.`);
  }
  return amount;
}

function paymentsOf(content: AnyUnit) {
  if (isVoidedUnit(content)) return [];
  const out = [];
  for (const [message_index, message] of content.messages.entries()) {
    if (isPaymentMessage(message) && message.payload) {
      out.push({ message_index, payload: message.payload });
    }
  }
  return out;
}

/**
 * Public payment outputs of the given units that pay one of `addresses` (all outputs when
 * `addresses` is omitted), with the proof state of the unit that created them.
 */
export function outputsForAddresses(
  units: Iterable<VerifiedUnitRecord>,
  addresses?: Iterable<string>,
): UnitOutput[] {
  const wanted = addresses === undefined ? null : new Set(addresses);
  const out: UnitOutput[] = [];
  for (const record of units) {
    for (const { message_index, payload } of paymentsOf(record.content)) {
      payload.outputs.forEach((output, output_index) => {
        const address = output.address;
        if (address === undefined || (wanted && !wanted.has(address))) return;
        out.push({
          unit: record.unit,
          message_index,
          output_index,
          address,
          asset: payload.asset ?? null,
          amount: safeAmount(output.amount, `unit ${record.unit} output ${output_index}`),
          proven: record.proven,
          sequence: record.sequence,
        });
      });
    }
  }
  return out;
}

/** Every input of the given units' public payments, typed by kind. */
export function inputsSpent(units: Iterable<VerifiedUnitRecord>): UnitInput[] {
  const out: UnitInput[] = [];
  for (const record of units) {
    for (const { message_index, payload } of paymentsOf(record.content)) {
      payload.inputs.forEach((input, input_index) => {
        const common: InputCommon = {
          unit: record.unit,
          message_index,
          input_index,
          asset: payload.asset ?? null,
          proven: record.proven,
          sequence: record.sequence,
        };
        if (!('type' in input)) {
          out.push({
            ...common,
            type: 'transfer',
            src_unit: input.unit,
            src_message_index: input.message_index,
            src_output_index: input.output_index,
          });
        } else if (input.type === 'issue') {
          const where = `unit ${record.unit} input ${input_index}`;
          out.push({
            ...common,
            type: 'issue',
            serial_number: input.serial_number,
            amount: safeAmount(input.amount, where),
            ...(input.address === undefined ? {} : { address: input.address }),
          });
        } else {
          out.push({
            ...common,
            type: input.type,
            from_main_chain_index: input.from_main_chain_index,
            to_main_chain_index: input.to_main_chain_index,
            ...(input.address === undefined ? {} : { address: input.address }),
          });
        }
      });
    }
  }
  return out;
}

/** The key of an output as a transfer input names it. */
export function outputKey(unit: string, messageIndex: number, outputIndex: number): string {
  return `${unit}:${messageIndex}:${outputIndex}`;
}

export interface AssetBalance {
  /** Unspent outputs of proven good units. */
  readonly stable: number;
  /** Unspent outputs of unconfirmed units (never spendable as confirmed). */
  readonly pending: number;
}

/**
 * Balances per asset (`null` = bytes) of `addresses` over a set of verified units, as ocore
 * computes them: outputs of final-bad units never count; an output is spent once any unit in the
 * set that is not final-bad spends it (even an unconfirmed one); what remains is stable when its
 * unit is proven, pending otherwise. Headers-commission and witnessing earnings are not outputs
 * and are not included.
 */
export function computeBalances(
  units: readonly VerifiedUnitRecord[],
  addresses: Iterable<string>,
): Map<string | null, AssetBalance> {
  const spent = new Set<string>();
  for (const input of inputsSpent(units)) {
    if (input.type === 'transfer' && input.sequence !== 'final-bad') {
      spent.add(outputKey(input.src_unit, input.src_message_index, input.src_output_index));
    }
  }
  const totals = new Map<string | null, { stable: number; pending: number }>();
  const counted = new Set<string>();
  for (const output of outputsForAddresses(units, addresses)) {
    if (output.sequence === 'final-bad') continue;
    const key = outputKey(output.unit, output.message_index, output.output_index);
    if (spent.has(key) || counted.has(key)) continue;
    counted.add(key);
    const total = totals.get(output.asset) ?? { stable: 0, pending: 0 };
    if (output.proven) total.stable += output.amount;
    else total.pending += output.amount;
    if (!Number.isSafeInteger(total.stable) || !Number.isSafeInteger(total.pending)) {
      fail('amount', `The balance of ${output.asset ?? 'bytes'} exceeds the safe integer range.`);
    }
    totals.set(output.asset, total);
  }
  return totals;
}
