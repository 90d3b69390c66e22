/**
 * Properties of coin selection over generated wallets, stated as facts about the result rather
 * than as a second copy of the algorithm (light-client.md §4.2): the picked coins are spendable
 * and distinct; their total covers the amount plus 89 bytes and the oversize fee (from
 * commission.getOversizeFee, proven by units.json) per input — strictly for bytes; a single coin
 * is the first acceptable one in "stable first, then smallest" order; several coins are the
 * largest ones, and one fewer would not have sufficed; "not enough funds" happens only when no
 * prefix of the largest coins suffices, and then names a positive shortfall.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/bytes';
import {
  MAX_PICKED_COINS,
  NotEnoughFundsError,
  pickDivisibleCoinsForAmount,
  type CoinCandidate,
  type PickCoinsParams,
  type SpendUnconfirmed,
} from '../../shared/protocol/coins';
import { getOversizeFee } from '../../shared/protocol/commission';

const ALICE = '5ICIEIFR7PYCHO6MI7OQ7EWJ5WZOVIZQ';
const BOB = 'GPUKEGU3YMQY4TP3WLUG4GO42TZGIR6G';
const ASSET = toBase64(new Uint8Array(32).fill(9));
const LAST_BALL_MCI = 1_000;
const THRESHOLD = 10_000;
const INPUT = 89;

interface Wallet {
  coins: CoinCandidate[];
  amount: number;
  nakedSize: number;
  rule: SpendUnconfirmed;
  isBase: boolean;
}

const coinShapeArb = fc.record({
  amount: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 3_000_000 })),
  is_stable: fc.boolean(),
  mci: fc.option(fc.integer({ min: 0, max: 2 * LAST_BALL_MCI }), { nil: null }),
  is_own: fc.boolean(),
  bob: fc.boolean(),
});

function walletArb(maxCoins: number): fc.Arbitrary<Wallet> {
  return fc
    .record({
      shapes: fc.array(coinShapeArb, { maxLength: maxCoins }),
      amount: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 10_000_000 })),
      nakedSize: fc.oneof(
        fc.integer({ min: 300, max: 2_000 }),
        fc.integer({ min: 9_000, max: 30_000 }),
      ),
      rule: fc.constantFrom<SpendUnconfirmed>('none', 'own', 'all'),
      isBase: fc.boolean(),
    })
    .map(({ shapes, amount, nakedSize, rule, isBase }) => ({
      coins: shapes.map((shape, i) => {
        const bytes = new Uint8Array(32);
        bytes[0] = i & 0xff;
        bytes[1] = i >> 8;
        return {
          unit: toBase64(bytes),
          message_index: i % 2,
          output_index: i % 5,
          amount: shape.amount,
          address: shape.bob ? BOB : ALICE,
          asset: isBase ? 'base' : ASSET,
          is_stable: shape.is_stable,
          main_chain_index: shape.mci,
          is_own: shape.is_own,
        };
      }),
      amount,
      nakedSize,
      rule,
      isBase,
    }));
}

function paramsOf(wallet: Wallet, sendAll = false): PickCoinsParams {
  return {
    asset: wallet.isBase ? 'base' : ASSET,
    candidates: wallet.coins,
    payingAddresses: [ALICE],
    lastBallMci: LAST_BALL_MCI,
    amount: wallet.amount,
    sendAll,
    nakedSize: wallet.nakedSize,
    thresholdSize: THRESHOLD,
    spendUnconfirmed: wallet.rule,
  };
}

/** ocore's WHERE clause, written out: paying address and the spend_unconfirmed rule. */
function spendable(wallet: Wallet): CoinCandidate[] {
  return wallet.coins.filter((c) => {
    if (c.address !== ALICE) return false;
    const confirmed = c.main_chain_index !== null && c.main_chain_index <= LAST_BALL_MCI;
    return wallet.rule === 'all' || confirmed || (wallet.rule === 'own' && c.is_own === true);
  });
}

/** What n inputs must exceed (bytes) or reach (assets). */
function requiredFor(wallet: Wallet, n: number): number {
  if (!wallet.isBase) return wallet.amount;
  const naked = wallet.nakedSize;
  return (
    wallet.amount -
    getOversizeFee(naked, THRESHOLD) +
    n * INPUT +
    getOversizeFee(naked + n * INPUT, THRESHOLD)
  );
}

function covers(wallet: Wallet, total: number, n: number): boolean {
  const required = requiredFor(wallet, n);
  return wallet.isBase ? total > required : total >= required;
}

const byPreference = (a: CoinCandidate, b: CoinCandidate): number =>
  Number(b.is_stable) - Number(a.is_stable) || a.amount - b.amount;

