/**
 * The delay after wrong passwords, kept beside the keystore so that it holds across restarts
 * and across processes (the app, each run of the command line): two wrong tries cost nothing
 * more (typos happen), then the next try is accepted only after 30 s, 1 min, 2 min, 4 min, and
 * 5 min from then on. The right password resets it.
 *
 * The record (`keystore.attempts.json`, written atomically) carries an HMAC keyed from the
 * keystore's password salt and key check, so a record that is missing, unreadable, edited by
 * hand, or copied from another wallet (or from before the password last changed) is told apart
 * from a real one — and means the longest delay, never none.
 * There is no secret to key it with before the password is right, so this stops casual
 * deletion and editing, not someone who can run code as the user: such a person can copy the
 * keystore and guess offline, where scrypt (not this delay) is what bounds them.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  equalBytes,
  fromBase64,
  isBase64,
  toBase64,
  utf8,
} from '../../../../shared/protocol/bytes';
import type { AtomicFile } from '../atomic-file';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { PasswordProtection } from './format';

/** What the record is bound to: the password protection of the keystore it sits beside. */
export interface AttemptsBinding {
  readonly protection: PasswordProtection;
  readonly keyCheck: string;
}

export const ATTEMPTS_FORMAT = 'obyte-light-password-attempts';
const MAC_LABEL = 'obyte-light password attempts v1';
/** Wrong tries in a row that cost no wait. */
export const FREE_FAILURES = 2;
export const FIRST_RETRY_DELAY_MS = 30_000;
const MAX_FAILURES = 1_000_000;

/** Milliseconds to wait after `failures` wrong tries in a row: 0, 0, 30 s, 1 min, 2 min … max. */
export function retryDelayMs(failures: number, maxDelayMs: number): number {
  if (failures <= FREE_FAILURES) return 0;
  const doublings = Math.min(failures - FREE_FAILURES - 1, 30);
  return Math.min(maxDelayMs, FIRST_RETRY_DELAY_MS * 2 ** doublings);
}

interface Attempts {
  readonly failures: number;
  /** Epoch ms before which no try is accepted (0: none pending). */
  readonly nextAttemptAt: number;
}

function macKey(binding: AttemptsBinding): Uint8Array {
  return sha256(utf8(`${MAC_LABEL}\n${binding.protection.kdf.salt}\n${binding.keyCheck}`));
}

function macOf(binding: AttemptsBinding, attempts: Attempts): Uint8Array {
  return hmac(sha256, macKey(binding), utf8(`${attempts.failures}\n${attempts.nextAttemptAt}`));
}

/** One MAC per keystore the record is valid for (two only while a new password is written). */
function serialize(bindings: readonly AttemptsBinding[], attempts: Attempts): string {
  return `${JSON.stringify(
    {
      format: ATTEMPTS_FORMAT,
      version: 1,
      failures: attempts.failures,
      next_attempt_at: attempts.nextAttemptAt,
      macs: bindings.map((binding) => toBase64(macOf(binding, attempts))),
    },
    null,
    2,
  )}\n`;
}

/** The record if it is whole and made for this wallet; null otherwise (never throws). */
export function parseAttempts(text: string, binding: AttemptsBinding): Attempts | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const { failures, next_attempt_at: nextAttemptAt, macs } = record;
  if (record['format'] !== ATTEMPTS_FORMAT || record['version'] !== 1) return null;
  if (!Number.isSafeInteger(failures) || Number(failures) < 0 || Number(failures) > MAX_FAILURES) {
    return null;
  }
  if (!Number.isSafeInteger(nextAttemptAt) || Number(nextAttemptAt) < 0) return null;
  if (!Array.isArray(macs) || macs.length < 1 || macs.length > 2) return null;
  const attempts = { failures: Number(failures), nextAttemptAt: Number(nextAttemptAt) };
  const expected = macOf(binding, attempts);
  const valid = macs.some(
    (mac: unknown) =>
      typeof mac === 'string' &&
      mac.length === 44 &&
      isBase64(mac) &&
      equalBytes(fromBase64(mac), expected),
  );
  return valid ? attempts : null;
}

