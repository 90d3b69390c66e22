/**
 * Coin selection (ocore inputs.pickDivisibleCoinsForAmount, light-client.md §4.2) case by case:
 * pass 1 (stable first, then smallest; strictly greater for bytes, at least equal for assets),
 * pass 2 (largest first, 89 bytes and the re-evaluated oversize fee per input, at most 126
 * coins), send all, the spend_unconfirmed rules, the AA-response age rule, and the
 * not-enough-funds error with its figures. Expected figures are worked out by hand from the
 * rules (89 = 44+8+8 + 4+13+12; oversize fees from units.json's examples).
 */
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/bytes';
import {
  MAX_PICKED_COINS,
  NotEnoughFundsError,
  pickDivisibleCoinsForAmount,
  TRANSFER_INPUT_SIZE,
  type CoinCandidate,
  type PickCoinsParams,
} from '../../shared/protocol/coins';
import { ProtocolError } from '../../shared/protocol/errors';

const ALICE = '5ICIEIFR7PYCHO6MI7OQ7EWJ5WZOVIZQ';
const BOB = 'GPUKEGU3YMQY4TP3WLUG4GO42TZGIR6G';
const ASSET = toBase64(new Uint8Array(32).fill(7));

let serial = 0;
function coin(amount: number, extra: Partial<CoinCandidate> = {}): CoinCandidate {
  serial += 1;
  const bytes = new Uint8Array(32);
  bytes[0] = serial & 0xff;
  bytes[1] = serial >> 8;
  return {
    unit: toBase64(bytes),
    message_index: 0,
    output_index: 0,
    amount,
    address: ALICE,
    asset: 'base',
    is_stable: true,
    main_chain_index: 100,
    ...extra,
  };
}

