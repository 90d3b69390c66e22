/**
 * Which hub addresses each network accepts, in words. No zod here: the page uses these checks
 * as the user types, and main's schemas (schemas.ts) refine with the very same sentences.
 */
import { hubProblem } from '../protocol/pairing';
// The protocol's name for a network (schemas.ts's Network is the same three names, from zod).
import type { Network } from '../protocol/wire';

/** The public hubs of mainnet and testnet; a devnet names its own. */
export const DEFAULT_HUBS: Readonly<Record<Exclude<Network, 'devnet'>, string>> = {
  mainnet: 'wss://obyte.org/bb',
  testnet: 'wss://obyte.org/bb-test',
};

export const DEFAULT_DEVNET_HUB = 'ws://localhost:6611';

/** At most this many fallback hubs per network. */
export const MAX_FALLBACK_HUBS = 5;

const HUB_URL_PATTERN = /^wss?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s]*)?$/;

/** Why `url` cannot be a hub of `network`, in one sentence; null when it can. */
export function hubUrlProblem(network: Network, url: string): string | null {
  const text = url.trim();
  if (text.length === 0) {
    return network === 'devnet'
      ? 'Enter a hub address, for example ws://localhost:6611.'
      : `Enter a hub address, for example ${DEFAULT_HUBS[network]}.`;
  }
  if (text.length > 200) return 'That hub address is too long (at most 200 characters).';
  if (network !== 'devnet' && !text.startsWith('wss://')) {
    return `A ${network} hub must use an encrypted wss:// address, for example ${DEFAULT_HUBS[network]}.`;
  }
  if (!HUB_URL_PATTERN.test(text)) {
    return network === 'devnet'
      ? 'The hub address must start with ws:// or wss://, then a host and an optional port and path, for example ws://localhost:6611.'
      : `The hub address must be wss:// followed by a host and an optional port and path, for example ${DEFAULT_HUBS[network]}.`;
  }
  // The host, port and path by the rules pairing codes follow (a host a URL parser reads
  // differently, port 0, an empty path segment), so that no accepted address fails to connect.
  const problem = hubProblem(text.replace(/^wss?:\/\//, ''));
  if (problem !== null) {
    return `That hub address cannot be used: ${problem}.`;
  }
  return null;
}

/** Problems of a fallback list, in one sentence; null when every entry is a usable hub. */
export function fallbackHubsProblem(network: Network, urls: readonly string[]): string | null {
  if (urls.length > MAX_FALLBACK_HUBS) {
    return `At most ${MAX_FALLBACK_HUBS} fallback hubs, one per line.`;
  }
  for (const [index, url] of urls.entries()) {
    const problem = hubUrlProblem(network, url);
    if (problem) return `Fallback hub ${index + 1}: ${problem}`;
  }
  return null;
}
