/** The keystore: wallet keys encrypted at rest, unlocked in memory (issue 5, "Wallet and keys"). */
export {
  DEFAULT_AUTO_LOCK_MS,
  DEFAULT_MAX_RETRY_DELAY_MS,
  KeystoreService,
  type KeystoreServiceOptions,
  type KeystoreStatus,
  type LockListener,
  type LockReason,
  type NewProtection,
  type ProtectionMode,
} from './keystore-service';
export { UnlockedWallet } from './unlocked-wallet';
export {
  openDeviceSigner,
  type AddressPlace,
  type AddressSigner,
  type DeviceSigner,
} from './signer';
export {
  formatDelay,
  isKeystoreError,
  KeystoreError,
  type KeystoreErrorCode,
  WRONG_PASSWORD_MESSAGE,
} from './errors';
export { PRODUCTION_SCRYPT, type AccountInfo, type PublicInfo, type ScryptParams } from './format';
export { KEYCHAIN_SERVICE, KeychainError, type Keychain } from './keychain';
export { KeytarKeychain } from './keytar-keychain';
export { nodeRandomSource, type RandomSource } from '../random';
export { systemTimers, type TimerHandle, type Timers } from './timers';
