/**
 * Amounts in words, the same in the page and in main's notifications: bytes in the user's
 * display unit, an asset with its registry decimals and name. Pure: no DOM, no Node.
 */
import { formatAmount } from '../protocol/amount';
import { BYTES_DECIMALS } from '../protocol/constants';

/** Units for showing byte amounts; 1 GBYTE = 10^9 bytes. Amounts stay integers on the wire. */
export const DISPLAY_UNITS = ['GBYTE', 'MB', 'KB', 'bytes'] as const;
export type DisplayUnit = (typeof DISPLAY_UNITS)[number];

/** Decimals of bytes in each display unit (1 GBYTE = 10^9 bytes). */
export const DISPLAY_UNIT_DECIMALS: Readonly<Record<DisplayUnit, number>> = {
  GBYTE: BYTES_DECIMALS,
  MB: 6,
  KB: 3,
  bytes: 0,
};

/** What is known of an asset for showing it; `name` null when the registry has none. */
export interface AssetLabel {
  readonly asset: string;
  readonly name: string | null;
  readonly decimals: number;
}

/** "0.5 GBYTE": bytes in the user's unit. */
export function bytesText(amount: number, unit: DisplayUnit): string {
  return `${formatAmount(amount, DISPLAY_UNIT_DECIMALS[unit])} ${unit}`;
}

/** An amount with its unit: bytes in the user's unit, an asset with its registry decimals. */
export function amountText(amount: number, asset: AssetLabel, unit: DisplayUnit): string {
  if (asset.asset === 'base') return bytesText(amount, unit);
  return `${formatAmount(amount, asset.decimals)} ${asset.name ?? `${asset.asset.slice(0, 6)}…`}`;
}

/** "+0.5 GBYTE", "−0.1 GBYTE": the sign in the text, not only in colour. */
export function signedAmountText(net: number, asset: AssetLabel, unit: DisplayUnit): string {
  const text = amountText(Math.abs(net), asset, unit);
  return net > 0 ? `+${text}` : net < 0 ? `−${text}` : text;
}
