/** The CLI (the built `obyte-light … --json`, see test/support/cli.ts) against the loopback devnet hub, temp data dir. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../support/cli';
import { DevnetHistory, FUNDED, NEWEST_UNIT, TestHub } from '../../support/test-hub';
import {
  TEST_MNEMONIC,
  WalletScenario,
  walletAddressesOf,
} from '../../support/test-hub/wallet-scenarios';
import { DEFAULT_SETTINGS } from '../../../electron/main/services/settings-store';

let hub: TestHub;
let url: string;
let dir: string;

interface JsonCliResult extends CliResult {
  /** stdout as JSON when it is a JSON document (--json), else {}. */
  json: Record<string, unknown>;
}

function cli(...args: string[]): Promise<JsonCliResult> {
  return cliIn({ hub: url, dataDir: dir }, '--json', ...args);
}

async function cliIn(
  where: { hub?: string; dataDir: string; network?: string },
  ...args: string[]
): Promise<JsonCliResult> {
  const result = await runCli([
    '--network',
    where.network ?? 'devnet',
    ...(where.hub === undefined ? [] : ['--hub', where.hub]),
    '--data-dir',
    where.dataDir,
    ...args,
  ]);
  const json = args.includes('--json') && result.stdout.startsWith('{');
  return {
    ...result,
    json: json ? (JSON.parse(result.stdout) as Record<string, unknown>) : {},
  };
}

beforeAll(async () => {
  hub = new TestHub();
  new DevnetHistory().install(hub);
  url = await hub.start();
  dir = mkdtempSync(join(tmpdir(), 'obyte-cli-'));
});

