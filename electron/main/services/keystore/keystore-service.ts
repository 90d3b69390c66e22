/**
 * The wallet's keys at rest and in memory (issue 5, "Wallet and keys"). One keystore file,
 * always encrypted: a secretbox whose key comes from the user's password (scrypt, parameters
 * stored in the file) or is a random key kept in the OS keychain. Every write is atomic
 * (AtomicFile): a crash mid-write leaves the previous keystore, never a half one.
 *
 * Trust: the file is untrusted input (format.ts validates it; a damaged file is a clear
 * `corrupt` error and is never deleted or overwritten). Passwords, mnemonics and keys are never
 * logged. The mnemonic leaves this service only through `create` (once, for the backup),
 * `revealMnemonicForBackup` (password required) — and comes in through `restore`.
 *
 * Wrong passwords: a typed `wrong_password` error, nothing deleted, and a growing delay before
 * the next try is accepted (two free tries, then 30 s, 1 min … 5 min), returned as
 * `retryAfterMs` for the UI. The count is kept beside the keystore (throttle.ts), so it holds
 * across restarts and command-line runs, and a try is refused during the delay before any key
 * derivation. It slows guessing through the app; scrypt bounds guessing against a copied file.
 */
import type { Network } from '../../../../shared/protocol/wire';
import { newPasswordProblem } from '../../../../shared/vocabulary/password-rule';
import { fromBase64, fromUtf8, toBase64, toHex, utf8 } from '../../../../shared/protocol/bytes';
import { ProtocolError } from '../../../../shared/protocol/errors';
import {
  deriveAccount,
  deriveDeviceKey,
  getWalletId,
  masterKeyFromMnemonic,
  type HdPrivateKey,
} from '../../../../shared/protocol/hd';
import { generateMnemonic, parseMnemonic } from '../../../../shared/protocol/mnemonic';
import type { AtomicFile } from '../atomic-file';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { keyCheck, keyMatchesCheck, open, passwordKey, seal } from './cipher';
import {
  formatDelay,
  KEYCHAIN_UNAVAILABLE_MESSAGE,
  KeystoreError,
  WRONG_PASSWORD_MESSAGE,
} from './errors';
import {
  KEY_BYTES,
  MIN_WRITE_SCRYPT_N,
  NONCE_BYTES,
  parseKeystoreFile,
  parseSecretPayload,
  PRODUCTION_SCRYPT,
  SALT_BYTES,
  scryptParamsProblem,
  serializeKeystoreFile,
  serializeSecretPayload,
  type AccountInfo,
  type KeystoreFile,
  type PasswordProtection,
  type Protection,
  type PublicInfo,
  type ScryptParams,
  type SecretPayload,
} from './format';
import { KEYCHAIN_SERVICE, type Keychain } from './keychain';
import { drawRandom, type RandomSource } from '../random';
import { PasswordThrottle, type AttemptsBinding } from './throttle';
import type { TimerHandle, Timers } from './timers';
import { UnlockedWallet } from './unlocked-wallet';
import { fileProblem } from '../file-problem';

/** How a new or re-encrypted keystore is protected. */
export type NewProtection = { mode: 'password'; password: string } | { mode: 'keychain' };

export type ProtectionMode = Protection['mode'];

export type LockReason = 'user' | 'idle';

export type LockListener = (reason: LockReason) => void;

export type KeystoreStatus =
  | { exists: false }
  | {
      exists: true;
      readable: true;
      unlocked: boolean;
      protection: ProtectionMode;
      public: PublicInfo;
      /** Milliseconds until another password try is accepted (0 = now). */
      retryAfterMs: number;
    }
  | { exists: true; readable: false; error: { code: KeystoreError['code']; message: string } };

export interface KeystoreServiceOptions {
  readonly file: AtomicFile;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** The OS keychain, or null where there is none (keychain mode then reports unavailable). */
  readonly keychain: Keychain | null;
  /** Lock after this long without `recordActivity`; null never. Default 10 minutes. */
  readonly autoLockMs?: number | null;
  /** Cap of the delay after repeated wrong passwords (and the delay when its record is lost). Default 5 min. */
  readonly maxRetryDelayMs?: number;
  /**
   * TEST ONLY: scrypt parameters for files this instance writes, allowing ones weaker than
   * production so tests run fast. Production code never passes it; files always store the
   * parameters they were written with, so reading never depends on this.
   */
  readonly testScrypt?: ScryptParams;
}

