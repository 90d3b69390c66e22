/** The hubs Obyte Light talks to on each network. Devnet has no public hub: the user names one. */
import type { Settings } from '../../../shared/ipc';
import { DEFAULT_HUBS } from '../../../shared/ipc/hub-urls';

export const PUBLIC_HUBS = DEFAULT_HUBS;

/** The network's first hub: the user's own choice, else the default (devnet: its setting). */
export function hubUrlFor(settings: Settings): string {
  const custom = settings.customHubs?.[settings.network];
  if (custom) return custom.url;
  return settings.network === 'devnet' ? settings.devnetHubUrl : PUBLIC_HUBS[settings.network];
}

/** The first hub, then the fallbacks in order, each once: the hub client's failover list. */
export function hubUrlsFor(settings: Settings): string[] {
  const fallbacks = settings.customHubs?.[settings.network]?.fallbacks ?? [];
  return [...new Set([hubUrlFor(settings), ...fallbacks])];
}
