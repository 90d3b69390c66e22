/**
 * The measured program of bench/storage.bench.ts (bundled like the main process): the services
 * as the app builds them, then the page's first `balances.get` through the IPC dispatcher. Times
 * are performance.now(), milliseconds since this process started. With --queries (the 100,000-
 * unit run) it then also times opening the database with balances, and the History filters.
 * Prints one JSON line.
 */
import { composeServices } from '../../electron/main/compose';
import { AppPaths } from '../../electron/main/services/app-paths';
import { systemClock } from '../../electron/main/services/clock';
import { Logger } from '../../electron/main/services/logger';
import { WalletDatabase } from '../../electron/main/services/storage/index';

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const modulesMs = performance.now();
const modulesCpuMs = cpuNow();
const root = process.argv[2] ?? '';
const services = await composeServices({
  app: { name: 'obyte-light-bench', version: '0.0.0' },
  paths: new AppPaths({ root, home: root }),
  appOrigin: 'app://obyte',
  clock: systemClock,
  logSink: () => undefined,
  // Dialled as the app does at start; nothing listens on port 9, so it is refused.
  hubUrl: 'ws://127.0.0.1:9',
  network: 'mainnet',
});
const composedMs = performance.now();
const composedCpuMs = cpuNow();
const reply = await services.dispatcher.dispatch('balances.get', undefined, {
  url: 'app://obyte/index.html',
  isMainFrame: true,
});
const balancesMs = performance.now();
if (!reply.ok) throw new Error(`balances.get failed: ${JSON.stringify(reply)}`);
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
await services.close();

const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
let openAndBalances = { cpuMs: 0, wallMs: 0 };
const queries: { name: string; cpuMs: number; entries: number }[] = [];
if (process.argv.includes('--queries')) {
  const logger = new Logger({ sink: () => undefined, clock: systemClock, level: 'error' });
  const c0 = cpu();
  const w0 = performance.now();
  const db = WalletDatabase.open({ directory: `${root}/mainnet`, clock: systemClock, logger });
  const balances = db.balances();
  openAndBalances = { cpuMs: cpu() - c0, wallMs: performance.now() - w0 };
  const first = db.history({ limit: 50 });
  const other = first.entries.find((e) => e.counterparties.length > 0)?.counterparties[0] ?? '';
  const own = db.watchedAddresses()[0]?.address ?? '';
  const asset = Object.keys(balances.total).find((a) => a !== 'base') ?? 'base';
  const list: [string, Parameters<WalletDatabase['history']>[0]][] = [
    ['first page', {}],
    ['direction incoming', { direction: 'incoming' }],
    ['direction outgoing', { direction: 'outgoing' }],
    ['direction self (no match)', { direction: 'self' }],
    ['asset (bytes)', { asset: 'base' }],
    ['asset (a token)', { asset }],
    ['token + outgoing', { asset, direction: 'outgoing' }],
    ['bytes + self (no match)', { asset: 'base', direction: 'self' }],
    ['search: a counterparty', { search: other }],
    ['search: an own address', { search: own }],
    ['search: own address + token', { search: own, asset }],
    ['search: own address + incoming', { search: own, direction: 'incoming' }],
    ['search: a unit', { search: first.entries[20]?.unit ?? '' }],
  ];
  // Several accounts: the page shows the account in view, so History is asked for its
  // addresses (wallet-view.ts historyPage). A large account (19 of the 20 addresses) and a small
  // one (1 address, about 5% of the units).
  const addresses = db.watchedAddresses().map((item) => item.address);
  const accounts: [string, string[]][] = [
    ['account of 19', addresses.slice(1)],
    ['account of 1', addresses.slice(0, 1)],
  ];
  for (const [account, own] of accounts) {
    const mine = own[0] ?? '';
    // An address of the wallet outside this account (the other account's): every one of its
    // rows is looked at, and only the units naming one of the account's addresses are kept.
    const outside = addresses.find((address) => !own.includes(address)) ?? '';
    list.push(
      ...(
        [
          ['first page', {}],
          ['direction incoming', { direction: 'incoming' }],
          ['direction outgoing', { direction: 'outgoing' }],
          ['direction self (no match)', { direction: 'self' }],
          ['asset (a token)', { asset }],
          ['bytes + self (no match)', { asset: 'base', direction: 'self' }],
          ['search: a counterparty', { search: other }],
          ['search: an own address', { search: mine }],
          ['search: an address of another account', { search: outside }],
        ] as const
      ).map(([name, query]): (typeof list)[number] => [
        `${account}: ${name}`,
        { ...query, addresses: own },
      ]),
    );
  }
  // Each the median of five: the first call of a query shape also prepares its statements.
  for (const [name, query] of list) {
    const times: number[] = [];
    let entries = 0;
    let next: string | null = null;
    for (let i = 0; i < 5; i++) {
      const c = cpu();
      const page = db.history({ ...query, limit: 50 });
      times.push(cpu() - c);
      entries = page.entries.length;
      next = page.nextCursor;
    }
    times.sort((a, b) => a - b);
    queries.push({ name, cpuMs: times[2] ?? NaN, entries });
    if (next !== null) {
      const nextTimes: number[] = [];
      let nextEntries = 0;
      for (let i = 0; i < 5; i++) {
        const c = cpu();
        nextEntries = db.history({ ...query, limit: 50, cursor: next }).entries.length;
        nextTimes.push(cpu() - c);
      }
      nextTimes.sort((a, b) => a - b);
      queries.push({
        name: `${name}, next page`,
        cpuMs: nextTimes[2] ?? NaN,
        entries: nextEntries,
      });
    }
  }
  db.close();
}
process.stdout.write(
  `${JSON.stringify({ modulesMs, composedMs, balancesMs, modulesCpuMs, composedCpuMs, cpuMs, maxRssMb, openAndBalances, queries })}\n`,
);
