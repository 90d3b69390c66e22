/**
 * Wallet database start-up: fills a database with 10,000 units for 20 wallet addresses (as
 * 2000-unit hub answers), then measures in fresh processes the time from process start to
 * balances ready (load modules, open the database, migrations check, compute balances) and the
 * peak RSS. Targets (issue 4): ≤ 300 ms and ≤ 100 MB. Prints figures; asserts nothing.
 *
 * Each figure is taken two ways: the script run through tsx (TypeScript compiled at start, as in
 * development) and bundled with esbuild into one ES module run by plain node (closer to the
 * shipped main bundle). Electron's own start-up is not included in either.
 *
 *   npx tsx bench/storage.bench.ts [--units 10000] [--addresses 20] [--runs 7] [--keep]
 *
 * --keep leaves the filled database in place (its folder is printed) for inspection.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as EsbuildModule from 'esbuild';
import { createHash } from 'node:crypto';
import {
  getChash160,
  isPaymentMessage,
  type PaymentInput,
  type Unit,
} from '../shared/protocol/index';
import { Logger } from '../electron/main/services/logger';
import { systemClock } from '../electron/main/services/clock';
import {
  DATABASE_FILE,
  WalletDatabase,
  type VerifiedJoint,
} from '../electron/main/services/storage/index';

const logger = new Logger({ sink: () => undefined, clock: systemClock, level: 'error' });

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a count`);
  return value;
}

// ----- child: the measured start-up -----

function child(directory: string): void {
  const opened = performance.now();
  const db = WalletDatabase.open({ directory, clock: systemClock, logger });
  const balances = db.balances();
  const ready = performance.now();
  const page = db.history({ limit: 50 });
  const firstPage = performance.now();
  const assets = Object.keys(balances.total).length;
  // Filters that match few units make the keyset scan walk further: the slow end for the UI.
  const asset = Object.keys(balances.total).find((id) => id !== 'base') ?? 'base';
  const someone = page.entries.find((e) => e.counterparties.length > 0)?.counterparties[0];
  const filtered = {
    self: db.history({ limit: 50, direction: 'self' }).entries.length,
    asset: db.history({ limit: 50, asset }).entries.length,
    search: someone ? db.history({ limit: 50, search: someone }).entries.length : 0,
  };
  const filteredPages = performance.now();
  db.close();
  process.stdout.write(
    JSON.stringify({
      readyMs: ready,
      modulesMs: opened,
      openAndBalancesMs: ready - opened,
      historyPageMs: firstPage - ready,
      filteredPagesMs: filteredPages - firstPage,
      filtered,
      maxRssKb: process.resourceUsage().maxRSS,
      assets,
      entries: page.entries.length,
    }) + '\n',
  );
}

// ----- parent: fill, then spawn -----

const hash = (label: string): string => createHash('sha256').update(label).digest('base64');

/** mulberry32: a small deterministic generator so every run fills the same database. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Coin {
  input: PaymentInput;
  amount: number;
}

function unitOf(
  index: number,
  author: string,
  messages: { asset?: string; inputs: PaymentInput[]; outputs: [string, number][] }[],
): Unit {
  const label = `bench unit ${index}`;
  return {
    unit: hash(label),
    version: '4.0',
    alt: '1',
    timestamp: 1_600_000_000 + index * 60,
    parent_units: [hash(`${label} p1`), hash(`${label} p2`)],
    last_ball: hash(`${label} lb`),
    last_ball_unit: hash(`${label} lbu`),
    authors: [{ address: author, authentifiers: { r: 'A'.repeat(88) } }],
    messages: messages.map((m) => ({
      app: 'payment',
      payload_location: 'inline',
      payload_hash: hash(`${label} payload`),
      payload: {
        ...(m.asset ? { asset: m.asset } : {}),
        inputs: m.inputs,
        outputs: m.outputs
          .map(([address, amount]) => ({ address, amount }))
          .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
      },
    })),
    headers_commission: 405,
    payload_commission: 311,
    tps_fee: 10,
  };
}

/**
 * A wallet's history: about half incoming payments, most of the rest payments out of the wallet
 * spending 1–3 of its coins with change, a few asset payments; 0.5% final-bad; the newest 40
 * still unconfirmed.
 */
