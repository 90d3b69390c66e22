/**
 * IPC registration and the handler table: one handle per method, the sender frame checked,
 * params and results validated, capabilities enforced, and nothing internal in a reply.
 */
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, methodChannel, UserFacingError } from '../../shared/ipc';
import { INTERNAL_MESSAGE, IpcDispatcher, type Handlers } from '../../electron/main/ipc/dispatcher';
import {
  registerIpc,
  senderOf,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../electron/main/ipc/register';
import { originOf, trustedSender, type Sender } from '../../electron/main/ipc/sender';
import { recordingLogger } from './fakes';

const APP = { url: 'app://obyte/index.html', isMainFrame: true } satisfies Sender;

const notUsed = (): never => {
  throw new Error('not used');
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.getInfo': () => ({
      name: 'Obyte Light',
      version: '0.1.0',
      network: 'mainnet',
      dataDir: '~/x',
    }),
    'settings.get': () => ({
      theme: 'system',
      network: 'mainnet',
      devnetHubUrl: 'ws://localhost:6611',
      unit: 'GBYTE',
      deviceName: 'Obyte Light',
      spendUnconfirmed: 'own',
      fiatCurrency: 'off',
    }),
    'settings.update': (patch) => ({
      theme: patch.theme ?? 'system',
      network: 'mainnet',
      devnetHubUrl: 'ws://localhost:6611',
      unit: 'GBYTE',
      deviceName: 'Obyte Light',
      spendUnconfirmed: 'own',
      fiatCurrency: 'off',
    }),
    'status.get': () => {
      throw new Error('not used');
    },
    'wallet.getState': () => ({ state: 'none' as const, keychainAvailable: false }),
    'wallet.lock': () => ({ state: 'none' as const, keychainAvailable: false }),
    'wallet.createWithMnemonicForBackup': notUsed,
    'wallet.confirmBackup': notUsed,
    'wallet.restoreFromMnemonic': notUsed,
    'wallet.unlock': notUsed,
    'wallet.changePassword': notUsed,
    'wallet.setProtection': notUsed,
    'wallet.setAutoLock': notUsed,
    'wallet.revealMnemonicForBackup': notUsed,
    'addresses.list': notUsed,
    'receive.nextAddress': notUsed,
    'receive.paymentUri': notUsed,
    'payments.preview': notUsed,
    'payments.send': notUsed,
    'payments.pending': notUsed,
    'textcoins.previewSend': notUsed,
    'textcoins.send': notUsed,
    'textcoins.list': notUsed,
    'textcoins.assets': notUsed,
    'textcoins.previewClaim': notUsed,
    'textcoins.previewTakeBack': notUsed,
    'textcoins.claim': notUsed,
    'textcoins.discard': notUsed,
    'watch.add': notUsed,
    'watch.remove': notUsed,
    'watch.list': () => [],
    'balances.get': notUsed,
    'rates.get': notUsed,
    'accounts.list': notUsed,
    'accounts.create': notUsed,
    'accounts.update': notUsed,
    'accounts.select': notUsed,
    'history.list': notUsed,
    'history.get': notUsed,
    'history.markSeen': notUsed,
    'history.export': notUsed,
    'sync.now': notUsed,
    'labels.list': notUsed,
    'labels.set': notUsed,
    'labels.export': notUsed,
    'labels.import': notUsed,
    'contacts.list': notUsed,
    'contacts.add': notUsed,
    'contacts.update': notUsed,
    'contacts.remove': notUsed,
    'links.openExplorer': notUsed,
    'links.openWeb': notUsed,
    'chat.listCorrespondents': notUsed,
    'chat.listMessages': notUsed,
    'chat.sendText': notUsed,
    'chat.retry': notUsed,
    'chat.markRead': notUsed,
    'chat.pair': notUsed,
    'chat.ourPairingCode': notUsed,
    'chat.rename': notUsed,
    'chat.remove': notUsed,
    'bots.list': notUsed,
    'updates.getState': notUsed,
    'updates.setCheckAtStartup': notUsed,
    'updates.checkNow': notUsed,
    'updates.openReleasePage': notUsed,
    'messages.prepareSign': notUsed,
    'messages.sign': notUsed,
    'messages.verify': notUsed,
    'aa.details': notUsed,
    'aa.stateVars': notUsed,
    'attestations.list': notUsed,
    'profiles.list': notUsed,
    'profiles.save': notUsed,
    'profiles.remove': notUsed,
    'profiles.removeAll': notUsed,
    'profiles.prepareShare': notUsed,
    'profiles.share': notUsed,
    'backup.getState': notUsed,
    'backup.export': notUsed,
    'backup.chooseFile': notUsed,
    'backup.import': notUsed,
    'backup.autoState': notUsed,
    'backup.autoChooseFolder': notUsed,
    'backup.autoOn': notUsed,
    'backup.autoOff': notUsed,
    'backup.autoNow': notUsed,
    ...overrides,
  };
}

