/**
 * The textcoin service's typed error: a code (what the callers act on) and the facts of what was
 * refused, not words. The IPC edge (ipc/textcoin-sentences.ts) words the facts for the page and
 * the command line; `message` is for the log. Facts never hold a textcoin's words.
 */
export type TextcoinErrorCode =
  'input' | 'empty' | 'claimed' | 'hub' | 'verification' | 'preview' | 'unknown' | 'sealed';

/**
 * What a textcoin refusal is about. `problem` is the words of the error underneath (the
 * protocol's or the hub's), already a sentence or a phrase of one.
 */
export type TextcoinErrorFacts =
  | { readonly kind: 'bad-asset' }
  | { readonly kind: 'bad-amount' }
  | { readonly kind: 'amount-above-max' }
  /** The protocol refused the funding of a textcoin (the claim fee rule). */
  | { readonly kind: 'funding-refused'; readonly problem: string }
  /** The hub's TPS variables cannot give the claim's least TPS fee. */
  | { readonly kind: 'tps-floor-refused'; readonly problem: string }
  | { readonly kind: 'no-fee-estimate'; readonly problem: string }
  | { readonly kind: 'blackbytes' }
  | { readonly kind: 'asset-not-seen'; readonly asset: string }
  | { readonly kind: 'asset-indivisible'; readonly asset: string }
  | { readonly kind: 'send-preview-gone' }
  | { readonly kind: 'claim-preview-gone' }
  /** What was pasted is not a textcoin (the protocol's words). */
  | { readonly kind: 'bad-input'; readonly problem: string }
  | { readonly kind: 'claimed'; readonly address: string }
  | { readonly kind: 'empty'; readonly address: string }
  | { readonly kind: 'not-sent-here'; readonly address: string }
  | { readonly kind: 'sealed' }
  | { readonly kind: 'hub-history'; readonly problem: string }
  | { readonly kind: 'verification'; readonly problem: string };

export type TextcoinErrorKind = TextcoinErrorFacts['kind'];

const CODES: { readonly [K in TextcoinErrorKind]: TextcoinErrorCode } = {
  'bad-asset': 'input',
  'bad-amount': 'input',
  'amount-above-max': 'input',
  'funding-refused': 'hub',
  'tps-floor-refused': 'hub',
  'no-fee-estimate': 'hub',
  blackbytes: 'input',
  'asset-not-seen': 'input',
  'asset-indivisible': 'input',
  'send-preview-gone': 'preview',
  'claim-preview-gone': 'preview',
  'bad-input': 'input',
  claimed: 'claimed',
  empty: 'empty',
  'not-sent-here': 'unknown',
  sealed: 'sealed',
  'hub-history': 'hub',
  verification: 'verification',
};

export class TextcoinError extends Error {
  readonly code: TextcoinErrorCode;
  readonly facts: TextcoinErrorFacts;
  constructor(facts: TextcoinErrorFacts, options?: { cause?: unknown }) {
    const { kind, ...rest } = facts;
    // What was pasted may hold a textcoin's words: its problem stays out of the log.
    super(`textcoin refused: ${kind} ${kind === 'bad-input' ? '' : JSON.stringify(rest)}`, options);
    this.name = 'TextcoinError';
    this.facts = facts;
    this.code = CODES[kind];
  }
}
