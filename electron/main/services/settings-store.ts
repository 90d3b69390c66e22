/**
 * The user's settings, in one JSON file written atomically. A field that is missing or invalid
 * falls back to its default without losing the others; a file that is not JSON at all is moved
 * aside (kept for the user) and replaced by defaults. Updates are applied one at a time.
 */
import { z } from 'zod';
import {
  CustomHubsSchema,
  DeviceNameSchema,
  DisplayUnitSchema,
  FiatCurrencySchema,
  HubUrlSchema,
  NetworkSchema,
  SettingsSchema,
  SpendUnconfirmedSchema,
  ThemePreferenceSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/ipc';
import type { AtomicFile } from './atomic-file';
import type { Clock } from './clock';
import type { Logger } from './logger';

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  network: 'mainnet',
  devnetHubUrl: 'ws://localhost:6611',
  unit: 'GBYTE',
  deviceName: 'Obyte Light',
  spendUnconfirmed: 'own',
  fiatCurrency: 'off',
};

const FILE_VERSION = 1;

/** Lenient reading: each bad field becomes its default, unknown fields are dropped. */
const StoredSettingsSchema = z.object({
  theme: ThemePreferenceSchema.catch(DEFAULT_SETTINGS.theme),
  network: NetworkSchema.catch(DEFAULT_SETTINGS.network),
  devnetHubUrl: HubUrlSchema.catch(DEFAULT_SETTINGS.devnetHubUrl),
  unit: DisplayUnitSchema.catch(DEFAULT_SETTINGS.unit),
  // A hub choice that no longer validates falls back to the defaults (never a wrong hub).
  customHubs: CustomHubsSchema.optional().catch(undefined),
  deviceName: DeviceNameSchema.catch(DEFAULT_SETTINGS.deviceName),
  spendUnconfirmed: SpendUnconfirmedSchema.catch(DEFAULT_SETTINGS.spendUnconfirmed),
  fiatCurrency: FiatCurrencySchema.catch(DEFAULT_SETTINGS.fiatCurrency),
});

/** The settings a file's text holds (lenient, field by field); null when it is not JSON. */
function settingsFromText(text: string): Settings | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const body = typeof raw === 'object' && raw !== null && 'settings' in raw ? raw.settings : raw;
  const parsed = StoredSettingsSchema.safeParse(body ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/**
 * The saved settings, read without writing anything (no temp files swept, nothing moved
 * aside): for checks that must leave the data folder as it was (the command line's).
 */
export async function peekSettings(file: AtomicFile): Promise<Settings> {
  const text = await file.read().catch(() => null);
  return (text === null ? null : settingsFromText(text)) ?? DEFAULT_SETTINGS;
}

export type SettingsListener = (settings: Settings, previous: Settings) => void;

export class SettingsStore {
  private readonly file: AtomicFile;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private current: Settings = DEFAULT_SETTINGS;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<SettingsListener>();

  constructor(deps: { file: AtomicFile; logger: Logger; clock: Clock }) {
    this.file = deps.file;
    this.logger = deps.logger;
    this.clock = deps.clock;
  }

  /** Reads the file once at start. Never throws for a bad file: the wallet must still open. */
  async load(): Promise<Settings> {
    const swept = await this.file.sweepTemps();
    if (swept > 0) this.logger.warn('Removed temp files left by an interrupted write', { swept });
    const text = await this.file.read();
    if (text === null) {
      this.current = DEFAULT_SETTINGS;
      return this.current;
    }
    const settings = settingsFromText(text);
    if (settings === null) {
      const aside = await this.file.quarantine(this.clock.now());
      this.logger.warn('Settings file was not JSON; kept it aside and used defaults', { aside });
      this.current = DEFAULT_SETTINGS;
      return this.current;
    }
    this.current = settings;
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a validated patch, writes it durably, then tells listeners. */
  update(patch: SettingsPatch): Promise<Settings> {
    const run = async (): Promise<Settings> => {
      const previous = this.current;
      const next = SettingsSchema.parse({ ...previous, ...patch });
      await this.file.write(
        `${JSON.stringify({ version: FILE_VERSION, settings: next }, null, 2)}\n`,
      );
      this.current = next;
      for (const listener of this.listeners) listener(next, previous);
      return next;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
