/**
 * The default history (every watched address) and the history of some of the watched addresses
 * (an account in view) are found through the facts stored with the units (history-facts.ts);
 * the full evaluation of every unit is the reference. For random wallets delivered in random batches, with addresses watched,
 * unwatched and turned into wallet addresses between answers (before and after the units that
 * touch them), both give the same pages for every filter, search and page size, and the
 * stored facts never disagree with a unit (the reader would log it and scan).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentInput, Unit } from '../../../shared/protocol/index';
import {
  WalletDatabase,
  type HistoryQuery,
  type StoredJoint,
} from '../../../electron/main/services/storage/index';
import { memberWalk } from '../../../electron/main/services/storage/history-query';
import {
  ASSET,
  address,
  fixedClock,
  joint,
  makeUnit,
  silentLogger,
  tempDatabases,
} from './builders';

const temp = tempDatabases();
const WALK = { ...memberWalk };
afterEach(() => temp.cleanup());

const POOL = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'].map((label) => address(label));

const unitRecipe = fc.record({
  authors: fc.uniqueArray(fc.nat({ max: POOL.length - 1 }), { minLength: 1, maxLength: 2 }),
  outputs: fc.array(
    fc.record({
      to: fc.nat({ max: POOL.length - 1 }),
      amount: fc.integer({ min: 1, max: 1000 }),
      asset: fc.boolean(),
    }),
    { minLength: 0, maxLength: 3 },
  ),
  spends: fc.array(fc.nat(), { maxLength: 2 }),
  timestamp: fc.integer({ min: 1, max: 6 }),
  state: fc.constantFrom<'stable' | 'final-bad' | 'unconfirmed'>(
    'stable',
    'final-bad',
    'unconfirmed',
  ),
});

const watchChange = fc.record({
  who: fc.nat({ max: POOL.length - 1 }),
  action: fc.constantFrom<'wallet' | 'watch-only' | 'remove'>('wallet', 'watch-only', 'remove'),
});

type Recipe = typeof unitRecipe extends fc.Arbitrary<infer R> ? R : never;

function build(recipes: Recipe[]): StoredJoint[] {
  const outputs: { input: PaymentInput; asset: boolean }[] = [];
  return recipes.map((r, index) => {
    const label = `facts unit ${index}`;
    const unitHash = makeUnit({ label, authors: [], payments: [] }).unit ?? '';
    const spent = r.spends
      .map((i) => outputs[i % Math.max(1, outputs.length)])
      .filter((o): o is { input: PaymentInput; asset: boolean } => o !== undefined);
    const messages = [false, true].flatMap((isAsset) => {
      const outs = r.outputs.filter((o) => o.asset === isAsset);
      const ins = spent.filter((o) => o.asset === isAsset).map((o) => o.input);
      if (!isAsset && outs.length === 0 && ins.length === 0) return [];
      if (isAsset && outs.length === 0 && ins.length === 0) return [];
      return [
        {
          ...(isAsset ? { asset: ASSET } : {}),
          inputs: [...new Map(ins.map((i) => [JSON.stringify(i), i])).values()],
          outputs: outs.map((o) => ({ address: POOL[o.to] ?? '', amount: o.amount })),
        },
      ];
    });
    const unit: Unit = makeUnit({
      label,
      authors: r.authors.map((a) => POOL[a] ?? ''),
      timestamp: 1_700_000_000 + r.timestamp,
      payments: messages.length > 0 ? messages : [{ inputs: [], outputs: [] }],
    });
    unit.messages.forEach((message, messageIndex) => {
      if (message.app !== 'payment' || !message.payload) return;
      const payload = message.payload as { asset?: string; outputs: unknown[] };
      payload.outputs.forEach((_o, outputIndex) =>
        outputs.push({
          input: { unit: unitHash, message_index: messageIndex, output_index: outputIndex },
          asset: payload.asset !== undefined,
        }),
      );
    });
    return joint(unit, r.state);
  });
}

function allPages(
  db: WalletDatabase,
  query: HistoryQuery,
  limit: number,
  evaluation: 'stored-facts' | 'full' = 'stored-facts',
): unknown[] {
  const seen: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page = db.history({ ...query, limit, cursor }, evaluation);
    seen.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return seen;
}

describe('history through the stored facts', () => {
  it('gives the pages the full evaluation gives, for every filter, search and page size', () => {
    fc.assert(
      fc.property(
        fc.array(unitRecipe, { minLength: 1, maxLength: 14 }),
        fc.array(fc.array(watchChange, { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        fc.array(watchChange, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        (recipes, changes, after, limit) => {
          const joints = build(recipes);
          const { logger, lines } = silentLogger();
          const db = WalletDatabase.open({ directory: temp.dir(), clock: fixedClock(), logger });
          const watch = (batch: (typeof after)[number][]): void => {
            for (const change of batch) {
              const who = POOL[change.who] ?? '';
              if (change.action === 'remove') db.removeWatchedAddress(who);
              else db.addWatchedAddress({ address: who, kind: change.action });
            }
          };
          const size = Math.ceil(joints.length / changes.length);
          changes.forEach((batch, i) => {
            watch(batch);
            const part = joints.slice(i * size, (i + 1) * size);
            if (part.length > 0) db.applyVerifiedHistory(part);
          });
          // And once every unit is stored: facts computed earlier must follow.
          watch(after);
          const watched = db.watchedAddresses().map((w) => w.address);
          const queries: HistoryQuery[] = [{}];
          for (const direction of ['incoming', 'outgoing', 'self'] as const) {
            queries.push({ direction });
          }
          for (const asset of ['base', ASSET]) {
            queries.push({ asset }, { asset, direction: 'outgoing' }, { asset, direction: 'self' });
          }
          // The first watched address is outside the account of the others (watched.slice(1)),
          // whose own addresses are searched too: an address of another account must give what
          // the full evaluation gives (only the units that also name one of the account's).
          const searched = [POOL[0] ?? '', POOL[3] ?? '', joints[0]?.unit.unit ?? ''];
          for (const extra of [watched[0], watched.at(-1)]) {
            if (extra !== undefined && !searched.includes(extra)) searched.push(extra);
          }
          for (const search of searched) {
            queries.push({ search }, { search, asset: ASSET }, { search, direction: 'incoming' });
          }
          // An account in view asks for some of the watched addresses (and the watch-only ones);
          // one address alone has a walk of its own when searched by address.
          const subsets = [
            watched.filter((_a, i) => i % 2 === 0),
            watched.slice(1),
            watched.slice(0, 1),
          ].filter((subset) => subset.length > 0);
          for (const query of queries) {
            const fast = allPages(db, query, limit);
            const full =
              watched.length === 0
                ? []
                : allPages(db, { ...query, addresses: watched }, limit, 'full');
            expect(fast, JSON.stringify(query)).toEqual(full);
            for (const addresses of subsets) {
              const subsetQuery = { ...query, addresses };
              const reference = allPages(db, subsetQuery, limit, 'full');
              // Every walk: the members' merged index ranges, their address index read and
              // sorted, and the history's own indexes.
              for (const walk of [
                { ...WALK },
                { ...WALK, mergeMembers: 0 },
                { sparseRows: 0, mergeMembers: 0 },
              ]) {
                Object.assign(memberWalk, walk);
                expect(allPages(db, subsetQuery, limit), JSON.stringify(subsetQuery)).toEqual(
                  reference,
                );
              }
              Object.assign(memberWalk, WALK);
            }
          }
          expect(lines.filter((line) => line.includes('history facts'))).toEqual([]);
          db.close();
          temp.cleanup();
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});
