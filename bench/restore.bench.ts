/**
 * Restore through the command line as installed (`bin` of package.json: out/cli/obyte-light.mjs,
 * built here as `npm run build` builds it), measured from outside like a user's shell: process
 * start → the verified balance printed (the CLI prints it when discovery has verified and
 * stored the history, while the wallet file is still being encrypted), the whole run, CPU with
 * the KDF's worker thread apart, peak RSS with and without the KDF running, and the round trips
 * the hub saw.
 *
 * - loopback, devnet-shaped: the abandon…about wallet with the devnet test wallet's shape (26
 *   receive addresses holding 300 + 25 × 8 units, 3 change addresses holding 5; 505 units, one
 *   output each) on the loopback test hub (test/support/test-hub), which runs in this process;
 * - loopback, 2,000 used addresses (one unit each);
 * - the real devnet, when OBYTE_BENCH_DEVNET_HUB names a running devnet hub funded by fund.sh
 *   (e.g. ws://127.0.0.1:6611): five runs; round trips from the CLI's own count (discovery) plus
 *   the sync's one get_witnesses. The reference light client is not run here.
 *
 * `--baseline BUNDLE` (another build of the command line, e.g. main's: its obyte-light.mjs, with
 * obyte-light-main.cjs beside it when it has one, in a folder inside the repository so that
 * node_modules resolve, e.g. `buildCli('out/cli-base/obyte-light.mjs')` run from main's
 * sources): the devnet runs alternate between it and this build, pair by pair (the order flips
 * every pair), and a line gives both medians and each pair's difference in CPU besides the KDF,
 * with the load: an A/B that a busy machine moves alike. `--devnet-only` skips the CLI start and
 * the loopback runs.
 *
 * Run: npx tsx bench/restore.bench.ts [--runs N] [--baseline BUNDLE] [--devnet-only]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, CLI_BUNDLE } from '../scripts/build-cli';
import { TestHub } from '../test/support/test-hub';
import {
  TEST_MNEMONIC,
  WalletScenario,
  walletAddressesOf,
} from '../test/support/test-hub/wallet-scenarios';
import { emit, machineLoad, median } from './lib/figures';
import { runMeasured, type MeasuredRun } from './lib/proc';

const PASSWORD = 'a bench password, long enough';
/** scrypt's table: 128 · N · r bytes with the production N = 2^17, r = 8 (128 MiB). */
const KDF_TABLE_MB = (128 * 2 ** 17 * 8) / 1e6;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
const baselineArg = process.argv.indexOf('--baseline');
const BASELINE = baselineArg >= 0 ? process.argv[baselineArg + 1] : undefined;
const DEVNET_ONLY = process.argv.includes('--devnet-only');

interface Restore {
  readonly run: MeasuredRun;
  /** ms from spawn to the "Balance:" line. */
  readonly balanceAtMs: number;
  readonly checked: number;
  readonly used: number;
  readonly discoveryTrips: number;
}

