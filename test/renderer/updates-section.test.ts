/** Settings → Updates in jsdom with a fake API: what each state says, and a refused save. */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync, tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import UpdatesSection from '../../renderer/components/UpdatesSection.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import { fakeApi, UPDATES } from './fake-api';

async function renderSection(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(overrides);
  const app = new AppState(fake.api, { hash: '#/settings' });
  await app.start();
  render(UpdatesSection, { props: { app } });
  flushSync();
  const region = screen.getByRole('region', { name: 'Updates' });
  return { ...fake, app, region };
}

describe('UpdatesSection', () => {
  it('in a copy that cannot check: the opt-in, the privacy sentence, no check', async () => {
    const { region } = await renderSection();
    const box = within(region).getByRole('checkbox', { name: 'Check for updates at startup' });
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription(
      /tells GitHub this app's version \(0\.1\.0\) and your IP address/,
    );
    expect(region).toHaveTextContent('Update checks work in the installed app.');
    expect(within(region).getByRole('button', { name: 'Check now' })).toBeDisabled();
  });

  it('follows updatesChanged from main: checking, then each result in words', async () => {
    const { region, emit } = await renderSection();
    const supported = { ...UPDATES, supported: true };
    emit('updatesChanged', { ...supported, checking: true });
    flushSync();
    expect(within(region).getByRole('button', { name: 'Checking…' })).toBeDisabled();
    expect(region).toHaveTextContent('Asking GitHub for the latest version…');
    const at = Date.UTC(2025, 0, 1, 12);
    emit('updatesChanged', {
      ...supported,
      lastCheck: { outcome: 'latest', at, version: '0.1.0' },
    });
    flushSync();
    expect(region).toHaveTextContent('You have the latest version (0.1.0).');
    expect(region.querySelector('time')?.getAttribute('datetime')).toBe(new Date(at).toISOString());
    expect(within(region).queryByRole('button', { name: 'Open release page' })).toBeNull();
    emit('updatesChanged', {
      ...supported,
      lastCheck: { outcome: 'available', at, version: '0.2.0' },
    });
    flushSync();
    expect(region).toHaveTextContent('Version 0.2.0 is available. You have 0.1.0.');
    expect(
      within(region).getByRole('button', { name: 'Open release page' }),
    ).toHaveAccessibleDescription(
      /Opens https:\/\/github\.com\/byteball\/obyte-light\/releases in your browser/,
    );
    emit('updatesChanged', {
      ...supported,
      lastCheck: { outcome: 'failed', at, problem: 'GitHub could not be reached.' },
    });
    flushSync();
    expect(region).toHaveTextContent('The check failed: GitHub could not be reached.');
  });

  it('shows the address when this copy cannot open a browser', async () => {
    const { region, emit, calls } = await renderSection();
    emit('updatesChanged', {
      ...UPDATES,
      supported: true,
      lastCheck: { outcome: 'available', at: 0, version: '0.2.0' },
    });
    flushSync();
    await fireEvent.click(within(region).getByRole('button', { name: 'Open release page' }));
    await tick();
    expect(calls.at(-1)).toEqual(['updates.openReleasePage', undefined]);
    expect(region).toHaveTextContent(
      'This copy cannot open a browser. Open this address yourself: https://github.com/byteball/obyte-light/releases',
    );
  });

  it('says so when the choice was not saved, and unticks the box again', async () => {
    const { region } = await renderSection({
      'updates.setCheckAtStartup': () => ({
        ok: false,
        error: { code: 'rejected', message: 'The file could not be written.' },
      }),
    });
    const box = within(region).getByRole('checkbox', { name: 'Check for updates at startup' });
    await fireEvent.click(box);
    await tick();
    await tick();
    expect(box).not.toBeChecked();
    expect(within(region).getByRole('alert')).toHaveTextContent(
      'Your choice was not saved. The file could not be written.',
    );
  });
});
