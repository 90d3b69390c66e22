/**
 * Outputs, inputs and balances from verified units: on the real raw_client answer (expected
 * values read from the fixture's own payloads) and on small synthetic records for the rules
 * (final-bad outputs never count, an unconfirmed spend already spends, assets are separate).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../shared/protocol/errors';
import { verifyHistoryAnswer } from '../../shared/protocol/history';
import {
  computeBalances,
  inputsSpent,
  outputsForAddresses,
  type VerifiedUnitRecord,
} from '../../shared/protocol/history-outputs';
import type { JointSequence } from '../../shared/protocol/history';
import type { Unit } from '../../shared/protocol/unit-types';
import { rawClientResponse } from '../support/fixtures';

interface RawPayment {
  inputs: { unit?: string; message_index?: number; output_index?: number; type?: string }[];
  outputs: { address: string; amount: number }[];
}
interface RawJoint {
  unit: { unit: string; messages: { app: string; payload?: RawPayment }[] };
}

const exchange = rawClientResponse('raw_client', 'get_history');
const rawJoints = (exchange.response as { joints: RawJoint[] }).joints;
const history = verifyHistoryAnswer(exchange.response, {
  witnesses: (exchange.params as { witnesses: string[] }).witnesses,
  network: {
    countWitnesses: 1,
    majority: 1,
    genesisUnit: 'InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=', // fixtures README.txt
    alt: '3',
    versions: ['1.0dev', '2.0dev', '3.0dev', '4.0dev'],
  },
});

describe('on the raw_client answer', () => {
  it('lists every public output with its position, as the payloads say', () => {
    const expected = rawJoints.flatMap((joint) =>
      joint.unit.messages.flatMap((message, message_index) =>
        message.app === 'payment' && message.payload
          ? message.payload.outputs.map((o, output_index) => ({
              unit: joint.unit.unit,
              message_index,
              output_index,
              address: o.address,
              asset: null,
              amount: o.amount,
              proven: true,
              sequence: 'good',
            }))
          : [],
      ),
    );
    expect(outputsForAddresses(history.joints)).toEqual(expected);
    const mine = outputsForAddresses(history.joints, ['5HQYPVVV72EITFWDYJ47D3NSG4F3C7LV']);
    expect(mine.map((o) => o.amount)).toEqual([1_000_000, 10_000_000, 100_000_000]);
  });

  it('lists every transfer input with the output it spends', () => {
    const expected = rawJoints.flatMap((joint) =>
      joint.unit.messages.flatMap((message, message_index) =>
        message.app === 'payment' && message.payload
          ? message.payload.inputs.map((input, input_index) => ({
              unit: joint.unit.unit,
              message_index,
              input_index,
              asset: null,
              proven: true,
              sequence: 'good',
              type: 'transfer',
              src_unit: input.unit,
              src_message_index: input.message_index,
              src_output_index: input.output_index,
            }))
          : [],
      ),
    );
    expect(inputsSpent(history.joints)).toEqual(expected);
  });
});

// ---- Synthetic records: only the fields the helpers read are meaningful. ----

const A = 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX';
const B = '5HQYPVVV72EITFWDYJ47D3NSG4F3C7LV';
const ASSET = 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=';
const hash = (n: number): string => `${String(n).padStart(43, 'A')}=`;

function record(
  n: number,
  sequence: JointSequence,
  payments: {
    asset?: string;
    inputs: Unit['messages'][number]['payload'];
    outputs: [string, number][];
  }[],
): VerifiedUnitRecord {
  const content: Unit = {
    unit: hash(n),
    version: '4.0',
    alt: '1',
    authors: [{ address: A, authentifiers: { r: 'x' } }],
    messages: payments.map((p) => ({
      app: 'payment',
      payload_location: 'inline',
      payload_hash: hash(0),
      payload: {
        ...(p.asset === undefined ? {} : { asset: p.asset }),
        inputs: p.inputs as never,
        outputs: p.outputs.map(([address, amount]) => ({ address, amount })),
      },
    })),
  };
  return { unit: hash(n), content, proven: sequence !== 'unconfirmed', sequence };
}

const spend = (n: number, message_index = 0, output_index = 0) => [
  { unit: hash(n), message_index, output_index },
];

describe('balances', () => {
  it('splits stable and pending, per asset', () => {
    const units = [
      record(1, 'good', [
        {
          inputs: spend(9),
          outputs: [
            [A, 100],
            [B, 5],
          ],
        },
      ]),
      record(2, 'unconfirmed', [{ inputs: spend(9), outputs: [[A, 7]] }]),
      record(3, 'good', [{ asset: ASSET, inputs: spend(9), outputs: [[A, 3]] }]),
    ];
    const balances = computeBalances(units, [A]);
    expect(balances.get(null)).toEqual({ stable: 100, pending: 7 });
    expect(balances.get(ASSET)).toEqual({ stable: 3, pending: 0 });
    expect(computeBalances(units, [B]).get(null)).toEqual({ stable: 5, pending: 0 });
  });

  it('final-bad outputs never count; any spend that is not final-bad spends', () => {
    const units = [
      record(1, 'good', [
        {
          inputs: spend(9),
          outputs: [
            [A, 100],
            [A, 50],
          ],
        },
      ]),
      record(2, 'final-bad', [{ inputs: spend(1, 0, 0), outputs: [[A, 99]] }]),
      record(3, 'unconfirmed', [{ inputs: spend(1, 0, 1), outputs: [[B, 49]] }]),
    ];
    expect(computeBalances(units, [A]).get(null)).toEqual({ stable: 100, pending: 0 });
  });

  it('types issue and commission inputs', () => {
    const units = [
      record(1, 'good', [
        {
          inputs: [
            { type: 'issue', serial_number: 1, amount: 1000 },
            { type: 'headers_commission', from_main_chain_index: 1, to_main_chain_index: 5 },
          ] as never,
          outputs: [[A, 1000]],
        },
      ]),
    ];
    expect(inputsSpent(units).map((i) => i.type)).toEqual(['issue', 'headers_commission']);
  });

  it('rejects amounts beyond the safe integer range', () => {
    const big = record(1, 'good', [{ inputs: spend(9), outputs: [[A, 2 ** 53]] }]);
    expect(() => outputsForAddresses([big])).toThrow(ProtocolError);
    const two = [
      record(1, 'good', [{ inputs: spend(9), outputs: [[A, 2 ** 52]] }]),
      record(2, 'good', [{ inputs: spend(8), outputs: [[A, 2 ** 52]] }]),
    ];
    expect(() => computeBalances(two, [A])).toThrow(/safe integer/);
  });

  it('the balance is the sum of unspent outputs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.integer({ min: 1, max: 1e12 }),
            spent: fc.boolean(),
            sequence: fc.constantFrom<JointSequence>('good', 'final-bad', 'unconfirmed'),
          }),
          { maxLength: 20 },
        ),
        (outputs) => {
          const units = outputs.map((o, i) =>
            record(i + 1, o.sequence, [{ inputs: spend(1000 + i), outputs: [[A, o.amount]] }]),
          );
          const spender = record(999, 'unconfirmed', [
            {
              inputs: outputs.flatMap((o, i) => (o.spent ? spend(i + 1) : [])).concat(spend(5000)),
              outputs: [[B, 1]],
            },
          ]);
          const live = outputs.filter((o) => !o.spent && o.sequence !== 'final-bad');
          const expected = {
            stable: live.filter((o) => o.sequence === 'good').reduce((s, o) => s + o.amount, 0),
            pending: live
              .filter((o) => o.sequence === 'unconfirmed')
              .reduce((s, o) => s + o.amount, 0),
          };
          const balance = computeBalances([...units, spender], [A]).get(null) ?? {
            stable: 0,
            pending: 0,
          };
          expect(balance).toEqual(expected);
        },
      ),
    );
  });
});
