/** The hubs Obyte Light talks to on each network. Devnet has no public hub: the user names one. */
import type { Network, Settings } from '../../../shared/ipc';

export const PUBLIC_HUBS: Readonly<Record<Exclude<Network, 'devnet'>, string>> = {
  mainnet: 'wss://obyte.org/bb',
  testnet: 'wss://obyte.org/bb-test',
};

export function hubUrlFor(settings: Settings): string {
  return settings.network === 'devnet' ? settings.devnetHubUrl : PUBLIC_HUBS[settings.network];
}

const EXPLORERS = ['https://explorer.obyte.org/', 'https://testnetexplorer.obyte.org/'] as const;

/** The only outside pages the app opens, always in the OS browser, never in its own window. */
export function isExplorerUrl(url: string): boolean {
  return EXPLORERS.some((prefix) => url.startsWith(prefix)) && !/[\s<>"]/.test(url);
}
