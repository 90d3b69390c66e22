/**
 * Settings → Private profiles in jsdom with a fake API that keeps a list: each kept profile says
 * whose it is, which fields (and which were kept back), who attested it, who sent it and when;
 * deleting one or all is asked first (Cancel, Escape and a click beside the dialog change
 * nothing), then done through profiles.remove / profiles.removeAll; a refusal is said in words
 * and the list is read again. Locked, the section is not there.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync, tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import type { IpcReply } from '../../shared/ipc';
import type { ProfileView } from '../../shared/ipc/profile-schemas';
import { fakeApi, LOCKED_WALLET } from './fake-api';

function ok(value: unknown): IpcReply<unknown> {
  return { ok: true, value };
}

const OURS: ProfileView = {
  id: 7,
  address: 'MINEADDRESSAAAAAAAAAAAAAAAAAAAAA',
  attestor: 'ATTESTORAAAAAAAAAAAAAAAAAAAAAAAA',
  attestorName: 'Real name attestation bot',
  unit: 'U'.repeat(44),
  fields: [
    { name: 'first_name', value: 'Ada' },
    { name: 'last_name', value: 'Lovelace' },
  ],
  hiddenFields: ['dob'],
  mine: true,
  receivedFrom: 'Attestation Bot',
  createdAt: Date.UTC(2026, 10, 26, 9, 30),
};
const THEIRS: ProfileView = {
  id: 3,
  address: 'PEERADDRESSAAAAAAAAAAAAAAAAAAAAA',
  attestor: 'OTHERATTESTORAAAAAAAAAAAAAAAAAAA',
  attestorName: null,
  unit: 'V'.repeat(44),
  fields: [{ name: 'email', value: 'peer@example.com' }],
  hiddenFields: [],
  mine: false,
  receivedFrom: null,
  createdAt: Date.UTC(2026, 9, 1, 14, 0),
};

async function renderSettings(state: 'unlocked' | 'locked', refuse = false) {
  let kept = [OURS, THEIRS];
  const fake = fakeApi({
    'wallet.getState': () => ok({ ...LOCKED_WALLET, state }),
    'profiles.list': () => ok(kept),
    'profiles.remove': (params) => {
      const { id } = params as { id: number };
      if (refuse || !kept.some((p) => p.id === id)) {
        kept = kept.filter((p) => p.id !== id);
        return {
          ok: false,
          error: {
            code: 'rejected',
            message: 'That profile is not kept any more: nothing was deleted.',
          },
        };
      }
      kept = kept.filter((p) => p.id !== id);
      return ok({ removed: 1, profiles: kept });
    },
    'profiles.removeAll': () => {
      const removed = kept.length;
      kept = [];
      return ok({ removed, profiles: kept });
    },
  });
  const app = new AppState(fake.api, { hash: '#/settings' });
  await app.start();
  render(App, { props: { state: app } });
  flushSync();
  return fake;
}

async function region(): Promise<HTMLElement> {
  return screen.findByRole('region', { name: 'Private profiles' });
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await tick();
  flushSync();
}

describe('Settings → Private profiles', () => {
  it('lists whose each profile is, its fields, its attestor, who sent it and when', async () => {
    await renderSettings('unlocked');
    const section = await region();
    const list = await within(section).findByRole('list', { name: 'Kept private profiles' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const [first, second] = items as [HTMLElement, HTMLElement];
    expect(first).toHaveTextContent(OURS.address);
    expect(first).toHaveTextContent('Your address');
    expect(first).toHaveTextContent('Fields first_name, last_name (kept back: dob)');
    expect(first).toHaveTextContent(`Attested by Real name attestation bot${OURS.attestor}`);
    expect(first).toHaveTextContent('Sent by Attestation Bot');
    expect(first).toHaveTextContent(/Kept.*2026/);
    // The values themselves are not on this page.
    expect(first).not.toHaveTextContent('Lovelace');
    expect(second).toHaveTextContent(THEIRS.address);
    expect(second).not.toHaveTextContent('Your address');
    expect(second).toHaveTextContent(`Attested by ${THEIRS.attestor}`);
    expect(second).toHaveTextContent('Sent by not from a chat of this wallet');
  });

  it('deletes one profile only after the user says so in the dialog', async () => {
    const { calls } = await renderSettings('unlocked');
    const section = await region();
    const del = await within(section).findByRole('button', {
      name: `Delete the profile of ${THEIRS.address}`,
    });
    await fireEvent.click(del);
    await settle();
    let dialog = screen.getByRole('alertdialog', { name: 'Delete this private profile?' });
    expect(dialog).toHaveAccessibleDescription(new RegExp(`${THEIRS.address}, attested by`));
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    expect(cancel).toHaveFocus();
    await fireEvent.click(cancel);
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(del).toHaveFocus();

    await fireEvent.click(del);
    await settle();
    dialog = screen.getByRole('alertdialog', { name: 'Delete this private profile?' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await settle();
    expect(calls.filter(([m]) => m === 'profiles.remove')).toEqual([
      ['profiles.remove', { id: THEIRS.id }],
    ]);
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);
    expect(within(section).getByRole('status')).toHaveTextContent(
      `Deleted the profile of ${THEIRS.address}.`,
    );
  });

  it('deletes all after the dialog; Escape and a click beside it change nothing', async () => {
    const { calls } = await renderSettings('unlocked');
    const section = await region();
    const all = await within(section).findByRole('button', { name: 'Delete all profiles' });
    await fireEvent.click(all);
    await settle();
    const dialog = screen.getByRole('alertdialog', { name: 'Delete all 2 private profiles?' });
    expect(dialog).toHaveAccessibleDescription(
      'All 2 kept profiles are deleted from this wallet. One of them attests an address of yours. To have them again, ask for them again.',
    );
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await fireEvent.click(all);
    await settle();
    const backdrop = document.querySelector('.backdrop');
    expect(backdrop).not.toBeNull();
    await fireEvent.click(backdrop as Element);
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.some(([m]) => m === 'profiles.removeAll')).toBe(false);

    await fireEvent.click(all);
    await settle();
    await fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }),
    );
    await settle();
    expect(calls.filter(([m]) => m === 'profiles.removeAll')).toEqual([
      ['profiles.removeAll', undefined],
    ]);
    expect(within(section).queryByRole('list')).toBeNull();
    expect(section).toHaveTextContent('No private profiles are kept.');
    expect(within(section).getByRole('status')).toHaveTextContent('Deleted 2 profiles.');
  });

  it('a refused deletion is said in words and the list is read again', async () => {
    await renderSettings('unlocked', true);
    const section = await region();
    await fireEvent.click(
      await within(section).findByRole('button', { name: `Delete the profile of ${OURS.address}` }),
    );
    await settle();
    await fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }),
    );
    await settle();
    expect(within(section).getByRole('alert')).toHaveTextContent(
      'The profile was not deleted. That profile is not kept any more: nothing was deleted.',
    );
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);
  });

  it('is not in Settings while the wallet is locked', async () => {
    const { calls } = await renderSettings('locked');
    await screen.findByRole('region', { name: 'Chat' });
    expect(screen.queryByRole('region', { name: 'Private profiles' })).toBeNull();
    expect(calls.some(([m]) => m === 'profiles.list')).toBe(false);
  });
});
