/**
 * The reply envelope of every IPC call and its error codes. A reply never carries a stack or an
 * internal detail: `message` is a sentence written for the person using the wallet.
 */
export const IPC_ERROR_CODES = [
  /** The call did not come from the app's own page. */
  'forbidden_sender',
  /** No such method in the contract. */
  'unknown_method',
  /** The params did not match the method's schema. */
  'invalid_params',
  /** The method needs an unlocked wallet and none is unlocked. */
  'wallet_locked',
  /** The handler produced a value outside its schema: a bug in main, reported without detail. */
  'invalid_result',
  /** The handler refused for a reason it explains in the message. */
  'rejected',
  /** Something failed inside main; the details are in the log, not in the reply. */
  'internal',
  /** Main did not finish the request in time. */
  'timeout',
  /** The page could not reach main at all. */
  'unavailable',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}

export type IpcReply<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ok<T>(value: T): IpcReply<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: IpcErrorCode, message: string): IpcReply<T> {
  return { ok: false, error: { code, message } };
}

export function isIpcErrorCode(value: unknown): value is IpcErrorCode {
  return typeof value === 'string' && (IPC_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * An error a handler throws on purpose: its message is safe to show to the user as it is.
 * Any other thrown value becomes `internal` with a generic sentence.
 */
export class UserFacingError extends Error {
  readonly code: IpcErrorCode;
  constructor(message: string, code: IpcErrorCode = 'rejected') {
    super(message);
    this.name = 'UserFacingError';
    this.code = code;
  }
}