export const DEFAULT_AUTO_LOCK_MS = 10 * 60 * 1000;
export const DEFAULT_MAX_RETRY_DELAY_MS = 5 * 60 * 1000;
/** The wrong-password record beside `keystore.json`. */
export const ATTEMPTS_FILE = 'keystore.attempts.json';
const MAX_PASSPHRASE_CHARS = 1000;
/** 16 bytes of entropy: the 12-word phrase the official wallets create. */
const NEW_MNEMONIC_ENTROPY_BYTES = 16;

interface OpenedSecret {
  readonly payload: SecretPayload;
  readonly root: HdPrivateKey;
}

function wipeRoot(root: HdPrivateKey): void {
  root.privateKey.fill(0);
  root.chainCode.fill(0);
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : error instanceof Error
      ? error.message
      : String(error);
}

export class KeystoreService {
  private readonly file: AtomicFile;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: RandomSource;
  private readonly logger: Logger;
  private readonly keychain: Keychain | null;
  private readonly scrypt: ScryptParams;
  private readonly throttle: PasswordThrottle;

  private autoLockMs: number | null;
  private current: { wallet: UnlockedWallet; wipe: () => void } | null = null;
  private lastActivity = 0;
  private timer: TimerHandle | null = null;
  private swept = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lockListeners = new Set<LockListener>();

  constructor(options: KeystoreServiceOptions) {
    this.file = options.file;
    this.clock = options.clock;
    this.timers = options.timers;
    this.random = options.random;
    this.logger = options.logger.child('keystore');
    this.keychain = options.keychain;
    this.throttle = new PasswordThrottle({
      file: options.file.sibling(ATTEMPTS_FILE),
      clock: options.clock,
      logger: this.logger,
      maxDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    });
    this.autoLockMs = KeystoreService.checkAutoLock(options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS);
    const scrypt = options.testScrypt ?? PRODUCTION_SCRYPT;
    const problem = scryptParamsProblem(scrypt);
    if (problem !== null) throw new Error(`Invalid scrypt parameters: ${problem}`);
    if (options.testScrypt === undefined && scrypt.N < MIN_WRITE_SCRYPT_N) {
      throw new Error('Production scrypt parameters are below the minimum');
    }
    this.scrypt = scrypt;
  }

  // ---- state ----

  /** What the app can show before any password: whether a wallet exists, its public part. */
  async status(): Promise<KeystoreStatus> {
    return this.serial(async () => {
      let file: KeystoreFile | null;
      try {
        file = await this.readFile();
      } catch (error) {
        if (error instanceof KeystoreError) {
          return {
            exists: true,
            readable: false,
            error: { code: error.code, message: error.message },
          };
        }
        throw error;
      }
      if (file === null) return { exists: false };
      return {
        exists: true,
        readable: true,
        unlocked: this.current !== null,
        protection: file.protection.mode,
        public: file.public,
        retryAfterMs:
          file.protection.mode === 'password'
            ? await this.throttle.load(bindingOf(file, file.protection), false)
            : 0,
      };
    });
  }

  /** The public part of the keystore (addresses can be derived from its xpubs while locked). */
  async readPublicInfo(): Promise<PublicInfo> {
    return this.serial(async () => (await this.requireFile()).public);
  }

  isUnlocked(): boolean {
    return this.current !== null;
  }

  /** The unlocked wallet; throws `locked` otherwise. */
  wallet(): UnlockedWallet {
    if (this.current === null) {
      throw new KeystoreError('locked', 'The wallet is locked. Unlock it to continue.');
    }
    return this.current.wallet;
  }

  /** Milliseconds until another password try is accepted, as last read from its record. */
  retryAfterMs(): number {
    return this.throttle.waitMs();
  }

  onLock(listener: LockListener): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  // ---- create, restore ----