function dispatcher(overrides: Partial<Handlers> = {}, unlocked = false, timeoutMs?: number) {
  const { logger, lines } = recordingLogger();
  const table = new IpcDispatcher({
    handlers: handlers(overrides),
    isTrustedSender: trustedSender('app://obyte'),
    isWalletUnlocked: () => unlocked,
    logger,
    timeoutMs,
  });
  return { table, lines };
}

describe('sender check', () => {
  it('accepts only the main frame of the app origin', () => {
    const trusted = trustedSender('app://obyte');
    expect(trusted(APP)).toBe(true);
    expect(trusted({ url: 'app://obyte/other.html', isMainFrame: true })).toBe(true);
    expect(trusted({ url: 'app://obyte/index.html', isMainFrame: false })).toBe(false);
    expect(trusted({ url: 'app://evil/index.html', isMainFrame: true })).toBe(false);
    expect(trusted({ url: 'https://obyte/index.html', isMainFrame: true })).toBe(false);
    expect(trusted({ url: 'file:///app/index.html', isMainFrame: true })).toBe(false);
    expect(trusted({ url: null, isMainFrame: true })).toBe(false);
    expect(trusted({ url: 'not a url', isMainFrame: true })).toBe(false);
  });

  it('compares ports for loopback origins', () => {
    const trusted = trustedSender('http://127.0.0.1:5173');
    expect(trusted({ url: 'http://127.0.0.1:5173/#/send', isMainFrame: true })).toBe(true);
    expect(trusted({ url: 'http://127.0.0.1:5174/', isMainFrame: true })).toBe(false);
    expect(originOf('app://obyte/index.html')).toBe('app://obyte');
  });
});

describe('registerIpc', () => {
  function fakeIpcMain() {
    const handles = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: vi.fn((channel: string, listener: (e: InvokeEventLike, ...a: unknown[]) => unknown) =>
        handles.set(channel, listener),
      ),
      removeHandler: vi.fn((channel: string) => handles.delete(channel)),
    };
    return { ipcMain: ipcMain as unknown as IpcMainLike, handles };
  }

  it('registers one handle per contract method and removes them again', () => {
    const { ipcMain, handles } = fakeIpcMain();
    const dispose = registerIpc(ipcMain, dispatcher().table);
    expect([...handles.keys()].sort()).toEqual(METHOD_NAMES.map(methodChannel).sort());
    dispose();
    expect(handles.size).toBe(0);
  });

  it('passes the sender frame, and a subframe or foreign frame is rejected', async () => {
    const { ipcMain, handles } = fakeIpcMain();
    registerIpc(ipcMain, dispatcher().table);
    const call = handles.get(methodChannel('wallet.getState'));
    const mainFrame = { url: 'app://obyte/index.html' };
    const fromApp: InvokeEventLike = { senderFrame: mainFrame, sender: { mainFrame } };
    await expect(call?.(fromApp, undefined)).resolves.toEqual({
      ok: true,
      value: { state: 'none', keychainAvailable: false },
    });
    const subframe: InvokeEventLike = {
      senderFrame: { url: 'app://obyte/index.html' },
      sender: { mainFrame },
    };
    const foreign: InvokeEventLike = {
      senderFrame: { url: 'https://evil.example/' },
      sender: { mainFrame: null },
    };
    const gone: InvokeEventLike = { senderFrame: null, sender: { mainFrame } };
    for (const event of [subframe, foreign, gone]) {
      const reply = (await call?.(event, undefined)) as { ok: boolean; error?: { code: string } };
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe('forbidden_sender');
    }
    expect(senderOf(foreign)).toEqual({ url: 'https://evil.example/', isMainFrame: false });
  });
});

