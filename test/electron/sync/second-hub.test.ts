/**
 * Unproven incoming payments and a second hub, on the light session as the app builds it (real
 * hub clients, real database) against two loopback hubs serving the same DAG:
 * - a pending unit a hub serves that pays the wallet is listed as not verified yet, apart from
 *   the proven figure, with which hubs know it;
 * - with a fallback hub in the settings, it is asked after each sync: `get_joint` for each pending
 *   unit, and the history of the addresses for units the main hub did not send; agreement and
 *   disagreement in words; a second hub that is down, refuses or lies is "unavailable" and the
 *   sync goes on as if it were not there.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecondHubStatus, Settings } from '../../../shared/ipc/schemas';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { systemClock } from '../../../electron/main/services/clock';
import { DEFAULT_SETTINGS } from '../../../electron/main/services/settings-store';
import { WalletDatabase } from '../../../electron/main/services/storage';
import {
  balancesView,
  LightSession,
  type LightSessionOptions,
} from '../../../electron/main/services/sync';
import { unitDetails } from '../../../electron/main/ipc/unit-view';
import { DevnetHistory, FUNDED, NEWEST_UNIT, TestHub } from '../../support/test-hub';
import { WalletScenario } from '../../support/test-hub/wallet-scenarios';
import { until } from '../../support/until';
import { recordingLogger } from '../fakes';
import { address } from '../storage/builders';

const OWN = address('the wallet’s own address');

let session: LightSession | null = null;
const hubs: TestHub[] = [];
let root: string | null = null;

afterEach(async () => {
  await session?.close();
  for (const hub of hubs.splice(0)) await hub.stop();
  if (root) await rm(root, { recursive: true, force: true });
  session = null;
  root = null;
});

async function startHub(install: (hub: TestHub) => void): Promise<string> {
  const hub = new TestHub();
  install(hub);
  hubs.push(hub);
  return hub.start();
}

/** A session on `main` with `second` as its fallback, the addresses stored before it opens. */
async function open(
  main: string,
  second: string | null,
  watched: { wallet?: string[]; watchOnly?: string[] },
  genesisUnit?: string,
): Promise<LightSession> {
  root = await mkdtemp(join(tmpdir(), 'obyte-second-hub-'));
  const dir = join(root, 'devnet');
  mkdirSync(dir, { recursive: true });
  const logger = recordingLogger().logger;
  const db = WalletDatabase.open({ directory: dir, clock: systemClock, logger });
  for (const item of watched.wallet ?? []) db.addWatchedAddress({ address: item, kind: 'wallet' });
  for (const item of watched.watchOnly ?? []) {
    db.addWatchedAddress({ address: item, kind: 'watch-only' });
  }
  db.close();
  session = new LightSession(sessionOptions(root, genesisUnit));
  await session.apply(devnetSettings(main, second));
  return session;
}

function sessionOptions(root: string, genesisUnit?: string): LightSessionOptions {
  return {
    paths: new AppPaths({ root, home: root }),
    logger: recordingLogger().logger,
    clock: systemClock,
    program: { name: 'test', version: '0.0.1' },
    ...(genesisUnit === undefined ? {} : { genesisUnit }),
    hubTiming: { requestTimeoutMs: 5_000 },
  };
}

function devnetSettings(main: string, second: string | null): Settings {
  return {
    ...DEFAULT_SETTINGS,
    network: 'devnet',
    devnetHubUrl: main,
    ...(second === null ? {} : { customHubs: { devnet: { url: main, fallbacks: [second] } } }),
  };
}

/** The cross-check's word once it has one (after the first sync and its check). */
async function verdict(s: LightSession): Promise<SecondHubStatus> {
  await until(
    () =>
      ['agrees', 'disagrees', 'unavailable'].includes(s.parts.secondHubCheck.state?.state ?? ''),
    'the second hub’s word',
  );
  await s.parts.secondHubCheck.idle();
  const state = s.parts.secondHubCheck.state;
  if (state === null) throw new Error('no second hub');
  return state;
}

/** Two hubs serving the same synthetic DAG (deterministic): what one knows, the other may not. */
async function twoScenarioHubs(): Promise<{
  main: WalletScenario;
  second: WalletScenario;
  mainUrl: string;
  secondUrl: string;
}> {
  const options = { payments: [{ address: OWN, amount: 300_000_000 }] };
  const main = new WalletScenario(options);
  const second = new WalletScenario(options);
  const mainUrl = await startHub((hub) => main.install(hub));
  const secondUrl = await startHub((hub) => second.install(hub));
  return { main, second, mainUrl, secondUrl };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const info = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (info === null || typeof info === 'string') throw new Error('no port');
  return info.port;
}

