/**
 * Settings on disk: atomic writes that survive a crash mid-write, lenient reading that keeps
 * the good fields, a corrupt file kept aside, updates applied one at a time.
 */
import * as fsp from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtomicFile, type AtomicFs } from '../../electron/main/services/atomic-file';
import { hubUrlFor, hubUrlsFor } from '../../electron/main/services/networks';
import { DEFAULT_SETTINGS, SettingsStore } from '../../electron/main/services/settings-store';
import { fixedClock, recordingLogger } from './fakes';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obyte-settings-'));
  path = join(dir, 'settings.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function store(fs?: AtomicFs): SettingsStore {
  return new SettingsStore({
    file: new AtomicFile(path, { fs }),
    logger: recordingLogger().logger,
    clock: fixedClock(),
  });
}

describe('AtomicFile', () => {
  it('writes through a temp file and leaves no temp behind', async () => {
    const file = new AtomicFile(path);
    await file.write('one');
    await file.write('two');
    await expect(readFile(path, 'utf8')).resolves.toBe('two');
    await expect(readdir(dir)).resolves.toEqual(['settings.json']);
  });

  it('a crash before the rename leaves the old file intact and a temp file behind', async () => {
    await new AtomicFile(path).write('{"settings":{"theme":"dark"}}');
    const crashing: AtomicFs = {
      ...fsp,
      rename: () => Promise.reject(new Error('simulated crash: power lost before rename')),
    };
    await expect(new AtomicFile(path, { fs: crashing }).write('NEW')).rejects.toThrow(
      'simulated crash',
    );
    await expect(readFile(path, 'utf8')).resolves.toBe('{"settings":{"theme":"dark"}}');
    const names = await readdir(dir);
    expect(names).toHaveLength(2);
    const temp = names.find((name) => name !== 'settings.json') ?? '';
    expect(temp).toMatch(/^settings\.json\.tmp-[0-9a-f]+$/);
    await expect(readFile(join(dir, temp), 'utf8')).resolves.toBe('NEW');
  });

  it('a crash in the middle of writing the temp file never touches the target', async () => {
    await new AtomicFile(path).write('old');
    const crashing: AtomicFs = {
      ...fsp,
      open: async (...args: Parameters<typeof fsp.open>) => {
        const handle = await fsp.open(...args);
        return Object.assign(Object.create(handle) as typeof handle, {
          writeFile: async () => {
            await handle.write('NE');
            throw new Error('simulated crash: disk full');
          },
          close: () => handle.close(),
        });
      },
    };
    await expect(new AtomicFile(path, { fs: crashing }).write('NEW')).rejects.toThrow('disk full');
    await expect(readFile(path, 'utf8')).resolves.toBe('old');
  });

  it('sweeps temp files an earlier crash left', async () => {
    await writeFile(join(dir, 'settings.json.tmp-abc123'), 'partial');
    await writeFile(join(dir, 'other.json.tmp-abc123'), 'not ours');
    await expect(new AtomicFile(path).sweepTemps()).resolves.toBe(1);
    await expect(readdir(dir)).resolves.toEqual(['other.json.tmp-abc123']);
  });
});