export class PasswordThrottle {
  private readonly file: AtomicFile;
  private readonly clock: Clock;
  private readonly logger: Logger;
  readonly maxDelayMs: number;
  /** What this process last read or wrote; the file is the truth. */
  private known: Attempts = { failures: 0, nextAttemptAt: 0 };
  private swept = false;

  constructor(options: { file: AtomicFile; clock: Clock; logger: Logger; maxDelayMs: number }) {
    this.file = options.file;
    this.clock = options.clock;
    this.logger = options.logger;
    this.maxDelayMs = options.maxDelayMs;
  }

  get path(): string {
    return this.file.path;
  }

  /** Milliseconds until another try is accepted, as last read (0 = now). */
  waitMs(): number {
    return this.waitFor(this.known);
  }

  /** Consecutive wrong tries, as last read. */
  get failureCount(): number {
    return this.known.failures;
  }

  /**
   * Reads the record before a try (another process may have counted one). A missing or
   * tampered record becomes the longest delay from now, and that is written at once, so the
   * wait starts now and ends. `strict`: a record that cannot be written is an error (the caller
   * then refuses the try); otherwise it is only logged.
   */
  async load(binding: AttemptsBinding, strict: boolean): Promise<number> {
    if (!this.swept) {
      this.swept = true;
      await this.file.sweepTemps().catch(() => 0);
    }
    let text: string | null;
    try {
      text = await this.file.read();
    } catch (error) {
      this.logger.warn('Could not read the password-attempt record', { error });
      text = '';
    }
    const parsed = text === null ? null : parseAttempts(text, binding);
    if (parsed !== null) {
      this.known = parsed;
      return this.waitMs();
    }
    this.logger.warn(
      text === null
        ? 'The password-attempt record is missing: the longest delay applies'
        : 'The password-attempt record is damaged or not this wallet’s: the longest delay applies',
    );
    // As if the wrong tries had gone on until the delay reached its cap.
    let failures = FREE_FAILURES + 1;
    while (failures < 64 && retryDelayMs(failures, this.maxDelayMs) < this.maxDelayMs) failures++;
    const repaired = {
      failures: Math.max(this.known.failures, failures),
      nextAttemptAt: this.clock.now() + this.maxDelayMs,
    };
    this.known = repaired;
    await this.save([binding], repaired, strict);
    return this.waitMs();
  }

  /** Records a wrong try; returns the delay before the next one is accepted. */
  async fail(binding: AttemptsBinding): Promise<number> {
    const failures = Math.min(this.known.failures + 1, MAX_FAILURES);
    const delay = retryDelayMs(failures, this.maxDelayMs);
    this.known = { failures, nextAttemptAt: this.clock.now() + delay };
    await this.save([binding], this.known, false);
    return delay;
  }

  /** The right password: no delay. */
  async reset(binding: AttemptsBinding): Promise<void> {
    const had = this.known;
    this.known = { failures: 0, nextAttemptAt: 0 };
    if (had.failures !== 0 || had.nextAttemptAt !== 0) {
      await this.save([binding], this.known, false);
    }
  }

  /**
   * A keystore is about to be written under a new password (which was just chosen, or proven):
   * no wrong tries, valid for each of `bindings` (the new keystore, and the one it replaces).
   */
  async start(bindings: readonly AttemptsBinding[]): Promise<void> {
    this.known = { failures: 0, nextAttemptAt: 0 };
    await this.save(bindings, this.known, false);
  }

  private waitFor(attempts: Attempts): number {
    // Capped: a clock set back must not turn a short wait into a long one.
    return Math.min(this.maxDelayMs, Math.max(0, attempts.nextAttemptAt - this.clock.now()));
  }

  private async save(
    bindings: readonly AttemptsBinding[],
    attempts: Attempts,
    strict: boolean,
  ): Promise<void> {
    try {
      await this.file.write(serialize(bindings, attempts), 0o600);
    } catch (error) {
      this.logger.warn('Could not save the password-attempt record', { error });
      if (strict) throw error;
    }
  }
}
