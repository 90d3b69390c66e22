/**
 * What an IPC call alone cannot do: open a chat's web link, or show the recovery phrase of a
 * wallet kept in the OS keychain. Both wait for a confirmation main asks for itself (here a
 * recording stand-in for the native dialog and Touch ID); without one, neither happens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../../electron/main/compose';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { systemClock } from '../../../electron/main/services/clock';
import type { UserConfirmation } from '../../../electron/main/services/user-confirmation';
import type { BackupDraft, IpcReply } from '../../../shared/ipc';
import { FakeKeychain } from '../keystore/support';
import { RecordingConfirmation } from '../../support/recording-confirmation';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };

let root: string;
let opened: string[];
const running: Services[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'obyte-confirm-ipc-'));
  opened = [];
});

afterEach(async () => {
  for (const services of running.splice(0)) await services.close();
  await rm(root, { recursive: true, force: true });
});

async function start(confirmation?: UserConfirmation): Promise<Services> {
  const services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: join(root, 'data'), home: root }),
    appOrigin: 'app://obyte',
    clock: systemClock,
    logSink: () => undefined,
    offline: true,
    testScrypt: { N: 16, r: 1, p: 1 },
    keychain: keychain,
    desktop: {
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
    ...(confirmation === undefined ? {} : { confirmation }),
  });
  running.push(services);
  return services;
}

let keychain: FakeKeychain;
beforeEach(() => {
  keychain = new FakeKeychain();
});

async function call<T>(services: Services, method: string, params?: unknown) {
  return (await services.dispatcher.dispatch(method, params, APP)) as IpcReply<T>;
}

/** A new wallet kept in the keychain (unlocked), and its phrase. */
async function keychainWallet(services: Services): Promise<string> {
  const reply = await call<BackupDraft>(services, 'wallet.createWithMnemonicForBackup');
  if (!reply.ok) throw new Error(reply.error.message);
  const draft = reply.value;
  const words = draft.mnemonic.split(' ');
  const confirmed = await call(services, 'wallet.confirmBackup', {
    draftId: draft.draftId,
    answers: draft.askPositions.map((position) => ({ position, word: words[position - 1] })),
    protection: { mode: 'keychain' },
  });
  expect(confirmed.ok).toBe(true);
  return draft.mnemonic;
}

describe('a chat web link', () => {
  it('opens only after main asked, showing the host in ASCII and the whole address', async () => {
    const confirmation = new RecordingConfirmation(false);
    const services = await start(confirmation);
    await keychainWallet(services);

    const declined = await call(services, 'links.openWeb', { url: 'https://пример.рф/x?y=1' });
    expect(declined).toEqual({
      ok: true,
      value: { opened: false, url: 'https://xn--e1afmkfd.xn--p1ai/x?y=1' },
    });
    expect(opened).toEqual([]);
    expect(confirmation.asked).toHaveLength(1);
    expect(confirmation.asked[0]?.message).toBe(
      'Open a page on xn--e1afmkfd.xn--p1ai in your browser?',
    );
    expect(confirmation.asked[0]?.detail).toContain(
      'Full address:\nhttps://xn--e1afmkfd.xn--p1ai/x?y=1',
    );

    confirmation.answer = true;
    const accepted = await call(services, 'links.openWeb', { url: 'https://obyte.org/bots' });
    expect(accepted).toEqual({ ok: true, value: { opened: true, url: 'https://obyte.org/bots' } });
    expect(opened).toEqual(['https://obyte.org/bots']);

    // A host disguised by a user name is refused in words, before any question.
    const disguised = await call(services, 'links.openWeb', {
      url: 'https://obyte.org@evil.example/',
    });
    expect(disguised.ok ? '' : disguised.error.message).toMatch(/really goes to evil\.example/);
    expect(confirmation.asked).toHaveLength(2);
    expect(opened).toEqual(['https://obyte.org/bots']);
  });

  it('never opens without main’s own dialog (the page asking is not enough)', async () => {
    const services = await start();
    await keychainWallet(services);
    const reply = await call(services, 'links.openWeb', { url: 'https://obyte.org/' });
    expect(reply).toEqual({ ok: true, value: { opened: false, url: 'https://obyte.org/' } });
    expect(opened).toEqual([]);
  });
});

describe('the recovery phrase of a keychain wallet', () => {
  it('is shown only after the user confirmed in person (Touch ID or main’s dialog)', async () => {
    const confirmation = new RecordingConfirmation(false);
    const services = await start(confirmation);
    const mnemonic = await keychainWallet(services);

    const declined = await call(services, 'wallet.revealMnemonicForBackup', {});
    expect(declined).toEqual({
      ok: false,
      error: {
        code: 'rejected',
        message: 'The recovery phrase was not shown: it was not confirmed on this computer.',
      },
    });
    expect(confirmation.verified).toHaveLength(1);
    expect(confirmation.verified[0]?.reason).toBe('show the recovery phrase of your wallet');
    expect(confirmation.verified[0]?.detail).toMatch(/Anyone who sees these words/);

    confirmation.answer = true;
    const shown = await call(services, 'wallet.revealMnemonicForBackup', {});
    expect(shown).toEqual({ ok: true, value: { mnemonic } });
  });

  it('is not shown at all where main cannot ask (an IPC call alone)', async () => {
    const services = await start();
    await keychainWallet(services);
    const reply = await call(services, 'wallet.revealMnemonicForBackup', {});
    expect(reply.ok ? '' : reply.error.message).toMatch(
      /needs a confirmation on this computer, which is not available here/,
    );
  });
});
