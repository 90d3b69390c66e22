/**
 * The `settings` section: the user's settings (theme, display unit, hubs, device name, and any
 * setting added later), without the network: a backup is imported on its own network. Read
 * leniently, as the settings file is: a setting this version does not know is dropped, and one
 * that does not validate is refused with its name.
 */
import { SettingsSchema, type SettingsPatch } from '../../../../shared/ipc';
import type { SettingsStore } from '../settings-store';
import { isJsonObject, type BackupSection, type JsonValue } from './section';

const BackupSettingsSchema = SettingsSchema.omit({ network: true }).partial();

function describe(data: JsonValue): string | null {
  if (!isJsonObject(data)) return 'settings: not an object';
  const parsed = BackupSettingsSchema.safeParse(data);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `settings.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
}

export function settingsSection(deps: {
  readonly settings: Pick<SettingsStore, 'get' | 'update'>;
}): BackupSection {
  return {
    name: 'settings',
    export() {
      const { network: _network, ...rest } = deps.settings.get();
      return JSON.parse(JSON.stringify(rest)) as JsonValue;
    },
    validate(data) {
      return describe(data);
    },
    import() {
      // Settings live at the data folder's root, outside the staged network folder: commit.
    },
    async commit(data) {
      const patch: SettingsPatch = BackupSettingsSchema.parse(data);
      if (Object.keys(patch).length > 0) await deps.settings.update(patch);
    },
  };
}
