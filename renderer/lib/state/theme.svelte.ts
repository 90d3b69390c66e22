/** The theme in effect: the Settings override, or the OS preference when set to "system". */
import type { ThemePreference } from '../../../shared/ipc/schemas';

export type Theme = 'light' | 'dark';

export class ThemeState {
  osPrefersDark = $state(false);
  private readonly preference: () => ThemePreference;

  constructor(preference: () => ThemePreference) {
    this.preference = preference;
  }

  readonly resolved: Theme = $derived.by(() => {
    const preference = this.preference();
    if (preference === 'system') return this.osPrefersDark ? 'dark' : 'light';
    return preference;
  });
}
