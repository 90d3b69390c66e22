/**
 * The composer reproduces the version-4.0 units of units.json (built by ocore's hashing and size
 * functions in composer.js order and accepted by validation.validateLight) from their inputs
 * alone: parents, last ball, timestamp, tps_fee, the coins (amounts from the vector's balance
 * breakdown), recipients, extra messages and the vector's test keys. Every expected value comes
 * from the vector, never from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex } from '../../shared/protocol/bytes';
import type { CoinCandidate } from '../../shared/protocol/coins';
import {
  composePayment,
  signComposedUnit,
  type ComposePaymentParams,
  type ExtraMessage,
  type PaymentAuthor,
  type PaymentRecipient,
} from '../../shared/protocol/compose';
import { verifyComposedUnit } from '../../shared/protocol/compose-verify';
import { getHeadersSize, getPayloadSize } from '../../shared/protocol/commission';
import type { Hashable } from '../../shared/protocol/json';
import { getMessagePayloadHash, getUnitHash, getUnitHashToSign } from '../../shared/protocol/unit';
import type { AddressDefinition, PaymentPayload, Unit } from '../../shared/protocol/unit-types';
import { loadVectors } from './vectors/load';

interface UnitVector {
  name: string;
  version: string;
  unit: Unit;
  expected: {
    unit_hash: string;
    content_hash: string;
    hash_to_sign_hex: string;
    payload_hashes: string[];
    headers_commission: number;
    payload_commission: number;
    oversize_fee_at_threshold_10000: number;
    balance_check: {
      assumed_total_input: number;
      total_output: number;
      tps_fee: number;
      change_amount: number;
    };
  };
  signers?: Record<
    string,
    {
      definition?: AddressDefinition;
      signing_keys: Record<string, { private_key_hex: string; pubkey: string }>;
    }
  >;
}

interface UnitsFile {
  threshold_size_used: number;
  vectors: UnitVector[];
}

const file = loadVectors<UnitsFile>('units.json');
const v4 = file.vectors.filter((v) => v.version === '4.0');

function byName(fragment: string): UnitVector {
  const found = v4.find((v) => v.name.includes(fragment));
  if (!found) throw new Error(`units.json has no v4.0 vector named like "${fragment}"`);
  return found;
}

function payments(unit: Unit): PaymentPayload[] {
  return unit.messages.flatMap((m) =>
    m.app === 'payment' && m.payload ? [m.payload as PaymentPayload] : [],
  );
}

function basePayment(unit: Unit): PaymentPayload {
  const [payment] = payments(unit).filter((p) => p.asset === undefined);
  if (!payment) throw new Error('vector has no bytes payment');
  return payment;
}

/** The author whose address receives the change: the output of `change_amount`. */
function changeAddressOf(vector: UnitVector): string {
  const outputs = basePayment(vector.unit).outputs;
  const change = outputs.find((o) => o.amount === vector.expected.balance_check.change_amount);
  if (!change?.address) throw new Error('no change output');
  return change.address;
}

function recipientsOf(vector: UnitVector, changeAddress: string): PaymentRecipient[] {
  const outputs = basePayment(vector.unit).outputs;
  let changeSkipped = false;
  const recipients: PaymentRecipient[] = [];
  for (const o of outputs) {
    if (
      !changeSkipped &&
      o.address === changeAddress &&
      o.amount === vector.expected.balance_check.change_amount
    ) {
      changeSkipped = true;
      continue;
    }
    recipients.push({ address: o.address ?? '', amount: o.amount });
  }
  return recipients;
}

/** Coins carrying the vector's inputs; amounts split so they add up to assumed_total_input. */
function coinsOf(
  vector: UnitVector,
  owners: readonly string[],
  split: readonly number[],
): CoinCandidate[] {
  const inputs = basePayment(vector.unit).inputs;
  expect(split).toHaveLength(inputs.length);
  expect(split.reduce((a, b) => a + b, 0)).toBe(vector.expected.balance_check.assumed_total_input);
  return inputs.map((input, i) => {
    if ('type' in input) throw new Error('vector input is not a transfer');
    return {
      unit: input.unit,
      message_index: input.message_index,
      output_index: input.output_index,
      amount: split[i] ?? 0,
      address: owners[i % owners.length] ?? '',
      asset: 'base',
      is_stable: true,
      main_chain_index: 1000,
    };
  });
}

function extraMessagesOf(unit: Unit): ExtraMessage[] {
  return unit.messages
    .filter((m) => m.app !== 'payment')
    .map((m) => ({ app: m.app, payload: m.payload as Hashable }));
}

function authorsOf(vector: UnitVector): PaymentAuthor[] {
  return vector.unit.authors.map((a) => ({
    address: a.address,
    definition: a.definition,
    signingPaths: Object.keys(a.authentifiers ?? {}),
  }));
}

function paramsFor(
  vector: UnitVector,
  coins: CoinCandidate[],
  extra: Partial<ComposePaymentParams> = {},
): ComposePaymentParams {
  const unit = vector.unit;
  const changeAddress = changeAddressOf(vector);
  return {
    network: 'mainnet',
    parentsInfo: {
      parent_units: unit.parent_units ?? [],
      last_stable_mc_ball: unit.last_ball ?? '',
      last_stable_mc_ball_unit: unit.last_ball_unit ?? '',
      last_stable_mc_ball_mci: 12_000_000,
      timestamp: unit.timestamp ?? 0,
      tps_fee: unit.tps_fee ?? 0,
      count_primary_aa_triggers: 0,
    },
    thresholdSize: file.threshold_size_used,
    authors: authorsOf(vector),
    recipients: recipientsOf(vector, changeAddress),
    changeAddress,
    coins: { base: coins },
    messages: extraMessagesOf(unit),
    ...extra,
  } as ComposePaymentParams;
}

