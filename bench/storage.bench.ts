/**
 * Start-up and the large wallet database, measured in fresh processes.
 *
 * Start-up as the app starts it: the main process's services are built (compose.ts: settings,
 * database open and migrations check, the light client with its hub client dialling a hub that
 * refuses, the wallet, chat, notifications, the update check, the IPC table), then the page's
 * first `balances.get` goes through the IPC dispatcher (params and result schemas included);
 * Electron itself is not included. The program is bundled as electron.vite.config.ts bundles
 * the main process (its pure-JS dependencies inside, native modules outside). The database was
 * written by another process and closed, and its pages are dropped from the OS cache before each
 * run where python3 can ask for that (posix_fadvise), so it is read as after a reboot.
 *
 * At 100,000 units, the same program also times opening the database and reading balances, and
 * every History filter, search and the next page (each the median of five, CPU time), also as
 * the page asks them with several accounts (the addresses of the account in view).
 *
 * Filled databases are kept in the system temp folder between runs (keyed by schema version and
 * size); --fresh fills them again.
 *
 *   npx tsx bench/storage.bench.ts [--runs 5] [--fresh]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MAIN_BUNDLED_DEPS } from '../electron.vite.config';
import { systemClock } from '../electron/main/services/clock';
import { Logger } from '../electron/main/services/logger';
import { DATABASE_FILE, MIGRATIONS, WalletDatabase } from '../electron/main/services/storage/index';
import { emit, machineLoad, median } from './lib/figures';
import { history } from './lib/history-db';

const here = fileURLToPath(new URL('.', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const ADDRESSES = 20;

interface ChildReport {
  modulesMs: number;
  composedMs: number;
  balancesMs: number;
  /** CPU time once the modules were loaded, once the services were built, at balances. */
  modulesCpuMs: number;
  composedCpuMs: number;
  cpuMs: number;
  maxRssMb: number;
  openAndBalances: { cpuMs: number; wallMs: number };
  queries: { name: string; cpuMs: number; entries: number }[];
}

/** A filled database for `units` units: built once, kept in the temp folder. */
function filledDatabase(units: number): string {
  const dir = join(tmpdir(), 'obyte-bench-cache', `v${MIGRATIONS.length}-${units}-${ADDRESSES}`);
  const file = join(dir, 'mainnet', DATABASE_FILE);
  if (existsSync(file) && !process.argv.includes('--fresh')) return dir;
  rmSync(dir, { recursive: true, force: true });
  const partial = `${dir}.partial-${process.pid}`;
  const logger = new Logger({ sink: () => undefined, clock: systemClock, level: 'error' });
  const { wallet, joints } = history(units, ADDRESSES);
  const started = performance.now();
  const db = WalletDatabase.open({
    directory: join(partial, 'mainnet'),
    clock: systemClock,
    logger,
  });
  for (const address of wallet) db.addWatchedAddress({ address, kind: 'wallet' });
  for (let i = 0; i < joints.length; i += 2000) db.applyVerifiedHistory(joints.slice(i, i + 2000));
  db.close();
  console.log(
    `filled ${units} units for ${ADDRESSES} addresses in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(answers of 2000; ${(statSync(join(partial, 'mainnet', DATABASE_FILE)).size / 1e6).toFixed(0)} MB)`,
  );
  mkdirSync(join(dir, '..'), { recursive: true });
  renameSync(partial, dir);
  return dir;
}

/** Drops the file's pages from the OS cache (best effort): returns whether it could. */
function dropFromCache(file: string): boolean {
  const result = spawnSync(
    'python3',
    [
      '-c',
      'import os,sys\nfd=os.open(sys.argv[1],os.O_RDONLY)\nos.posix_fadvise(fd,0,0,os.POSIX_FADV_DONTNEED)',
      file,
    ],
    { stdio: 'ignore' },
  );
  return result.status === 0;
}

/**
 * What the start-up loads, in parts, each alone in its own process (the CPU time once loaded):
 * Node itself, zod, and the IPC contract (shared/ipc: every method's params and result schemas,
 * each built on first use, lazy-schema.ts), bundled as the main process is.
 */
