/**
 * The OS keychain as the keystore sees it: one secret string per (service, account). In
 * keychain mode the keystore keeps a random 32-byte file key there instead of deriving one from
 * a password. Any failure to reach the keychain is a KeychainError; the keystore turns it into
 * "keychain unavailable — use a password".
 */
export interface Keychain {
  /** The stored secret, or null when there is none. */
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  /** True when a secret was removed. */
  delete(service: string, account: string): Promise<boolean>;
}

/** The keychain could not be reached or refused the operation. `message` is for the log. */
export class KeychainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeychainError';
  }
}

/** The service name under which Obyte Light keeps keystore keys. */
export const KEYCHAIN_SERVICE = 'Obyte Light';
