/**
 * The wallet's errors in the words of the person at the keyboard: a keystore, accounts, wallet,
 * payment or protocol error becomes a UserFacingError (its message is already a sentence), and a
 * shortage of funds says how much is needed, how much can be spent and why.
 */
import { UserFacingError, type DisplayUnit } from '../../../../shared/ipc';
import { amountText as labelledAmount, type AssetLabel } from '../../../../shared/ipc/amount-text';
import { BASE_ASSET } from '../../../../shared/protocol/amount';
import type { NotEnoughFundsError } from '../../../../shared/protocol/coins';
import { ProtocolError } from '../../../../shared/protocol/errors';
import { KeystoreError } from '../keystore/index';
import { PaymentError } from '../payments/index';
import { AccountsError } from './accounts';
import { WalletError } from './wallet-service';

/** A sentence the page may show for any error of the keystore, wallet or payment services. */
export function userFacing(error: unknown): never {
  if (
    error instanceof KeystoreError ||
    error instanceof AccountsError ||
    error instanceof PaymentError ||
    error instanceof WalletError ||
    error instanceof ProtocolError
  ) {
    throw new UserFacingError(error.message);
  }
  throw error;
}

/** "Not enough GBYTE: this payment needs 1.2 GBYTE with its fees, but 0.6 GBYTE can be spent (0.6 GBYTE short)." */
export function fundsSentence(
  shortage: NotEnoughFundsError,
  asset: AssetLabel,
  unit: DisplayUnit,
): string {
  const words = (amount: number): string => labelledAmount(amount, asset, unit);
  const name = asset.asset === BASE_ASSET ? unit : (asset.name ?? 'of this asset');
  const parts = [
    `Not enough ${name}: this payment needs ${words(shortage.needed)} with its fees, but ` +
      `${words(shortage.available)} can be spent (${words(shortage.shortfall)} short).`,
  ];
  if (shortage.tooManyCoins) {
    parts.push('It would take too many coins: send a smaller amount first to merge them.');
  }
  if (shortage.notYetSpendable > 0) {
    parts.push(`Another ${words(shortage.notYetSpendable)} is not confirmed yet.`);
  }
  return parts.join(' ');
}

/** Runs `run`; an error of the wallet's services comes out as its sentence (userFacing). */
export async function guarded<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    return userFacing(error);
  }
}