afterAll(async () => {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('obyte-light CLI', () => {
  it('status, watch, balance and history print one JSON document each', async () => {
    const status = await cli('status');
    expect(status.code).toBe(0);
    expect(status.json).toMatchObject({
      network: 'devnet',
      hub: url,
      watched: 0,
      connection: { state: 'connected', url },
      problem: null,
      // Nothing watched: the sync has no history to prove, so no MCI (and it says so).
      lastStableMci: null,
    });

    const watched = await cli('watch', ...FUNDED);
    expect((watched.json['watched'] as unknown[]).length).toBe(2);

    const beforeSync = Date.now();
    const balance = await cli('balance');
    expect(balance.code).toBe(0);
    expect(balance.json['problem']).toBeNull();
    // Watched addresses (no key) are apart from the wallet, which has no addresses here.
    type Section = { total: { asset: string; stable: number }[]; byAddress: { address: string }[] };
    const wallet = balance.json['wallet'] as Section;
    const watchedBalances = balance.json['watched'] as Section;
    expect(wallet).toEqual({
      total: [expect.objectContaining({ asset: 'base', stable: 0, pending: 0 })],
      byAddress: [],
    });
    expect(watchedBalances.total).toEqual([
      expect.objectContaining({ asset: 'base', stable: 129999196, pending: 0 }),
    ]);
    expect(watchedBalances.byAddress.map((entry) => entry.address).sort()).toEqual(
      [...FUNDED].sort(),
    );
    expect(balance.json).not.toHaveProperty('total');

    const history = await cli('history', FUNDED[1] ?? '');
    const rows = history.json['history'] as { unit: string; status: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.status === 'stable')).toBe(true);

    // balance's sync proved an MCI. status (a new process) syncs again: the hub has nothing
    // new, so this answer proves nothing, and status reports what the earlier proof reached.
    expect(balance.json['lastStableMci']).toEqual(expect.any(Number));
    expect(balance.json['lastStableMci']).toBeGreaterThan(0);
    const synced = await cli('status');
    expect(synced.code).toBe(0);
    expect(synced.json).toMatchObject({
      connection: { state: 'connected', url },
      problem: null,
      watched: 2,
      lastStableMci: balance.json['lastStableMci'],
    });
    const at = Date.parse(String(synced.json['lastStableMciAt']));
    expect(at).toBeGreaterThanOrEqual(beforeSync);
    expect(at).toBeLessThanOrEqual(Date.now());
  }, 180_000);

  it('status with an unreachable hub says so at once, in text and in JSON, exit code 1', async () => {
    const closed = await closedPort();
    const other = mkdtempSync(join(tmpdir(), 'obyte-cli-nohub-'));
    try {
      const result = await cliIn({ hub: `ws://127.0.0.1:${closed}`, dataDir: other }, 'status');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `Connection: offline: could not reach ws://127.0.0.1:${closed} (connect ECONNREFUSED`,
      );
      expect(result.stdout).toContain('Last stable MCI: none yet');
      expect(result.stdout).toMatch(/Could not reach the hub at ws:\/\/127\.0\.0\.1:\d+ /);
      // Every hub refused once: said at once (the 10 s wait would say "within 10 s").
      const json = await cliIn(
        { hub: `ws://127.0.0.1:${closed}`, dataDir: other },
        '--json',
        'status',
      );
      expect(json.code).toBe(1);
      expect(json.json).toMatchObject({
        network: 'devnet',
        connection: { state: 'disconnected', url: `ws://127.0.0.1:${closed}` },
        lastStableMci: null,
        problem: expect.stringMatching(/^Could not reach the hub at ws:\/\/127\.0\.0\.1:\d+ /),
      });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it('balance with an unreachable hub gives up once every hub refused, not after 20 s', async () => {
    const closed = await closedPort();
    const other = mkdtempSync(join(tmpdir(), 'obyte-cli-nohub-'));
    try {
      const result = await cliIn(
        { hub: `ws://127.0.0.1:${closed}`, dataDir: other },
        'balance',
        FUNDED[0] ?? '',
      );
      // The refusal's own sentence: the 20 s timeout would say "Could not connect … in 20 s".
      expect(result.stdout + result.stderr).toMatch(
        /Could not reach the hub at ws:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED[^)]*\); showing what is stored\./,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it('--network devnet or testnet makes only that network folder, never mainnet/', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'obyte-cli-network-'));
    try {
      const devnet = await cliIn({ dataDir: fresh }, 'watch', FUNDED[0] ?? '');
      expect(devnet.stderr).toBe('');
      expect(devnet.code).toBe(0);
      expect(readdirSync(fresh).filter((name) => name.endsWith('net'))).toEqual(['devnet']);
      const testnet = await cliIn({ dataDir: fresh, network: 'testnet' }, 'watch', FUNDED[0] ?? '');
      expect(testnet.code).toBe(0);
      expect(
        readdirSync(fresh)
          .filter((name) => name.endsWith('net'))
          .sort(),
      ).toEqual(['devnet', 'testnet']);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);

  it('status takes no addresses, and an unknown option is a usage error (exit code 2)', async () => {
    const status = await cli('status', FUNDED[0] ?? '');
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/Status takes no addresses/);
    const unknown = await cli('--bogus', 'status');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--bogus'/);
    expect(unknown.stderr).not.toMatch(/obyte-light failed/);
  }, 60_000);

  it('balance and history in text: bytes in --unit, history of one address as it sees it', async () => {
    const [receiver = ''] = FUNDED;
    const balance = await cliIn({ hub: url, dataDir: dir }, '--unit', 'MB', 'balance', receiver);
    expect(balance.code).toBe(0);
    expect(balance.stdout).toContain(
      'Watched addresses (2; no key: not yours to spend, not in the wallet’s total)\n' +
        `${receiver}\n  bytes  stable 111 MB proven  pending 0 MB`,
    );
    expect(balance.stdout).not.toContain(FUNDED[1]);
    expect(balance.stdout).toContain(
      '  watched total bytes  stable 129.999196 MB proven  pending 0 MB',
    );
    const history = await cliIn({ hub: url, dataDir: dir }, '--unit', 'MB', 'history', receiver);
    expect(history.code).toBe(0);
    // The newest unit pays this address 1 MB; as seen by the receiver, not by the payer.
    expect(history.stdout).toMatch(
      new RegExp(`${NEWEST_UNIT.replace(/[+/=]/g, '\\$&')}  stable +\\+1 MB`),
    );
    expect(history.stdout).not.toMatch(/−/);
  }, 120_000);

  it('logs every run to logs/cli.log in the data folder; --verbose prints it on stderr too', async () => {
    const quiet = await cliIn({ hub: url, dataDir: dir }, 'watch', FUNDED[0] ?? '');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/ INFO /);
    const logged = readFileSync(join(dir, 'logs', 'cli.log'), 'utf8');
    expect(logged).toMatch(/ INFO \[main\] Services ready/);
    const loud = await cliIn({ hub: url, dataDir: dir }, '--verbose', 'watch', FUNDED[0] ?? '');
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/ INFO \[main\] Services ready/);
  }, 60_000);

  it('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = await cliIn({ dataDir: dir }, '--version');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  }, 60_000);

  it("a bad address gets parseAddress's sentence and exit code 2", async () => {
    const result = await cli('watch', 'NOTANADDRESS');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/An Obyte address has 32 characters; this one has 12\./);
  }, 60_000);
});

/** A loopback port nobody listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('obyte-light CLI with a hub that refuses light/get_balances', () => {
  it('balance still shows the verified balances, exit code 0, and says the cross-check is unavailable', async () => {
    const refusing = new TestHub();
    new DevnetHistory().install(refusing);
    refusing.setHandler('light/get_balances', () => ({ error: 'not served here' }));
    const refusingUrl = await refusing.start();
    const where = { hub: refusingUrl, dataDir: mkdtempSync(join(tmpdir(), 'obyte-cli-refused-')) };
    try {
      const [receiver = ''] = FUNDED;
      const text = await cliIn(where, '--unit', 'MB', 'balance', receiver);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`${receiver}\n  bytes  stable 111 MB proven  pending 0 MB`);
      expect(text.stdout).toMatch(
        /^Cross-check unavailable: .*refused light\/get_balances \(not served here\)\..*verified from the history\.$/m,
      );
      const json = await cliIn(where, '--json', 'balance', receiver);
      expect(json.code).toBe(0);
      expect(json.json['problem']).toBeNull();
      expect(json.json['crossCheckUnavailable']).toMatch(/refused light\/get_balances/);
    } finally {
      await refusing.stop();
      rmSync(where.dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('obyte-light CLI with a hub that stopped answering (socket open, no frames)', () => {
  it('balance says in words that the hub cannot be reached, exit code 1', async () => {
    const silent = new TestHub();
    new DevnetHistory().install(silent);
    silent.silent = true;
    const silentUrl = await silent.start();
    const where = { hub: silentUrl, dataDir: mkdtempSync(join(tmpdir(), 'obyte-cli-silent-')) };
    try {
      const result = await cliIn(where, 'balance', FUNDED[0] ?? '');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^Could not reach the hub at ws:\/\/127\.0\.0\.1:\d+ \(the hub did not answer the connection within 15 s\); showing what is stored\.$/m,
      );
    } finally {
      await silent.stop();
      rmSync(where.dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('obyte-light CLI with a second hub (a fallback in the settings) that disagrees', () => {
  it('balance prints the second hub’s word and exits with code 3', async () => {
    const own = walletAddressesOf(TEST_MNEMONIC, 0, false, 1)[0] ?? '';
    const options = { payments: [{ address: own, amount: 300_000_000 }] };
    const main = new WalletScenario(options);
    const second = new WalletScenario(options);
    const mainHub = new TestHub();
    const secondHub = new TestHub();
    main.install(mainHub);
    second.install(secondHub);
    const mainUrl = await mainHub.start();
    const secondUrl = await secondHub.start();
    // The main hub serves a pending payment the second hub does not know.
    const injected = main.pay([{ address: own, amount: 5_000e9 }], true);
    const dataDir = mkdtempSync(join(tmpdir(), 'obyte-cli-second-'));
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        version: 1,
        settings: {
          ...DEFAULT_SETTINGS,
          network: 'devnet',
          devnetHubUrl: mainUrl,
          customHubs: { devnet: { url: mainUrl, fallbacks: [secondUrl] } },
        },
      }),
    );
    try {
      const text = await cliIn({ dataDir }, 'balance', own);
      expect(text.stderr).toBe('');
      expect(text.stdout).toContain(
        `Second hub: The second hub (${secondUrl}) does not know 1 pending unit the main hub sent, first ${injected}`,
      );
      expect(text.code).toBe(3);
      const json = await cliIn({ dataDir }, '--json', 'balance', own);
      expect(json.json['secondHub']).toMatchObject({ hubUrl: secondUrl, state: 'disagrees' });
      expect(json.code).toBe(3);
    } finally {
      await mainHub.stop();
      await secondHub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