function history(
  count: number,
  addressCount: number,
): { wallet: string[]; joints: VerifiedJoint[] } {
  const rand = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const wallet = Array.from({ length: addressCount }, (_, i) => getChash160(`bench wallet ${i}`));
  const foreign = Array.from({ length: 30 }, (_, i) => getChash160(`bench foreign ${i}`));
  const asset = hash('bench asset');
  const coins = new Map<string, Coin[]>(wallet.map((a) => [a, []]));
  const joints: VerifiedJoint[] = [];
  for (let i = 0; i < count; i++) {
    const unconfirmed = i >= count - 40;
    const roll = rand();
    const spender = pick(wallet);
    const purse = coins.get(spender) ?? [];
    let unit: Unit;
    let finalBad = false;
    if (roll < 0.45 || purse.length === 0) {
      const to = pick(wallet);
      const amount = 100_000 + Math.floor(rand() * 1e9);
      const payer = pick(foreign);
      unit = unitOf(i, payer, [
        {
          inputs: [{ unit: hash(`outside ${i}`), message_index: 0, output_index: 0 }],
          outputs: [
            [to, amount],
            [payer, 5e9],
          ],
        },
      ]);
      finalBad = !unconfirmed && rand() < 0.01;
    } else if (roll < 0.95) {
      const taken = purse.splice(0, 1 + Math.floor(rand() * Math.min(3, purse.length)));
      const total = taken.reduce((sum, coin) => sum + coin.amount, 0);
      const fee = 726;
      const sent = Math.floor((total - fee) * rand() * 0.9) + 1;
      unit = unitOf(i, spender, [
        {
          inputs: taken.map((c) => c.input),
          outputs: [
            [pick(foreign), sent],
            [spender, total - fee - sent],
          ],
        },
      ]);
    } else {
      const to = pick(wallet);
      const payer = pick(foreign);
      unit = unitOf(i, payer, [
        {
          inputs: [{ unit: hash(`outside ${i}`), message_index: 0, output_index: 0 }],
          outputs: [[payer, 5e9]],
        },
        {
          asset,
          inputs: [{ unit: hash(`outside asset ${i}`), message_index: 0, output_index: 0 }],
          outputs: [[to, 1 + Math.floor(rand() * 1e6)]],
        },
      ]);
    }
    if (!finalBad) {
      unit.messages.forEach((message, messageIndex) => {
        if (!isPaymentMessage(message) || !message.payload || message.payload.asset) return;
        message.payload.outputs.forEach((output, outputIndex) => {
          const purseOf = output.address === undefined ? undefined : coins.get(output.address);
          purseOf?.push({
            input: {
              unit: unit.unit ?? '',
              message_index: messageIndex,
              output_index: outputIndex,
            },
            amount: output.amount,
          });
        });
      });
    }
    joints.push(
      unconfirmed
        ? { unit, proven: false, sequence: 'unconfirmed', mainChainIndex: null }
        : {
            unit,
            proven: true,
            sequence: finalBad ? 'final-bad' : 'good',
            ball: hash(`ball ${i}`),
            mainChainIndex: 1000 + i,
          },
    );
  }
  return { wallet, joints };
}

interface ChildResult {
  readyMs: number;
  modulesMs: number;
  openAndBalancesMs: number;
  historyPageMs: number;
  filteredPagesMs: number;
  filtered: { self: number; asset: number; search: number };
  maxRssKb: number;
  assets: number;
  entries: number;
}

function runChild(command: string, args: string[]): ChildResult & { wallMs: number } {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return { ...(JSON.parse(line) as ChildResult), wallMs };
}

