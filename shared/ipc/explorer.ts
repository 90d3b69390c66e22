/**
 * The explorer page of a unit on the wallet's own network (UX.md: mainnet and testnet have one;
 * a devnet has none, so there is no link to show). Pure: the page and main share it.
 */
import type { Network } from './schemas';

const EXPLORERS: Readonly<Record<Network, string | null>> = {
  mainnet: 'https://explorer.obyte.org/#',
  testnet: 'https://testnetexplorer.obyte.org/#',
  devnet: null,
};

/** The explorer page of `unit`, or null on a network without an explorer (devnet). */
export function explorerUrl(network: Network, unit: string): string | null {
  const base = EXPLORERS[network];
  return base === null ? null : `${base}${unit}`;
}