  /**
   * A new 12-word wallet, written encrypted and left unlocked. The mnemonic is returned here
   * once, for the backup screen; afterwards only `revealMnemonicForBackup` gives it.
   */
  async create(options: {
    network: Network;
    protection: NewProtection;
  }): Promise<{ mnemonic: string; wallet: UnlockedWallet }> {
    return this.serial(async () => {
      this.checkNewProtection(options.protection);
      await this.ensureNoKeystore(false);
      const entropy = drawRandom(this.random, NEW_MNEMONIC_ENTROPY_BYTES);
      const mnemonic = generateMnemonic(entropy);
      entropy.fill(0);
      const wallet = await this.install({ mnemonic }, options.network, options.protection);
      this.logger.info('Created a new wallet', { walletId: wallet.walletId });
      return { mnemonic, wallet };
    });
  }

  /**
   * A wallet from an existing recovery phrase (and optional BIP-39 passphrase), written
   * encrypted and left unlocked for address discovery. An unknown word is named in the error.
   * An existing readable keystore is never replaced; a damaged one only with `replaceDamaged`,
   * and then it is kept beside the new one (renamed `<file>.corrupt-<time>`), not deleted.
   */
  async restore(options: {
    mnemonic: string;
    passphrase?: string;
    network: Network;
    protection: NewProtection;
    replaceDamaged?: boolean;
    /**
     * Called once the phrase is checked and the keys are derived, while the file is still being
     * encrypted and written (the scrypt second): discovery may start. The wallet is unlocked
     * from then on; if the write fails it is locked again and `restore` rejects.
     */
    onUnlocked?: (wallet: UnlockedWallet) => void;
  }): Promise<UnlockedWallet> {
    return this.serial(async () => {
      let mnemonic: string;
      try {
        mnemonic = parseMnemonic(options.mnemonic);
      } catch (error) {
        if (error instanceof ProtocolError) throw new KeystoreError('mnemonic', error.message);
        throw error;
      }
      const passphrase = options.passphrase ?? '';
      if (typeof passphrase !== 'string' || passphrase.length > MAX_PASSPHRASE_CHARS) {
        throw new KeystoreError(
          'mnemonic',
          'The passphrase must be text of at most 1000 characters.',
        );
      }
      this.checkNewProtection(options.protection);
      await this.ensureNoKeystore(options.replaceDamaged === true);
      const payload = passphrase === '' ? { mnemonic } : { mnemonic, passphrase };
      const wallet = await this.install(
        payload,
        options.network,
        options.protection,
        options.onUnlocked,
      );
      this.logger.info('Restored a wallet from its recovery phrase', { walletId: wallet.walletId });
      return wallet;
    });
  }

  // ---- unlock, lock, auto-lock ----

  /**
   * Opens the keystore: a password for a password-protected file; nothing for keychain mode.
   * The public part is re-derived from the seed and must match the file.
   */
  async unlock(password?: string): Promise<UnlockedWallet> {
    return this.serial(async () => {
      const file = await this.requireFile();
      const opened = await this.openSecret(file, password);
      const { wallet, wipe } = UnlockedWallet.open(opened.root, file.public);
      if (this.current !== null) {
        wipe();
        this.recordActivity();
        return this.current.wallet;
      }
      this.current = { wallet, wipe };
      this.lastActivity = this.clock.now();
      this.schedule();
      this.logger.info('Unlocked the wallet', { protection: file.protection.mode });
      return wallet;
    });
  }

  /** Forgets every key held in memory (best effort zeroing). */
  lock(reason: LockReason = 'user'): void {
    const current = this.current;
    if (current === null) return;
    this.current = null;
    current.wipe();
    this.cancelTimer();
    this.logger.info('Locked the wallet', { reason });
    for (const listener of this.lockListeners) {
      try {
        listener(reason);
      } catch (error) {
        this.logger.error('A lock listener failed', error);
      }
    }
  }

  /** The user did something: the idle timer starts again. */
  recordActivity(): void {
    if (this.current === null) return;
    this.lastActivity = this.clock.now();
    if (this.timer === null) this.schedule();
  }

  /** Idle time before auto-lock, or null for never. Applies to the running session at once. */
  setAutoLock(ms: number | null): void {
    this.autoLockMs = KeystoreService.checkAutoLock(ms);
    this.schedule();
  }

  getAutoLock(): number | null {
    return this.autoLockMs;
  }

  // ---- change protection, reveal ----

  /** Re-encrypts the keystore under a new password (atomic; the wallet stays as it was). */
  async changePassword(currentPassword: string | undefined, newPassword: string): Promise<void> {
    return this.changeProtection(currentPassword, { mode: 'password', password: newPassword });
  }

