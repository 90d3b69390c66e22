/** The root of the page's state: one instance, built in main.ts with the API and the window. */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { AppInfo } from '../../../shared/ipc/schemas';
import { sentence } from '../api';
import { NavigationState, type HashLocation } from './navigation.svelte';
import { NetworkForm, SettingsState } from './settings.svelte';
import { StatusState } from './status.svelte';
import { ThemeState } from './theme.svelte';
import { WalletState } from './wallet.svelte';

export class AppState {
  readonly navigation: NavigationState;
  readonly settings: SettingsState;
  readonly networkForm: NetworkForm;
  readonly status: StatusState;
  readonly wallet: WalletState;
  readonly theme: ThemeState;
  info = $state<AppInfo | null>(null);
  infoError = $state<string | null>(null);
  ready = $state(false);
  private readonly api: ObyteApi;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(api: ObyteApi, location: HashLocation) {
    this.api = api;
    this.navigation = new NavigationState(location);
    this.settings = new SettingsState(api);
    this.networkForm = new NetworkForm(this.settings);
    this.status = new StatusState(api);
    this.wallet = new WalletState(api);
    this.theme = new ThemeState(() => this.settings.value?.theme ?? 'system');
  }

  /** Subscribes first, then reads, so no event between the two is missed. */
  async start(): Promise<void> {
    this.unsubscribers.push(
      this.api.on('statusChanged', (status) => this.status.received(status)),
      this.api.on('settingsChanged', (settings) => {
        this.settings.received(settings);
        void this.loadInfo();
      }),
    );
    await Promise.all([
      this.settings.load(),
      this.status.load(),
      this.wallet.load(),
      this.loadInfo(),
    ]);
    this.ready = true;
  }

  async loadInfo(): Promise<void> {
    const reply = await this.api.app.getInfo();
    if (reply.ok) {
      this.info = reply.value;
      this.infoError = null;
    } else {
      this.infoError = sentence('The app information could not be read', reply.error);
    }
  }

  /** The first error the user should see on every screen, if any. */
  readonly loadError = $derived.by(() =>
    this.settings.value === null ? this.settings.error : (this.status.error ?? this.wallet.error),
  );

  stop(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }
}
