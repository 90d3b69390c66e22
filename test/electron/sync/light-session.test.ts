/**
 * The light session keeps the hub's latest system_vars (the fee parameters a payment's oversize
 * fee depends on) and asks to be told of changes on every connection.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { systemClock } from '../../../electron/main/services/clock';
import { DEFAULT_SETTINGS } from '../../../electron/main/services/settings-store';
import { LightSession } from '../../../electron/main/services/sync';
import { thresholdSizeAt } from '../../../shared/protocol/commission';
import { DevnetHistory, TestHub } from '../../support/test-hub';
import { until } from '../../support/until';
import { recordingLogger } from '../fakes';

let session: LightSession | null = null;
let hub: TestHub | null = null;
let root: string | null = null;

afterEach(async () => {
  await session?.close();
  await hub?.stop();
  if (root) await rm(root, { recursive: true, force: true });
  session = null;
  hub = null;
  root = null;
});

const VARS = (threshold: number) => ({
  op_list: [{ vote_count_mci: -1, value: ['WXCEBCUWB22PYCQTMXW6WKDHI6VZXXCM'], is_emergency: 0 }],
  threshold_size: [
    { vote_count_mci: 50, value: threshold, is_emergency: 0 },
    { vote_count_mci: -1, value: 10000, is_emergency: 0 },
  ],
});

describe('LightSession', () => {
  it("keeps the hub's latest system_vars and watches them on connect", async () => {
    hub = new TestHub();
    new DevnetHistory().install(hub);
    const url = await hub.start();
    root = await mkdtemp(join(tmpdir(), 'obyte-light-session-'));
    const log = recordingLogger();
    session = new LightSession({
      paths: new AppPaths({ root, home: root }),
      logger: log.logger,
      clock: systemClock,
      program: { name: 'test', version: '0.0.1' },
      hubUrl: url,
    });
    await session.apply({ ...DEFAULT_SETTINGS, network: 'devnet' });
    const parts = session.parts;
    expect(parts.systemVars()).toBeNull();
    await until(() => parts.hub.isConnected, 'the test hub connection', 5_000);
    await until(
      () => (hub?.lastConnection?.justsayings('watch_system_vars').length ?? 0) === 1,
      'watch_system_vars sent once',
      5_000,
    );

    hub.broadcast('system_vars', VARS(20000));
    await until(() => parts.systemVars() !== null, 'the system vars', 5_000);
    expect(thresholdSizeAt(parts.systemVars()?.['threshold_size'], 51)).toBe(20000);
    expect(thresholdSizeAt(parts.systemVars()?.['threshold_size'], 50)).toBe(10000);

    // A later change replaces it; a malformed body is dropped, the last good one stays.
    hub.broadcast('system_vars', VARS(15000));
    await until(
      () => thresholdSizeAt(parts.systemVars()?.['threshold_size'], 51) === 15000,
      'the voted threshold_size at MCI 51',
      5_000,
    );
    hub.broadcast('system_vars', { threshold_size: 'lots' });
    await until(
      () => log.lines.some((line) => line.includes('Ignored a malformed message from the hub')),
      'the malformed body dropped',
      5_000,
    );
    expect(thresholdSizeAt(parts.systemVars()?.['threshold_size'], 51)).toBe(15000);

    // A body naming only some variables changes those and keeps the others, as ocore's light
    // client does (network.js: _.assign(storage.systemVars, body)).
    const interval = [{ vote_count_mci: 60, value: 2, is_emergency: 0 }];
    hub.broadcast('system_vars', { tps_interval: interval });
    await until(
      () => parts.systemVars()?.['tps_interval'] !== undefined,
      'the tps_interval',
      5_000,
    );
    expect(parts.systemVars()).toEqual({ ...VARS(15000), tps_interval: interval });
    // An empty body changes nothing.
    const before = parts.systemVars();
    hub.broadcast('system_vars', {});
    hub.broadcast('system_vars', { threshold_size: VARS(12000).threshold_size });
    await until(
      () => thresholdSizeAt(parts.systemVars()?.['threshold_size'], 51) === 12000,
      'the next change',
      5_000,
    );
    expect(parts.systemVars()).toEqual({ ...before, threshold_size: VARS(12000).threshold_size });
  });
});