function bytesParams(
  amount: number,
  candidates: CoinCandidate[],
  extra: Partial<PickCoinsParams> = {},
): PickCoinsParams {
  return {
    asset: 'base',
    candidates,
    payingAddresses: [ALICE],
    lastBallMci: 100,
    amount,
    nakedSize: 600,
    thresholdSize: 10_000,
    ...extra,
  };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('transfer input size', () => {
  it('is 89 bytes with key names (version ≥ 3.0)', () => {
    expect(TRANSFER_INPUT_SIZE).toBe(89);
    expect(MAX_PICKED_COINS).toBe(126);
  });
});

describe('pass 1: one coin just bigger than the amount', () => {
  it('needs strictly more than amount + 89 bytes for bytes', () => {
    const exact = coin(10_089);
    expect(() => pickDivisibleCoinsForAmount(bytesParams(10_000, [exact]))).toThrow(
      NotEnoughFundsError,
    );
    const enough = coin(10_090);
    const picked = pickDivisibleCoinsForAmount(bytesParams(10_000, [enough]));
    expect(picked.coins).toEqual([enough]);
    expect(picked.total).toBe(10_090);
    expect(picked.inputs).toEqual([{ unit: enough.unit, message_index: 0, output_index: 0 }]);
  });

  it('takes a stable coin before a smaller unconfirmed one, then the smallest', () => {
    const unstable = coin(20_000, { is_stable: false, main_chain_index: null, is_own: true });
    const big = coin(90_000);
    const small = coin(30_000);
    const tiny = coin(5_000);
    const picked = pickDivisibleCoinsForAmount(bytesParams(10_000, [unstable, big, tiny, small]));
    expect(picked.coins).toEqual([small]);
  });

  it('falls back to the smallest unconfirmed own coin when no stable one is big enough', () => {
    const unstableBig = coin(50_000, { is_stable: false, main_chain_index: null, is_own: true });
    const unstableSmall = coin(20_000, { is_stable: false, main_chain_index: null, is_own: true });
    const stableSmall = coin(5_000);
    const picked = pickDivisibleCoinsForAmount(
      bytesParams(10_000, [unstableBig, stableSmall, unstableSmall]),
    );
    expect(picked.coins).toEqual([unstableSmall]);
  });

  it('accepts an asset coin equal to the amount (assets pay no size)', () => {
    const exact = coin(500, { asset: ASSET });
    const picked = pickDivisibleCoinsForAmount({
      asset: ASSET,
      candidates: [coin(800, { asset: ASSET }), exact],
      payingAddresses: [ALICE],
      lastBallMci: 100,
      amount: 500,
    });
    expect(picked.coins).toEqual([exact]);
  });

  it('adds the oversize fee of one more input to the threshold', () => {
    // Naked size 10 000 is at the threshold (fee 0); with one input 10 089 costs
    // ceil(10089 × (e^0.0089 − 1)) = 91, so more than 10 000 + 89 + 91 is needed.
    const params = (candidates: CoinCandidate[]): PickCoinsParams =>
      bytesParams(10_000, candidates, { nakedSize: 10_000 });
    expect(() => pickDivisibleCoinsForAmount(params([coin(10_180)]))).toThrow(NotEnoughFundsError);
    expect(pickDivisibleCoinsForAmount(params([coin(10_181)])).total).toBe(10_181);
  });
});

describe('pass 2: largest coins first until the growing amount is covered', () => {
  it('adds 89 bytes per input', () => {
    // 1 000 + 89·k: two coins of 600 (1 200 > 1 178) suffice, none alone does.
    const a = coin(600);
    const b = coin(600);
    const c = coin(100);
    const picked = pickDivisibleCoinsForAmount(bytesParams(1_000, [c, a, b]));
    expect(picked.coins.map((x) => x.amount)).toEqual([600, 600]);
    expect(picked.total).toBe(1_200);
  });

  it('needs strictly more than the grown amount for bytes', () => {
    // Two coins: 1 000 + 178 = 1 178 is not enough for a total of 1 178; the third makes it.
    const picked = pickDivisibleCoinsForAmount(
      bytesParams(1_000, [coin(589), coin(589), coin(300)]),
    );
    expect(picked.coins.map((x) => x.amount)).toEqual([589, 589, 300]);
  });

  it('takes largest first, whatever their stability, and keeps that order for the inputs', () => {
    const coins = [
      coin(300),
      coin(700, { is_stable: false, main_chain_index: null, is_own: true }),
      coin(500),
    ];
    const picked = pickDivisibleCoinsForAmount(bytesParams(1_000, coins));
    expect(picked.coins.map((x) => x.amount)).toEqual([700, 500]);
    expect(picked.inputs.map((i) => i.unit)).toEqual([coins[1]?.unit, coins[2]?.unit]);
  });

  it('stops at 126 coins and says that too many small coins are the problem', () => {
    const coins = Array.from({ length: 200 }, () => coin(1_000));
    // 126 coins give 126 000; they cost 126 × 89 = 11 214 bytes plus the oversize fee of
    // 600 + 11 214 = 11 814 bytes, so 120 000 cannot be paid from them although 200 000 exist.
    const error = catchError(() => pickDivisibleCoinsForAmount(bytesParams(120_000, coins)));
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    const e = error as NotEnoughFundsError;
    expect(e.available).toBe(200_000);
    expect(e.tooManyCoins).toBe(true);
    expect(e.needed).toBeGreaterThan(126_000);
    expect(e.shortfall).toBe(e.needed - 126_000);
    expect(e.message).toMatch(/126 largest coins add up to only 126000/);
  });

  it('for an asset: largest first until the amount is reached (≥)', () => {
    const coins = [
      coin(300, { asset: ASSET }),
      coin(200, { asset: ASSET }),
      coin(500, { asset: ASSET }),
    ];
    const picked = pickDivisibleCoinsForAmount({
      asset: ASSET,
      candidates: coins,
      payingAddresses: [ALICE],
      lastBallMci: 100,
      amount: 800,
    });
    expect(picked.coins.map((x) => x.amount)).toEqual([500, 300]);
  });
});

describe('send all', () => {
  it('takes every coin (largest first, at most 126) whatever the amount', () => {
    const coins = Array.from({ length: 130 }, (_, i) => coin(1_000 + i));
    const picked = pickDivisibleCoinsForAmount(bytesParams(700, coins, { sendAll: true }));
    expect(picked.coins).toHaveLength(126);
    expect(picked.coins[0]?.amount).toBe(1_129);
    expect(picked.coins.at(-1)?.amount).toBe(1_004);
  });

  it('fails with no spendable coin, and is for bytes only', () => {
    expect(() => pickDivisibleCoinsForAmount(bytesParams(700, [], { sendAll: true }))).toThrow(
      NotEnoughFundsError,
    );
    expect(() =>
      pickDivisibleCoinsForAmount({
        asset: ASSET,
        candidates: [],
        payingAddresses: [ALICE],
        lastBallMci: 1,
        amount: 1,
        sendAll: true,
      }),
    ).toThrow(/Only bytes/);
  });
});

describe('which coins may be spent', () => {
  const confirmed = coin(5_000, { main_chain_index: 90 });
  const laterMci = coin(6_000, { main_chain_index: 120, is_stable: false });
  const ownPending = coin(7_000, { main_chain_index: null, is_stable: false, is_own: true });
  const foreignPending = coin(8_000, { main_chain_index: null, is_stable: false });
  const all = [confirmed, laterMci, ownPending, foreignPending];
  const pick = (rule: 'none' | 'own' | 'all' | undefined): number =>
    pickDivisibleCoinsForAmount(bytesParams(1_000, all, { spendUnconfirmed: rule, sendAll: true }))
      .total;

  it('"none": only outputs with an MCI at or below the last ball', () => {
    expect(pick('none')).toBe(5_000);
  });

  it('"own" (the default): also unconfirmed outputs of units we authored', () => {
    expect(pick('own')).toBe(12_000);
    expect(pick(undefined)).toBe(12_000);
  });

  it('"all": any output', () => {
    expect(pick('all')).toBe(26_000);
  });

  it('only outputs of the paying addresses', () => {
    const bobs = coin(50_000, { address: BOB });
    const picked = pickDivisibleCoinsForAmount(bytesParams(1_000, [bobs, confirmed]));
    expect(picked.coins).toEqual([confirmed]);
  });

  it('outputs of AA responses only once 30 seconds old, except on a devnet', () => {
    const young = coin(9_000, { aa_response_time: 1_000 });
    const params = bytesParams(1_000, [young], { now: 1_030 });
    expect(() => pickDivisibleCoinsForAmount(params)).toThrow(NotEnoughFundsError);
    expect(pickDivisibleCoinsForAmount({ ...params, now: 1_031 }).total).toBe(9_000);
    expect(pickDivisibleCoinsForAmount({ ...params, isDevnet: true }).total).toBe(9_000);
    expect(() => pickDivisibleCoinsForAmount({ ...params, now: undefined })).toThrow(
      /current time/,
    );
  });
});

describe('not enough funds', () => {
  it('names the asset, what is needed, what is spendable and the shortfall', () => {
    const error = catchError(() =>
      pickDivisibleCoinsForAmount(bytesParams(10_000, [coin(3_000), coin(2_000)])),
    );
    expect(error).toBeInstanceOf(NotEnoughFundsError);
    expect(error).toBeInstanceOf(ProtocolError);
    const e = error as NotEnoughFundsError;
    expect(e.code).toBe('amount');
    expect(e.asset).toBe('base');
    // Both coins tried: 10 000 + 2 × 89 = 10 178, one more byte for a positive change.
    expect(e.needed).toBe(10_179);
    expect(e.available).toBe(5_000);
    expect(e.shortfall).toBe(5_179);
    expect(e.tooManyCoins).toBe(false);
    expect(e.message).toBe(
      'Not enough bytes: this payment needs 10179 bytes, but 5000 are spendable (5179 short).',
    );
  });

  it('counts one input when there is no coin at all, and mentions coins not spendable yet', () => {
    const pending = coin(4_000, { main_chain_index: null, is_stable: false });
    const e = catchError(() =>
      pickDivisibleCoinsForAmount(bytesParams(10_000, [pending])),
    ) as NotEnoughFundsError;
    expect(e.needed).toBe(10_090);
    expect(e.available).toBe(0);
    expect(e.notYetSpendable).toBe(4_000);
    expect(e.message).toMatch(/Another 4000 bytes are not confirmed yet\./);
  });

  it('for an asset: the amount itself', () => {
    const e = catchError(() =>
      pickDivisibleCoinsForAmount({
        asset: ASSET,
        candidates: [coin(100, { asset: ASSET })],
        payingAddresses: [ALICE],
        lastBallMci: 100,
        amount: 250,
      }),
    ) as NotEnoughFundsError;
    expect(e.asset).toBe(ASSET);
    expect(e.needed).toBe(250);
    expect(e.available).toBe(100);
    expect(e.shortfall).toBe(150);
    expect(e.message).toContain(`asset ${ASSET}`);
  });
});

describe('bad candidates and parameters', () => {
  it('refuses malformed coins, duplicates and coins of another asset', () => {
    const good = coin(1_000);
    const cases: [Partial<CoinCandidate>, RegExp][] = [
      [{ unit: 'not a hash' }, /invalid unit hash/],
      [{ message_index: -1 }, /index/],
      [{ output_index: 1.5 }, /index/],
      [{ amount: 0 }, /invalid amount/],
      [{ amount: 9e15 + 1 }, /invalid amount/],
      [{ address: 'ALICE' }, /invalid address/],
      [{ asset: ASSET }, /another asset/],
      [{ main_chain_index: -3 }, /main chain index/],
    ];
    for (const [change, message] of cases) {
      expect(() => pickDivisibleCoinsForAmount(bytesParams(10, [{ ...good, ...change }]))).toThrow(
        message,
      );
    }
    expect(() => pickDivisibleCoinsForAmount(bytesParams(10, [good, { ...good }]))).toThrow(
      /listed twice/,
    );
  });

  it('refuses bytes selection without the sizes it needs', () => {
    expect(() =>
      pickDivisibleCoinsForAmount(bytesParams(10, [coin(1_000)], { nakedSize: undefined })),
    ).toThrow(/size of the unit/);
    expect(() =>
      pickDivisibleCoinsForAmount(bytesParams(10, [coin(1_000)], { thresholdSize: 0 })),
    ).toThrow(/threshold size/);
  });
});