const STARTUP_PARTS: readonly (readonly [string, string])[] = [
  ['node alone', ''],
  ['+ zod', "import { z } from 'zod';\nexport const touched = typeof z.object;"],
  [
    '+ zod and the IPC contract',
    "import * as ipc from './shared/ipc/index';\nexport const touched = Object.keys(ipc).length;",
  ],
];
const PRINT_CPU =
  '\nconst { user, system } = process.cpuUsage();\nprocess.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000 })}\\n`);\n';

async function bundleChild(
  outDir: string,
  name = 'startup-child',
  contents?: string,
): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    ...(contents === undefined
      ? { entryPoints: [join(here, 'lib', 'startup-child.ts')] }
      : {
          stdin: { contents: contents + PRINT_CPU, resolveDir: join(here, '..'), loader: 'ts' },
        }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    outfile,
    logLevel: 'error',
    // As electron.vite.config.ts: the listed pure-JS dependencies inside, the rest outside.
    plugins: [
      {
        name: 'main-externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('node:')) return { external: true };
            const bundled = MAIN_BUNDLED_DEPS.some(
              (dep) => args.path === dep || args.path.startsWith(`${dep}/`),
            );
            return bundled ? undefined : { path: args.path, external: true };
          });
        },
      },
    ],
    banner: {
      js: "import { createRequire as __benchCreateRequire } from 'node:module';\nconst require = __benchCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}

function runChild(script: string, dir: string, queries: boolean): ChildReport & { wallMs: number } {
  const start = performance.now();
  const result = spawnSync(process.execPath, [script, dir, queries ? '--queries' : ''], {
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`start-up child failed: ${result.stderr}`);
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return { ...(JSON.parse(line) as ChildReport), wallMs };
}

/** The CPU time of each part of the start-up alone, interleaved (median of `runs`). */
async function startupParts(outDir: string): Promise<void> {
  const scripts = await Promise.all(
    STARTUP_PARTS.map(([, contents], i) => bundleChild(outDir, `part-${i}`, contents)),
  );
  const cpu: number[][] = STARTUP_PARTS.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    scripts.forEach((script, i) => {
      const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`start-up part failed: ${result.stderr}`);
      cpu[i]?.push((JSON.parse(result.stdout.trim()) as { cpuMs: number }).cpuMs);
    });
  }
  const medians = cpu.map((list) => median(list));
  console.log(
    `start-up in parts (CPU once loaded, each alone, median of ${RUNS}, load ${machineLoad().toFixed(1)}): ` +
      STARTUP_PARTS.map(([name], i) => `${name} ${Math.round(medians[i] ?? NaN)} ms`).join(', '),
  );
}