function signerFor(vector: UnitVector) {
  return (address: string, path: string): Uint8Array => {
    const key = vector.signers?.[address]?.signing_keys[path];
    if (!key) throw new Error(`no test key for ${address} at ${path}`);
    return fromHex(key.private_key_hex);
  };
}

function expectReproduced(vector: UnitVector, params: ComposePaymentParams): void {
  const composed = composePayment(params);
  verifyComposedUnit(composed);
  // Before signing: sizes, fees and the digest are already final.
  expect(toHex(getUnitHashToSign(composed.unit))).toBe(vector.expected.hash_to_sign_hex);
  expect(getHeadersSize(composed.unit)).toBe(vector.expected.headers_commission);
  expect(getPayloadSize(composed.unit)).toBe(vector.expected.payload_commission);
  expect(composed.unit.headers_commission).toBe(vector.expected.headers_commission);
  expect(composed.unit.payload_commission).toBe(vector.expected.payload_commission);
  expect(composed.unit.oversize_fee ?? 0).toBe(vector.expected.oversize_fee_at_threshold_10000);
  expect(composed.unit.messages.map((m) => getMessagePayloadHash(m, '4.0'))).toEqual(
    vector.expected.payload_hashes,
  );
  expect(composed.preview.change).toEqual([
    {
      address: params.changeAddress,
      amount: vector.expected.balance_check.change_amount,
      asset: 'base',
    },
  ]);
  expect(composed.preview.fees.tps_fee).toBe(vector.expected.balance_check.tps_fee);

  const signed = signComposedUnit(composed, signerFor(vector));
  verifyComposedUnit(signed);
  expect(signed.unitHash).toBe(vector.expected.unit_hash);
  expect(getUnitHash(signed.unit)).toBe(vector.expected.unit_hash);
  // The whole unit, field for field, is the one ocore built (key order aside).
  expect(JSON.parse(JSON.stringify(signed.joint.unit))).toEqual(vector.unit);
}

describe('composePayment reproduces the v4.0 units of units.json', () => {
  it('has the four v4.0 vectors to reproduce', () => {
    expect(v4.map((v) => v.name)).toHaveLength(4);
  });

  it('simple payment (tps_fee, pass 1 picks the one coin)', () => {
    const vector = byName('simple payment');
    const author = vector.unit.authors[0]?.address ?? '';
    expectReproduced(vector, paramsFor(vector, coinsOf(vector, [author], [2_000_000])));
  });

  it('simple payment chosen among distractor coins: stable first, then smallest above the target', () => {
    const vector = byName('simple payment');
    const author = vector.unit.authors[0]?.address ?? '';
    const [coin] = coinsOf(vector, [author], [2_000_000]);
    if (!coin) throw new Error('no coin');
    const other = (n: number): string => toBase64(new Uint8Array(32).fill(n));
    const distractors: CoinCandidate[] = [
      // Too small for pass 1.
      { ...coin, unit: other(1), amount: 1_000 },
      // Smaller but unstable (created by us): pass 1 prefers stable coins.
      {
        ...coin,
        unit: other(2),
        amount: 1_500_000,
        is_stable: false,
        main_chain_index: null,
        is_own: true,
      },
      // Stable but larger.
      { ...coin, unit: other(3), amount: 5_000_000 },
      // Another address that is not an author: never spent.
      { ...coin, unit: other(4), amount: 1_200_000, address: 'GPUKEGU3YMQY4TP3WLUG4GO42TZGIR6G' },
    ];
    expectReproduced(vector, paramsFor(vector, [...distractors, coin]));
  });

  it('data (unicode/emoji) + payment, first-use definition, two outputs to one address', () => {
    const vector = byName('unicode/emoji');
    const author = vector.unit.authors[0]?.address ?? '';
    expectReproduced(vector, paramsFor(vector, coinsOf(vector, [author], [50_000])));
  });

  it('oversize unit: oversize_fee from the final size, coin picked with the grown fee', () => {
    const vector = byName('oversize');
    const author = vector.unit.authors[0]?.address ?? '';
    expectReproduced(vector, paramsFor(vector, coinsOf(vector, [author], [100_000])));
  });

  it('two authors (single-sig + 2-of-3) with earned_headers_commission_recipients, given coins', () => {
    const vector = byName('two authors');
    const owners = vector.unit.authors.map((a) => a.address);
    const coins = coinsOf(vector, owners, [1_000_000, 2_000_000]);
    expectReproduced(vector, paramsFor(vector, coins, { coinSelection: 'given' }));
  });

  it('two authors: coin selection takes the larger coin first, so the order differs', () => {
    const vector = byName('two authors');
    const owners = vector.unit.authors.map((a) => a.address);
    const coins = coinsOf(vector, owners, [400_000, 2_600_000]);
    const composed = composePayment(paramsFor(vector, coins));
    verifyComposedUnit(composed);
    // Pass 1: the 2.6M coin alone exceeds the target; the 400k coin stays unspent.
    expect(basePayment(composed.unit).inputs).toEqual([basePayment(vector.unit).inputs[1]]);
  });
});
