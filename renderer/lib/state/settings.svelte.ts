/** The user's settings as main holds them, and the Settings screen's network form. */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { Network, Settings, SettingsPatch } from '../../../shared/ipc/schemas';
import { sentence } from '../api';

export class SettingsState {
  value = $state<Settings | null>(null);
  saving = $state(false);
  error = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  async load(): Promise<void> {
    const reply = await this.api.settings.get();
    if (reply.ok) this.value = reply.value;
    else this.error = sentence('Your settings could not be read', reply.error);
  }

  /** Main announced new settings (this window or another change). */
  received(settings: Settings): void {
    this.value = settings;
  }

  async update(patch: SettingsPatch, action = 'The setting was not saved'): Promise<boolean> {
    this.saving = true;
    this.error = null;
    try {
      const reply = await this.api.settings.update(patch);
      if (reply.ok) {
        this.value = reply.value;
        return true;
      }
      this.error = sentence(action, reply.error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}

/**
 * The Settings screen's network form. Network and devnet hub are saved together, on purpose,
 * with a button: a field the user has not touched shows what main holds.
 */
export class NetworkForm {
  saving = $state(false);
  error = $state<string | null>(null);
  saved = $state(false);
  private edited = $state<{ network?: Network; devnetHubUrl?: string }>({});
  private readonly settings: SettingsState;

  constructor(settings: SettingsState) {
    this.settings = settings;
  }

  get network(): Network {
    return this.edited.network ?? this.settings.value?.network ?? 'mainnet';
  }

  set network(value: Network) {
    this.edited = { ...this.edited, network: value };
    this.saved = false;
  }

  get devnetHubUrl(): string {
    return this.edited.devnetHubUrl ?? this.settings.value?.devnetHubUrl ?? '';
  }

  set devnetHubUrl(value: string) {
    this.edited = { ...this.edited, devnetHubUrl: value };
    this.saved = false;
  }

  readonly dirty = $derived.by(() => {
    const value = this.settings.value;
    if (!value) return false;
    return (
      this.network !== value.network ||
      (this.network === 'devnet' && this.devnetHubUrl !== value.devnetHubUrl)
    );
  });

  reset(): void {
    this.edited = {};
    this.error = null;
  }

  async save(): Promise<void> {
    this.saving = true;
    this.error = null;
    this.saved = false;
    const patch: SettingsPatch =
      this.network === 'devnet'
        ? { network: this.network, devnetHubUrl: this.devnetHubUrl }
        : { network: this.network };
    const ok = await this.settings.update(patch, 'The network was not changed');
    this.saving = false;
    if (ok) {
      this.reset();
      this.saved = true;
    } else {
      this.error = this.settings.error;
      this.settings.error = null;
    }
  }
}
