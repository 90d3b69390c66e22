/**
 * Every keystore failure is a KeystoreError with a stable code for the IPC and CLI edges and a
 * message written for the person at the keyboard (UX.md: say what happened and what to do).
 * Messages never contain a password, a mnemonic or key material.
 */
export type KeystoreErrorCode =
  /** No keystore file exists yet. */
  | 'not_found'
  /** A keystore already exists; create/restore never overwrite it. */
  | 'exists'
  /** The file cannot be read as a v1 keystore (not JSON, bad fields, truncated, bad MAC). */
  | 'corrupt'
  /** The public part of the file does not match its recovery phrase (edited outside the app). */
  | 'tampered'
  /** Written by a newer version of the app. */
  | 'unsupported_version'
  /** The file exists but the OS refused to read or write it. */
  | 'io'
  | 'wrong_password'
  /** A wrong password was given recently; the next try is allowed after `retryAfterMs`. */
  | 'retry_later'
  | 'password_required'
  | 'weak_password'
  | 'mnemonic'
  | 'keychain_unavailable'
  /** The keychain is reachable but no longer holds this wallet's key (or holds another one). */
  | 'keychain_key_missing'
  /** Showing a keychain wallet's phrase needs the user's confirmation in person; it was not given. */
  | 'not_confirmed'
  | 'locked';

export const WRONG_PASSWORD_MESSAGE = 'That password does not open this wallet.';

export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  'The system keychain is not available on this computer, so the wallet cannot keep its key there. Protect the wallet with a password instead.';

export class KeystoreError extends Error {
  readonly code: KeystoreErrorCode;
  /** For `wrong_password` and `retry_later`: how long until the next try is accepted (0 = now). */
  readonly retryAfterMs: number;

  constructor(code: KeystoreErrorCode, message: string, options: { retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'KeystoreError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs ?? 0;
  }
}

export function isKeystoreError(error: unknown, code?: KeystoreErrorCode): error is KeystoreError {
  return error instanceof KeystoreError && (code === undefined || error.code === code);
}

/** "4 s", "1 min 30 s": a delay as the UI and CLI say it. */
export function formatDelay(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