describe('SettingsStore', () => {
  it('starts from defaults when there is no file', async () => {
    await expect(store().load()).resolves.toEqual(DEFAULT_SETTINGS);
  });

  it('after a crashed write, the next start reads the old settings and removes the temp', async () => {
    const first = store();
    await first.load();
    await first.update({ theme: 'dark', unit: 'MB' });
    const crashing: AtomicFs = {
      ...fsp,
      rename: () => Promise.reject(new Error('simulated crash')),
    };
    const second = store(crashing);
    await second.load();
    await expect(second.update({ theme: 'light' })).rejects.toThrow('simulated crash');
    expect(second.get().theme).toBe('dark');

    const restarted = store();
    await expect(restarted.load()).resolves.toMatchObject({ theme: 'dark', unit: 'MB' });
    await expect(readdir(dir)).resolves.toEqual(['settings.json']);
  });

  it('persists updates and tells listeners with the previous value', async () => {
    const settings = store();
    await settings.load();
    const listener = vi.fn();
    settings.onChange(listener);
    await settings.update({ network: 'testnet' });
    expect(listener).toHaveBeenCalledWith(
      expect.objectContaining({ network: 'testnet' }),
      expect.objectContaining({ network: 'mainnet' }),
    );
    const written = JSON.parse(await readFile(path, 'utf8')) as unknown;
    expect(written).toEqual({ version: 1, settings: { ...DEFAULT_SETTINGS, network: 'testnet' } });
  });

  it('applies concurrent updates one after another, losing none', async () => {
    const settings = store();
    await settings.load();
    await Promise.all([
      settings.update({ theme: 'dark' }),
      settings.update({ unit: 'KB' }),
      settings.update({ network: 'devnet', devnetHubUrl: 'ws://10.0.0.2:6611' }),
    ]);
    const restarted = store();
    await expect(restarted.load()).resolves.toEqual({
      theme: 'dark',
      unit: 'KB',
      network: 'devnet',
      devnetHubUrl: 'ws://10.0.0.2:6611',
      deviceName: 'Obyte Light',
      spendUnconfirmed: 'own',
      fiatCurrency: 'off',
    });
  });

  it('keeps good fields when one field is bad', async () => {
    await writeFile(
      path,
      JSON.stringify({ version: 1, settings: { theme: 'dark', network: 'moonnet', unit: 'KB' } }),
    );
    await expect(store().load()).resolves.toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      unit: 'KB',
    });
  });

  it('spendUnconfirmed: saved and read back; a file without it or with a bad value means own', async () => {
    const settings = store();
    await settings.load();
    expect(settings.get().spendUnconfirmed).toBe('own');
    await settings.update({ spendUnconfirmed: 'none' });
    await expect(store().load()).resolves.toMatchObject({ spendUnconfirmed: 'none' });
    await writeFile(
      path,
      JSON.stringify({ version: 1, settings: { theme: 'dark', spendUnconfirmed: 'most' } }),
    );
    await expect(store().load()).resolves.toMatchObject({ theme: 'dark', spendUnconfirmed: 'own' });
    await expect(settings.update({ spendUnconfirmed: 'some' as 'all' })).rejects.toThrow();
  });

  it('keeps a file that is not JSON aside and starts from defaults', async () => {
    await writeFile(path, '{"settings": {"theme": "da');
    await expect(store().load()).resolves.toEqual(DEFAULT_SETTINGS);
    const names = await readdir(dir);
    expect(names).toContain(`settings.json.corrupt-${fixedClock().now()}`);
  });
});

describe('hubs per network', () => {
  it('keeps a custom wss:// hub with fallbacks, and the failover list follows it', async () => {
    const settings = store();
    await settings.load();
    const next = await settings.update({
      customHubs: {
        mainnet: { url: 'wss://my-hub.example/bb', fallbacks: ['wss://obyte.org/bb'] },
        devnet: { url: 'ws://127.0.0.1:6611', fallbacks: ['ws://127.0.0.1:6612'] },
      },
    });
    expect(hubUrlFor(next)).toBe('wss://my-hub.example/bb');
    expect(hubUrlsFor(next)).toEqual(['wss://my-hub.example/bb', 'wss://obyte.org/bb']);
    expect(hubUrlsFor({ ...next, network: 'testnet' })).toEqual(['wss://obyte.org/bb-test']);
    expect(hubUrlsFor({ ...next, network: 'devnet' })).toEqual([
      'ws://127.0.0.1:6611',
      'ws://127.0.0.1:6612',
    ]);
    await expect(store().load()).resolves.toEqual(next);
  });

  it('refuses ws:// on mainnet and bad fallbacks, in words', async () => {
    const settings = store();
    await settings.load();
    await expect(
      settings.update({ customHubs: { mainnet: { url: 'ws://my-hub.example', fallbacks: [] } } }),
    ).rejects.toThrow(/A mainnet hub must use an encrypted wss:\/\/ address/);
    await expect(
      settings.update({
        customHubs: { testnet: { url: 'wss://t.example', fallbacks: ['nonsense'] } },
      }),
    ).rejects.toThrow(/Fallback hub 1: A testnet hub must use/);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('drops a stored hub choice that no longer validates (never a wrong hub)', async () => {
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        settings: { network: 'mainnet', customHubs: { mainnet: { url: 'ws://x', fallbacks: [] } } },
      }),
    );
    const loaded = await store().load();
    expect(loaded.customHubs).toBeUndefined();
    expect(hubUrlFor(loaded)).toBe('wss://obyte.org/bb');
  });
});
