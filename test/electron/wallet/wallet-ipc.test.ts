/**
 * The wallet over the real IPC dispatcher (compose.ts, offline, fast scrypt): create only after
 * the backup check, wrong password in words with a growing delay, the recovery phrase only with
 * the password, signing refused while locked, and no word of the phrase in any log line.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../../electron/main/compose';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { systemClock } from '../../../electron/main/services/clock';
import type { BackupDraft, EventName, IpcReply, WalletStatus } from '../../../shared/ipc';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
const PASSWORD = 'a long enough password';
let root: string;
let services: Services;
let logs: string[];
let events: EventName[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'obyte-wallet-ipc-'));
  logs = [];
  services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: join(root, 'data'), home: root }),
    appOrigin: 'app://obyte',
    clock: systemClock,
    logSink: (line) => logs.push(line),
    logLevel: 'debug',
    offline: true,
    testScrypt: { N: 16, r: 1, p: 1 },
    testMaxRetryDelayMs: 1_000,
  });
  events = [];
  services.events.subscribe((event) => events.push(event));
});

afterEach(async () => {
  await services.close();
  await rm(root, { recursive: true, force: true });
});

async function call<T>(method: string, params?: unknown): Promise<IpcReply<T>> {
  return (await services.dispatcher.dispatch(method, params, APP)) as IpcReply<T>;
}

async function value<T>(method: string, params?: unknown): Promise<T> {
  const reply = await call<T>(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value;
}

async function created(): Promise<BackupDraft> {
  const draft = await value<BackupDraft>('wallet.createWithMnemonicForBackup');
  const words = draft.mnemonic.split(' ');
  const answers = draft.askPositions.map((position) => ({
    position,
    word: words[position - 1] ?? '',
  }));
  const result = await value<{ confirmed: boolean; wallet: WalletStatus | null }>(
    'wallet.confirmBackup',
    { draftId: draft.draftId, answers, protection: { mode: 'password', password: PASSWORD } },
  );
  expect(result.confirmed).toBe(true);
  return draft;
}

/** Every file under the data folder with its bytes (the logs aside). */
async function folder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (!path.includes(`${join('data', 'logs')}`)) {
      out[path] = (await readFile(path)).toString('base64');
    }
  }
  return out;
}

