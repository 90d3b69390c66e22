/** The services wired together as the app wires them: honest answers and events from main. */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../electron/main/compose';
import { AppPaths } from '../../electron/main/services/app-paths';
import { NO_HUB_CLIENT_DETAIL } from '../../electron/main/services/status';
import type { EventName } from '../../shared/ipc';
import { fixedClock } from './fakes';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
let root: string;
let services: Services;
let events: Array<[EventName, unknown]>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'obyte-compose-'));
  services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: join(root, 'Obyte Light'), home: root }),
    appOrigin: 'app://obyte',
    clock: fixedClock(),
    logSink: () => undefined,
    offline: true,
  });
  events = [];
  services.events.subscribe((event, payload) => events.push([event, payload]));
});

afterEach(async () => {
  await services.close();
  await rm(root, { recursive: true, force: true });
});

describe('composeServices', () => {
  it('answers app.getInfo with the network data folder shortened to ~', async () => {
    await expect(services.dispatcher.dispatch('app.getInfo', undefined, APP)).resolves.toEqual({
      ok: true,
      value: {
        name: 'Obyte Light',
        version: '0.1.0',
        network: 'mainnet',
        dataDir: join('~', 'Obyte Light', 'mainnet'),
      },
    });
    await expect(stat(join(root, 'Obyte Light', 'mainnet'))).resolves.toBeTruthy();
  });

  it('reports an honest offline status: no MCI, idle, empty outbox', async () => {
    await expect(services.dispatcher.dispatch('status.get', undefined, APP)).resolves.toEqual({
      ok: true,
      value: {
        network: 'mainnet',
        hubUrl: 'wss://obyte.org/bb',
        connection: { state: 'offline', since: null, detail: NO_HUB_CLIENT_DETAIL },
        lastStableMci: null,
        lastStableMciAt: null,
        sync: { state: 'idle' },
        outbox: 0,
        secondHub: null,
      },
    });
    await expect(services.dispatcher.dispatch('wallet.getState', undefined, APP)).resolves.toEqual({
      ok: true,
      value: { state: 'none', keychainAvailable: false },
    });
  });

  it('a network change announces settingsChanged and statusChanged and makes the folder', async () => {
    const reply = await services.dispatcher.dispatch(
      'settings.update',
      { network: 'devnet', devnetHubUrl: 'ws://127.0.0.1:6611' },
      APP,
    );
    expect(reply).toMatchObject({ ok: true, value: { network: 'devnet' } });
    expect(events.map(([name]) => name)).toEqual(['settingsChanged', 'statusChanged']);
    expect(events[1]?.[1]).toMatchObject({ network: 'devnet', hubUrl: 'ws://127.0.0.1:6611' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(stat(join(root, 'Obyte Light', 'devnet'))).resolves.toBeTruthy();
  });

  it('a theme change announces settings only; the status is unchanged', async () => {
    await services.dispatcher.dispatch('settings.update', { theme: 'dark' }, APP);
    expect(events.map(([name]) => name)).toEqual(['settingsChanged']);
  });

  it('history.markSeen clears payment notifications and is not user activity (auto-lock)', async () => {
    let activity = 0;
    services.wallet.recordActivity = () => {
      activity += 1;
    };
    services.notifications.paymentReceived({ unit: 'U', amountText: '+1 GBYTE' });
    expect(services.notifications.unreadCount).toBe(1);
    await expect(services.dispatcher.dispatch('history.markSeen', undefined, APP)).resolves.toEqual(
      { ok: true, value: { done: true } },
    );
    expect(services.notifications.unreadCount).toBe(0);
    // Marking a chat read (also sent when a message lands in the open chat) is passive too.
    await services.dispatcher.dispatch(
      'chat.markRead',
      { correspondent: `0${'A'.repeat(32)}` },
      APP,
    );
    expect(activity).toBe(0);
    // A call the user makes does count.
    await services.dispatcher.dispatch('sync.now', undefined, APP);
    expect(activity).toBe(1);
  });

  it('a database closed before the outbox is first read (a network switch) is no crash', async () => {
    // services() reads the outbox in a microtask; a CI run under load saw the network switch
    // close the database first, and the read threw "The database connection is not open"
    // uncaught in main (vitest fails the run on such an error).
    services.wallet.services();
    services.light.parts.db.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(services.status.get().outbox).toBe(0);
  });

  it('drops an event whose payload breaks the contract', () => {
    services.events.emit('statusChanged', {
      ...services.status.get(),
      outbox: -1,
    });
    expect(events).toEqual([]);
  });
});

describe('composeServices with a network and hub for this run (the CLI --network, --hub)', () => {
  let runRoot: string;
  let run: Services;

  beforeEach(async () => {
    runRoot = await mkdtemp(join(tmpdir(), 'obyte-compose-run-'));
  });

  afterEach(async () => {
    await run.close();
    await rm(runRoot, { recursive: true, force: true });
  });

  it('creates only the chosen network folder and reports that network and hub', async () => {
    run = await composeServices({
      app: { name: 'Obyte Light', version: '0.1.0' },
      paths: new AppPaths({ root: runRoot, home: runRoot }),
      appOrigin: 'app://obyte',
      clock: fixedClock(),
      logSink: () => undefined,
      offline: true,
      network: 'devnet',
      hubUrl: 'ws://127.0.0.1:6611',
    });
    await run.wallet.state();
    expect((await readdir(runRoot)).filter((name) => name.endsWith('net')).sort()).toEqual([
      'devnet',
    ]);
    expect(run.light.parts.network).toBe('devnet');
    expect(run.status.get()).toMatchObject({ network: 'devnet', hubUrl: 'ws://127.0.0.1:6611' });
    // The saved settings keep their network.
    expect(run.settings.get().network).toBe('mainnet');
    // app.getInfo names the network this run uses and its folder, not the saved one.
    await expect(run.dispatcher.dispatch('app.getInfo', undefined, APP)).resolves.toEqual({
      ok: true,
      value: {
        name: 'Obyte Light',
        version: '0.1.0',
        network: 'devnet',
        dataDir: join('~', 'devnet'),
      },
    });
  });
});
