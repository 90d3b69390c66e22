/**
 * composePayment / signComposedUnit / verifyComposedUnit case by case: network versions, several
 * recipients, public divisible assets (the bytes message pays their fees), send all, burn fee,
 * definitions, several authors, AA rules, oversize and fee-ratio limits, every bad input with its
 * message, not enough funds, signing, and tampering that verification must catch. Every composed
 * unit is re-checked with the vector-proven functions (getHeadersSize, getPayloadSize,
 * getOversizeFee, getBaseBalance, getUnitHashToSign, getUnitHash, verify) and with
 * verifyComposedUnit.
 */
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/bytes';
import { NotEnoughFundsError, type CoinCandidate } from '../../shared/protocol/coins';
import {
  composePayment,
  signComposedUnit,
  type ComposedPayment,
  type ComposePaymentParams,
  type PaymentRecipient,
  type SignedPayment,
} from '../../shared/protocol/compose';
import { SIGNATURE_PLACEHOLDER, verifyComposedUnit } from '../../shared/protocol/compose-verify';
import {
  getBaseBalance,
  getHeadersSize,
  getOversizeFee,
  getPayloadSize,
} from '../../shared/protocol/commission';
import { ProtocolError } from '../../shared/protocol/errors';
import { sha256Utf8 } from '../../shared/protocol/hash';
import { verify } from '../../shared/protocol/signature';
import {
  getMessagePayloadHash,
  getUnitHash,
  getUnitHashToSign,
  getUnitHashToSignB64,
} from '../../shared/protocol/unit';
import type { PaymentMessage, PaymentPayload, Unit } from '../../shared/protocol/unit-types';
import { makeTestKey, type TestKey } from './test-keys';

type Key = TestKey;

function makeKey(seed: string): Key {
  return makeTestKey(`compose test key ${seed}`);
}

const A = makeKey('a');
const B = makeKey('b');
const CHANGE = makeKey('change');
const R1 = makeKey('r1').address;
const R2 = makeKey('r2').address;
const R3 = makeKey('r3').address;
const KEYS = new Map([A, B, CHANGE].map((k) => [k.address, k]));
const ASSET1 = toBase64(sha256Utf8('asset one'));
const ASSET2 = toBase64(sha256Utf8('asset two'));
const hash = (label: string): string => toBase64(sha256Utf8(label));
const PARENTS = [hash('p1'), hash('p2')].sort();

let serial = 0;
function coin(amount: number, extra: Partial<CoinCandidate> = {}): CoinCandidate {
  serial += 1;
  return {
    unit: hash(`coin ${serial}`),
    message_index: 0,
    output_index: serial % 3,
    amount,
    address: A.address,
    asset: 'base',
    is_stable: true,
    main_chain_index: 500,
    ...extra,
  };
}

function params(overrides: Partial<ComposePaymentParams> = {}): ComposePaymentParams {
  return {
    network: 'mainnet',
    parentsInfo: {
      parent_units: PARENTS,
      last_stable_mc_ball: hash('ball'),
      last_stable_mc_ball_unit: hash('ball unit'),
      last_stable_mc_ball_mci: 1_000,
      timestamp: 1_760_000_000,
      tps_fee: 17,
      count_primary_aa_triggers: 0,
    },
    thresholdSize: 10_000,
    authors: [{ address: A.address }],
    recipients: [{ address: R1, amount: 50_000 }],
    changeAddress: CHANGE.address,
    coins: { base: [coin(1_000_000)] },
    ...overrides,
  } as ComposePaymentParams;
}

function payments(unit: Unit): PaymentPayload[] {
  return unit.messages.flatMap((m) =>
    m.app === 'payment' && m.payload ? [m.payload as PaymentPayload] : [],
  );
}

function basePayload(unit: Unit): PaymentPayload {
  const found = payments(unit).find((p) => p.asset === undefined);
  if (!found) throw new Error('no bytes payment');
  return found;
}

function coinSum(composition: ComposedPayment, asset: string): number {
  return composition.spentCoins
    .filter((c) => c.asset === asset)
    .reduce((sum, c) => sum + c.amount, 0);
}

