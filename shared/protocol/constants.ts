/**
 * The protocol's numbers, each defined once. Consensus limits come from ocore constants.js (a
 * different value is a consensus bug: the network rejects the unit); the light-vendor caps from
 * ocore network.js; the rest are facts of the network every side shows (bytes' decimals, the
 * explorers).
 */
import type { Network } from './wire';

// ---- ocore constants.js ----

/** Length of a base64 SHA-256 (unit hashes, asset ids, balls): constants.HASH_LENGTH. */
export const HASH_LENGTH = 44;
/** Length of a base64 compressed secp256k1 public key: constants.PUBKEY_LENGTH. */
export const PUBKEY_LENGTH = 44;
/** constants.MAX_CAP: no amount, input, output or asset cap may exceed 9·10^15. */
export const MAX_CAP = 9e15;
export const MAX_AUTHORS_PER_UNIT = 16;
export const MAX_PARENTS_PER_UNIT = 16;
export const MAX_MESSAGES_PER_UNIT = 128;
export const MAX_INPUTS_PER_PAYMENT_MESSAGE = 128;
export const MAX_OUTPUTS_PER_PAYMENT_MESSAGE = 128;
/** constants.MAX_UNIT_LENGTH: the longest unit JSON a node accepts. */
export const MAX_UNIT_LENGTH = 5e6;
/** constants.MAX_COMPLEXITY and MAX_OPS of an address definition. */
export const MAX_COMPLEXITY = 100;
export const MAX_OPS = 2000;
/** The longest authentifier (a signature, or a larger proof) a unit may carry. */
export const MAX_AUTHENTIFIER_LENGTH = 4096;
/**
 * At most this many AA responses follow one primary trigger: a unit's max_aa_responses, and what
 * validation assumes without the field.
 */
export const MAX_RESPONSES_PER_PRIMARY_TRIGGER = 10;
/** The least bytes an AA keeps as its bounce fee (constants.MIN_BYTES_BOUNCE_FEE). */
export const MIN_BYTES_BOUNCE_FEE = 10000;
/** Bytes charged per byte of temp_data (constants.TEMP_DATA_PRICE). */
export const TEMP_DATA_PRICE = 0.5;
/** Extra fee of a unit with a `system_vote_count` message (constants.SYSTEM_VOTE_COUNT_FEE). */
export const SYSTEM_VOTE_COUNT_FEE = 1e9;

// ---- ocore network.js: what a light vendor accepts in one request ----

/** light/get_history answers at most this many joints ("your history is too large"). */
export const MAX_HISTORY_ITEMS = 2000;
/** light/get_balances takes at most this many addresses. */
export const MAX_BALANCE_ADDRESSES = 100;
/** light/get_parents_and_last_ball_and_witness_list_unit: at most this many output addresses. */
export const MAX_OUTPUT_ADDRESSES = 200;

// ---- facts of the network every side shows ----

/** Bytes have 9 decimals when shown in GBYTE (1 GBYTE = 10^9 bytes). */
export const BYTES_DECIMALS = 9;

/**
 * The explorer of each network, as a prefix to which a unit hash is appended (UX.md: mainnet and
 * testnet have one; a devnet has none, so there is no link to show).
 */
export const EXPLORER_UNIT_URLS: Readonly<Record<Network, string | null>> = {
  mainnet: 'https://explorer.obyte.org/#',
  testnet: 'https://testnetexplorer.obyte.org/#',
  devnet: null,
};

/** The explorer page of `unit`, or null on a network without an explorer (devnet). */
export function explorerUrl(network: Network, unit: string): string | null {
  const base = EXPLORER_UNIT_URLS[network];
  return base === null ? null : `${base}${unit}`;
}

/** The only outside pages the app opens, always in the OS browser, never in its own window. */
export function isExplorerUrl(url: string): boolean {
  const sites = Object.values(EXPLORER_UNIT_URLS).flatMap((u) =>
    u === null ? [] : [u.slice(0, u.indexOf('#'))],
  );
  return sites.some((site) => url.startsWith(site)) && !/[\s<>"]/.test(url);
}
