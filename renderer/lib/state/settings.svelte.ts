/** The user's settings as main holds them, and the Settings screen's network form. */
import type { ObyteApi } from '../../../shared/ipc/client';
import {
  DEFAULT_DEVNET_HUB,
  DEFAULT_HUBS,
  fallbackHubsProblem,
  hubUrlProblem,
} from '../../../shared/ipc/hub-urls';
import type { CustomHubs, Network, Settings, SettingsPatch } from '../../../shared/ipc/schemas';
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
 * The Settings screen's network form: the network, its hub and its fallback hubs, saved
 * together on purpose, with a button (saving rebuilds the hub connection). A field the user has
 * not touched shows what main holds. Addresses are checked in words as the user types, with the
 * same sentences main's schema uses.
 */
export class NetworkForm {
  saving = $state(false);
  error = $state<string | null>(null);
  saved = $state(false);
  /** Problems are shown once the user edited a hub field or tried to save. */
  checked = $state(false);
  private edited = $state<{ network?: Network; hubUrl?: string; fallbacks?: string }>({});
  private readonly settings: SettingsState;

  constructor(settings: SettingsState) {
    this.settings = settings;
  }

  get network(): Network {
    return this.edited.network ?? this.settings.value?.network ?? 'mainnet';
  }

  /** Choosing another network shows that network's hubs. */
  set network(value: Network) {
    this.edited = { network: value };
    this.checked = false;
    this.saved = false;
  }

  /** What main holds for the chosen network. */
  private readonly held = $derived.by((): { url: string; fallbacks: string[] } => {
    const value = this.settings.value;
    const network = this.network;
    const custom = value?.customHubs?.[network];
    if (custom) return { url: custom.url, fallbacks: custom.fallbacks };
    if (network === 'devnet') {
      return { url: value?.devnetHubUrl ?? DEFAULT_DEVNET_HUB, fallbacks: [] };
    }
    return { url: DEFAULT_HUBS[network], fallbacks: [] };
  });

  get hubUrl(): string {
    return this.edited.hubUrl ?? this.held.url;
  }

  set hubUrl(value: string) {
    this.edited = { ...this.edited, network: this.network, hubUrl: value };
    this.checked = true;
    this.saved = false;
  }

  /** One hub per line. */
  get fallbacks(): string {
    return this.edited.fallbacks ?? this.held.fallbacks.join('\n');
  }

  set fallbacks(value: string) {
    this.edited = { ...this.edited, network: this.network, fallbacks: value };
    this.checked = true;
    this.saved = false;
  }

  get defaultHub(): string {
    return this.network === 'devnet' ? DEFAULT_DEVNET_HUB : DEFAULT_HUBS[this.network];
  }

  private readonly fallbackList = $derived(
    this.fallbacks
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
  );

  readonly hubProblem = $derived(hubUrlProblem(this.network, this.hubUrl));
  readonly fallbacksProblem = $derived(fallbackHubsProblem(this.network, this.fallbackList));

  readonly isDefault = $derived(
    this.hubUrl.trim() === this.defaultHub && this.fallbackList.length === 0,
  );

  readonly dirty = $derived.by(() => {
    const value = this.settings.value;
    if (!value) return false;
    return (
      this.network !== value.network ||
      this.hubUrl.trim() !== this.held.url ||
      this.fallbackList.join('\n') !== this.held.fallbacks.join('\n')
    );
  });

  /** Fills in the network's default hub and no fallbacks; Save applies it. */
  resetToDefault(): void {
    this.edited = { network: this.network, hubUrl: this.defaultHub, fallbacks: '' };
    this.checked = true;
    this.saved = false;
  }

  reset(): void {
    this.edited = {};
    this.error = null;
    this.checked = false;
  }

  async save(): Promise<void> {
    this.checked = true;
    this.saved = false;
    const value = this.settings.value;
    if (!value) return;
    const problem = this.hubProblem ?? this.fallbacksProblem;
    if (problem) {
      this.error = `The network was not changed. ${problem}`;
      return;
    }
    this.saving = true;
    this.error = null;
    const network = this.network;
    const url = this.hubUrl.trim();
    const fallbacks = this.fallbackList;
    const keep =
      network === 'devnet'
        ? fallbacks.length > 0
        : url !== DEFAULT_HUBS[network] || fallbacks.length > 0;
    const others = Object.entries(value.customHubs ?? {}).filter(([name]) => name !== network);
    const customHubs: CustomHubs = Object.fromEntries(
      keep ? [...others, [network, { url, fallbacks }]] : others,
    );
    const patch: SettingsPatch =
      network === 'devnet' ? { network, devnetHubUrl: url, customHubs } : { network, customHubs };
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
