/** The hubs Obyte Light talks to on each network. Devnet has no public hub: the user names one. */
import { DEFAULT_HUBS } from '../../../shared/vocabulary/hub-urls';
import type { Network } from '../../../shared/protocol/wire';

export const PUBLIC_HUBS = DEFAULT_HUBS;

/** The settings that choose the hubs (a Settings value is one). */
export interface HubChoice {
  readonly network: Network;
  /** Used only when `network` is devnet: devnets have no public hub. */
  readonly devnetHubUrl: string;
  /** Hubs the user chose per network (absent: the defaults). */
  readonly customHubs?:
    | Readonly<
        Partial<Record<Network, { readonly url: string; readonly fallbacks: readonly string[] }>>
      >
    | undefined;
}

/** The network's first hub: the user's own choice, else the default (devnet: its setting). */
export function hubUrlFor(settings: HubChoice): string {
  const custom = settings.customHubs?.[settings.network];
  if (custom) return custom.url;
  return settings.network === 'devnet' ? settings.devnetHubUrl : PUBLIC_HUBS[settings.network];
}

/** The first hub, then the fallbacks in order, each once: the hub client's failover list. */
export function hubUrlsFor(settings: HubChoice): string[] {
  const fallbacks = settings.customHubs?.[settings.network]?.fallbacks ?? [];
  return [...new Set([hubUrlFor(settings), ...fallbacks])];
}
