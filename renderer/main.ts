/** Boots the page: theme before first paint, the state root, the hash router, the app. */
import { mount } from 'svelte';
import App from './App.svelte';
import { findApi } from './lib/api';
import { AppState } from './lib/state/app.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
document.documentElement.dataset['theme'] = darkQuery.matches ? 'dark' : 'light';

const api = findApi(window);
const state = api ? new AppState(api, window.location) : null;
if (state) {
  state.theme.osPrefersDark = darkQuery.matches;
  darkQuery.addEventListener('change', (event) => {
    state.theme.osPrefersDark = event.matches;
  });
  window.addEventListener('hashchange', () => state.navigation.sync());
  void state.start();
}

mount(App, { target, props: { state } });
