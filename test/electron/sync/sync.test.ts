/**
 * The sync service against the loopback hub replaying the captured devnet history: first and
 * incremental sync, pushes, lies, reconnects, silence and "history too large".
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../shared/protocol/json';
import { systemClock } from '../../../electron/main/services/clock';
import { Logger } from '../../../electron/main/services/logger';
import { WalletDatabase } from '../../../electron/main/services/storage';
import { SyncService } from '../../../electron/main/services/sync';
import { balancesView } from '../../../electron/main/services/sync/wallet-view';
import { NETWORKS } from '../../../shared/protocol/wire';
import { DEVNET_GENESIS, FUNDED, NEWEST_UNIT } from '../../support/test-hub';
import { createRig, type SyncRig } from './helpers';

const [RICH, GRFM] = FUNDED as [string, string];
let rig: SyncRig | null = null;

afterEach(async () => {
  await rig?.close();
  rig = null;
});

function base(r: SyncRig, address: string): { stable: number; pending: number } | undefined {
  const entry = r.db.balances([address]).byAddress[address]?.['base'];
  return entry && { stable: entry.stable, pending: entry.pending };
}

async function firstSync(options: Parameters<typeof createRig>[0] = {}): Promise<SyncRig> {
  rig = await createRig({ watch: FUNDED, ...options });
  const ended = rig.nextSyncEnd();
  rig.client.start();
  await ended;
  return rig;
}

describe('sync with the loopback devnet hub', () => {
  it('first sync: verified history, balances equal to the hub, witnesses and last stable MCI', async () => {
    const r = await firstSync();
    expect(r.sync.state.problem).toBeNull();
    expect(r.sync.state.witnesses).toEqual(['XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D']);
    expect(r.sync.state.lastStableMci).toBeGreaterThan(0);
    expect(base(r, RICH)).toEqual({ stable: 111000000, pending: 0 });
    expect(base(r, GRFM)).toEqual({ stable: 18999196, pending: 0 });
    expect(r.db.history().entries).toHaveLength(4);
    expect(r.db.history().entries.every((e) => e.proven)).toBe(true);
    const hubState = r.db.addressSyncStates([RICH])[0];
    expect(hubState?.hubBalances['base']?.stable).toBe(111000000);
    expect(
      r.states.some((s) => s.running?.task === 'Verifying history' && s.running.total === 4),
    ).toBe(true);
    // the hub was asked to watch every address
    const watched = r.hub.lastConnection
      ?.justsayings('light/new_address_to_watch')
      .map((j) => j.body);
    expect(watched).toEqual(expect.arrayContaining(FUNDED));
  });

  it('incremental sync sends known_stable_units and changes nothing on {}', async () => {
    const r = await firstSync();
    const before = r.history.requests.length;
    const result = await r.sync.syncNow();
    expect(result).toMatchObject({ ok: true, changedUnits: 0 });
    const next = r.history.requests.slice(before);
    expect(next[0]?.['known_stable_units']).toHaveLength(4);
    expect(base(r, RICH)).toEqual({ stable: 111000000, pending: 0 });
  });

  it('asks for the witnesses once per connection, and again on a new connection', async () => {
    const r = await firstSync();
    await r.sync.syncNow();
    await r.sync.syncNow();
    const first = r.hub.lastConnection;
    expect(first?.requests('get_witnesses')).toHaveLength(1);
    expect(first?.requests('light/get_history').length).toBeGreaterThanOrEqual(3);
    const reconnected = r.nextSyncEnd();
    first?.drop();
    await reconnected;
    const second = r.hub.lastConnection;
    expect(second).not.toBe(first);
    expect(second?.requests('get_witnesses')).toHaveLength(1);
  });

  it('keeps the last stable MCI a proof reached in the database; an answer of {} keeps it', async () => {
    const r = await firstSync();
    const reached = r.sync.state.lastStableMci;
    expect(reached).toBeGreaterThan(0);
    const stored = r.db.lastStableMci();
    expect(stored).toEqual({
      mci: reached,
      verifiedAt: r.sync.state.lastStableMciAt,
      unitAt: r.sync.state.lastStableUnitAt,
    });
    const before = r.history.requests.length;
    await r.sync.syncNow();
    expect(r.history.requests.length).toBeGreaterThan(before);
    // Nothing new: nothing proven in this answer, and the stored figure stays as it was.
    expect(r.db.lastStableMci()).toEqual(stored);
  });

  it('light/have_updates triggers a re-sync that brings the new unit', async () => {
    const r = await firstSync({ hidden: [NEWEST_UNIT] });
    expect(base(r, GRFM)).toEqual({ stable: 20000000, pending: 0 });
    expect(base(r, RICH)).toEqual({ stable: 110000000, pending: 0 });
    r.history.release();
    const changed = new Promise((resolve) => r.sync.on('changed', resolve));
    r.hub.broadcast('light/have_updates');
    await changed;
    await r.nextSyncEnd();
    expect(base(r, GRFM)).toEqual({ stable: 18999196, pending: 0 });
    expect(base(r, RICH)).toEqual({ stable: 111000000, pending: 0 });
  });

  it('keeps the devnet genesis unit, the witness list and the last stable MCI across runs', async () => {
    const r = await firstSync();
    const reached = r.sync.state.lastStableMci;
    const verifiedAt = r.sync.state.lastStableMciAt;
    expect(r.db.genesisUnit()).toBe(DEVNET_GENESIS);
    expect(r.db.witnesses()).toEqual(['XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D']);
    await r.sync.stop();
    r.db.close();
    const logger = new Logger({ sink: () => undefined, clock: systemClock });
    const reopened = WalletDatabase.open({ directory: r.dir, clock: systemClock, logger });
    try {
      expect(reopened.genesisUnit()).toBe(DEVNET_GENESIS);
      const next = new SyncService({
        hub: r.client,
        db: reopened,
        network: NETWORKS.devnet,
        logger,
        clock: systemClock,
      });
      // Known before the hub says anything.
      expect(next.state.witnesses).toEqual(['XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D']);
      expect(next.state.lastStableMci).toBe(reached);
      expect(next.state.lastStableMciAt).toBe(verifiedAt);
      await next.stop();
    } finally {
      reopened.close();
    }
  });

  it('a lying hub: a tampered answer is rejected and balances stay unchanged', async () => {
    const r = await firstSync({ hidden: [NEWEST_UNIT] });
    r.history.release();
    r.history.options.tamper = (answer: JsonObject) => {
      const joints = answer['joints'] as unknown as {
        unit: { messages: { payload?: { outputs?: { amount: number }[] } }[] };
      }[];
      const output = joints[0]?.unit.messages[0]?.payload?.outputs?.[0];
      if (output) output.amount += 1_000_000;
    };
    const result = await r.sync.syncNow();
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/^The hub sent history that failed verification: /);
    expect(r.sync.state.problem).toBe(result.problem);
    // A rejected answer is retried on its own, and the state says when.
    expect(r.sync.state.problemAt).not.toBeNull();
    expect(r.sync.state.retryAt).toBe((r.sync.state.problemAt ?? 0) + 200);
    expect(base(r, GRFM)).toEqual({ stable: 20000000, pending: 0 });
    expect(r.db.getUnit(NEWEST_UNIT)).toBeNull();
    expect(r.lines.some((line) => line.includes('Rejected a history answer'))).toBe(true);
  });

  it('a removed proofchain ball is rejected too', async () => {
    const r = await firstSync({ hidden: [NEWEST_UNIT] });
    r.history.release();
    r.history.options.tamper = (answer: JsonObject) => {
      const balls = answer['proofchain_balls'] as unknown[];
      balls.splice(1, 1);
    };
    const result = await r.sync.syncNow();
    expect(result.problem).toMatch(/failed verification/);
    expect(r.db.getUnit(NEWEST_UNIT)).toBeNull();
  });

  it('reconnect storm, then catch-up after the hub comes back on its port', async () => {
    const r = await firstSync({ hidden: [NEWEST_UNIT] });
    const port = r.hub.port;
    await r.hub.stop();
    r.hub.connectionMode = 'drop-after-handshake';
    await r.hub.start(port);
    await r.hub.waitForConnections(r.hub.connections.length + 3);
    r.history.release();
    r.hub.connectionMode = 'accept';
    for (let i = 0; i < 50 && base(r, GRFM)?.stable !== 18999196; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(base(r, GRFM)).toEqual({ stable: 18999196, pending: 0 });
    expect(r.hub.attempts).toBeGreaterThanOrEqual(4);
  });

  it('a hub that never answers: the sync ends with a plain sentence and stores nothing', async () => {
    rig = await createRig({ watch: FUNDED, silent: true, historyTimeoutMs: 300 });
    const ended = rig.nextSyncEnd();
    rig.client.start();
    const state = await ended;
    expect(state.problem).toMatch(/^The hub did not answer in 1 s; retrying in 1 s\.$/);
    expect(rig.db.history().entries).toHaveLength(0);
  });

  it('too large: the batch is split and retried', async () => {
    const r = await firstSync({ maxAddresses: 1 });
    expect(r.sync.state.problem).toBeNull();
    expect(base(r, RICH)).toEqual({ stable: 111000000, pending: 0 });
    expect(base(r, GRFM)).toEqual({ stable: 18999196, pending: 0 });
    expect(
      r.history.requests
        .filter((q) => Array.isArray(q['addresses']))
        .map((q) => (q['addresses'] as string[]).length),
    ).toEqual(expect.arrayContaining([2, 1, 1]));
  });

  it('an address too large alone: marked so, with the hub balance kept (unproven)', async () => {
    const r = await firstSync({ tooLarge: [RICH] });
    const [state] = r.db.addressSyncStates([RICH]);
    expect(state?.historyTooLarge).toBe(true);
    expect(state?.hubBalances['base']?.stable).toBe(111000000);
    expect(base(r, GRFM)).toEqual({ stable: 18999196, pending: 0 });
  });

  it('sequence_became_bad marks an unconfirmed unit, never a proven one', async () => {
    const r = await firstSync();
    r.hub.broadcast('light/sequence_became_bad', [NEWEST_UNIT]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.db.getUnit(NEWEST_UNIT)?.status).toBe('stable');
  });
});

describe("the hub's balance beside ours", () => {
  it.each([
    ['refuses', { error: 'light/get_balances is not served here' }, /refused light\/get_balances/],
    ['never answers', { never: true }, /did not answer light\/get_balances in 1 s/],
    ['answers nonsense', { response: 'balances!' }, /answer could not be used/],
  ] as const)(
    'a hub that %s light/get_balances does not fail the sync: the history stands, the cross-check is unavailable',
    async (_kind, answer, reason) => {
      rig = await createRig({ watch: FUNDED });
      const r = rig;
      r.hub.setHandler('light/get_balances', () => answer);
      const ended = r.nextSyncEnd();
      r.client.start();
      const state = await ended;
      expect(state.problem).toBeNull();
      expect(state.lastSyncAt).not.toBeNull();
      expect(state.crossCheck).toMatch(reason);
      expect(state.crossCheck).toMatch(/^Cross-check unavailable: .*verified from the history\.$/);
      expect(base(r, RICH)).toEqual({ stable: 111000000, pending: 0 });
      expect(r.db.history().entries.every((e) => e.proven)).toBe(true);
      expect(balancesView(r.db).watched.total[0]?.hubDisagrees).toBeNull();
      // A hub that answers again makes the check again.
      r.hub.setHandler('light/get_balances', r.history.balancesHandler);
      await expect(r.sync.syncNow()).resolves.toMatchObject({ ok: true });
      expect(r.sync.state.crossCheck).toBeNull();
    },
  );

  const inflated = (r: SyncRig) => (context: Parameters<typeof r.history.balancesHandler>[0]) => {
    const answer = r.history.balancesHandler(context) as { response: JsonObject };
    const rich = answer.response[RICH] as { base: { stable: number; total: number } };
    return {
      response: {
        ...answer.response,
        [RICH]: {
          base: { ...rich.base, stable: rich.base.stable + 5, total: rich.base.total + 5 },
        },
      },
    };
  };

  it('a disagreement is shown after the check, and its end is announced though no unit changed', async () => {
    const r = await firstSync();
    expect(balancesView(r.db).watched.total[0]?.hubDisagrees).toBeNull();
    r.hub.setHandler('light/get_balances', inflated(r));
    let changes = 0;
    r.sync.on('changed', () => (changes += 1));
    await expect(r.sync.syncNow()).resolves.toMatchObject({ ok: true, changedUnits: 0 });
    expect(changes).toBe(1);
    expect(balancesView(r.db).watched.total[0]?.hubDisagrees).toMatchObject({ kind: 'total' });
    // The hub agrees again: no unit changed, but what the page shows must (this stayed until a
    // restart: nothing told the page that the hub's new figure ended the disagreement).
    r.hub.setHandler('light/get_balances', r.history.balancesHandler);
    await expect(r.sync.syncNow()).resolves.toMatchObject({ ok: true, changedUnits: 0 });
    expect(changes).toBe(2);
    expect(balancesView(r.db).watched.total[0]?.hubDisagrees).toBeNull();
    // The same figure again: nothing to announce.
    await r.sync.syncNow();
    expect(changes).toBe(2);
  });

  it('a hub figure older than our last change is not compared (our own payment, a new unit)', async () => {
    const r = await firstSync({ hidden: [NEWEST_UNIT] });
    expect(balancesView(r.db).watched.total[0]?.hubDisagrees).toBeNull();
    // The new unit is stored, but the check after it fails: the hub's figure predates the unit.
    r.history.release();
    r.hub.setHandler('light/get_balances', () => ({ error: 'busy' }));
    const result = await r.sync.syncNow();
    expect(result.changedUnits).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
    expect(r.sync.state.crossCheck).toMatch(/refused light\/get_balances \(busy\)/);
    expect(base(r, GRFM)).toEqual({ stable: 18999196, pending: 0 });
    expect(r.db.addressSyncStates([GRFM])[0]?.hubBalances['base']?.stable).toBe(20000000);
    expect(balancesView(r.db).watched.total[0]?.hubDisagrees).toBeNull();
    // The next check compares again, with the hub's figure of now.
    r.hub.setHandler('light/get_balances', inflated(r));
    await expect(r.sync.syncNow()).resolves.toMatchObject({ ok: true });
    expect(balancesView(r.db).watched.total[0]?.hubDisagrees).toMatchObject({ kind: 'total' });
  });
});
