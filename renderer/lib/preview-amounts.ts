/**
 * Amounts as a payment preview shows them (Send and Textcoins): an output in its asset, and a fee
 * in the user's unit with its bytes beside it. Pure functions.
 */
import { amountText } from '../../shared/ipc/amount-text';
import type { OutputView } from '../../shared/ipc/keys-schemas';
import type { DisplayUnit } from '../../shared/ipc/schemas';

/** An output's amount in its own asset (bytes in the user's unit). */
export function outputText(
  output: Pick<OutputView, 'amount' | 'asset' | 'assetName' | 'decimals'>,
  unit: DisplayUnit,
): string {
  return amountText(
    output.amount,
    { asset: output.asset, name: output.assetName, decimals: output.decimals },
    unit,
  );
}

/** A fee in the user's unit, and in bytes too when that unit is not bytes. */
export function feeText(amount: number, unit: DisplayUnit): string {
  // No-break spaces: a narrow window breaks the line only before the bytes.
  const shown = amountText(amount, { asset: 'base', name: 'GBYTE', decimals: 9 }, unit).replace(
    ' ',
    '\u00a0',
  );
  if (unit === 'bytes') return shown;
  return `${shown} (${amount.toLocaleString('en-US')}\u00a0${amount === 1 ? 'byte' : 'bytes'})`;
}
