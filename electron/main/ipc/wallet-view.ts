/**
 * The wallet as the page and the command line show it: a restore's outcome, with why its
 * addresses were not looked up in words (wallet-sentences.ts).
 */
import type { DiscoveryProblem, DiscoverySummary } from '../services/wallet-session';
import { discoverySentence } from './wallet-sentences';

/** A restore's outcome: what discovery found, or why it did not run, in words. */
export function restoreResultView<W>(result: {
  wallet: W;
  discovery: DiscoverySummary | null;
  problem: DiscoveryProblem | null;
}): { wallet: W; discovery: DiscoverySummary | null; problem: string | null } {
  return {
    wallet: result.wallet,
    discovery: result.discovery,
    problem: result.problem === null ? null : discoverySentence(result.problem),
  };
}
