/**
 * Properties of composePayment over generated payments (1–3 authors with or without definitions,
 * 1–6 recipients in bytes and two assets, random coins, TPS and burn fees, an optional data
 * message large enough to cost an oversize fee, send all, every network): each composition is
 * re-checked with the vector-proven functions alone — headers and payload sizes, the oversize fee,
 * the balance of bytes and of each asset against the coins spent, sorted outputs, a positive
 * change, the hash to sign — then signed with real keys and checked again (unit hash,
 * signatures). A payment either composes or fails with NotEnoughFundsError, and only when the
 * spendable coins really are short.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/bytes';
import { NotEnoughFundsError, type CoinCandidate } from '../../shared/protocol/coins';
import {
  composePayment,
  signComposedUnit,
  type ComposedPayment,
  type ComposePaymentParams,
  type PaymentRecipient,
} from '../../shared/protocol/compose';
import { verifyComposedUnit } from '../../shared/protocol/compose-verify';
import {
  getBaseBalance,
  getHeadersSize,
  getOversizeFee,
  getPaidTempDataFee,
  getPayloadSize,
} from '../../shared/protocol/commission';
import { sha256Utf8 } from '../../shared/protocol/hash';
import { verify } from '../../shared/protocol/signature';
import {
  getMessagePayloadHash,
  getUnitHash,
  getUnitHashToSign,
  getUnitHashToSignB64,
} from '../../shared/protocol/unit';
import type { PaymentPayload } from '../../shared/protocol/unit-types';
import { makeTestKey, type TestKey } from './test-keys';
import { NETWORKS, type Network } from '../../shared/protocol/wire';

type Key = TestKey;

function makeKey(seed: string): Key {
  return makeTestKey(`compose property key ${seed}`);
}

const WALLET = [0, 1, 2].map((i) => makeKey(`wallet ${i}`));
const OTHERS = [0, 1, 2, 3].map((i) => makeKey(`other ${i}`).address);
const KEYS = new Map(WALLET.map((k) => [k.address, k]));
const ASSETS = ['one', 'two'].map((label) => toBase64(sha256Utf8(`asset ${label}`)));
const hash = (label: string): string => toBase64(sha256Utf8(label));
const THRESHOLD = 10_000;
const LAST_BALL_MCI = 5_000;

const coinArb = (asset: string) =>
  fc.record({
    amount: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 2_000_000 })),
    owner: fc.integer({ min: 0, max: 2 }),
    is_stable: fc.boolean(),
    confirmed: fc.boolean(),
    is_own: fc.boolean(),
    asset: fc.constant(asset),
  });

const recipientArb = fc.record({
  to: fc.integer({ min: 0, max: OTHERS.length + WALLET.length - 1 }),
  amount: fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 3_000_000 })),
  asset: fc.constantFrom<number | null>(null, null, null, 0, 1),
});

const caseArb = fc.record({
  network: fc.constantFrom<Network>('mainnet', 'testnet', 'devnet'),
  authorCount: fc.integer({ min: 1, max: 3 }),
  withDefinition: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  recipients: fc.array(recipientArb, { minLength: 1, maxLength: 6 }),
  baseCoins: fc.array(coinArb('base'), { maxLength: 12 }),
  assetCoins: fc.tuple(
    fc.array(coinArb(ASSETS[0] ?? ''), { maxLength: 5 }),
    fc.array(coinArb(ASSETS[1] ?? ''), { maxLength: 5 }),
  ),
  tpsFee: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 })),
  burnFee: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  dataSize: fc.option(fc.integer({ min: 1, max: 14_000 }), { nil: undefined }),
  sendAll: fc.boolean(),
  parentCount: fc.integer({ min: 1, max: 16 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case): ComposePaymentParams {
  const authors = WALLET.slice(0, c.authorCount);
  let serial = 0;
  const toCoin = (shape: {
    amount: number;
    owner: number;
    is_stable: boolean;
    confirmed: boolean;
    is_own: boolean;
    asset: string;
  }): CoinCandidate => {
    serial += 1;
    return {
      unit: hash(`coin ${serial}`),
      message_index: serial % 2,
      output_index: serial % 4,
      amount: shape.amount,
      address: WALLET[shape.owner]?.address ?? '',
      asset: shape.asset,
      is_stable: shape.is_stable,
      main_chain_index: shape.confirmed ? LAST_BALL_MCI - 1 : null,
      is_own: shape.is_own,
    };
  };
  const everyone = [...OTHERS, ...WALLET.map((k) => k.address)];
  const recipients: PaymentRecipient[] = c.recipients.map((r) => ({
    address: everyone[r.to] ?? '',
    amount: r.amount,
    ...(r.asset === null ? {} : { asset: ASSETS[r.asset] }),
  }));
  const common = {
    network: c.network,
    parentsInfo: {
      parent_units: Array.from({ length: c.parentCount }, (_, i) => hash(`parent ${i}`)).sort(),
      last_stable_mc_ball: hash('last ball'),
      last_stable_mc_ball_unit: hash('last ball unit'),
      last_stable_mc_ball_mci: LAST_BALL_MCI,
      timestamp: 1_760_000_000,
      tps_fee: c.tpsFee,
      count_primary_aa_triggers: 0,
    },
    thresholdSize: THRESHOLD,
    authors: authors.map((k, i) => ({
      address: k.address,
      ...(c.withDefinition[i] ? { definition: k.definition } : {}),
    })),
    changeAddress: authors[0]?.address ?? '',
    coins: {
      base: c.baseCoins.map(toCoin),
      [ASSETS[0] ?? '']: c.assetCoins[0].map(toCoin),
      [ASSETS[1] ?? '']: c.assetCoins[1].map(toCoin),
    },
    ...(c.burnFee === undefined ? {} : { burnFee: c.burnFee }),
    ...(c.dataSize === undefined
      ? {}
      : { messages: [{ app: 'data', payload: { note: 'é😀'.padEnd(c.dataSize, 'x') } }] }),
  };
  return c.sendAll
    ? { ...common, sendAll: true, recipients: [{ address: recipients[0]?.address ?? '' }] }
    : { ...common, recipients };
}

/** ocore's WHERE clause for the default rule "own". */
function spendable(params: ComposePaymentParams, asset: string): CoinCandidate[] {
  const authors = new Set(params.authors.map((a) => a.address));
  return (params.coins[asset] ?? []).filter(
    (c) =>
      authors.has(c.address) &&
      ((c.main_chain_index !== null && c.main_chain_index <= LAST_BALL_MCI) || c.is_own === true),
  );
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function checkComposition(params: ComposePaymentParams, composed: ComposedPayment): void {
  verifyComposedUnit(composed);
  const { unit, preview } = composed;
  const network = NETWORKS[params.network];
  expect(unit.version).toBe(network.protocolVersion);
  expect(unit.alt).toBe(network.alt);
  expect(unit.tps_fee).toBe(params.parentsInfo.tps_fee);
  expect(unit.burn_fee).toBe(params.burnFee);
  const headers = getHeadersSize(unit);
  const payload = getPayloadSize(unit);
  expect(unit.headers_commission).toBe(headers);
  expect(unit.payload_commission).toBe(payload);
  const oversize = getOversizeFee(headers + payload - getPaidTempDataFee(unit), THRESHOLD);
  expect(unit.oversize_fee).toBe(oversize === 0 ? undefined : oversize);
  expect(composed.hashToSign).toBe(getUnitHashToSignB64(unit));
  expect(unit.authors.map((a) => a.address)).toEqual(params.authors.map((a) => a.address).sort());
  expect(unit.earned_headers_commission_recipients !== undefined).toBe(params.authors.length > 1);

  // Messages: the optional data message, the bytes payment, then one per asset.
  const apps = unit.messages.map((m) => m.app);
  expect(apps.indexOf('payment')).toBe(params.messages ? 1 : 0);
  for (const m of unit.messages)
    expect(m.payload_hash).toBe(getMessagePayloadHash(m, unit.version));
  const pays = unit.messages.flatMap((m) =>
    m.app === 'payment' ? [m.payload as PaymentPayload] : [],
  );
  expect(pays[0]?.asset).toBeUndefined();
  const assetsPaid = pays.slice(1).map((p) => p.asset ?? '');
  const assetsAsked = [
    ...new Set(params.recipients.flatMap((r) => (r.asset && r.asset !== 'base' ? [r.asset] : []))),
  ];
  expect(assetsPaid).toEqual(assetsAsked);

  const coinsOf = (asset: string): CoinCandidate[] =>
    composed.spentCoins.filter((c) => c.asset === asset);
  for (const c of composed.spentCoins) expect(spendable(params, c.asset)).toContainEqual(c);
  // Balance of bytes (validation.js) and of every asset.
  expect(getBaseBalance(unit).total_input).toBe(sum(coinsOf('base').map((c) => c.amount)));
  for (const p of pays.slice(1)) {
    expect(sum(p.outputs.map((o) => o.amount))).toBe(
      sum(coinsOf(p.asset ?? '').map((c) => c.amount)),
    );
  }
  for (const p of pays) {
    expect(p.inputs.length).toBeLessThanOrEqual(128);
    expect(p.outputs.length).toBeLessThanOrEqual(128);
    for (const o of p.outputs) expect(Number.isSafeInteger(o.amount) && o.amount > 0).toBe(true);
    for (let i = 1; i < p.outputs.length; i++) {
      const a = p.outputs[i - 1];
      const b = p.outputs[i];
      const ordered =
        (a?.address ?? '') < (b?.address ?? '') ||
        (a?.address === b?.address && (a?.amount ?? 0) <= (b?.amount ?? 0));
      expect(ordered).toBe(true);
    }
  }
  // Every recipient is paid its amount in its asset.
  if (!params.sendAll) {
    for (const r of params.recipients) {
      const asset = r.asset === 'base' ? undefined : r.asset;
      const p = pays.find((x) => x.asset === asset);
      expect(p?.outputs).toContainEqual({ address: r.address, amount: r.amount });
    }
  } else {
    // Everything spendable (at most 126 coins) left, all to the one recipient.
    const all = spendable(params, 'base');
    if (all.length <= 126) expect(coinsOf('base')).toHaveLength(all.length);
    expect(pays[0]?.outputs).toHaveLength(1);
    expect(preview.totalLeaving['base']).toBe(sum(coinsOf('base').map((c) => c.amount)));
  }
  const fees = preview.fees;
  expect(fees.total).toBe(
    headers + payload + oversize + (unit.tps_fee ?? 0) + (unit.burn_fee ?? 0),
  );
}

function checkSigned(composed: ComposedPayment): void {
  const signed = signComposedUnit(composed, (address) => {
    const key = KEYS.get(address);
    if (!key) throw new Error(`no key for ${address}`);
    return key.privateKey;
  });
  const definitions = Object.fromEntries(WALLET.map((k) => [k.address, k.definition]));
  verifyComposedUnit(signed, { definitions });
  expect(signed.unit.unit).toBe(getUnitHash(signed.unit));
  const digest = getUnitHashToSign(signed.unit);
  expect(toBase64(digest)).toBe(composed.hashToSign);
  for (const author of signed.unit.authors) {
    const key = KEYS.get(author.address);
    expect(verify(digest, author.authentifiers?.['r'], key?.pubkey)).toBe(true);
  }
  expect(getHeadersSize(signed.unit)).toBe(composed.unit.headers_commission);
}

describe('composePayment properties', () => {
  it('composes a valid, balanced, signable unit or reports a real shortfall', () => {
    let composedCount = 0;
    let shortCount = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const params = build(c);
        let composed: ComposedPayment;
        try {
          composed = composePayment(params);
        } catch (error) {
          expect(error).toBeInstanceOf(NotEnoughFundsError);
          const e = error as NotEnoughFundsError;
          const available = sum(spendable(params, e.asset).map((coin) => coin.amount));
          expect(e.available).toBe(available);
          expect(e.shortfall).toBeGreaterThan(0);
          if (!e.tooManyCoins) expect(e.needed).toBeGreaterThan(e.available);
          // Recipients' amounts of that asset alone already show whether it could be short.
          const asked = sum(
            params.sendAll
              ? []
              : params.recipients
                  .filter((r) => (r.asset ?? 'base') === e.asset)
                  .map((r) => r.amount),
          );
          expect(e.needed).toBeGreaterThanOrEqual(asked);
          shortCount += 1;
          return;
        }
        checkComposition(params, composed);
        checkSigned(composed);
        composedCount += 1;
      }),
      { numRuns: 250 },
    );
    expect(composedCount).toBeGreaterThan(20);
    expect(shortCount).toBeGreaterThan(20);
  });

  it('with enough coins every generated payment composes', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const rich = {
          ...c,
          baseCoins: [
            ...c.baseCoins,
            {
              amount: 50_000_000,
              owner: 0,
              is_stable: true,
              confirmed: true,
              is_own: true,
              asset: 'base',
            },
          ],
          assetCoins: [
            [
              ...c.assetCoins[0],
              {
                amount: 50_000_000,
                owner: 0,
                is_stable: true,
                confirmed: true,
                is_own: false,
                asset: ASSETS[0] ?? '',
              },
            ],
            [
              ...c.assetCoins[1],
              {
                amount: 50_000_000,
                owner: 0,
                is_stable: false,
                confirmed: false,
                is_own: true,
                asset: ASSETS[1] ?? '',
              },
            ],
          ] as Case['assetCoins'],
        };
        const params = build(rich);
        const composed = composePayment(params);
        checkComposition(params, composed);
      }),
      { numRuns: 150 },
    );
  });
});
