/** The payment services' typed error: a code, and a message for the person at the keyboard. */
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

export class PaymentError extends Error {
  readonly code: PaymentErrorCode;
  constructor(code: PaymentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PaymentError';
    this.code = code;
  }
}

/** An error's message, or the value in words. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
