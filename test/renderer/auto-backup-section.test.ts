/**
 * Settings → Backup → Automatic backup in jsdom with a fake API: turning it on takes a folder
 * from main's dialog (the page sends its id, never a path) and a repeated backup password;
 * once on it shows the folder, the last backup's time or the problem in words, follows main's
 * `autoBackupChanged` event, and turns off; while locked it says the changes wait for the unlock.
 * A keychain wallet's turning on waits for its warning to be agreed to, as an export does.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import App from '../../renderer/App.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import { backupTime } from '../../renderer/lib/state/backup.svelte';
import type { IpcReply, MethodName } from '../../shared/ipc';
import { AUTO_BACKUP_OFF, fakeApi, LOCKED_WALLET } from './fake-api';

function ok(value: unknown): IpcReply<unknown> {
  return { ok: true, value };
}

const ON = {
  ...AUTO_BACKUP_OFF,
  enabled: true,
  folder: '~/Backups',
  fileName: 'obyte-light-mainnet-0123456789ab.obyte-backup',
  lastBackupAt: Date.UTC(2026, 11, 7, 21, 30),
};

async function renderSettings(
  overrides: Parameters<typeof fakeApi>[0] = {},
  wallet: 'unlocked' | 'locked' = 'unlocked',
) {
  const fake = fakeApi({
    'wallet.getState': () => ok({ ...LOCKED_WALLET, state: wallet, protection: 'password' }),
    ...overrides,
  });
  const state = new AppState(fake.api, { hash: '#/settings' });
  await state.start();
  render(App, { props: { state } });
  flushSync();
  const section = await screen.findByTestId('auto-backup');
  return { fake, section };
}

const called = (calls: Array<[MethodName, unknown]>, method: MethodName) =>
  calls.filter(([name]) => name === method).map(([, params]) => params);

describe('Settings → Backup → Automatic backup', () => {
  it('turns on with a folder from main and a repeated password', async () => {
    const { fake, section } = await renderSettings({
      'backup.autoChooseFolder': () => ok({ folder: { id: 'folder-1', path: '~/Backups' } }),
      'backup.autoOn': () => ok(ON),
    });
    const view = within(section);
    const turnOn = view.getByRole('button', { name: 'Turn on automatic backup' });
    await fireEvent.click(turnOn);
    expect(await view.findByText(/Choose a folder for the backups first\./)).toBeInTheDocument();
    await fireEvent.click(view.getByRole('button', { name: 'Choose a folder…' }));
    expect(await view.findByTestId('auto-backup-folder')).toHaveTextContent('~/Backups');
    await fireEvent.input(view.getByLabelText('Password for the automatic backups'), {
      target: { value: 'river stone lantern 42' },
    });
    await fireEvent.input(view.getByLabelText('Password for the automatic backups again'), {
      target: { value: 'river stone lantern 43' },
    });
    await fireEvent.click(turnOn);
    expect(await view.findByText(/The two backup passwords differ\./)).toBeInTheDocument();
    expect(called(fake.calls, 'backup.autoOn')).toEqual([]);
    await fireEvent.input(view.getByLabelText('Password for the automatic backups again'), {
      target: { value: 'river stone lantern 42' },
    });
    await fireEvent.click(turnOn);
    await vi.waitFor(() =>
      expect(called(fake.calls, 'backup.autoOn')).toEqual([
        { folderId: 'folder-1', password: 'river stone lantern 42' },
      ]),
    );
    expect(await view.findByText('On.')).toBeInTheDocument();
    expect(view.getByTestId('auto-backup-last')).toHaveTextContent(
      `Last backup: ${backupTime(ON.lastBackupAt)}.`,
    );
    expect(section).toHaveTextContent(ON.fileName);
    expect(view.queryByLabelText('Password for the automatic backups')).toBeNull();
  });

  it('shows the problem in words, follows main, backs up now and turns off', async () => {
    const problem =
      'The disk of the backup folder ~/Backups is full: the last backup there was kept. Free some space, then press "Back up now".';
    const { fake, section } = await renderSettings({
      'backup.autoState': () => ok({ ...ON, pending: true, problem }),
      'backup.autoNow': () => ok({ ...ON, lastBackupAt: ON.lastBackupAt + 60_000 }),
      'backup.autoOff': () => ok(AUTO_BACKUP_OFF),
    });
    const view = within(section);
    expect(await view.findByRole('alert')).toHaveTextContent(problem);
    await fireEvent.click(view.getByRole('button', { name: 'Back up now' }));
    await vi.waitFor(() => expect(view.queryByRole('alert')).toBeNull());
    expect(view.getByTestId('auto-backup-last')).toHaveTextContent(
      backupTime(ON.lastBackupAt + 60_000),
    );
    fake.emit('autoBackupChanged', { ...ON, lastBackupAt: ON.lastBackupAt + 120_000 });
    flushSync();
    expect(view.getByTestId('auto-backup-last')).toHaveTextContent(
      backupTime(ON.lastBackupAt + 120_000),
    );
    await fireEvent.click(view.getByRole('button', { name: 'Turn off' }));
    expect(await view.findByRole('button', { name: 'Turn on automatic backup' })).toBeEnabled();
    expect(called(fake.calls, 'backup.autoOff')).toHaveLength(1);
  });

  it('for a keychain wallet: the warning first, and Turn on waits for the agreement', async () => {
    const { section } = await renderSettings({
      'wallet.getState': () => ok({ ...LOCKED_WALLET, state: 'unlocked', protection: 'keychain' }),
    });
    const view = within(section);
    const turnOn = view.getByRole('button', { name: 'Turn on automatic backup' });
    expect(view.getByTestId('auto-backup-keychain-warning')).toHaveTextContent(
      /unlocked by the system keychain\..*its password alone protects your money in that folder/,
    );
    expect(turnOn).toBeDisabled();
    await fireEvent.click(
      view.getByLabelText(
        'I understand: the backup password alone protects the wallet in these files.',
      ),
    );
    expect(turnOn).toBeEnabled();
  });

  it('for a password wallet: no such step', async () => {
    const { section } = await renderSettings();
    expect(within(section).queryByTestId('auto-backup-keychain-warning')).toBeNull();
    expect(within(section).getByRole('button', { name: 'Turn on automatic backup' })).toBeEnabled();
  });

  it('while locked: the changes wait for the unlock, and nothing can be written', async () => {
    const { section } = await renderSettings(
      { 'backup.autoState': () => ok({ ...ON, pending: true }) },
      'locked',
    );
    const view = within(section);
    expect(await view.findByTestId('auto-backup-last')).toHaveTextContent(
      'The latest changes will be written when the wallet is unlocked.',
    );
    expect(view.getByRole('button', { name: 'Back up now' })).toBeDisabled();
    expect(view.getByRole('button', { name: 'Turn off' })).toBeEnabled();
  });
});