describe('the wallet over IPC', () => {
  it('refuses a one-character password on create, restore and change in words, writing nothing', async () => {
    const before = await folder(root);
    const rule =
      'That password has 1 character; a wallet password needs at least 10 (a few words you can remember are best).';
    const draft = await value<BackupDraft>('wallet.createWithMnemonicForBackup');
    const words = draft.mnemonic.split(' ');
    const create = await call('wallet.confirmBackup', {
      draftId: draft.draftId,
      answers: draft.askPositions.map((position) => ({ position, word: words[position - 1] })),
      protection: { mode: 'password', password: 'x' },
    });
    expect(create).toEqual({ ok: false, error: { code: 'invalid_params', message: rule } });
    const restore = await call('wallet.restoreFromMnemonic', {
      mnemonic:
        'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
      protection: { mode: 'password', password: 'x' },
    });
    expect(restore).toEqual({ ok: false, error: { code: 'invalid_params', message: rule } });
    const change = await call('wallet.changePassword', { newPassword: 'x' });
    expect(change).toEqual({ ok: false, error: { code: 'invalid_params', message: rule } });
    expect(await folder(root)).toEqual(before);
    await expect(value<WalletStatus>('wallet.getState')).resolves.toMatchObject({
      state: 'none',
    });
  });

  it('writes nothing until the backup check passes', async () => {
    const draft = await value<BackupDraft>('wallet.createWithMnemonicForBackup');
    expect(draft.mnemonic.split(' ')).toHaveLength(12);
    expect(draft.askPositions).toHaveLength(3);
    const wrong = await value<{ confirmed: boolean; wrongPositions: number[] }>(
      'wallet.confirmBackup',
      {
        draftId: draft.draftId,
        // A word that is surely wrong at each position (a random phrase may hold 'zoo').
        answers: draft.askPositions.map((position) => ({
          position,
          word: draft.mnemonic.split(' ')[position - 1] === 'zoo' ? 'abandon' : 'zoo',
        })),
        protection: { mode: 'password', password: PASSWORD },
      },
    );
    expect(wrong.confirmed).toBe(false);
    expect(wrong.wrongPositions).toEqual(draft.askPositions);
    await expect(value<WalletStatus>('wallet.getState')).resolves.toMatchObject({
      state: 'none',
    });
  });

  it('creates, locks, refuses a wrong password in words, unlocks, and reveals only with it', async () => {
    const draft = await created();
    const state = await value<WalletStatus>('wallet.getState');
    expect(state).toMatchObject({ state: 'unlocked', protection: 'password' });
    expect(events).toContain('walletStateChanged');

    await expect(value<WalletStatus>('wallet.lock')).resolves.toMatchObject({ state: 'locked' });
    const first = await call('wallet.unlock', { password: 'wrong one' });
    expect(first).toEqual({
      ok: false,
      error: { code: 'rejected', message: 'That password does not open this wallet.' },
    });
    const second = await call('wallet.unlock', { password: 'wrong two' });
    expect(second.ok ? '' : second.error.message).toBe('That password does not open this wallet.');
    const third = await call('wallet.unlock', { password: 'wrong three' });
    expect(third.ok ? '' : third.error.message).toMatch(
      /^That password does not open this wallet\. Try again in \d+ s\.$/,
    );
    const locked = await value<WalletStatus>('wallet.getState');
    expect(locked.state === 'locked' && locked.retryAfterMs).toBeGreaterThan(0);

    // Wait the delay out as the page would: until main says a try is accepted again.
    for (;;) {
      const state = await value<WalletStatus>('wallet.getState');
      if (state.state === 'locked' && state.retryAfterMs === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await expect(
      value<WalletStatus>('wallet.unlock', { password: PASSWORD }),
    ).resolves.toMatchObject({
      state: 'unlocked',
    });
    const refused = await call('wallet.revealMnemonicForBackup', {});
    expect(refused.ok).toBe(false);
    await expect(
      value<{ mnemonic: string }>('wallet.revealMnemonicForBackup', { password: PASSWORD }),
    ).resolves.toEqual({ mnemonic: draft.mnemonic });

    // Not one word sequence of the phrase, nor the password, in any log line.
    const text = logs.join('\n');
    expect(text).not.toContain(draft.mnemonic.split(' ').slice(0, 3).join(' '));
    expect(text).not.toContain(PASSWORD);
  });

  it('refuses to sign while locked, before any handler runs', async () => {
    await created();
    await value('wallet.lock');
    await expect(call('payments.send', { previewId: 'p' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'wallet_locked' },
    });
  });

  it('keychain protection without a keychain says so plainly', async () => {
    await created();
    const reply = await call('wallet.setProtection', {
      currentPassword: PASSWORD,
      protection: { mode: 'keychain' },
    });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'rejected',
        message:
          'The system keychain is not available on this computer, so the wallet cannot keep its key there. Protect the wallet with a password instead.',
      },
    });
  });

  it('marking a chat read is not user activity (a chatty peer must not keep the wallet open)', async () => {
    await created();
    let activity = 0;
    services.wallet.recordActivity = () => {
      activity += 1;
    };
    const reply = await call('chat.markRead', { correspondent: `0${'A'.repeat(32)}` });
    // Accepted past the lock check (the handler ran: no such correspondent is fine or refused).
    expect(reply.ok || reply.error.code !== 'wallet_locked').toBe(true);
    expect(activity).toBe(0);
    await call('wallet.setAutoLock', { minutes: 5 });
    expect(activity).toBe(1);
  });

  it('auto-lock is saved and applied', async () => {
    await created();
    await expect(value<WalletStatus>('wallet.setAutoLock', { minutes: 5 })).resolves.toMatchObject({
      autoLockMinutes: 5,
    });
    expect(services.wallet.keystore().getAutoLock()).toBe(5 * 60_000);
  });
});