async function restore(hubUrl: string, bundle = CLI_BUNDLE): Promise<Restore> {
  const dir = mkdtempSync(join(tmpdir(), 'obyte-restore-bench-'));
  try {
    const run = await runMeasured(
      process.execPath,
      [bundle, '--network', 'devnet', '--hub', hubUrl, '--data-dir', dir, 'restore'],
      {
        stdin: `${TEST_MNEMONIC}\n`,
        env: { ...process.env, OBYTE_LIGHT_PASSWORD: PASSWORD },
      },
    );
    const text = run.lines.map((l) => l.text).join('\n');
    const balance = run.lines.find((l) => l.text.startsWith('Balance:'));
    const found =
      /Checked (\d+) addresses, (\d+) used, \d+ units? verified \((\d+) round trip/.exec(text);
    if (run.exitCode !== 0 || balance === undefined || found === null) {
      throw new Error(`restore failed (${run.exitCode}): ${text}\n${run.stderr.slice(0, 2000)}`);
    }
    return {
      run,
      balanceAtMs: balance.atMs,
      checked: Number(found[1]),
      used: Number(found[2]),
      discoveryTrips: Number(found[3]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function devnetShape(): { address: string; amount: number }[] {
  const receive = walletAddressesOf(TEST_MNEMONIC, 0, false, 26);
  const change = walletAddressesOf(TEST_MNEMONIC, 0, true, 3);
  const payments: { address: string; amount: number }[] = [];
  for (let i = 0; i < 300; i++) payments.push({ address: receive[0] ?? '', amount: 100_000 + i });
  for (let k = 1; k < 26; k++) {
    for (let j = 0; j < 8; j++) {
      payments.push({ address: receive[k] ?? '', amount: 200_000 + 1000 * k + j });
    }
  }
  [2, 2, 1].forEach((count, c) => {
    for (let j = 0; j < count; j++) {
      payments.push({ address: change[c] ?? '', amount: 300_000 + 1000 * c + j });
    }
  });
  return payments;
}

async function loopback(
  id: string,
  label: string,
  payments: { address: string; amount: number }[],
  targets: { wallMs?: number; cpuMs?: number; rssMb?: number; trips?: number },
): Promise<void> {
  const hub = new TestHub();
  const scenario = new WalletScenario({ payments, outputsPerUnit: 1 });
  scenario.install(hub);
  const url = await hub.start();
  try {
    const results: Restore[] = [];
    let trips = 0;
    for (let i = 0; i < RUNS; i++) {
      const before = scenario.historyRequests.length;
      const connectionsBefore = hub.connections.length;
      results.push(await restore(url));
      const witnessRequests = hub.connections
        .slice(connectionsBefore)
        .reduce((n, c) => n + c.requests('get_witnesses').length, 0);
      trips = scenario.historyRequests.length - before + witnessRequests;
    }
    report(id, label, results, trips, targets, `loopback test hub, ${payments.length} units`);
  } finally {
    await hub.stop();
  }
}

function report(
  id: string,
  label: string,
  results: readonly Restore[],
  trips: number,
  targets: { wallMs?: number; cpuMs?: number; rssMb?: number; trips?: number },
  where: string,
): void {
  const load = machineLoad();
  const pick = (f: (r: Restore) => number): number => median(results.map(f));
  const balanceAt = pick((r) => r.balanceAtMs);
  const cpu = pick((r) => r.run.cpuMs);
  const kdf = pick((r) => r.run.endedThreadsCpuMs);
  const besides = pick(besidesKdf);
  const first = results[0];
  const note = `${where}; median of ${results.length}; ${first?.checked ?? '?'} addresses checked, ${first?.used ?? '?'} used`;
  emit({
    id: `${id}.balance-wall`,
    label: `${label}: process start → verified balance (wall)`,
    value: Math.round(balanceAt),
    unit: 'ms',
    ...(targets.wallMs === undefined ? {} : { target: { op: '<=', value: targets.wallMs } }),
    wallMs: Math.round(pick((r) => r.run.wallMs)),
    load,
    note: `${note}; whole run ${Math.round(pick((r) => r.run.wallMs))} ms wall (the KDF may end later)`,
  });
  emit({
    id: `${id}.cpu`,
    label: `${label}: CPU besides the KDF`,
    value: Math.round(besides),
    unit: 'ms',
    ...(targets.cpuMs === undefined ? {} : { target: { op: '<=', value: targets.cpuMs } }),
    cpuMs: Math.round(cpu),
    load,
    note: `whole process ${Math.round(cpu)} ms CPU, of which the KDF worker thread ${Math.round(kdf)} ms`,
  });
  const peak = pick((r) => r.run.peakRssMb);
  emit({
    id: `${id}.rss`,
    label: `${label}: peak RSS without the KDF's table`,
    value: Math.round(peak - KDF_TABLE_MB),
    unit: 'MB',
    ...(targets.rssMb === undefined ? {} : { target: { op: '<=', value: targets.rssMb } }),
    load,
    note:
      `process peak ${Math.round(peak)} MB less scrypt's ${KDF_TABLE_MB.toFixed(0)} MB table ` +
      `(N=2^17, r=8), which runs in a worker thread beside the sync and is freed when it ends; ` +
      `peak while no worker ran: ${Math.round(pick((r) => r.run.peakRssOutsideWorkersMb))} MB`,
  });
  emit({
    id: `${id}.trips`,
    label: `${label}: sequential hub round trips`,
    value: trips,
    unit: '',
    ...(targets.trips === undefined ? {} : { target: { op: '<=', value: targets.trips } }),
    load,
    note: 'light/get_history and get_witnesses requests',
  });
}

/**
 * `obyte-light --help` as installed: a whole process, start to exit (the first file answers it
 * alone); then a command that loads the whole command line (one refused after loading: no data
 * folder, no hub), with the code cache warm and turned off, interleaved.
 */
async function cliStart(): Promise<void> {
  const runs: MeasuredRun[] = [];
  for (let i = 0; i < 7; i++)
    runs.push(await runMeasured(process.execPath, [CLI_BUNDLE, '--help']));
  const cpu = median(runs.map((r) => r.cpuMs));
  console.log(
    `obyte-light --help: ${cpu.toFixed(0)} ms CPU, ${median(runs.map((r) => r.wallMs)).toFixed(0)} ms wall`,
  );
  emit({
    id: 'cli.help',
    label: 'CLI start (obyte-light --help, as installed: the built bundle on node)',
    value: Math.round(cpu),
    unit: 'ms',
    target: { op: '<=', value: 300 },
    wallMs: Math.round(median(runs.map((r) => r.wallMs))),
    note: 'CPU of the whole process, start to exit; median of 7',
  });
  const cacheDir = mkdtempSync(join(tmpdir(), 'obyte-bench-code-cache-'));
  try {
    const warm: MeasuredRun[] = [];
    const off: MeasuredRun[] = [];
    const loaded = (code: 'warm' | 'off') =>
      runMeasured(process.execPath, [CLI_BUNDLE, 'no-such-command'], {
        env: {
          ...process.env,
          OBYTE_LIGHT_CODE_CACHE_DIR: cacheDir,
          OBYTE_LIGHT_CODE_CACHE: code === 'off' ? 'off' : '',
        },
      });
    await loaded('warm'); // writes the cache
    for (let i = 0; i < 7; i++) {
      if (i % 2 === 0) off.push(await loaded('off'));
      warm.push(await loaded('warm'));
      if (i % 2 === 1) off.push(await loaded('off'));
    }
    const warmCpu = median(warm.map((r) => r.cpuMs));
    const offCpu = median(off.map((r) => r.cpuMs));
    console.log(
      `obyte-light, whole command line loaded: ${warmCpu.toFixed(0)} ms CPU with the code cache, ` +
        `${offCpu.toFixed(0)} ms without (interleaved, median of 7 each)`,
    );
    emit({
      id: 'cli.load',
      label: 'CLI start of a command (the whole command line loaded, warm code cache)',
      value: Math.round(warmCpu),
      unit: 'ms',
      target: { op: '<=', value: 300 },
      wallMs: Math.round(median(warm.map((r) => r.wallMs))),
      note: `obyte-light no-such-command (refused once loaded); without the cache ${Math.round(offCpu)} ms CPU (interleaved); median of 7`,
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** CPU besides the KDF of one restore. */
const besidesKdf = (r: Restore): number => r.run.cpuMs - r.run.endedThreadsCpuMs;

/**
 * The devnet restores, alternating with the baseline bundle when there is one (baseline first
 * in even pairs, this build first in odd ones); returns this build's runs.
 */
async function devnetRuns(hubUrl: string, runs: number): Promise<Restore[]> {
  const ours: Restore[] = [];
  const theirs: Restore[] = [];
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (BASELINE === undefined) {
      ours.push(await restore(hubUrl));
      continue;
    }
    if (i % 2 === 0) theirs.push(await restore(hubUrl, BASELINE));
    ours.push(await restore(hubUrl));
    if (i % 2 === 1) theirs.push(await restore(hubUrl, BASELINE));
    loads.push(machineLoad());
  }
  if (BASELINE !== undefined) {
    const cpu = (list: readonly Restore[]): number => Math.round(median(list.map(besidesKdf)));
    const pairs = ours.map((r, i) => {
      const base = theirs[i];
      return base === undefined ? '?' : String(Math.round(besidesKdf(r) - besidesKdf(base)));
    });
    console.log(
      `A/B, devnet restore, CPU besides the KDF: baseline ${BASELINE} ${cpu(theirs)} ms, ` +
        `this build ${cpu(ours)} ms (median of ${runs} each); per pair (this − baseline) ` +
        `${pairs.join(', ')} ms; load ${loads.map((l) => l.toFixed(1)).join(', ')}`,
    );
  }
  return ours;
}

async function main(): Promise<void> {
  await buildCli();
  console.log(`restore through ${CLI_BUNDLE}, ${RUNS} runs each, node ${process.version}`);
  const devnet = process.env['OBYTE_BENCH_DEVNET_HUB'];
  if (DEVNET_ONLY && devnet === undefined) {
    throw new Error('--devnet-only needs OBYTE_BENCH_DEVNET_HUB (a running devnet hub).');
  }
  if (DEVNET_ONLY) return devnetReport(devnet ?? '');
  await cliStart();
  await loopback(
    'restore.loopback-devnet-shape',
    'restore, devnet-shaped wallet (loopback)',
    devnetShape(),
    {
      wallMs: 1000,
      cpuMs: 600,
      rssMb: 128.5,
      trips: 2,
    },
  );
  await loopback(
    'restore.loopback-2000',
    'restore, 2,000 used addresses (loopback)',
    walletAddressesOf(TEST_MNEMONIC, 0, false, 2000).map((address, i) => ({
      address,
      amount: 10_000 + i,
    })),
    { cpuMs: 3000, rssMb: 100 },
  );
  if (devnet === undefined) {
    emit({
      id: 'restore.devnet.balance-wall',
      label: 'restore, devnet test wallet (real devnet hub): start → verified balance',
      value: null,
      unit: 'ms',
      target: { op: '<=', value: 1000 },
      note: 'not measured: set OBYTE_BENCH_DEVNET_HUB to a running devnet hub',
    });
    return;
  }
  await devnetReport(devnet);
}

async function devnetReport(devnet: string): Promise<void> {
  const results = await devnetRuns(devnet, Math.max(RUNS, 5));
  report(
    'restore.devnet',
    'restore, devnet test wallet (real devnet hub)',
    results,
    (results[0]?.discoveryTrips ?? 0) + 1,
    { wallMs: 1000, cpuMs: 600, rssMb: 128.5, trips: 2 },
    `real devnet hub ${devnet}`,
  );
}

await main();