async function bundleSelf(outDir: string, self: string): Promise<string | null> {
  let esbuild: typeof EsbuildModule;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const require = createRequire(import.meta.url);
  const sqlite = require.resolve('better-sqlite3');
  const outfile = join(outDir, 'storage-bench.mjs');
  await esbuild.build({
    entryPoints: [self],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    plugins: [
      {
        name: 'native-sqlite-from-repo',
        setup(build) {
          build.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true }));
        },
      },
    ],
  });
  return outfile;
}

function summary(label: string, runs: (ChildResult & { wallMs: number })[]): void {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const rows: [string, (r: ChildResult & { wallMs: number }) => number, string][] = [
    ['process start → balances ready', (r) => r.readyMs, 'ms'],
    ['  of which module loading', (r) => r.modulesMs, 'ms'],
    ['  of which open + balances', (r) => r.openAndBalancesMs, 'ms'],
    ['then first history page (50)', (r) => r.historyPageMs, 'ms'],
    ['then 3 filtered pages', (r) => r.filteredPagesMs, 'ms'],
    ['spawn → exit (wall)', (r) => r.wallMs, 'ms'],
    ['peak RSS', (r) => r.maxRssKb / 1024, 'MB'],
  ];
  console.log(`\n${label} — ${runs.length} fresh processes`);
  for (const [name, pick, unit] of rows) {
    const values = sorted(runs.map(pick));
    const median = values[Math.floor(values.length / 2)] ?? NaN;
    const range = `min ${values[0]?.toFixed(0)}, max ${values.at(-1)?.toFixed(0)}`;
    console.log(`  ${name.padEnd(32)} median ${median.toFixed(0)} ${unit} (${range})`);
  }
  const found = runs[0]?.filtered;
  console.log(
    `  (filtered pages: direction self ${found?.self}, one asset ${found?.asset}, ` +
      `address search ${found?.search} entries)`,
  );
}

async function parent(): Promise<void> {
  const unitCount = arg('units', 10_000);
  const addressCount = arg('addresses', 20);
  const runs = arg('runs', 7);
  const self = fileURLToPath(import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'obyte-storage-bench-'));
  try {
    const { wallet, joints } = history(unitCount, addressCount);
    const fillStart = performance.now();
    const db = WalletDatabase.open({ directory: dir, clock: systemClock, logger });
    for (const address of wallet) db.addWatchedAddress({ address, kind: 'wallet' });
    for (let i = 0; i < joints.length; i += 2000)
      db.applyVerifiedHistory(joints.slice(i, i + 2000));
    const fillMs = performance.now() - fillStart;
    const total = db.balances().total['base'];
    db.close();
    const size = statSync(join(dir, DATABASE_FILE)).size;
    console.log(
      `filled ${unitCount} units for ${addressCount} addresses in ${fillMs.toFixed(0)} ms ` +
        `(${((unitCount / fillMs) * 1000).toFixed(0)} units/s, answers of 2000); file ${(size / 1e6).toFixed(1)} MB; ` +
        `bytes stable ${total?.stable ?? 0}, pending ${total?.pending ?? 0}`,
    );

    const viaTsx = Array.from({ length: runs }, () =>
      runChild(process.execPath, ['--import', 'tsx', self, '--child', dir]),
    );
    summary('tsx (TypeScript compiled at start)', viaTsx);

    const bundle = await bundleSelf(dir, self);
    if (bundle === null) {
      console.log('\nesbuild not available: bundled figures skipped');
    } else {
      const bundled = Array.from({ length: runs }, () =>
        runChild(process.execPath, [bundle, '--child', dir]),
      );
      summary('bundled ES module on plain node', bundled);
    }
    console.log('\ntargets: ≤ 300 ms process start → balances ready, ≤ 100 MB peak RSS');
  } finally {
    if (process.argv.includes('--keep')) console.log(`database kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  child(process.argv[childIndex + 1] ?? '');
} else {
  await parent();
}