/** Independent re-check with the vector-proven functions, beside verifyComposedUnit. */
function recheck(composition: ComposedPayment, thresholdSize = 10_000): void {
  verifyComposedUnit(composition);
  const { unit } = composition;
  expect(unit.headers_commission).toBe(getHeadersSize(unit));
  expect(unit.payload_commission).toBe(getPayloadSize(unit));
  const oversize = getOversizeFee(getHeadersSize(unit) + getPayloadSize(unit), thresholdSize);
  expect(unit.oversize_fee ?? 0).toBe(oversize);
  if (oversize === 0) expect('oversize_fee' in unit).toBe(false);
  expect(getBaseBalance(unit).total_input).toBe(coinSum(composition, 'base'));
  expect(composition.hashToSign).toBe(getUnitHashToSignB64(unit));
  expect(unit.witnesses).toBeUndefined();
  expect(unit.witness_list_unit).toBeUndefined();
  for (const payload of payments(unit)) {
    const sorted = [...payload.outputs].sort((x, y) =>
      (x.address ?? '') < (y.address ?? '')
        ? -1
        : (x.address ?? '') > (y.address ?? '')
          ? 1
          : x.amount - y.amount,
    );
    expect(payload.outputs).toEqual(sorted);
    for (const o of payload.outputs) expect(o.amount).toBeGreaterThan(0);
    if (payload.asset !== undefined) {
      const outputs = payload.outputs.reduce((sum, o) => sum + o.amount, 0);
      expect(outputs).toBe(coinSum(composition, payload.asset));
    }
  }
}

