/**
 * Why the wallet (WalletSession, TextcoinSession) refused a request, as facts, not words: the
 * IPC edge (ipc/wallet-sentences.ts) words them for the page and the command line prints the
 * same words. A payment service's error comes through as `payment` with its facts (worded by
 * ipc/payment-sentences.ts), the textcoin service's as `textcoin` (ipc/textcoin-sentences.ts),
 * the wallet service's as `wallet` (ipc/wallet-service-sentences.ts), the accounts' as
 * `accounts` (ipc/accounts-sentences.ts); a typed error of the keystore or storage services, or
 * of the protocol, carries its own sentence and comes through as `service`.
 */
import type { DisplayUnit } from '../../../../shared/ipc/schemas';
import type { AssetLabel } from '../../../../shared/ipc/amount-text';
import type { NotEnoughFundsError } from '../../../../shared/protocol/coins';
import { ProtocolError } from '../../../../shared/protocol/errors';
import { KeystoreError } from '../keystore/index';
import { PaymentError, type PaymentErrorFacts } from '../payments/index';
import type { TextcoinErrorFacts } from '../textcoins/errors';
import { AccountsError, type AccountsErrorFacts } from './accounts';
import { WalletError, type WalletErrorFacts } from './wallet-service';

export type WalletRefusalFacts =
  /** A typed service error: its message is already a sentence. */
  | { readonly kind: 'service'; readonly sentence: string }
  /** A refusal of the payment services, as its facts. */
  | { readonly kind: 'payment'; readonly payment: PaymentErrorFacts }
  /** A refusal of the textcoin service, as its facts. */
  | { readonly kind: 'textcoin'; readonly textcoin: TextcoinErrorFacts }
  /** A refusal of the wallet service (addresses, discovery, message signing), as its facts. */
  | { readonly kind: 'wallet'; readonly wallet: WalletErrorFacts }
  /** No account can be added now, as facts. */
  | { readonly kind: 'accounts'; readonly accounts: AccountsErrorFacts }
  /** The recovery phrase to check is gone (another was made, it expired, or it was used). */
  | { readonly kind: 'draft-gone' }
  | { readonly kind: 'no-wallet' }
  /** The keystore file cannot be read: its problem in words. */
  | { readonly kind: 'unreadable'; readonly problem: string }
  /** `known` when the command line names the accounts there are. */
  | { readonly kind: 'no-account'; readonly account: number; readonly known?: readonly number[] }
  | { readonly kind: 'hide-current-account' }
  | { readonly kind: 'asset-not-held'; readonly asset: string }
  | { readonly kind: 'amount-not-positive' }
  /** `name`: the display unit, or the asset's name (null when the wallet has none for it). */
  | {
      readonly kind: 'not-an-amount';
      readonly text: string;
      readonly name: string | null;
      readonly problem: string;
    }
  | { readonly kind: 'data-twice' }
  | { readonly kind: 'bad-data'; readonly problem: string }
  /** Recipient `index` (from 0) of `count` has an address or asset id the protocol refuses. */
  | {
      readonly kind: 'bad-recipient';
      readonly index: number;
      readonly count: number;
      readonly problem: string;
    }
  | {
      readonly kind: 'funds';
      readonly shortage: NotEnoughFundsError;
      readonly asset: AssetLabel;
      readonly unit: DisplayUnit;
    };

export type WalletRefusalKind = WalletRefusalFacts['kind'];

export class WalletRefusal extends Error {
  readonly facts: WalletRefusalFacts;
  constructor(facts: WalletRefusalFacts, options?: { cause?: unknown }) {
    super(`The wallet refused the request (${facts.kind}).`, options);
    this.name = 'WalletRefusal';
    this.facts = facts;
  }
}

/** Whether `error` is a typed error of the wallet's services. */
export function isServiceError(error: unknown): error is Error {
  return (
    error instanceof KeystoreError ||
    error instanceof AccountsError ||
    error instanceof PaymentError ||
    error instanceof WalletError ||
    error instanceof ProtocolError
  );
}

/** A typed error of the wallet's services becomes a WalletRefusal; anything else is rethrown. */
export function refused(error: unknown): never {
  if (error instanceof WalletRefusal) throw error;
  if (error instanceof PaymentError) {
    throw new WalletRefusal({ kind: 'payment', payment: error.facts }, { cause: error });
  }
  if (error instanceof WalletError) {
    throw new WalletRefusal({ kind: 'wallet', wallet: error.facts }, { cause: error });
  }
  if (error instanceof AccountsError) {
    throw new WalletRefusal({ kind: 'accounts', accounts: error.facts }, { cause: error });
  }
  if (isServiceError(error)) {
    throw new WalletRefusal({ kind: 'service', sentence: error.message }, { cause: error });
  }
  throw error;
}

/** Runs `run`; an error of the wallet's services comes out as a WalletRefusal (refused). */
export async function guarded<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    return refused(error);
  }
}
