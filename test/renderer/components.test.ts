/** The shell's components in jsdom with a fake API: what the user reads and can reach. */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import ConnectionPanel from '../../renderer/components/ConnectionPanel.svelte';
import StatusBar from '../../renderer/components/StatusBar.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import { fakeApi, LOCKED_WALLET, STATUS } from './fake-api';

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
      'Contacts',
      'Chat',
      'Bots',
      'Settings',
      'Tools',
      'Textcoins',
    ]);
    expect(links[0]?.getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('heading', { name: 'No wallet yet' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Create a new wallet/ })).toBeEnabled();
    expect(screen.getByRole('button', { name: /Restore from recovery phrase/ })).toBeEnabled();
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    expect(status.textContent).toContain('Offline');
    expect(status.textContent).toContain('not known yet');
  });

  it('renders each screen with its heading and an honest empty state', async () => {
    for (const [hash, heading, empty] of [
      ['#/history', 'History', 'No transactions yet'],
      ['#/send', 'Send', 'Nothing to send from yet'],
      ['#/receive', 'Receive', 'No address yet'],
      ['#/chat', 'Chat', 'Chat needs a wallet'],
      ['#/bots', 'Bots', 'Bots need a wallet'],
      ['#/textcoins', 'Textcoins', 'No wallet for textcoins yet'],
    ] as const) {
      const { result } = await renderApp(hash);
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(heading);
      expect(screen.getByRole('heading', { level: 2, name: empty })).toBeInTheDocument();
      // A screen that needs a wallet offers to make one, where it says so.
      if (hash !== '#/history') {
        expect(screen.getByRole('button', { name: /Create a new wallet/ })).toBeEnabled();
        expect(screen.getByRole('button', { name: /Restore from recovery phrase/ })).toBeEnabled();
      }
      result.unmount();
    }
  });

  it('Create on a screen that needs a wallet opens the flow on Wallet', async () => {
    await renderApp('#/chat');
    await fireEvent.click(screen.getByRole('button', { name: /Restore from recovery phrase/ }));
    // The screen's heading names the flow and its step; the step's heading sits under it, and
    // the watched addresses (not part of restoring) are not in the way.
    await screen.findByRole('heading', { level: 1, name: 'Restore a wallet' });
    expect(screen.getByText('Step 1 of 3, from the recovery phrase.')).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Restore from recovery phrase' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 1, name: 'Wallet' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Watched addresses' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByRole('heading', { level: 1, name: 'Wallet' });
    expect(screen.getByRole('heading', { level: 2, name: 'No wallet yet' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Watched addresses' })).toBeInTheDocument();
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

  it('shows the password prompt when a wallet exists but is locked', async () => {
    await renderApp('#/wallet', {
      'wallet.getState': () => ({ ok: true, value: LOCKED_WALLET }),
    });
    expect(screen.getByRole('heading', { name: 'Your wallet is locked' })).toBeInTheDocument();
    expect(screen.getByLabelText('Wallet password')).toBeInTheDocument();
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
      '1 payment',
    ])
      expect(bar.textContent).toContain(words);
    const button = screen.getByRole('button', { name: 'Connection details' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.click();
    expect(toggled).toBe(1);
  });
});

const REJECTED =
  'The hub sent history that failed verification: Bad history: the unit hash does not match.';

describe('a sync problem', () => {
  it('shows in the status bar in words, with an icon', () => {
    render(StatusBar, {
      props: {
        status: { ...STATUS, problem: REJECTED, problemAt: 1_000_000, retryAt: 1_015_000 },
        error: null,
        panelOpen: false,
        onTogglePanel: () => undefined,
      },
    });
    const problem = screen.getByRole('contentinfo').querySelector('[data-status="problem"]');
    expect(problem?.textContent).toContain('Hub history rejected; balances kept');
    expect(problem?.querySelector('svg')).not.toBeNull();
    expect(problem?.getAttribute('title')).toBe(REJECTED);
  });

  it('shows in full in the connection panel, with what to do and the real hub state', () => {
    let settingsOpened = 0;
    render(ConnectionPanel, {
      props: {
        status: {
          ...STATUS,
          connection: {
            state: 'disconnected',
            since: 1_000_000,
            detail: 'Lost wss://obyte.org/bb: connection refused. Trying again in 8 seconds.',
            url: 'wss://obyte.org/bb',
            reason: 'connection refused',
            retryAt: 1_008_000,
          },
          lastStableMci: 16,
          lastStableMciAt: 1_000_000,
          lastStableUnitAt: 1_000_000 - 120_000,
          witnesses: 12,
          problem: REJECTED,
          problemAt: 1_000_000,
          retryAt: 1_015_000,
        },
        info: null,
        onClose: () => undefined,
        onOpenSettings: () => settingsOpened++,
      },
    });
    const panel = screen.getByRole('region', { name: 'Connection' });
    const text = panel.textContent ?? '';
    expect(text).toContain(REJECTED);
    expect(text).toContain('Obyte Light kept your previous balances');
    expect(text).toContain('It will retry in 15 s');
    expect(text).toContain('try another hub in Settings → Network');
    expect(text).toContain('connection refused');
    expect(text).toContain('8 s after the loss');
    expect(text).toContain('2 min old when checked at');
    expect(text).toContain('12 named by the hub');
    screen.getByRole('button', { name: 'Open hub settings' }).click();
    expect(settingsOpened).toBe(1);
  });
});