describe('a payment to the wallet that no proof reaches yet', () => {
  it('is listed per unit as not verified, never in the proven figure, with the hubs that know it', async () => {
    const { main, mainUrl } = await twoScenarioHubs();
    // The hub serves a unit paying the wallet 5,000 GBYTE that nothing proves.
    const injected = main.pay([{ address: OWN, amount: 5_000e9 }], true);
    const s = await open(mainUrl, null, { wallet: [OWN] }, main.genesisUnit);
    await until(() => s.parts.db.getUnit(injected) !== null, 'the injected unit');
    await s.parts.secondHubCheck.idle();
    await until(
      () => s.parts.reports.knowledgeOf(injected)[0]?.knows === 'yes',
      'the main hub’s word',
    );

    const view = balancesView(s.parts.db, s.parts.reports);
    expect(view.total).toEqual([
      expect.objectContaining({
        asset: 'base',
        stable: 300_000_000,
        pending: 5_000e9,
        pendingUnverified: 5_000e9,
        proven: true,
      }),
    ]);
    expect(view.incoming).toEqual([
      {
        unit: injected,
        timestamp: expect.any(Number) as number,
        scope: 'wallet',
        addresses: [OWN],
        amounts: [{ asset: 'base', name: 'GBYTE', decimals: 9, amount: 5_000e9 }],
        hubs: [
          {
            url: mainUrl,
            role: 'main',
            knows: 'yes',
            detail: null,
            checkedAt: expect.any(Number) as number,
          },
        ],
      },
    ]);
    expect(unitDetails(s.parts.db, 'devnet', injected, s.parts.reports)?.hubs).toEqual(
      view.incoming[0]?.hubs,
    );
    // Once a proof reaches it, it is no longer listed and its amount is stable.
    main.confirm(injected);
    await s.parts.sync.syncNow();
    const after = balancesView(s.parts.db, s.parts.reports);
    expect(after.incoming).toEqual([]);
    expect(after.total[0]).toMatchObject({ stable: 5_000e9 + 300_000_000, pendingUnverified: 0 });
    expect(unitDetails(s.parts.db, 'devnet', injected, s.parts.reports)?.hubs).toEqual([]);
  });
});

