/**
 * The preload exposes exactly `window.obyte` built from the contract, calls one channel per
 * method, and hands the page only event payloads, never the IPC event or ipcRenderer.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, METHOD_NAMES, methodChannel, type ObyteApi } from '../../shared/ipc';

type Handler = (event: unknown, ...args: unknown[]) => void;

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<[string, unknown[]]>,
  handlers: new Map<string, Handler>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value),
  },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      bridge.invoked.push([channel, args]);
      if (channel.endsWith('status.get')) return Promise.reject(new Error('main crashed'));
      return Promise.resolve({ ok: true, value: { exists: false } });
    },
    on: (channel: string, handler: Handler) => bridge.handlers.set(channel, handler),
  },
}));

let api: ObyteApi;

beforeAll(async () => {
  await import('../../electron/preload/index');
  api = bridge.exposed.get('obyte') as ObyteApi;
});

describe('preload', () => {
  it('exposes only window.obyte', () => {
    expect([...bridge.exposed.keys()]).toEqual(['obyte']);
    const groups = new Set(METHOD_NAMES.map((method) => method.split('.')[0] ?? ''));
    expect(Object.keys(api).sort()).toEqual([...groups, 'on'].sort());
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer');
  });

  it('has one function per contract method, each on its own channel', async () => {
    for (const method of METHOD_NAMES) {
      const [group, name] = method.split('.') as [keyof ObyteApi, string];
      const fn = (api[group] as unknown as Record<string, (p?: unknown) => Promise<unknown>>)[name];
      expect(typeof fn, method).toBe('function');
    }
    bridge.invoked.length = 0;
    await api.settings.update({ theme: 'dark' });
    expect(bridge.invoked).toEqual([[methodChannel('settings.update'), [{ theme: 'dark' }]]]);
  });

  it('turns a failed transport into a plain-words reply', async () => {
    await expect(api.status.get()).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('delivers event payloads only, and ignores unknown events', () => {
    const received: unknown[][] = [];
    const off = api.on('settingsChanged', (...args: unknown[]) => received.push(args));
    const handler = bridge.handlers.get(EVENT_CHANNEL);
    const ipcEvent = { sender: 'ipcRenderer-internals', ports: [] };
    handler?.(ipcEvent, 'settingsChanged', { theme: 'dark' });
    handler?.(ipcEvent, 'keysLeaked', { seed: 'x' });
    expect(received).toEqual([[{ theme: 'dark' }]]);
    off();
    handler?.(ipcEvent, 'settingsChanged', { theme: 'light' });
    expect(received).toHaveLength(1);
  });
});
