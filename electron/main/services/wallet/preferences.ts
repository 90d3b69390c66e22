/**
 * The wallet's own preferences, in wallet-preferences.json of the data folder (apart from the
 * settings: they follow the wallet, not the app): how long an unlocked wallet stays unlocked
 * without use. A missing or odd file means the defaults.
 */
import type { AtomicFile } from '../atomic-file';
import type { Logger } from '../logger';

const DEFAULT_AUTO_LOCK_MINUTES = 10;

export class WalletPreferences {
  private readonly file: AtomicFile;
  private readonly logger: Logger;
  private minutes: number | null = DEFAULT_AUTO_LOCK_MINUTES;

  constructor(options: { file: AtomicFile; logger: Logger }) {
    this.file = options.file;
    this.logger = options.logger;
  }

  /** Reads the saved auto-lock choice (a missing or odd file means the default). */
  async load(): Promise<void> {
    try {
      const text = await this.file.read();
      if (text !== null) {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && 'autoLockMinutes' in parsed) {
          const value = parsed.autoLockMinutes;
          if (value === null || (Number.isInteger(value) && Number(value) >= 1)) {
            this.minutes = value === null ? null : Number(value);
          }
        }
      }
    } catch (error) {
      this.logger.warn('Could not read the wallet preferences; using the defaults', { error });
    }
  }

  /** Minutes without use before an unlocked wallet locks itself; null: never. */
  autoLockMinutes(): number | null {
    return this.minutes;
  }

  autoLockMs(): number | null {
    return this.minutes === null ? null : this.minutes * 60_000;
  }

  /** Keeps the new choice and writes it (atomically). */
  async setAutoLock(minutes: number | null): Promise<void> {
    this.minutes = minutes;
    await this.file.write(JSON.stringify({ autoLockMinutes: minutes }));
  }
}