describe('a second hub', () => {
  it('that does not know a pending unit the main hub sent: the hubs disagree, in words', async () => {
    const { main, mainUrl, secondUrl } = await twoScenarioHubs();
    const injected = main.pay([{ address: OWN, amount: 5_000e9 }], true);
    const s = await open(mainUrl, secondUrl, { wallet: [OWN] }, main.genesisUnit);
    const state = await verdict(s);
    expect(state).toMatchObject({ hubUrl: secondUrl, state: 'disagrees' });
    expect(state.summary).toBe(
      `The second hub (${secondUrl}) does not know 1 pending unit the main hub sent, first ${injected}: it may not exist on the network. It stays marked not verified yet.`,
    );
    expect(s.parts.reports.knowledgeOf(injected).map((hub) => [hub.role, hub.knows])).toEqual([
      ['main', 'yes'],
      ['second', 'no'],
    ]);
    // The status bar's status carries it; the sync itself went well.
    expect(s.parts.sync.state.problem).toBeNull();
    expect(balancesView(s.parts.db, s.parts.reports).incoming[0]?.hubs[1]).toMatchObject({
      url: secondUrl,
      knows: 'no',
    });
  });

  it('that knows the same units agrees, in words', async () => {
    const { main, second, mainUrl, secondUrl } = await twoScenarioHubs();
    const injected = main.pay([{ address: OWN, amount: 7_000 }], true);
    expect(second.pay([{ address: OWN, amount: 7_000 }], true)).toBe(injected);
    const s = await open(mainUrl, secondUrl, { wallet: [OWN] }, main.genesisUnit);
    const state = await verdict(s);
    expect(state).toMatchObject({ state: 'agrees' });
    expect(state.summary).toBe(
      `The second hub (${secondUrl}) agrees: it knows the 1 pending unit the main hub sent, and it has no unit of your addresses that the main hub did not send.`,
    );
    expect(s.parts.reports.knowledgeOf(injected).map((hub) => hub.knows)).toEqual(['yes', 'yes']);
  });

  it('catches a main hub that withholds a unit of the addresses', async () => {
    // The main hub never serves the newest unit (1,000,000 bytes to 5HQY…); the second does.
    const mainUrl = await startHub((hub) =>
      new DevnetHistory({ hidden: [NEWEST_UNIT] }).install(hub),
    );
    const secondUrl = await startHub((hub) => new DevnetHistory().install(hub));
    const s = await open(mainUrl, secondUrl, { watchOnly: FUNDED });
    const state = await verdict(s);
    expect(state.state).toBe('disagrees');
    expect(state.summary).toBe(
      `The second hub (${secondUrl}) has 1 unit of your addresses that the main hub (${mainUrl}) did not send (1 proven stable), first ${NEWEST_UNIT}: the main hub may be withholding payments. Consider another hub in Settings → Network.`,
    );
    // Its word never changes what is stored: the withheld unit is not in the database.
    expect(s.parts.db.getUnit(NEWEST_UNIT)).toBeNull();
    expect(s.parts.sync.state.problem).toBeNull();
  });

  it('checks a devnet wallet whose genesis unit is not stored (restored, nothing new since)', async () => {
    // A wallet restored by an earlier version holds the proven history but not the devnet's
    // genesis unit; the main hub's next answers are empty (everything is known), so the sync
    // never learns it. The second hub's history still has to be verified, not skipped.
    const mainUrl = await startHub((hub) =>
      new DevnetHistory({ hidden: [NEWEST_UNIT] }).install(hub),
    );
    const first = await open(mainUrl, null, { watchOnly: FUNDED });
    await until(() => first.parts.sync.state.lastSyncAt !== null, 'the first sync');
    const path = first.parts.db.path;
    await first.close();
    session = null;
    const raw = new Database(path);
    expect(raw.prepare("DELETE FROM network_state WHERE key = 'genesis_unit'").run().changes).toBe(
      1,
    );
    raw.close();

    const secondUrl = await startHub((hub) => new DevnetHistory().install(hub));
    session = new LightSession(sessionOptions(root ?? ''));
    await session.apply(devnetSettings(mainUrl, secondUrl));
    const state = await verdict(session);
    expect(state.summary).toBe(
      `The second hub (${secondUrl}) has 1 unit of your addresses that the main hub (${mainUrl}) did not send (1 proven stable), first ${NEWEST_UNIT}: the main hub may be withholding payments. Consider another hub in Settings → Network.`,
    );
    expect(session.parts.db.getUnit(NEWEST_UNIT)).toBeNull();
  });

  it('that is down is unavailable, and the sync goes on as usual', async () => {
    const { main, mainUrl } = await twoScenarioHubs();
    const down = `ws://127.0.0.1:${await closedPort()}`;
    const s = await open(mainUrl, down, { wallet: [OWN] }, main.genesisUnit);
    const state = await verdict(s);
    expect(state.state).toBe('unavailable');
    expect(state.summary).toMatch(
      new RegExp(
        `^The second hub \\(${down.replace(/[.:/]/g, '\\$&')}\\) is unavailable: could not reach it \\(.*ECONNREFUSED.*\\)\\. The main hub’s word stands alone; syncing goes on as usual\\.$`,
      ),
    );
    expect(s.parts.sync.state.problem).toBeNull();
    expect(balancesView(s.parts.db).total[0]).toMatchObject({ stable: 300_000_000 });
    // A second sync is not held up by it either.
    await expect(s.parts.sync.syncNow()).resolves.toMatchObject({ ok: true });
  });

  it('that refuses the history request is unavailable, and says what it answered', async () => {
    const { main, mainUrl, secondUrl } = await twoScenarioHubs();
    hubs[1]?.answer('light/get_history', { error: 'I do not serve light clients today' });
    const s = await open(mainUrl, secondUrl, { wallet: [OWN] }, main.genesisUnit);
    const state = await verdict(s);
    expect(state.state).toBe('unavailable');
    expect(state.summary).toBe(
      `The second hub (${secondUrl}) is unavailable: it did not serve the history of your addresses: it refused: I do not serve light clients today. The main hub’s word stands alone; syncing goes on as usual.`,
    );
    expect(s.parts.sync.state.problem).toBeNull();
  });

  it('that lies about the history is not believed: unavailable, its word not used', async () => {
    const mainUrl = await startHub((hub) =>
      new DevnetHistory({ hidden: [NEWEST_UNIT] }).install(hub),
    );
    const liar = new DevnetHistory({
      tamper: (answer) => {
        const joints = answer['joints'] as unknown as {
          unit: { messages: { payload?: { outputs?: { amount: number }[] } }[] };
        }[];
        const output = joints[0]?.unit.messages[0]?.payload?.outputs?.[0];
        if (output) output.amount += 1_000_000_000;
      },
    });
    const secondUrl = await startHub((hub) => liar.install(hub));
    const s = await open(mainUrl, secondUrl, { watchOnly: FUNDED });
    const state = await verdict(s);
    expect(state.state).toBe('unavailable');
    expect(state.summary).toMatch(
      /is unavailable: its history failed verification \(.+\); its word is not used\./,
    );
    expect(s.parts.db.getUnit(NEWEST_UNIT)).toBeNull();
  });
});
