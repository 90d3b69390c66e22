/**
 * The payment services' typed error: a code (the kind of problem the callers act on) and the
 * facts of what was refused, not words. The IPC edge (ipc/payment-sentences.ts) words the facts
 * for the page and the command line; `message` is for the log.
 */
import type { NotEnoughFundsError } from '../../../../shared/protocol/coins';
import type { AaErrorFacts } from '../aa/aa-service';

export type PaymentErrorCode =
  | 'address'
  | 'amount'
  | 'asset'
  | 'funds'
  | 'preview'
  | 'locked'
  | 'rejected'
  | 'hub'
  | 'coins_locked'
  | 'data'
  | 'aa'
  | 'bounce';

/** Which recipient (`index` from 0) of how many (`count`) a problem is about. */
export interface RecipientPlace {
  readonly index: number;
  readonly count: number;
}

/**
 * What a payment refusal is about. `problem` is the words of the error underneath (the
 * protocol's, the AA's, the hub's or the keystore's), already a sentence or a phrase of one.
 */
export type PaymentErrorFacts =
  /** An address given by the user was refused by the protocol. */
  | {
      readonly kind: 'bad-address';
      readonly role: 'receiving' | 'paying';
      readonly problem: string;
    }
  | { readonly kind: 'not-own-address'; readonly address: string }
  | { readonly kind: 'foreign-coin'; readonly address: string }
  | { readonly kind: 'nothing-spendable'; readonly address: string }
  /** A link's from_address that is not this account's. */
  | { readonly kind: 'from-not-own'; readonly address: string }
  | { readonly kind: 'no-single-address' }
  | { readonly kind: 'no-recipient' }
  | { readonly kind: 'send-all-one-recipient' }
  | { readonly kind: 'send-all-bytes-only' }
  | { readonly kind: 'send-all-amount' }
  | ({ readonly kind: 'recipient-address'; readonly problem: string } & RecipientPlace)
  | ({ readonly kind: 'recipient-asset'; readonly problem: string } & RecipientPlace)
  | ({ readonly kind: 'unknown-asset'; readonly asset: string } & RecipientPlace)
  | ({ readonly kind: 'no-amount' } & RecipientPlace)
  | ({ readonly kind: 'fractional-amount'; readonly amount: number } & RecipientPlace)
  | ({ readonly kind: 'amount-not-positive' } & RecipientPlace)
  | ({ readonly kind: 'amount-above-max' } & RecipientPlace)
  /** The protocol's shortage of funds (in its own words). */
  | { readonly kind: 'not-enough'; readonly shortage: NotEnoughFundsError }
  /** Any other refusal of the protocol while composing. */
  | {
      readonly kind: 'protocol';
      readonly field: 'address' | 'asset' | 'amount';
      readonly problem: string;
    }
  /** The hub cannot be reached (`reason`), or `null`: the connection was lost. */
  | { readonly kind: 'hub-unavailable'; readonly reason: string | null }
  | { readonly kind: 'hub-parents'; readonly problem: string }
  | { readonly kind: 'hub-coins'; readonly problem: string }
  | { readonly kind: 'preview-gone' }
  | { readonly kind: 'would-bounce'; readonly reason: string }
  /** The signer could not be had (the keystore's words). */
  | { readonly kind: 'no-signer'; readonly problem: string }
  | { readonly kind: 'locked' }
  | { readonly kind: 'bad-data'; readonly problem: string }
  /** The AA service refused (its facts). */
  | { readonly kind: 'aa'; readonly aa: AaErrorFacts }
  | { readonly kind: 'coins-locked'; readonly problem: string }
  | { readonly kind: 'network-refused'; readonly hubMessage: string };

export type PaymentErrorKind = PaymentErrorFacts['kind'];

const CODES: { readonly [K in Exclude<PaymentErrorKind, 'protocol'>]: PaymentErrorCode } = {
  'bad-address': 'address',
  'not-own-address': 'address',
  'foreign-coin': 'address',
  'nothing-spendable': 'funds',
  'from-not-own': 'address',
  'no-single-address': 'funds',
  'no-recipient': 'address',
  'send-all-one-recipient': 'amount',
  'send-all-bytes-only': 'asset',
  'send-all-amount': 'amount',
  'recipient-address': 'address',
  'recipient-asset': 'asset',
  'unknown-asset': 'asset',
  'no-amount': 'amount',
  'fractional-amount': 'amount',
  'amount-not-positive': 'amount',
  'amount-above-max': 'amount',
  'not-enough': 'funds',
  'hub-unavailable': 'hub',
  'hub-parents': 'hub',
  'hub-coins': 'hub',
  'preview-gone': 'preview',
  'would-bounce': 'bounce',
  'no-signer': 'locked',
  locked: 'locked',
  'bad-data': 'data',
  aa: 'aa',
  'coins-locked': 'coins_locked',
  'network-refused': 'rejected',
};

export class PaymentError extends Error {
  readonly code: PaymentErrorCode;
  readonly facts: PaymentErrorFacts;
  constructor(facts: PaymentErrorFacts, options?: { cause?: unknown }) {
    super(`payment refused: ${facts.kind} ${developerText(facts)}`, options);
    this.name = 'PaymentError';
    this.facts = facts;
    this.code = facts.kind === 'protocol' ? facts.field : CODES[facts.kind];
  }
}

/** The facts for the log (no secrets: addresses, amounts and the words underneath). */
function developerText(facts: PaymentErrorFacts): string {
  if (facts.kind === 'not-enough') {
    const { asset, needed, available, shortfall } = facts.shortage;
    return JSON.stringify({ asset, needed, available, shortfall });
  }
  const { kind: _kind, ...rest } = facts;
  return JSON.stringify(rest);
}

/** An error's message, or the value in words. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