  /**
   * Re-encrypts the keystore with a new password or a new keychain key. `currentPassword` opens
   * a password-protected file (ignored in keychain mode). The new keychain entry is stored
   * before the file that names it is written; the old entry is removed only after.
   */
  async changeProtection(currentPassword: string | undefined, next: NewProtection): Promise<void> {
    return this.serial(async () => {
      this.checkNewProtection(next);
      const file = await this.requireFile();
      const opened = await this.openSecret(file, currentPassword);
      wipeRoot(opened.root);
      await this.seal(opened.payload, file.public, next, file);
      this.logger.info('Changed how the wallet is protected', {
        from: file.protection.mode,
        to: next.mode,
      });
    });
  }

  /**
   * The recovery phrase (and passphrase, if any) for the backup screen: only for a secret the
   * page does not hold. A password-protected wallet needs its password (wrong tries count like
   * at unlock). A keychain wallet has no password: it must be unlocked, and `confirmInPerson`
   * must say yes — a dialog main owns, or Touch ID — before the key is read from the keychain
   * again. Without it, a keychain wallet's phrase is not shown.
   */
  async revealMnemonicForBackup(
    password?: string,
    confirmInPerson?: () => Promise<boolean>,
  ): Promise<{ mnemonic: string; passphrase?: string }> {
    return this.serial(async () => {
      const file = await this.requireFile();
      if (file.protection.mode === 'keychain') {
        if (this.current === null) {
          throw new KeystoreError('locked', 'Unlock the wallet to see its recovery phrase.');
        }
        if (confirmInPerson === undefined) {
          throw new KeystoreError(
            'not_confirmed',
            'This wallet keeps its key in the system keychain, so showing its recovery phrase needs a confirmation on this computer, which is not available here.',
          );
        }
        if (!(await confirmInPerson())) {
          this.logger.info('The recovery phrase was not shown: not confirmed');
          throw new KeystoreError(
            'not_confirmed',
            'The recovery phrase was not shown: it was not confirmed on this computer.',
          );
        }
      }
      const opened = await this.openSecret(file, password);
      wipeRoot(opened.root);
      this.recordActivity();
      this.logger.info('Showed the recovery phrase for backup');
      const { mnemonic, passphrase } = opened.payload;
      return passphrase === undefined ? { mnemonic } : { mnemonic, passphrase };
    });
  }

  /**
   * Adds the xpubs of more accounts (found by discovery) to the public part, so their addresses
   * show while locked. Needs the unlocked wallet; the encrypted part is kept as it is.
   */
  async addAccounts(accounts: readonly number[]): Promise<PublicInfo> {
    return this.serial(async () => {
      const wallet = this.wallet();
      const file = await this.requireFile();
      const known = new Map(file.public.accounts.map((a) => [a.account, a]));
      for (const account of accounts) {
        if (!known.has(account)) {
          const xpub = wallet.accountXpub(account);
          known.set(account, { account, xpub, walletId: getWalletId(xpub) });
        }
      }
      if (known.size === file.public.accounts.length) return file.public;
      const list: AccountInfo[] = [...known.values()].sort((a, b) => a.account - b.account);
      const updated: PublicInfo = { ...file.public, accounts: list };
      await this.writeFile({ ...file, public: updated });
      return updated;
    });
  }

