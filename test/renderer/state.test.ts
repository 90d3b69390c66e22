/** The renderer's state classes against a fake API: loading, events, errors as sentences. */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { AppState } from '../../renderer/lib/state/app.svelte';
import { NavigationState } from '../../renderer/lib/state/navigation.svelte';
import { ThemeState } from '../../renderer/lib/state/theme.svelte';
import type { ThemePreference } from '../../shared/ipc';
import { fakeApi, SETTINGS, STATUS } from './fake-api';

function app(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(overrides);
  const location = { hash: '#/wallet' };
  return { ...fake, location, state: new AppState(fake.api, location) };
}

describe('AppState', () => {
  it('loads settings, status, wallet and info from main', async () => {
    const { state } = app();
    await state.start();
    expect(state.ready).toBe(true);
    expect(state.settings.value).toEqual(SETTINGS);
    expect(state.status.value).toEqual(STATUS);
    expect(state.wallet.phase).toBe('none');
    expect(state.info?.dataDir).toBe('~/x');
    expect(state.loadError).toBeNull();
  });

  it('follows statusChanged and settingsChanged events', async () => {
    const { state, emit } = app();
    await state.start();
    emit('statusChanged', { ...STATUS, outbox: 3 });
    expect(state.status.value?.outbox).toBe(3);
    emit('settingsChanged', { ...SETTINGS, theme: 'dark' });
    flushSync();
    expect(state.theme.resolved).toBe('dark');
    state.stop();
    emit('statusChanged', { ...STATUS, outbox: 9 });
    expect(state.status.value?.outbox).toBe(3);
  });

  it('shows a failed read as a sentence, never as a code', async () => {
    const { state } = app({
      'settings.get': () => ({
        ok: false,
        error: { code: 'internal', message: 'Something went wrong inside Obyte Light.' },
      }),
    });
    await state.start();
    expect(state.loadError).toBe(
      'Your settings could not be read. Something went wrong inside Obyte Light.',
    );
    expect(state.loadError).not.toContain('internal');
  });

  it('turns a broken transport into the plain unavailable sentence', async () => {
    const { state } = app({
      'status.get': () => {
        throw new Error('channel closed');
      },
    });
    await state.start();
    expect(state.status.error).toMatch(/^The connection status could not be read\. The wallet/);
  });
});

describe('NetworkForm', () => {
  it('is clean until edited, saves network and hub together, then is clean again', async () => {
    const { state, calls } = app();
    await state.start();
    const form = state.networkForm;
    expect(form.dirty).toBe(false);
    form.network = 'devnet';
    expect(form.hubUrl).toBe('ws://localhost:6611');
    form.hubUrl = 'ws://10.0.0.5:6611';
    expect(form.dirty).toBe(true);
    await form.save();
    expect(calls.at(-1)).toEqual([
      'settings.update',
      { network: 'devnet', devnetHubUrl: 'ws://10.0.0.5:6611', customHubs: {} },
    ]);
    expect(form.dirty).toBe(false);
    expect(form.saved).toBe(true);
    expect(state.settings.value?.network).toBe('devnet');
  });

  it('keeps the draft and shows main’s sentence when main refuses', async () => {
    const { state } = app({
      'settings.update': () => ({
        ok: false,
        error: { code: 'invalid_params', message: 'The hub address must start with ws://.' },
      }),
    });
    await state.start();
    const form = state.networkForm;
    form.network = 'devnet';
    form.hubUrl = 'ws://x.example';
    await form.save();
    expect(form.error).toBe('The network was not changed. The hub address must start with ws://.');
    expect(form.hubUrl).toBe('ws://x.example');
    expect(form.dirty).toBe(true);
    expect(state.settings.error).toBeNull();
    form.reset();
    expect(form.network).toBe('mainnet');
  });

  it('checks hub addresses in words before asking main: wss:// on mainnet, ws:// on devnet', async () => {
    const { state, calls } = app();
    await state.start();
    const form = state.networkForm;
    expect(form.hubUrl).toBe('wss://obyte.org/bb');
    expect(form.isDefault).toBe(true);
    form.hubUrl = 'ws://my-hub.example/bb';
    expect(form.hubProblem).toBe(
      'A mainnet hub must use an encrypted wss:// address, for example wss://obyte.org/bb.',
    );
    const before = calls.length;
    await form.save();
    expect(calls.length).toBe(before);
    expect(form.error).toMatch(/^The network was not changed\. A mainnet hub must use/);
    form.fallbacks = 'wss://ok.example/bb\nhttp://bad';
    expect(form.fallbacksProblem).toMatch(/^Fallback hub 2: A mainnet hub must use/);
    form.network = 'devnet';
    form.hubUrl = 'http://x';
    expect(form.hubProblem).toMatch(/must start with ws:\/\/ or wss:\/\//);
    form.hubUrl = 'ws://127.0.0.1:6611';
    expect(form.hubProblem).toBeNull();
  });

  it('saves a custom hub with fallbacks, and Reset to default brings the public hub back', async () => {
    const { state, calls } = app();
    await state.start();
    const form = state.networkForm;
    form.hubUrl = 'wss://my-hub.example/bb';
    form.fallbacks = ' wss://obyte.org/bb \n\n';
    await form.save();
    expect(calls.at(-1)).toEqual([
      'settings.update',
      {
        network: 'mainnet',
        customHubs: {
          mainnet: { url: 'wss://my-hub.example/bb', fallbacks: ['wss://obyte.org/bb'] },
        },
      },
    ]);
    form.resetToDefault();
    expect(form.hubUrl).toBe('wss://obyte.org/bb');
    expect(form.fallbacks).toBe('');
    expect(form.isDefault).toBe(true);
  });
});

describe('NavigationState', () => {
  it('reads the hash, falls back to the wallet, and writes the hash on go', () => {
    const location = { hash: '#/send' };
    const navigation = new NavigationState(location);
    expect(navigation.current).toBe('send');
    expect(navigation.title).toBe('Send — Obyte Light');
    navigation.go('bots');
    expect(location.hash).toBe('#/bots');
    location.hash = '#/nonsense';
    navigation.sync();
    expect(navigation.current).toBe('wallet');
  });
});

describe('ThemeState', () => {
  it('follows the OS under "system", otherwise the override', () => {
    let preference: ThemePreference = 'system';
    const theme = new ThemeState(() => preference);
    theme.osPrefersDark = true;
    expect(theme.resolved).toBe('dark');
    preference = 'light';
    const fixed = new ThemeState(() => preference);
    fixed.osPrefersDark = true;
    expect(fixed.resolved).toBe('light');
  });
});