async function main(): Promise<void> {
  // The bundle lives in the repository so that it resolves node_modules as the app's does.
  const outDir = mkdtempSync(join(here, '..', 'out', 'bench-'));
  try {
    const script = await bundleChild(outDir);
    await startupParts(outDir);
    for (const units of [10_000, 100_000]) {
      const dir = filledDatabase(units);
      const reports: (ChildReport & { wallMs: number })[] = [];
      let cold = true;
      // One unmeasured run brings the file to the current schema (a one-time migration).
      runChild(script, dir, false);
      for (let i = 0; i < RUNS; i++) {
        cold = dropFromCache(join(dir, 'mainnet', DATABASE_FILE)) && cold;
        reports.push(runChild(script, dir, units === 100_000));
      }
      const load = machineLoad();
      const pick = (f: (r: ChildReport & { wallMs: number }) => number): number =>
        median(reports.map(f));
      const label = `${units.toLocaleString('en-US')} units`;
      console.log(
        `${label}: start → balances ${pick((r) => r.balancesMs).toFixed(0)} ms wall (modules ${pick((r) => r.modulesMs).toFixed(0)}, ` +
          `services ${pick((r) => r.composedMs - r.modulesMs).toFixed(0)}, balances.get ${pick((r) => r.balancesMs - r.composedMs).toFixed(0)}), ` +
          `${pick((r) => r.cpuMs).toFixed(0)} ms CPU (modules ${pick((r) => r.modulesCpuMs).toFixed(0)}, ` +
          `services ${pick((r) => r.composedCpuMs - r.modulesCpuMs).toFixed(0)}, ` +
          `balances.get ${pick((r) => r.cpuMs - r.composedCpuMs).toFixed(0)}), peak RSS ${pick((r) => r.maxRssMb).toFixed(0)} MB; ` +
          `database pages ${cold ? 'dropped from the OS cache' : 'possibly cached (no python3)'}`,
      );
      emit({
        id: `startup.${units}.cpu`,
        label: `start → balances, ${label} (CPU; wall beside)`,
        value: Math.round(pick((r) => r.cpuMs)),
        unit: 'ms',
        target: { op: '<=', value: units === 10_000 ? 150 : 300 },
        cpuMs: Math.round(pick((r) => r.cpuMs)),
        wallMs: Math.round(pick((r) => r.balancesMs)),
        load,
        note: `CPU: modules ${Math.round(pick((r) => r.modulesCpuMs))} ms (Node's own start included), services ${Math.round(pick((r) => r.composedCpuMs - r.modulesCpuMs))}, balances.get ${Math.round(pick((r) => r.cpuMs - r.composedCpuMs))}; modules ${Math.round(pick((r) => r.modulesMs))} ms wall; median of ${RUNS} fresh processes; ${cold ? 'cold' : 'warm'} file cache; peak RSS ${Math.round(pick((r) => r.maxRssMb))} MB`,
      });
      if (units !== 100_000) continue;
      emit({
        id: 'storage.100000.open-balances',
        label: '100,000 units: open the database + balances (CPU)',
        value: Math.round(pick((r) => r.openAndBalances.cpuMs) * 10) / 10,
        unit: 'ms',
        target: { op: '<=', value: 30 },
        wallMs: Math.round(pick((r) => r.openAndBalances.wallMs)),
        load,
      });
      const names = reports[0]?.queries.map((q) => q.name) ?? [];
      const perQuery = names.map((name) => ({
        name,
        cpuMs: median(reports.map((r) => r.queries.find((q) => q.name === name)?.cpuMs ?? NaN)),
        entries: reports[0]?.queries.find((q) => q.name === name)?.entries ?? 0,
      }));
      for (const q of perQuery) {
        console.log(
          `  history ${q.name.padEnd(34)} ${q.cpuMs.toFixed(1).padStart(6)} ms CPU, ${q.entries} entries`,
        );
      }
      const slowest = (queries: typeof perQuery) =>
        queries.reduce(
          (a, b) => (b.cpuMs > a.cpuMs ? b : a),
          queries[0] ?? { name: '?', cpuMs: NaN, entries: 0 },
        );
      const byAccount = (q: { name: string }): boolean => q.name.startsWith('account of');
      const worst = slowest(perQuery.filter((q) => !byAccount(q)));
      emit({
        id: 'storage.100000.history-worst',
        label: '100,000 units: slowest History filter, search or page (CPU)',
        value: Math.round(worst.cpuMs * 10) / 10,
        unit: 'ms',
        target: { op: '<=', value: 20 },
        load,
        note: `${perQuery.filter((q) => !byAccount(q)).length} queries; slowest: ${worst.name}`,
      });
      const accountQueries = perQuery.filter(byAccount);
      const worstAccount = slowest(accountQueries);
      emit({
        id: 'storage.100000.accounts-history-worst',
        label: '100,000 units, several accounts: slowest History page of one account (CPU)',
        value: Math.round(worstAccount.cpuMs * 10) / 10,
        unit: 'ms',
        target: { op: '<=', value: 20 },
        load,
        note: `${accountQueries.length} queries (accounts of 19 and of 1 of the 20 addresses); slowest: ${worstAccount.name}`,
      });
      // The 19-address account searching the 20th address: every row of that address walked.
      const outside = perQuery.find(
        (q) => q.name === 'account of 19: search: an address of another account',
      );
      emit({
        id: 'storage.100000.account-search-outside',
        label: '100,000 units, account of 19 addresses: search for the 20th address (CPU)',
        value: Math.round((outside?.cpuMs ?? NaN) * 10) / 10,
        unit: 'ms',
        target: { op: '<=', value: 20 },
        load,
        note: `${outside?.entries ?? 0} entries (only units that also name one of the account's addresses)`,
      });
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