  // ---- internals ----

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private static checkAutoLock(ms: number | null): number | null {
    if (ms === null) return null;
    if (!Number.isSafeInteger(ms) || ms <= 0) {
      throw new Error('Auto-lock time must be a positive whole number of milliseconds or null');
    }
    return ms;
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** One timer at the idle deadline; activity only moves the deadline (checked when it fires). */
  private schedule(): void {
    this.cancelTimer();
    if (this.current === null || this.autoLockMs === null) return;
    const due = this.lastActivity + this.autoLockMs - this.clock.now();
    this.timer = this.timers.setTimeout(() => this.onTimer(), Math.max(0, due));
    // A pending auto-lock never keeps the process (the CLI) alive.
    this.timer.unref?.();
  }

  private onTimer(): void {
    this.timer = null;
    if (this.current === null || this.autoLockMs === null) return;
    if (this.clock.now() - this.lastActivity >= this.autoLockMs) this.lock('idle');
    else this.schedule();
  }

  private async readFile(): Promise<KeystoreFile | null> {
    let text: string | null;
    try {
      if (!this.swept) {
        const swept = await this.file.sweepTemps();
        this.swept = true;
        if (swept > 0)
          this.logger.warn('Removed temp files of an interrupted keystore write', { swept });
      }
      text = await this.file.read();
    } catch (error) {
      this.logger.warn('The wallet file could not be read', { error: errorCode(error) });
      throw new KeystoreError(
        'io',
        `The wallet file ${this.file.path} could not be read: ${fileProblem(error)}. Check that Obyte Light may read its data folder.`,
      );
    }
    return text === null ? null : parseKeystoreFile(text, this.file.path);
  }

  private async requireFile(): Promise<KeystoreFile> {
    const file = await this.readFile();
    if (file === null) {
      throw new KeystoreError('not_found', 'There is no wallet yet. Create one or restore one.');
    }
    return file;
  }

  private async writeFile(file: KeystoreFile): Promise<void> {
    try {
      await this.file.write(serializeKeystoreFile(file), 0o600);
    } catch (error) {
      this.logger.warn('The wallet file could not be saved', { error: errorCode(error) });
      throw new KeystoreError(
        'io',
        `The wallet file ${this.file.path} could not be saved: ${fileProblem(error)}. The previous file is unchanged.`,
      );
    }
  }

  private async ensureNoKeystore(replaceDamaged: boolean): Promise<void> {
    let damaged: KeystoreError | null = null;
    try {
      if ((await this.readFile()) === null) return;
    } catch (error) {
      if (!(error instanceof KeystoreError) || error.code === 'io') throw error;
      damaged = error;
    }
    if (damaged === null) {
      throw new KeystoreError(
        'exists',
        'A wallet already exists here. Obyte Light never overwrites a wallet file.',
      );
    }
    if (!replaceDamaged) {
      throw new KeystoreError(
        'exists',
        `${damaged.message} To restore anyway, confirm that the damaged file may be kept aside.`,
      );
    }
    this.lock('user');
    const aside = await this.file.quarantine(this.clock.now());
    this.logger.warn('Kept a damaged wallet file aside before restoring', { aside });
  }

  private checkNewProtection(next: NewProtection): void {
    if (next.mode === 'keychain') {
      if (this.keychain === null) {
        throw new KeystoreError('keychain_unavailable', KEYCHAIN_UNAVAILABLE_MESSAGE);
      }
      return;
    }
    // The same rule as the IPC schemas and the command line: this is its last word.
    const problem = newPasswordProblem(next.password);
    if (problem !== null) throw new KeystoreError('weak_password', problem);
  }

  /**
   * Unlocks the payload's keys, then writes a new keystore for it and resets the password
   * delay; a failed write locks them again. `onUnlocked` sees the keys before the write.
   */
  private async install(
    payload: { mnemonic: string; passphrase?: string },
    network: Network,
    protection: NewProtection,
    onUnlocked?: (wallet: UnlockedWallet) => void,
  ): Promise<UnlockedWallet> {
    const root = masterKeyFromMnemonic(payload.mnemonic, payload.passphrase ?? '');
    const info = describe(root, network);
    this.lock('user');
    this.current = UnlockedWallet.open(root, info);
    const { wallet } = this.current;
    try {
      onUnlocked?.(wallet);
      await this.seal({ ...payload, createdAt: this.clock.now() }, info, protection, null);
    } catch (error) {
      if (this.current?.wallet === wallet) this.lock('user');
      throw error;
    }
    // Locked while the file was being written (the user, a network switch): saved, and locked.
    if (this.current?.wallet !== wallet) return wallet;
    this.lastActivity = this.clock.now();
    this.schedule();
    return wallet;
  }

  /**
   * Encrypts the payload under a fresh key and nonce and commits the file atomically. A new
   * password starts with no wrong tries on record: the record is written first, valid for the
   * file being replaced and for the new one, so a crash between the two writes leaves a record
   * that matches whichever keystore is on disk (never the longest delay for nothing).
   */
  private async seal(
    payload: SecretPayload,
    info: PublicInfo,
    next: NewProtection,
    replaced: KeystoreFile | null,
  ): Promise<void> {
    const previous = replaced?.protection ?? null;
    let key: Uint8Array;
    let protection: Protection;
    if (next.mode === 'password') {
      const salt = drawRandom(this.random, SALT_BYTES);
      key = await passwordKey(next.password, salt, this.scrypt);
      protection = {
        mode: 'password',
        kdf: { name: 'scrypt', ...this.scrypt, salt: toBase64(salt) },
      };
    } else {
      key = drawRandom(this.random, KEY_BYTES);
      const entry = toHex(drawRandom(this.random, 6));
      protection = {
        mode: 'keychain',
        service: KEYCHAIN_SERVICE,
        account: `wallet ${info.walletId} ${entry}`,
      };
    }
    try {
      const nonce = drawRandom(this.random, NONCE_BYTES);
      const plaintext = utf8(serializeSecretPayload(payload));
      const box = seal(key, nonce, plaintext);
      plaintext.fill(0);
      const file: KeystoreFile = {
        protection,
        keyCheck: keyCheck(key),
        nonce: toBase64(nonce),
        ciphertext: toBase64(box),
        public: info,
      };
      if (protection.mode === 'password') {
        const bindings = [bindingOf(file, protection)];
        if (replaced?.protection.mode === 'password') {
          bindings.push(bindingOf(replaced, replaced.protection));
        }
        await this.throttle.start(bindings);
      }
      if (protection.mode === 'keychain') {
        await this.keychainCall(() =>
          this.requireKeychain().set(protection.service, protection.account, toBase64(key)),
        );
      }
      try {
        await this.writeFile(file);
      } catch (error) {
        if (protection.mode === 'keychain') await this.forgetKeychainEntry(protection);
        throw error;
      }
      if (previous?.mode === 'keychain') await this.forgetKeychainEntry(previous);
    } finally {
      key.fill(0);
    }
  }

  /** The payload and the seed's root key, or a typed error; counts wrong passwords. */
  private async openSecret(
    file: KeystoreFile,
    password: string | undefined,
  ): Promise<OpenedSecret> {
    const key = await this.fileKey(file, password);
    let payload: SecretPayload;
    try {
      payload = this.decrypt(file, key);
    } finally {
      key.fill(0);
    }
    const root = masterKeyFromMnemonic(payload.mnemonic, payload.passphrase ?? '');
    const problem = mismatch(root, file.public);
    if (problem !== null) {
      wipeRoot(root);
      this.logger.warn('The wallet file public part does not match its seed', { problem });
      throw new KeystoreError(
        'tampered',
        `The wallet file ${this.file.path} was changed outside Obyte Light: its ${problem} does not match the recovery phrase inside it. Nothing was unlocked and the file was left as it is. Restore the wallet from its recovery phrase.`,
      );
    }
    return { payload, root };
  }

  private async fileKey(file: KeystoreFile, password: string | undefined): Promise<Uint8Array> {
    const protection = file.protection;
    if (protection.mode === 'keychain') return this.keychainKey(file, protection);
    if (typeof password !== 'string' || password.length === 0) {
      throw new KeystoreError('password_required', 'Enter the wallet password.');
    }
    let wait: number;
    try {
      wait = await this.throttle.load(bindingOf(file, protection), true);
    } catch (error) {
      throw new KeystoreError(
        'io',
        `The record of wrong passwords ${this.throttle.path} could not be saved: ${fileProblem(error)}. Check that Obyte Light may write its data folder; until then the wallet cannot be opened with its password.`,
      );
    }
    if (wait > 0) {
      this.logger.info('Refused a password try: the wrong-password delay is running', {
        retryAfterMs: wait,
      });
      throw new KeystoreError(
        'retry_later',
        `Too many wrong passwords in a row. Try again in ${formatDelay(wait)}.`,
        { retryAfterMs: wait },
      );
    }
    this.logger.info('Deriving the key from the password (scrypt)');
    const key = await passwordKey(password, fromBase64(protection.kdf.salt), protection.kdf);
    if (!keyMatchesCheck(key, file.keyCheck)) {
      key.fill(0);
      const delay = await this.throttle.fail(bindingOf(file, protection));
      this.logger.warn('Wrong wallet password', {
        failures: this.throttle.failureCount,
        retryAfterMs: delay,
      });
      throw new KeystoreError(
        'wrong_password',
        delay > 0
          ? `${WRONG_PASSWORD_MESSAGE} Try again in ${formatDelay(delay)}.`
          : WRONG_PASSWORD_MESSAGE,
        { retryAfterMs: delay },
      );
    }
    await this.throttle.reset(bindingOf(file, protection));
    return key;
  }

  private async keychainKey(
    file: KeystoreFile,
    protection: Extract<Protection, { mode: 'keychain' }>,
  ): Promise<Uint8Array> {
    const stored = await this.keychainCall(() =>
      this.requireKeychain().get(protection.service, protection.account),
    );
    const missing = (why: string) =>
      new KeystoreError(
        'keychain_key_missing',
        `The system keychain ${why} this wallet's key ("${protection.service}", "${protection.account}"). The wallet file was left as it is; restore the wallet from its recovery phrase, or put the keychain entry back.`,
      );
    if (stored === null) throw missing('no longer holds');
    let key: Uint8Array;
    try {
      key = fromBase64(stored);
    } catch {
      throw missing('holds something else than');
    }
    if (key.length !== KEY_BYTES || !keyMatchesCheck(key, file.keyCheck)) {
      key.fill(0);
      throw missing('holds a different key than');
    }
    return key;
  }

  private decrypt(file: KeystoreFile, key: Uint8Array): SecretPayload {
    const damaged = (detail: string) =>
      new KeystoreError(
        'corrupt',
        `The wallet file ${this.file.path} is damaged (${detail}). It was left as it is. Put back a copy of the file from a backup, or restore the wallet from its recovery phrase.`,
      );
    const plaintext = open(key, fromBase64(file.nonce), fromBase64(file.ciphertext));
    if (plaintext === null) {
      throw damaged('the key is right but the encrypted part fails its integrity check');
    }
    let payload: SecretPayload | null;
    try {
      payload = parseSecretPayload(fromUtf8(plaintext));
    } catch {
      payload = null;
    } finally {
      plaintext.fill(0);
    }
    if (payload === null) throw damaged('the encrypted part is not a wallet secret');
    try {
      const mnemonic = parseMnemonic(payload.mnemonic);
      return { ...payload, mnemonic };
    } catch {
      throw damaged('the encrypted recovery phrase is not valid');
    }
  }

  private requireKeychain(): Keychain {
    if (this.keychain === null) {
      throw new KeystoreError('keychain_unavailable', KEYCHAIN_UNAVAILABLE_MESSAGE);
    }
    return this.keychain;
  }

  /** Runs a keychain call; any failure is `keychain_unavailable` (the detail goes to the log). */
  private async keychainCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof KeystoreError) throw error;
      this.logger.warn('The system keychain is not available', { error: errorCode(error) });
      throw new KeystoreError('keychain_unavailable', KEYCHAIN_UNAVAILABLE_MESSAGE);
    }
  }

  /** Best effort: a stale keychain entry is harmless, so a failure is only logged. */
  private async forgetKeychainEntry(
    protection: Extract<Protection, { mode: 'keychain' }>,
  ): Promise<void> {
    try {
      await this.requireKeychain().delete(protection.service, protection.account);
    } catch (error) {
      this.logger.warn('Could not remove an old keychain entry', {
        account: protection.account,
        error: errorCode(error),
      });
    }
  }
}

function bindingOf(file: KeystoreFile, protection: PasswordProtection): AttemptsBinding {
  return { protection, keyCheck: file.keyCheck };
}

/** The public part of a wallet from its root: account 0, device key, wallet id. */
function describe(root: HdPrivateKey, network: Network): PublicInfo {
  const xpub = deriveAccount(root, 0);
  const walletId = getWalletId(xpub);
  const device = deriveDeviceKey(root);
  device.privateKey.fill(0);
  return {
    network,
    walletId,
    accounts: [{ account: 0, xpub, walletId }],
    devicePubkey: device.pubkey,
    deviceAddress: device.deviceAddress,
  };
}

/** Which public field (if any) the seed does not reproduce. */
function mismatch(root: HdPrivateKey, info: PublicInfo): string | null {
  for (const account of info.accounts) {
    if (deriveAccount(root, account.account) !== account.xpub) {
      return `account ${account.account} xpub`;
    }
  }
  const device = deriveDeviceKey(root);
  device.privateKey.fill(0);
  if (device.pubkey !== info.devicePubkey) return 'device key';
  return null;
}
