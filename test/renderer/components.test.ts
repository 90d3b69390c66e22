/** The shell's components in jsdom with a fake API: what the user reads and can reach. */
import '@testing-library/jest-dom/vitest';
import { render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import StatusBar from '../../renderer/components/StatusBar.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import { fakeApi, STATUS } from './fake-api';

async function renderApp(hash = '#/wallet', overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(overrides);
  const state = new AppState(fake.api, { hash });
  await state.start();
  const result = render(App, { props: { state } });
  flushSync();
  return { ...fake, state, result };
}

describe('App', () => {
  it('shows the sidebar with every screen, the wallet onboarding and the status bar', async () => {
    await renderApp();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => link.textContent?.trim())).toEqual([
      'Wallet',
      'History',
      'Send',
      'Receive',
      'Chat',
      'Bots',
      'Settings',
    ]);
    expect(links[0]?.getAttribute('aria-current')).toBe('page');
    expect(
      screen.getByText('No wallet yet — create or restore one (coming soon)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Create a new wallet/ })).toBeDisabled();
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    expect(status.textContent).toContain('Offline');
    expect(status.textContent).toContain('not known yet');
  });

  it('renders each screen with its heading and an honest empty state', async () => {
    for (const [hash, heading, empty] of [
      ['#/history', 'History', 'No transactions yet'],
      ['#/send', 'Send', 'Nothing to send from yet'],
      ['#/receive', 'Receive', 'No address yet'],
      ['#/chat', 'Chat', 'No conversations yet'],
      ['#/bots', 'Bots', 'The bot store is not available yet'],
    ] as const) {
      const { result } = await renderApp(hash);
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(heading);
      expect(screen.getByRole('heading', { level: 2, name: empty })).toBeInTheDocument();
      result.unmount();
    }
  });

  it('shows an error from main as a sentence on every screen', async () => {
    await renderApp('#/history', {
      'settings.get': () => ({
        ok: false,
        error: { code: 'internal', message: 'Something went wrong inside Obyte Light.' },
      }),
    });
    expect(screen.getByRole('alert').textContent).toContain(
      'Your settings could not be read. Something went wrong inside Obyte Light.',
    );
  });

  it('labels every settings control', async () => {
    await renderApp('#/settings');
    for (const name of [/System/, /Light/, /Dark/, /Mainnet/, /Testnet/, /Devnet/])
      expect(screen.getAllByRole('radio', { name }).length).toBeGreaterThan(0);
    expect(screen.getByRole('combobox', { name: 'Show amounts in' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save network' })).toBeDisabled();
  });

  it('shows the unlock placeholder when a wallet exists but is locked', async () => {
    await renderApp('#/wallet', {
      'wallet.getState': () => ({ ok: true, value: { exists: true, unlocked: false } }),
    });
    expect(screen.getByRole('heading', { name: 'Your wallet is locked' })).toBeInTheDocument();
    expect(screen.queryByText(/No wallet yet/)).toBeNull();
  });

  it('explains itself when opened outside the app', () => {
    render(App, { props: { state: null } });
    expect(screen.getByRole('heading', { name: 'Obyte Light cannot start here' })).toBeVisible();
  });
});

describe('StatusBar', () => {
  it('says everything in words, and toggles the panel', () => {
    let toggled = 0;
    render(StatusBar, {
      props: {
        status: {
          ...STATUS,
          connection: { state: 'connected', since: null, detail: null },
          lastStableMci: 9_000_001,
          sync: { state: 'running', task: 'Verifying history', done: 3, total: 5 },
          outbox: 1,
        },
        error: null,
        panelOpen: false,
        onTogglePanel: () => toggled++,
      },
    });
    const bar = screen.getByRole('contentinfo');
    for (const words of [
      'Mainnet',
      'obyte.org/bb',
      'Connected',
      '9,000,001',
      'Verifying history 3/5',
      '1 message',
    ])
      expect(bar.textContent).toContain(words);
    const button = screen.getByRole('button', { name: 'Connection details' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.click();
    expect(toggled).toBe(1);
  });
});