function signWithKeys(composition: ComposedPayment): SignedPayment {
  return signComposedUnit(composition, (address) => {
    const key = KEYS.get(address);
    if (!key) throw new Error(`no key for ${address}`);
    return key.privateKey;
  });
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('unit header', () => {
  it.each([
    ['mainnet', '4.0', '1'],
    ['testnet', '4.0t', '2'],
    ['devnet', '4.0dev', '3'],
  ] as const)('%s units are version %s, alt %s', (network, version, alt) => {
    const composed = composePayment(params({ network }));
    recheck(composed);
    expect(composed.unit.version).toBe(version);
    expect(composed.unit.alt).toBe(alt);
    expect(composed.unit.tps_fee).toBe(17);
    expect(composed.unit.timestamp).toBe(1_760_000_000);
    expect(composed.unit.parent_units).toEqual(PARENTS);
    expect(composed.unit.last_ball).toBe(hash('ball'));
    expect(composed.unit.last_ball_unit).toBe(hash('ball unit'));
    expect(composed.unit.unit).toBeUndefined();
    expect(composed.unit.authors).toEqual([
      { address: A.address, authentifiers: { r: SIGNATURE_PLACEHOLDER } },
    ]);
  });

  it('a single-sig first-use definition costs 63 more bytes of headers', () => {
    const without = composePayment(params());
    const withDefinition = composePayment(
      params({ authors: [{ address: A.address, definition: A.definition }] }),
    );
    recheck(withDefinition);
    expect(withDefinition.unit.authors[0]?.definition).toEqual(A.definition);
    expect(withDefinition.preview.fees.headers_commission).toBe(
      without.preview.fees.headers_commission + 63,
    );
  });
});

describe('bytes payments', () => {
  it('pays several recipients; outputs sorted by address then amount; change to the change address', () => {
    const recipients: PaymentRecipient[] = [
      { address: R2, amount: 3_000 },
      { address: R1, amount: 2_000 },
      { address: R2, amount: 1_000 },
    ];
    const composed = composePayment(params({ recipients }));
    recheck(composed);
    const { preview, unit } = composed;
    const fees = preview.fees;
    expect(fees.total).toBe(
      fees.headers_commission + fees.payload_commission + fees.tps_fee + fees.oversize_fee,
    );
    const change = 1_000_000 - 6_000 - fees.total;
    expect(basePayload(unit).outputs).toEqual(
      [
        { address: R2, amount: 1_000 },
        { address: R2, amount: 3_000 },
        { address: R1, amount: 2_000 },
        { address: CHANGE.address, amount: change },
      ].sort((x, y) =>
        x.address < y.address ? -1 : x.address > y.address ? 1 : x.amount - y.amount,
      ),
    );
    expect(preview.recipients).toEqual(recipients.map((r) => ({ ...r, asset: 'base' })));
    expect(preview.change).toEqual([{ address: CHANGE.address, amount: change, asset: 'base' }]);
    expect(preview.totalLeaving).toEqual({ base: 6_000 + fees.total });
    expect(preview.inputs).toEqual([{ asset: 'base', count: 1, amount: 1_000_000 }]);
    expect(preview.inputCount).toBe(1);
    expect(unit.earned_headers_commission_recipients).toBeUndefined();
  });

  it('the fees are the sizes: headers 405 and payload 311 + 53 per extra output (spec §3.7)', () => {
    // One author without definition, one input, two outputs: 405 / 311 (units.json simple payment).
    const one = composePayment(params({ parentsInfo: { ...params().parentsInfo, tps_fee: 11 } }));
    expect(one.preview.fees.headers_commission).toBe(405);
    expect(one.preview.fees.payload_commission).toBe(311);
    const two = composePayment(
      params({
        recipients: [
          { address: R1, amount: 1 },
          { address: R2, amount: 2 },
        ],
      }),
    );
    expect(two.preview.fees.payload_commission).toBe(311 + 53);
  });

  it('carries a burn fee: hashed, counted in the headers, paid from the inputs', () => {
    const plain = composePayment(params());
    const burning = composePayment(params({ burnFee: 1_234 }));
    recheck(burning);
    expect(burning.unit.burn_fee).toBe(1_234);
    expect(burning.preview.fees.burn_fee).toBe(1_234);
    // "burn_fee" (8) + a number (8).
    expect(burning.preview.fees.headers_commission).toBe(
      plain.preview.fees.headers_commission + 16,
    );
    expect(getUnitHashToSign(burning.unit)).not.toEqual(getUnitHashToSign(plain.unit));
  });

  it('adds an oversize fee computed from the final size, and refuses one over the fee ratio', () => {
    const messages = [{ app: 'data', payload: { blob: 'x'.repeat(12_000) } }];
    const composed = composePayment(params({ messages }));
    recheck(composed);
    expect(composed.unit.oversize_fee).toBeGreaterThan(0);
    expect(composed.unit.messages.map((m) => m.app)).toEqual(['data', 'payment']);
    expect(composed.preview.fees.oversize_fee).toBe(composed.unit.oversize_fee);
    // ocore refuses oversize + TPS fees above max_fee_ratio (100) × the size fees.
    expect(() => composePayment(params({ messages, maxFeeRatio: 0.25 }))).toThrow(
      /would be more than 0.25 times the size fees/,
    );
    const congested = { ...params().parentsInfo, tps_fee: 100 * 716 + 1 };
    expect(() => composePayment(params({ parentsInfo: congested }))).toThrow(
      /TPS fee \(71601\) would be more than 100 times the size fees \(716\)/,
    );
    recheck(composePayment(params({ parentsInfo: { ...congested, tps_fee: 71_600 } })));
  });

  it('spends several coins when no single one suffices, largest first', () => {
    const coins = [coin(20_000), coin(30_000), coin(25_000)];
    const composed = composePayment(params({ coins: { base: coins } }));
    recheck(composed);
    expect(composed.spentCoins.map((c) => c.amount)).toEqual([30_000, 25_000]);
    expect(basePayload(composed.unit).inputs).toEqual(
      [coins[1], coins[2]].map((c) => ({
        unit: c?.unit,
        message_index: c?.message_index,
        output_index: c?.output_index,
      })),
    );
  });
});

describe('several authors', () => {
  it('sorts authors, spends coins of either, and gives the headers commission to the change address', () => {
    const [first, second] = [A, B].sort((x, y) => (x.address < y.address ? -1 : 1));
    const coins = [coin(30_000, { address: B.address }), coin(40_000, { address: A.address })];
    const composed = composePayment(
      params({
        authors: [{ address: B.address, definition: B.definition }, { address: A.address }],
        coins: { base: coins },
      }),
    );
    recheck(composed);
    expect(composed.unit.authors.map((a) => a.address)).toEqual([first?.address, second?.address]);
    expect(composed.unit.earned_headers_commission_recipients).toEqual([
      { address: CHANGE.address, earned_headers_commission_share: 100 },
    ]);
    expect(composed.spentCoins).toHaveLength(2);
    const signed = signWithKeys(composed);
    verifyComposedUnit(signed, { definitions: { [A.address]: A.definition } });
  });

  it('takes multisig signing paths as placeholders', () => {
    const composed = composePayment(
      params({ authors: [{ address: A.address, signingPaths: ['r.0', 'r.2'] }] }),
    );
    expect(composed.unit.authors[0]?.authentifiers).toEqual({
      'r.0': SIGNATURE_PLACEHOLDER,
      'r.2': SIGNATURE_PLACEHOLDER,
    });
    recheck(composed);
  });
});

describe('asset payments', () => {
  const assetCoins = [
    coin(700, { asset: ASSET1 }),
    coin(400, { asset: ASSET1, address: A.address }),
  ];

  it('puts the asset message after the bytes message that pays its fees', () => {
    const composed = composePayment(
      params({
        recipients: [{ address: R1, amount: 1_000, asset: ASSET1 }],
        coins: { base: [coin(100_000)], [ASSET1]: assetCoins },
      }),
    );
    recheck(composed);
    const [base, asset] = composed.unit.messages as PaymentMessage[];
    expect(composed.unit.messages).toHaveLength(2);
    expect(base?.payload?.asset).toBeUndefined();
    expect(asset?.payload?.asset).toBe(ASSET1);
    // Bytes: only the change, which pays every fee.
    const fees = composed.preview.fees.total;
    expect(base?.payload?.outputs).toEqual([{ address: CHANGE.address, amount: 100_000 - fees }]);
    // Asset: 700 + 400 = 1 100 → 1 000 to R1 and 100 change.
    expect(asset?.payload?.outputs).toEqual(
      [
        { address: R1, amount: 1_000 },
        { address: CHANGE.address, amount: 100 },
      ].sort((x, y) => (x.address < y.address ? -1 : 1)),
    );
    expect(composed.preview.change).toEqual([
      { address: CHANGE.address, amount: 100_000 - fees, asset: 'base' },
      { address: CHANGE.address, amount: 100, asset: ASSET1 },
    ]);
    expect(composed.preview.totalLeaving).toEqual({ base: fees, [ASSET1]: 1_000 });
    expect(composed.preview.inputs).toEqual([
      { asset: 'base', count: 1, amount: 100_000 },
      { asset: ASSET1, count: 2, amount: 1_100 },
    ]);
    expect(composed.preview.inputCount).toBe(3);
  });

  it('has no asset change output when the coins match the amount exactly (≥ for assets)', () => {
    const composed = composePayment(
      params({
        recipients: [{ address: R1, amount: 700, asset: ASSET1 }],
        coins: { base: [coin(100_000)], [ASSET1]: assetCoins },
      }),
    );
    recheck(composed);
    const asset = payments(composed.unit).find((p) => p.asset === ASSET1);
    expect(asset?.outputs).toEqual([{ address: R1, amount: 700 }]);
    expect(composed.preview.change.map((c) => c.asset)).toEqual(['base']);
  });

  it('mixes bytes and two assets, one message per asset in order of first appearance', () => {
    const composed = composePayment(
      params({
        recipients: [
          { address: R1, amount: 5, asset: ASSET2 },
          { address: R2, amount: 9_999 },
          { address: R3, amount: 300, asset: ASSET1 },
          { address: R1, amount: 6, asset: ASSET2 },
        ],
        coins: {
          base: [coin(100_000)],
          [ASSET1]: assetCoins,
          [ASSET2]: [coin(11, { asset: ASSET2 })],
        },
      }),
    );
    recheck(composed);
    expect(payments(composed.unit).map((p) => p.asset)).toEqual([undefined, ASSET2, ASSET1]);
    expect(composed.preview.totalLeaving).toEqual({
      base: 9_999 + composed.preview.fees.total,
      [ASSET2]: 11,
      [ASSET1]: 300,
    });
    signWithKeys(composed);
  });

  it('says which asset is short', () => {
    const error = catchError(() =>
      composePayment(
        params({
          recipients: [{ address: R1, amount: 5_000, asset: ASSET1 }],
          coins: { base: [coin(100_000)], [ASSET1]: assetCoins },
        }),
      ),
    ) as NotEnoughFundsError;
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    expect(error.asset).toBe(ASSET1);
    expect(error.needed).toBe(5_000);
    expect(error.available).toBe(1_100);
    expect(error.shortfall).toBe(3_900);
  });

  it('needs bytes for the fees even when the asset suffices', () => {
    const error = catchError(() =>
      composePayment(
        params({
          recipients: [{ address: R1, amount: 500, asset: ASSET1 }],
          coins: { base: [coin(300)], [ASSET1]: assetCoins },
        }),
      ),
    ) as NotEnoughFundsError;
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    expect(error.asset).toBe('base');
    expect(error.available).toBe(300);
  });
});

describe('send all', () => {
  it('sends every spendable byte minus the fees to the one recipient, without change', () => {
    const coins = [
      coin(10_000),
      coin(20_000),
      coin(5_000, { is_stable: false, main_chain_index: null }),
    ];
    const composed = composePayment(
      params({ sendAll: true, recipients: [{ address: R1 }], coins: { base: coins } }),
    );
    recheck(composed);
    const fees = composed.preview.fees.total;
    // The unconfirmed coin of someone else's unit is not spendable under "own".
    expect(composed.spentCoins.map((c) => c.amount)).toEqual([20_000, 10_000]);
    expect(basePayload(composed.unit).outputs).toEqual([{ address: R1, amount: 30_000 - fees }]);
    expect(composed.preview.recipients).toEqual([
      { address: R1, amount: 30_000 - fees, asset: 'base' },
    ]);
    expect(composed.preview.change).toEqual([]);
    expect(composed.preview.totalLeaving).toEqual({ base: 30_000 });
  });

  it('refuses when the coins cannot even pay the fees', () => {
    const error = catchError(() =>
      composePayment(
        params({ sendAll: true, recipients: [{ address: R1 }], coins: { base: [coin(300)] } }),
      ),
    ) as NotEnoughFundsError;
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    expect(error.available).toBe(300);
    expect(error.needed).toBeGreaterThan(300);
    expect(error.message).toMatch(/^Not enough bytes: sending everything needs/);
  });

  it('is for one recipient of bytes, without an amount', () => {
    const bad: [unknown, RegExp][] = [
      [[{ address: R1, amount: 5 }], /leave it out/],
      [[{ address: R1, asset: ASSET1 }], /Only bytes/],
      [[{ address: R1 }, { address: R2 }], /exactly one recipient/],
    ];
    for (const [recipients, message] of bad) {
      expect(() =>
        composePayment(params({ sendAll: true, recipients } as Partial<ComposePaymentParams>)),
      ).toThrow(message);
    }
  });
});

describe('autonomous agents', () => {
  const aaInfo = { ...params().parentsInfo, count_primary_aa_triggers: 1 };

  it('puts max_aa_responses into the unit only when the hub counted AA triggers', () => {
    const withAa = composePayment(params({ parentsInfo: aaInfo, maxAaResponses: 3 }));
    recheck(withAa);
    expect(withAa.unit.max_aa_responses).toBe(3);
    const withoutAa = composePayment(params({ maxAaResponses: 3 }));
    expect(withoutAa.unit.max_aa_responses).toBeUndefined();
    expect(() => composePayment(params({ maxAaResponses: 11 }))).toThrow(/1 to 10/);
    expect(() => composePayment(params({ maxAaResponses: 0 }))).toThrow(/1 to 10/);
  });

  it('refuses two AAs and two outputs of one asset to an AA', () => {
    expect(() =>
      composePayment(params({ parentsInfo: { ...aaInfo, count_primary_aa_triggers: 2 } })),
    ).toThrow(/at most one autonomous agent/);
    expect(() =>
      composePayment(
        params({
          aaAddresses: [R1, R2],
          recipients: [
            { address: R1, amount: 10_000 },
            { address: R2, amount: 10_000 },
          ],
        }),
      ),
    ).toThrow(/at most one autonomous agent/);
    const twice = [
      { address: R1, amount: 10_000 },
      { address: R1, amount: 20_000 },
    ];
    expect(() =>
      composePayment(params({ parentsInfo: aaInfo, aaAddresses: [R1], recipients: twice })),
    ).toThrow(/only one output per asset/);
    // Without knowing which recipient is the AA, any repeated address and asset is refused.
    expect(() => composePayment(params({ parentsInfo: aaInfo, recipients: twice }))).toThrow(
      /an AA may receive only one output per asset/,
    );
    // Repeats to ordinary addresses are fine (units.json has one), as are other assets to the AA.
    recheck(composePayment(params({ recipients: twice })));
    recheck(
      composePayment(
        params({
          parentsInfo: aaInfo,
          aaAddresses: [R1],
          recipients: [
            { address: R1, amount: 10_000 },
            { address: R1, amount: 7, asset: ASSET1 },
            { address: R2, amount: 1 },
            { address: R2, amount: 2 },
          ],
          coins: { base: [coin(100_000)], [ASSET1]: [coin(7, { asset: ASSET1 })] },
        }),
      ),
    );
  });
});

describe('bad input is refused with a message naming it', () => {
  const refuse = (overrides: Partial<ComposePaymentParams> | unknown, message: RegExp): void => {
    const error = catchError(() =>
      composePayment(params(overrides as Partial<ComposePaymentParams>)),
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(message);
  };
  const withRecipient = (recipient: unknown): unknown => ({
    recipients: [{ address: R1, amount: 1 }, recipient],
  });

  it('invalid addresses, with parseAddress messages', () => {
    refuse(
      withRecipient({ address: 'ABC', amount: 1 }),
      /^Recipient 2: An Obyte address has 32 characters; this one has 3\.$/,
    );
    refuse(
      withRecipient({ address: R1.toLowerCase(), amount: 1 }),
      /^Recipient 2: An Obyte address is written in upper case\.$/,
    );
    refuse(
      withRecipient({ address: `${R1.slice(0, 31)}1`, amount: 1 }),
      /^Recipient 2: An Obyte address uses only the letters A–Z and the digits 2–7\.$/,
    );
    const typo = R1.slice(0, 31) + (R1.endsWith('A') ? 'B' : 'A');
    refuse(
      withRecipient({ address: typo, amount: 1 }),
      /^Recipient 2: That address has a typo: its checksum does not match\.$/,
    );
    refuse(withRecipient({ address: 42, amount: 1 }), /^Recipient 2: An address must be text\.$/);
    refuse({ changeAddress: 'nope' }, /^Change address: /);
    refuse({ authors: [{ address: 'nope' }] }, /^Author: /);
  });

  it('zero, negative, fractional, too large or non-numeric amounts', () => {
    refuse(
      withRecipient({ address: R2, amount: 0 }),
      /^Recipient 2: An amount must be more than zero, not 0\.$/,
    );
    refuse(withRecipient({ address: R2, amount: -5 }), /more than zero, not -5/);
    refuse(
      withRecipient({ address: R2, amount: 1.5 }),
      /whole number of the smallest unit, not 1\.5/,
    );
    refuse(withRecipient({ address: R2, amount: 9e15 + 2 }), /above the network maximum of 9e15/);
    refuse(withRecipient({ address: R2, amount: 2 ** 60 }), /too large to be represented exactly/);
    refuse(withRecipient({ address: R2, amount: '100' }), /An amount must be a number, not "100"/);
    refuse(withRecipient({ address: R2, amount: Number.NaN }), /finite number/);
    refuse(withRecipient({ address: R2 }), /An amount must be a number/);
  });

  it('amounts of one asset adding up past 9e15', () => {
    refuse(
      {
        recipients: [
          { address: R1, amount: 5e15 },
          { address: R2, amount: 4e15 + 1 },
        ],
      },
      /add up to more than the network maximum of 9e15/,
    );
  });

  it('unknown asset formats', () => {
    refuse(
      withRecipient({ address: R2, amount: 1, asset: 'GBYTE' }),
      /^Recipient 2: "GBYTE" is not an asset: use "base" for bytes or a 44-character asset id\.$/,
    );
    refuse(withRecipient({ address: R2, amount: 1, asset: 7 }), /An asset must be text/);
    refuse({ coins: { base: [], nope: [] } }, /^Coins: "nope" is not an asset/);
  });

  it('more than 128 outputs', () => {
    const many = (n: number, asset?: string): PaymentRecipient[] =>
      Array.from({ length: n }, (_, i) => ({ address: R1, amount: i + 1, asset }));
    refuse({ recipients: many(128) }, /at most 127 recipients \(128 given\)/);
    recheck(composePayment(params({ recipients: many(127), coins: { base: [coin(9e6)] } })));
    refuse({ recipients: many(129, ASSET1) }, /at most 128 recipients/);
    // 128 asset recipients fit only if the coins leave no change.
    const total = (128 * 129) / 2;
    const exact = composePayment(
      params({
        recipients: many(128, ASSET1),
        coins: { base: [coin(100_000)], [ASSET1]: [coin(total, { asset: ASSET1 })] },
      }),
    );
    recheck(exact);
    refuse(
      {
        recipients: many(128, ASSET1),
        coins: { base: [coin(100_000)], [ASSET1]: [coin(total + 1, { asset: ASSET1 })] },
      },
      /more than 128 outputs with its change/,
    );
  });

  it('bad authors, parents, fees and options', () => {
    refuse({ authors: [] }, /needs an author/);
    refuse(
      { authors: [{ address: A.address }, { address: A.address }] },
      /listed twice as an author/,
    );
    refuse(
      { authors: [{ address: A.address, definition: B.definition }] },
      /definition is not that of/,
    );
    refuse({ authors: [{ address: A.address, signingPaths: ['x'] }] }, /invalid signing path x/);
    refuse({ authors: [{ address: A.address, signingPaths: [] }] }, /at least one signing path/);
    refuse(
      {
        authors: Array.from({ length: 17 }, (_, i) => ({ address: makeKey(`many ${i}`).address })),
      },
      /at most 16 authors/,
    );
    refuse({ recipients: [] }, /needs a recipient/);
    const info = params().parentsInfo;
    refuse({ parentsInfo: { ...info, parent_units: [...PARENTS].reverse() } }, /not sorted/);
    refuse({ parentsInfo: { ...info, parent_units: [] } }, /1 to 16 parent units/);
    refuse({ parentsInfo: { ...info, tps_fee: -1 } }, /invalid TPS fee/);
    refuse({ parentsInfo: { ...info, last_stable_mc_ball: 'x' } }, /invalid last ball/);
    refuse({ parentsInfo: { ...info, timestamp: 0 } }, /invalid timestamp/);
    refuse({ network: 'moon' }, /Unknown network/);
    refuse({ thresholdSize: 0 }, /threshold size/);
    refuse({ burnFee: 0 }, /burn fee must be a whole number from 1/);
    refuse({ coinSelection: 'random' }, /"pick" or "given"/);
    refuse(
      { messages: [{ app: 'payment', payload: { inputs: [], outputs: [] } }] },
      /not composed here/,
    );
    refuse({ messages: [{ app: 'Data!', payload: 1 }] }, /invalid app/);
  });

  it('bad or duplicated coins', () => {
    const c = coin(100_000);
    refuse({ coins: { base: [c, { ...c }] } }, /listed twice/);
    refuse({ coins: { base: [{ ...c, asset: ASSET1 }] } }, /listed under another asset/);
    refuse({ coins: { base: [{ ...c, amount: -1 }] } }, /invalid amount/);
  });
});

describe('not enough funds', () => {
  it('names the shortfall in bytes', () => {
    const error = catchError(() =>
      composePayment(params({ coins: { base: [coin(20_000), coin(10_000)] } })),
    ) as NotEnoughFundsError;
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    expect(error.asset).toBe('base');
    expect(error.available).toBe(30_000);
    expect(error.needed).toBeGreaterThan(50_000);
    expect(error.shortfall).toBe(error.needed - 30_000);
    expect(error.message).toBe(
      `Not enough bytes: this payment needs ${error.needed} bytes, but 30000 are spendable (${error.shortfall} short).`,
    );
  });

  it("carries the hub's TPS fee as a fact, from the coins picked and from the change", () => {
    const busy = { ...params().parentsInfo, tps_fee: 435_637 };
    const picked = catchError(() =>
      composePayment(params({ parentsInfo: busy, coins: { base: [coin(200_000), coin(72_296)] } })),
    ) as NotEnoughFundsError;
    expect(picked).toBeInstanceOf(NotEnoughFundsError);
    expect(picked.tpsFee).toBe(435_637);
    expect(picked.needed).toBeGreaterThan(50_000 + 435_637);
    // Given coins (the hub's pick) pass the selection and fall short at the change.
    const given = catchError(() =>
      composePayment(
        params({
          parentsInfo: busy,
          coinSelection: 'given',
          coins: { base: [coin(272_296)] },
          maxFeeRatio: 1_000,
        }),
      ),
    ) as NotEnoughFundsError;
    expect(given).toBeInstanceOf(NotEnoughFundsError);
    expect(given.tpsFee).toBe(435_637);
    // An asset's shortage has no TPS fee in it: the fee is paid in bytes.
    const asset = catchError(() =>
      composePayment(
        params({
          parentsInfo: busy,
          recipients: [{ address: R1, amount: 5_000, asset: ASSET1 }],
          coins: { base: [coin(1_000_000)], [ASSET1]: [coin(1_000, { asset: ASSET1 })] },
        }),
      ),
    ) as NotEnoughFundsError;
    expect(asset.asset).toBe(ASSET1);
    expect(asset.tpsFee).toBe(0);
  });

  it('with no coins at all', () => {
    const error = catchError(() => composePayment(params({ coins: {} }))) as NotEnoughFundsError;
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    expect(error.available).toBe(0);
  });

  it('given coins that do not cover the payment, or that belong to no author', () => {
    const error = catchError(() =>
      composePayment(params({ coinSelection: 'given', coins: { base: [coin(40_000)] } })),
    );
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    expect(() =>
      composePayment(
        params({ coinSelection: 'given', coins: { base: [coin(90_000, { address: R1 })] } }),
      ),
    ).toThrow(/not an author/);
  });
});

describe('given coins', () => {
  it('spends exactly the coins given, in their order, even unconfirmed ones', () => {
    const coins = [
      coin(30_000, { is_stable: false, main_chain_index: null }),
      coin(60_000),
      coin(1),
    ];
    const composed = composePayment(params({ coinSelection: 'given', coins: { base: coins } }));
    recheck(composed);
    expect(composed.spentCoins).toEqual(coins);
  });
});

describe('signing', () => {
  it('signs every path with the private key, then hashes the unit', () => {
    const composed = composePayment(params());
    const signed = signWithKeys(composed);
    verifyComposedUnit(signed, { definitions: { [A.address]: A.definition } });
    const digest = getUnitHashToSign(signed.unit);
    expect(toBase64(digest)).toBe(composed.hashToSign);
    const signature = signed.unit.authors[0]?.authentifiers?.['r'];
    expect(verify(digest, signature, A.pubkey)).toBe(true);
    expect(signed.unitHash).toBe(getUnitHash(signed.unit));
    expect(signed.unit.unit).toBe(signed.unitHash);
    expect(signed.joint.unit).toBe(signed.unit);
    // Signatures have the placeholder's length: sizes and fees do not move.
    expect(getHeadersSize(signed.unit)).toBe(composed.unit.headers_commission);
    // The composition itself stays unsigned and frozen.
    expect(composed.unit.authors[0]?.authentifiers?.['r']).toBe(SIGNATURE_PLACEHOLDER);
    expect(Object.isFrozen(composed.unit)).toBe(true);
    expect(() => signWithKeys(signed)).toThrow(/already signed/);
  });

  it("leaves the caller's coins, definitions and payloads unfrozen", () => {
    const coins = [coin(1_000_000)];
    const payload = { note: 'hello' };
    const definition = A.definition;
    composePayment(
      params({
        authors: [{ address: A.address, definition }],
        coins: { base: coins },
        messages: [{ app: 'data', payload }],
      }),
    );
    expect(Object.isFrozen(coins[0])).toBe(false);
    expect(Object.isFrozen(payload)).toBe(false);
    expect(Object.isFrozen(definition)).toBe(false);
  });

  it('accepts a signing callback and refuses what is not a 64-byte signature', () => {
    const composed = composePayment(params());
    const byCallback = signComposedUnit(composed, () => (digest) => {
      expect(digest).toHaveLength(32);
      return toBase64(new Uint8Array(64).fill(1));
    });
    // Without the definition at hand the signature cannot be judged, only its form.
    verifyComposedUnit(byCallback);
    // With it, a wrong signature is caught.
    expect(() =>
      verifyComposedUnit(byCallback, { definitions: { [A.address]: A.definition } }),
    ).toThrow(ProtocolError);
    expect(() => signComposedUnit(composed, () => () => 'short')).toThrow(/not 64 bytes of base64/);
  });

  it('catches a key that does not match the revealed definition', () => {
    const composed = composePayment(
      params({ authors: [{ address: A.address, definition: A.definition }] }),
    );
    expect(() => signComposedUnit(composed, () => B.privateKey)).toThrow(ProtocolError);
  });
});

describe('verifyComposedUnit catches tampering', () => {
  const composed = composePayment(
    params({
      recipients: [
        { address: R1, amount: 50_000 },
        { address: R2, amount: 1_000, asset: ASSET1 },
      ],
      coins: { base: [coin(1_000_000)], [ASSET1]: [coin(5_000, { asset: ASSET1 })] },
    }),
  );
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const rehash = (c: ComposedPayment, unit: Unit): ComposedPayment => ({
    ...c,
    unit,
    hashToSign: getUnitHashToSignB64(unit),
  });
  const expectCaught = (c: ComposedPayment, message: RegExp): void => {
    expect(() => verifyComposedUnit(c)).toThrow(message);
  };

  it('accepts the untouched composition', () => {
    recheck(composed);
  });

  it('an amount changed (payload hash, then balance)', () => {
    const unit = clone(composed.unit);
    const output = basePayload(unit).outputs[0];
    if (output) output.amount += 1;
    expectCaught({ ...composed, unit }, /wrong payload_hash/);
    const message = unit.messages[0] as PaymentMessage;
    message.payload_hash = getMessagePayloadHash(message, unit.version);
    expectCaught(rehash(composed, unit), /bytes inputs do not equal outputs plus every fee/);
  });

  it('a commission or the oversize fee changed', () => {
    const unit = clone(composed.unit);
    unit.headers_commission = (unit.headers_commission ?? 0) + 1;
    expectCaught({ ...composed, unit }, /Wrong headers_commission/);
    const zero = clone(composed.unit);
    zero.oversize_fee = 0;
    expectCaught({ ...composed, unit: zero }, /zero oversize fee must be omitted/);
  });

  it('the TPS fee changed (hash to sign, then balance)', () => {
    const unit = clone(composed.unit);
    unit.tps_fee = (unit.tps_fee ?? 0) + 1;
    expectCaught({ ...composed, unit }, /Wrong headers_commission|bytes inputs|hash to sign/);
    expectCaught(rehash(composed, unit), /bytes inputs do not equal/);
  });

  it('a coin missing or added', () => {
    expectCaught({ ...composed, spentCoins: composed.spentCoins.slice(1) }, /not among the coins/);
    expectCaught(
      { ...composed, spentCoins: [...composed.spentCoins, coin(5)] },
      /not spent by the unit/,
    );
  });

  it('the preview changed', () => {
    const preview = clone(composed.preview);
    const first = preview.recipients[0];
    if (first) (first as { amount: number }).amount += 1;
    expectCaught({ ...composed, preview }, /preview does not match the outputs/);
    const fees = clone(composed.preview);
    (fees.fees as { tps_fee: number }).tps_fee = 0;
    expectCaught({ ...composed, preview: fees }, /preview shows a wrong tps_fee/);
    expectCaught(
      { ...composed, preview: { ...composed.preview, totalLeaving: { base: 1 } } },
      /wrong total leaving/,
    );
  });

  it('the version of another network', () => {
    expectCaught({ ...composed, network: 'testnet' }, /not that of testnet/);
  });

  it('a signed unit altered after hashing', () => {
    const signed = signWithKeys(composed);
    const unit = clone(signed.unit);
    const author = unit.authors[0];
    if (author?.authentifiers) author.authentifiers['r'] = toBase64(new Uint8Array(64).fill(3));
    expect(() => verifyComposedUnit({ ...signed, unit, joint: { unit } })).toThrow(
      /wrong unit hash/,
    );
    const placeholder = clone(composed.unit);
    placeholder.unit = getUnitHash(placeholder);
    expect(() => verifyComposedUnit({ ...composed, unit: placeholder })).toThrow(
      /is not signed at r/,
    );
  });
});
