/**
 * Settings → Backup in jsdom with a fake API: a keychain wallet's export is preceded by the
 * warning that the backup carries its key (the backup password then alone protects the money)
 * and needs the user's agreement; a password wallet's export has no such step.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import App from '../../renderer/App.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import type { IpcReply } from '../../shared/ipc';
import { fakeApi, LOCKED_WALLET } from './fake-api';

function ok(value: unknown): IpcReply<unknown> {
  return { ok: true, value };
}

async function renderSettings(protection: 'password' | 'keychain') {
  const fake = fakeApi({
    'wallet.getState': () => ok({ ...LOCKED_WALLET, state: 'unlocked', protection }),
  });
  const state = new AppState(fake.api, { hash: '#/settings' });
  await state.start();
  render(App, { props: { state } });
  flushSync();
  return fake;
}

describe('Settings → Backup', () => {
  it('warns before a keychain wallet is exported, and waits for the agreement', async () => {
    await renderSettings('keychain');
    const button = await screen.findByRole('button', { name: 'Export a backup…' });
    const warning = screen.getByTestId('backup-keychain-warning');
    expect(warning).toHaveTextContent(
      /unlocked by the system keychain, not by a password\..*the backup password becomes the only thing that protects your money/,
    );
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/only thing that protects your money/);
    await fireEvent.click(
      screen.getByLabelText("I understand: this backup's password alone protects the wallet."),
    );
    expect(button).toBeEnabled();
  });

  it('has no such step for a password wallet', async () => {
    await renderSettings('password');
    const button = await screen.findByRole('button', { name: 'Export a backup…' });
    expect(screen.queryByTestId('backup-keychain-warning')).toBeNull();
    expect(button).toBeEnabled();
  });
});

describe('NewPasswordFields (in Settings → Backup)', () => {
  it('labels both fields, describes the first by the rule and strength, and binds both', async () => {
    const fake = await renderSettings('password');
    const first = await screen.findByLabelText('Backup password');
    const again = screen.getByLabelText('Backup password again');
    expect(first).toHaveAttribute('autocomplete', 'new-password');
    expect(again).toHaveAttribute('id', 'backup-password-again');
    expect(first).toHaveAccessibleDescription(/at least 10 characters/);
    await fireEvent.input(first, { target: { value: 'correct horse battery' } });
    expect(first).toHaveAccessibleDescription(/Strength \(estimate\):/);
    await fireEvent.input(again, { target: { value: 'correct horse battery' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export a backup…' }));
    await vi.waitFor(() => expect(fake.calls.map(([method]) => method)).toContain('backup.export'));
    const call = fake.calls.find(([method]) => method === 'backup.export');
    expect(call?.[1]).toEqual({ password: 'correct horse battery' });
  });
});