function largestAmounts(coins: readonly CoinCandidate[]): number[] {
  return coins
    .map((c) => c.amount)
    .sort((a, b) => b - a)
    .slice(0, MAX_PICKED_COINS);
}

function prefixSufficient(wallet: Wallet, amounts: readonly number[]): boolean {
  let total = 0;
  return amounts.some((amount, i) => {
    total += amount;
    return covers(wallet, total, i + 1);
  });
}

describe('pickDivisibleCoinsForAmount properties', () => {
  it('picks spendable, distinct coins that cover the amount with their own fees, or names the shortfall', () => {
    fc.assert(
      fc.property(walletArb(40), (wallet) => {
        const eligible = spendable(wallet);
        const singleOk = eligible.filter((c) => covers(wallet, c.amount, 1));
        let picked;
        try {
          picked = pickDivisibleCoinsForAmount(paramsOf(wallet));
        } catch (error) {
          expect(error).toBeInstanceOf(NotEnoughFundsError);
          const e = error as NotEnoughFundsError;
          expect(singleOk).toEqual([]);
          expect(prefixSufficient(wallet, largestAmounts(eligible))).toBe(false);
          expect(e.available).toBe(eligible.reduce((s, c) => s + c.amount, 0));
          expect(e.shortfall).toBeGreaterThan(0);
          // At most 40 coins: the 126-coin limit never bites, so funds are simply short.
          expect(e.tooManyCoins).toBe(false);
          expect(e.needed).toBeGreaterThan(e.available);
          expect(e.shortfall).toBe(e.needed - e.available);
          expect(e.asset).toBe(wallet.isBase ? 'base' : ASSET);
          return;
        }
        const { coins, total, inputs } = picked;
        expect(coins.length).toBeGreaterThan(0);
        expect(coins.length).toBeLessThanOrEqual(MAX_PICKED_COINS);
        for (const c of coins) expect(eligible).toContain(c);
        expect(
          new Set(coins.map((c) => `${c.unit}:${c.message_index}:${c.output_index}`)).size,
        ).toBe(coins.length);
        expect(total).toBe(coins.reduce((s, c) => s + c.amount, 0));
        expect(inputs).toEqual(
          coins.map((c) => ({
            unit: c.unit,
            message_index: c.message_index,
            output_index: c.output_index,
          })),
        );
        expect(covers(wallet, total, coins.length)).toBe(true);
        if (singleOk.length > 0) {
          // Pass 1: one coin, and no preferred coin would have done.
          expect(coins).toHaveLength(1);
          const best = [...singleOk].sort(byPreference)[0];
          expect(coins[0]?.is_stable).toBe(best?.is_stable);
          expect(coins[0]?.amount).toBe(best?.amount);
        } else {
          // Pass 2: the largest coins, largest first, and one fewer would not have sufficed.
          const amounts = coins.map((c) => c.amount);
          expect(amounts).toEqual(largestAmounts(eligible).slice(0, coins.length));
          const withoutLast = total - (amounts.at(-1) ?? 0);
          expect(covers(wallet, withoutLast, coins.length - 1)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('send all takes every spendable coin up to 126, largest first', () => {
    fc.assert(
      fc.property(walletArb(160), (wallet) => {
        const base = { ...wallet, isBase: true };
        const coins = base.coins.map((c) => ({ ...c, asset: 'base' }));
        const eligible = spendable({ ...base, coins });
        let picked;
        try {
          picked = pickDivisibleCoinsForAmount(paramsOf({ ...base, coins }, true));
        } catch (error) {
          expect(error).toBeInstanceOf(NotEnoughFundsError);
          expect(eligible).toEqual([]);
          return;
        }
        expect(picked.coins.map((c) => c.amount)).toEqual(largestAmounts(eligible));
      }),
      { numRuns: 150 },
    );
  });

  it('more coins never turn enough funds into not enough', () => {
    fc.assert(
      fc.property(walletArb(30), coinShapeArb, (wallet, extra) => {
        const enough = (w: Wallet): boolean => {
          try {
            pickDivisibleCoinsForAmount(paramsOf(w));
            return true;
          } catch (error) {
            if (error instanceof NotEnoughFundsError) return false;
            throw error;
          }
        };
        if (!enough(wallet)) return;
        const more: CoinCandidate = {
          unit: toBase64(new Uint8Array(32).fill(255)),
          message_index: 0,
          output_index: 0,
          amount: extra.amount,
          address: ALICE,
          asset: wallet.isBase ? 'base' : ASSET,
          is_stable: extra.is_stable,
          main_chain_index: extra.mci,
          is_own: extra.is_own,
        };
        expect(enough({ ...wallet, coins: [...wallet.coins, more] })).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
