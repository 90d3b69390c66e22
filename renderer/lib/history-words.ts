/**
 * Words for payments and assets, the same on Home and History. Pure: no runes, no DOM.
 * An asset without a registry entry is shown by a short id and "unregistered", never by its
 * 44 raw characters; the whole id is in `title` (hover) and in the details.
 */
import type { Direction, UnitStatusName } from '../../shared/ipc/wallet-schemas';
import type { DisplayUnit } from '../../shared/ipc/schemas';

export const STATUS_WORDS: Readonly<Record<UnitStatusName, string>> = {
  stable: 'Proven stable',
  pending: 'Pending',
  'final-bad': 'Final-bad',
  'temp-bad': 'Conflicting',
};

export const DIRECTION_WORDS: Readonly<Record<Direction, string>> = {
  incoming: 'Received',
  outgoing: 'Sent',
  self: 'Moved between own addresses',
};

/** Watch-only addresses are never the user's: a unit that touches only them is theirs. */
export const WATCHED_DIRECTION_WORDS: Readonly<Record<Direction, string>> = {
  incoming: 'Watched address received',
  outgoing: 'Watched address sent',
  self: 'Moved between watched addresses',
};

/** What a row says it is: the wallet's payment, or a watched address's. */
export function directionWords(row: {
  readonly direction: Direction;
  readonly scope: 'wallet' | 'watched';
}): string {
  return (row.scope === 'watched' ? WATCHED_DIRECTION_WORDS : DIRECTION_WORDS)[row.direction];
}

/**
 * A row's state in words. A payment others made that no proof reaches yet is "Not verified
 * yet": a hub can serve one that does not exist, so it is never just "Pending".
 */
export function statusWords(row: {
  readonly status: UnitStatusName;
  readonly direction: Direction;
}): string {
  return row.status === 'pending' && row.direction === 'incoming'
    ? 'Not verified yet'
    : STATUS_WORDS[row.status];
}

export interface AssetLabel {
  /** "GBYTE", "USDC", or "Ab3xYz…Q0=" for an unregistered asset. */
  readonly name: string;
  readonly unregistered: boolean;
  /** The whole asset id ("base" for bytes). */
  readonly title: string;
}

/** "Ab3xYz…Q0=": the start and end of an asset id or unit, for tight places. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

export function assetLabel(
  asset: { readonly asset: string; readonly name: string | null },
  unit: DisplayUnit,
): AssetLabel {
  if (asset.asset === 'base') return { name: unit, unregistered: false, title: 'Bytes' };
  if (asset.name !== null) return { name: asset.name, unregistered: false, title: asset.asset };
  return { name: shortId(asset.asset), unregistered: true, title: asset.asset };
}

/** "Dec 7, 2026, 11:47 AM": a unit's time (seconds) with its date, in the user's locale. */
export function dateTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * The start of a local day as epoch seconds ("2025-01-31" → that midnight where the user is),
 * `days` later; null for an empty or unreadable field.
 */
export function dayStart(value: string, days = 0): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  const ms = date.getTime();
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 1000) : null;
}