describe('IpcDispatcher', () => {
  it('rejects unknown methods', async () => {
    const { table } = dispatcher();
    await expect(table.dispatch('keys.export', undefined, APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    await expect(table.dispatch({ toString: 1 }, undefined, APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });

  it('validates params before the handler runs', async () => {
    const update = vi.fn(handlers()['settings.update']);
    const { table } = dispatcher({ 'settings.update': update });
    for (const params of [
      { theme: 'purple' },
      { theme: 'dark', extra: 1 },
      {},
      null,
      'dark',
      { devnetHubUrl: 'http://x' },
    ]) {
      const reply = await table.dispatch('settings.update', params, APP);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    }
    await expect(table.dispatch('settings.get', { a: 1 }, APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_params', message: 'This request takes no parameters.' },
    });
    expect(update).not.toHaveBeenCalled();
    await expect(table.dispatch('settings.update', { theme: 'dark' }, APP)).resolves.toEqual({
      ok: true,
      value: expect.objectContaining({ theme: 'dark' }),
    });
  });

  it('says in words what was wrong with a param', async () => {
    const { table } = dispatcher();
    const reply = await table.dispatch('settings.update', { devnetHubUrl: 'http://x' }, APP);
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid_params',
        message:
          'The hub address must start with ws:// or wss://, for example ws://localhost:6611.',
      },
    });
  });

  it('refuses needsUnlockedWallet methods while no wallet is unlocked', async () => {
    const UNIT = 'A'.repeat(43) + '=';
    const send = vi.fn(() => ({ status: 'accepted' as const, unit: UNIT, message: null }));
    const locked = dispatcher({ 'payments.send': send }, false).table;
    await expect(locked.dispatch('payments.send', { previewId: 'p1' }, APP)).resolves.toMatchObject(
      {
        ok: false,
        error: { code: 'wallet_locked' },
      },
    );
    expect(send).not.toHaveBeenCalled();
    const unlocked = dispatcher({ 'payments.send': send }, true).table;
    await expect(
      unlocked.dispatch('payments.send', { previewId: 'p1' }, APP),
    ).resolves.toMatchObject({
      ok: true,
    });
  });

  it('validates results: a handler bug becomes invalid_result without detail', async () => {
    const { table, lines } = dispatcher({
      'app.getInfo': () =>
        ({ name: 'Obyte Light', version: 1, secretKey: 'abc' }) as unknown as ReturnType<
          Handlers['app.getInfo']
        >,
    });
    const reply = await table.dispatch('app.getInfo', undefined, APP);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid_result', message: INTERNAL_MESSAGE },
    });
    expect(lines.join('\n')).toContain('outside its schema');
  });

  it('strips unknown fields from results', async () => {
    const { table } = dispatcher({
      'wallet.getState': () =>
        ({ state: 'none', keychainAvailable: false, seed: 'hidden' }) as unknown as ReturnType<
          Handlers['wallet.getState']
        >,
    });
    await expect(table.dispatch('wallet.getState', undefined, APP)).resolves.toEqual({
      ok: true,
      value: { state: 'none', keychainAvailable: false },
    });
  });

  it('never leaks a stack or an internal message; logs it redacted instead', async () => {
    const { table, lines } = dispatcher({
      'settings.get': () => {
        throw new Error('ENOENT /home/alice/.config/secret password=hunter2');
      },
    });
    const reply = await table.dispatch('settings.get', undefined, APP);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
    const text = JSON.stringify(reply);
    expect(text).not.toContain('ENOENT');
    expect(text).not.toContain('at ');
    expect(lines.some((line) => line.includes('An IPC handler failed'))).toBe(true);
  });

  it('passes a UserFacingError through as a sentence', async () => {
    const { table } = dispatcher({
      'settings.get': () => {
        throw new UserFacingError('The settings file is read-only.');
      },
    });
    await expect(table.dispatch('settings.get', undefined, APP)).resolves.toEqual({
      ok: false,
      error: { code: 'rejected', message: 'The settings file is read-only.' },
    });
  });

  it('answers a handler that hangs with a timeout sentence', async () => {
    const { table } = dispatcher(
      { 'settings.get': () => new Promise<never>(() => undefined) },
      false,
      30,
    );
    await expect(table.dispatch('settings.get', undefined, APP)).resolves.toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: 'Obyte Light did not finish this in 1 s. Please try again.',
      },
    });
  });

  it('rejects a foreign sender before parsing anything', async () => {
    const getInfo = vi.fn(handlers()['app.getInfo']);
    const { table } = dispatcher({ 'app.getInfo': getInfo });
    const reply = await table.dispatch('app.getInfo', undefined, {
      url: 'https://evil.example/',
      isMainFrame: true,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(getInfo).not.toHaveBeenCalled();
  });
});
