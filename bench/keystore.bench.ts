/**
 * Keystore unlock time with the production scrypt parameters (stored in every file written),
 * measured through KeystoreService on a real temp file, plus what the main process feels
 * meanwhile (the longest event-loop stall: scrypt runs async and yields) and scrypt alone at
 * neighbouring costs, to show what the chosen N buys. Prints figures; asserts nothing.
 *
 * Run: npx tsx bench/keystore.bench.ts [runs]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { AtomicFile } from '../electron/main/services/atomic-file';
import { systemClock } from '../electron/main/services/clock';
import {
  KeystoreService,
  nodeRandomSource,
  PRODUCTION_SCRYPT,
  systemTimers,
} from '../electron/main/services/keystore';
import { Logger } from '../electron/main/services/logger';

const runs = Number(process.argv[2] ?? 5);
const password = 'a reasonably long wallet password';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs `task` while sampling the event loop every 1 ms; returns its time and the longest stall. */
async function timed(task: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  let last = performance.now();
  let stall = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  const start = performance.now();
  await task();
  const ms = performance.now() - start;
  clearInterval(probe);
  stall = Math.max(stall, performance.now() - last);
  return { ms, stallMs: stall };
}

const dir = await mkdtemp(join(tmpdir(), 'obyte-keystore-bench-'));
try {
  const logger = new Logger({ sink: () => undefined, clock: systemClock, level: 'error' });
  const make = () =>
    new KeystoreService({
      file: new AtomicFile(join(dir, 'keystore.json')),
      clock: systemClock,
      timers: systemTimers,
      random: nodeRandomSource,
      logger,
      keychain: null,
    });

  const { N, r, p } = PRODUCTION_SCRYPT;
  console.log(
    `Keystore bench: scrypt N=2^${Math.log2(N)}, r=${r}, p=${p} (${(128 * N * r) / 2 ** 20} MiB), Node ${process.version}, ${runs} runs`,
  );

  const created = await timed(() =>
    make().create({ network: 'mainnet', protection: { mode: 'password', password } }),
  );
  console.log(`  create (scrypt + write):          ${created.ms.toFixed(0)} ms`);

  const unlocks: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const keystore = make();
    const result = await timed(() => keystore.unlock(password));
    unlocks.push(result.ms);
    stalls.push(result.stallMs);
    keystore.lock();
  }
  console.log(
    `  unlock (read, scrypt, open, seed, verify): median ${median(unlocks).toFixed(0)} ms, min ${Math.min(...unlocks).toFixed(0)} ms, max ${Math.max(...unlocks).toFixed(0)} ms`,
  );
  console.log(
    `  longest event-loop stall during unlock: median ${median(stalls).toFixed(0)} ms, max ${Math.max(...stalls).toFixed(0)} ms`,
  );

  const wrong = await timed(() =>
    make()
      .unlock('not the password')
      .catch(() => undefined),
  );
  console.log(`  wrong password answer:            ${wrong.ms.toFixed(0)} ms`);
  console.log(
    `  peak RSS so far:                  ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );

  console.log('  scrypt alone (r=8, p=1), one run each:');
  for (const logN of [15, 16, 17, 18]) {
    const result = await timed(() =>
      scryptAsync(password, new Uint8Array(32), {
        N: 2 ** logN,
        r: 8,
        p: 1,
        dkLen: 32,
        maxmem: 2 ** 29,
      }),
    );
    const mark = 2 ** logN === N ? '  <- production' : '';
    console.log(
      `    N=2^${logN}: ${result.ms.toFixed(0).padStart(5)} ms, ${2 ** logN / 2 ** 10} MiB${mark}`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
