/**
 * The automatic backup (issue 16): after every change to what a backup holds, the same file an
 * export writes, written again into a folder the user chose, atomically; the previous one is kept
 * as `.bak`, and one from a day or more before that as `.bak2` (so a burst of unwanted changes
 * cannot push every good copy out). Three files at most.
 *
 * Where the key lives between runs (docs/backup-format.md, "Automatic backup"): when it is turned
 * on, the backup key is derived ONCE from the backup password with the format's scrypt and a
 * fresh salt, and kept only wrapped (AES-256-GCM) under the wallet's at-rest key for this use
 * (DeviceSigner.atRestKey: SHA-256 of a context and the permanent device key, which exists only
 * while the wallet is unlocked), in `auto-backup.json` in the network's folder. So:
 *  - no password and no usable key is on disk: the file opens only with the unlocked wallet,
 *    whether a password or the OS keychain protects it (one mechanism for both);
 *  - a backup is written only while the wallet is unlocked; a change while it is locked marks
 *    the backup pending (in the file, so it survives a restart) and it is written at the next
 *    unlock;
 *  - the wrapped key is bound (GCM associated data) to the network, the wallet id and the
 *    folder: an edited folder or another wallet's file does not open, and says so.
 * Turning it off deletes that file: the key is forgotten (the backups already written stay).
 *
 * Every change (the signals compose.ts wires: labels, contacts, chat, accounts, settings,
 * textcoins, watched addresses) restarts a short timer; the backup is written when it runs out,
 * so a burst of changes is one write. Quitting flushes it (`flush`, bounded in time: a folder that
 * does not answer never holds the quit; the change stays pending on disk). A change the command
 * line makes while the app is closed marks the backup pending in the file
 * (`markAutoBackupPending`); the app writes it at its next unlock.
 */
import * as nodeFs from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gcm } from '@noble/ciphers/aes.js';
import { z } from 'zod';
import {
  BACKUP_EXTENSION,
  BACKUP_KEY_BYTES,
  BACKUP_SALT_BYTES,
  backupScryptProblem,
  parseBackupEnvelope,
} from '../../../../shared/backup/format';
import { newPasswordProblem, UserFacingError, type Network } from '../../../../shared/ipc';
import {
  concatBytes,
  fromBase64,
  isBase64,
  toBase64,
  toHex,
  utf8,
} from '../../../../shared/protocol/bytes';
import type { AppPaths } from '../app-paths';
import { AtomicFile, isNotFound, type AtomicFs } from '../atomic-file';
import type { Clock } from '../clock';
import { fileProblem } from '../file-problem';
import type { Logger } from '../logger';
import { drawRandom, nodeRandomSource, type RandomSource } from '../random';
import type { TimerHandle, Timers } from '../timers';
import type { BackupRecord } from './backup-record';
import type { BackupService } from './backup-service';

/** The at-rest key's context: this use's own key, never the textcoins' or chat's. */
export const AUTO_BACKUP_KEY_CONTEXT = 'obyte-light/auto-backup/key/v1';
/** The settings of the automatic backup, in the network's folder (never inside a backup). */
export const AUTO_BACKUP_FILE = 'auto-backup.json';
/** How long after the last change the backup is written. */
export const AUTO_BACKUP_DELAY_MS = 3000;
const WRAP_NONCE_BYTES = 12;
/** The longest quitting waits for a backup still to be written. */
export const AUTO_BACKUP_FLUSH_MS = 5000;
/** `.bak2` is replaced only by a backup at least this much newer than it. */
const OLDER_GENERATION_MS = 24 * 60 * 60 * 1000;

/** The file system calls this makes; tests inject faults through them. */
export type AutoBackupFs = AtomicFs & Pick<typeof nodeFs, 'stat' | 'access' | 'realpath'>;

const ConfigSchema = z
  .object({
    version: z.literal(1),
    folder: z.string().min(1).max(4096),
    wallet_id: z.string().min(1).max(200),
    kdf: z
      .object({
        N: z.number().int(),
        r: z.number().int(),
        p: z.number().int(),
        salt: z.string().refine((t) => isBase64(t, BACKUP_SALT_BYTES), 'must be a salt'),
      })
      .strict()
      .refine((kdf) => backupScryptProblem(kdf) === null, 'bad scrypt parameters'),
    /** base64(nonce ‖ AES-256-GCM(at-rest key, backup key)). */
    wrapped_key: z.string().max(200),
    pending: z.boolean(),
    last_at: z.number().int().nonnegative().nullable(),
    problem: z.string().max(600).nullable(),
  })
  .strict();
type Config = z.infer<typeof ConfigSchema>;

/** What Settings and the command line show. */
export interface AutoBackupStatus {
  readonly enabled: boolean;
  /** The folder (home as `~`); null when off. */
  readonly folder: string | null;
  /** The backup's file name in it. */
  readonly fileName: string | null;
  /** When the last automatic backup was written. */
  readonly lastBackupAt: number | null;
  /** A change is not in the folder yet (the wallet is locked, or the timer runs). */
  readonly pending: boolean;
  /** Why the last try failed, in words; null after a good write. */
  readonly problem: string | null;
}

export interface AutoBackupOptions {
  readonly paths: AppPaths;
  readonly backup: BackupService;
  readonly record: BackupRecord;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  /** The network in use (changes are the wallet's on it). */
  readonly network: () => Network;
  /** The wallet id of the network's wallet (readable while locked); null when there is none. */
  readonly walletId: (network: Network) => Promise<string | null>;
  /**
   * The unlocked wallet's at-rest key for `context` (the caller wipes the device key it used);
   * null while the wallet is locked. Zeroed here after each use.
   */
  readonly atRestKey: (context: string) => Uint8Array | null;
  /** Told after every change of the status (the page's event). */
  readonly onStatus?: (status: AutoBackupStatus) => void;
  readonly random?: RandomSource;
  readonly delayMs?: number;
  readonly fs?: AutoBackupFs;
}

/** The file name of a wallet's automatic backup: one per network and wallet. */
export function autoBackupFileName(network: Network, walletId: string): string {
  const id = toHex(fromBase64(walletId)).slice(0, 12);
  return `obyte-light-${network}-${id}.${BACKUP_EXTENSION}`;
}

function aad(network: Network, walletId: string, folder: string): Uint8Array {
  return utf8(`${AUTO_BACKUP_KEY_CONTEXT}\n${network}\n${walletId}\n${folder}`);
}

function configFileIn(paths: AppPaths, network: Network, fs: AtomicFs): AtomicFile {
  return new AtomicFile(join(paths.networkDir(network), AUTO_BACKUP_FILE), { fs });
}

/**
 * For the command line (another process than the app): something a backup holds changed on
 * `network`, so the automatic backup, when it is on, is marked pending in its settings file and
 * the app writes it at its next unlock. Returns whether it is on; a file it cannot read or write
 * is logged, never thrown (the change itself was made).
 */
export async function markAutoBackupPending(
  paths: AppPaths,
  network: Network,
  logger: Logger,
  fs: AtomicFs = nodeFs,
): Promise<boolean> {
  const file = configFileIn(paths, network, fs);
  try {
    const text = await file.read();
    if (text === null) return false;
    const parsed = ConfigSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return false;
    if (!parsed.data.pending) {
      await file.write(`${JSON.stringify({ ...parsed.data, pending: true }, null, 2)}\n`);
    }
    return true;
  } catch (error) {
    logger.warn('Could not mark the automatic backup pending', { error });
    return false;
  }
}

/** A backup file's creation time, or null when it is not one. */
function createdAtOf(text: string): number | null {
  try {
    return parseBackupEnvelope(text).createdAt;
  } catch {
    return null;
  }
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

export class AutoBackupService {
  private readonly options: AutoBackupOptions;
  private readonly fs: AutoBackupFs;
  private readonly random: RandomSource;
  private readonly logger: Logger;
  private readonly delayMs: number;
  private readonly configs = new Map<Network, Config | null>();
  private readonly timers = new Map<Network, TimerHandle>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The latest change or unlock being handled (`settled` waits for it). */
  private handling: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: AutoBackupOptions) {
    this.options = options;
    this.fs = options.fs ?? nodeFs;
    this.random = options.random ?? nodeRandomSource;
    this.logger = options.logger.child('auto-backup');
    this.delayMs = options.delayMs ?? AUTO_BACKUP_DELAY_MS;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private configFile(network: Network): AtomicFile {
    return configFileIn(this.options.paths, network, this.fs);
  }

  private async config(network: Network): Promise<Config | null> {
    if (this.configs.has(network)) return this.configs.get(network) ?? null;
    let config: Config | null = null;
    try {
      const text = await this.configFile(network).read();
      if (text !== null) {
        const parsed = ConfigSchema.safeParse(JSON.parse(text));
        if (parsed.success) config = parsed.data;
        else this.logger.warn('The automatic backup settings are unreadable; it is off');
      }
    } catch (error) {
      this.logger.warn('Could not read the automatic backup settings; it is off', { error });
    }
    this.configs.set(network, config);
    return config;
  }

  private async save(network: Network, config: Config): Promise<void> {
    this.configs.set(network, config);
    await this.configFile(network).write(`${JSON.stringify(config, null, 2)}\n`);
  }

  async status(network: Network = this.options.network()): Promise<AutoBackupStatus> {
    const config = await this.config(network);
    if (config === null) {
      return {
        enabled: false,
        folder: null,
        fileName: null,
        lastBackupAt: null,
        pending: false,
        problem: null,
      };
    }
    return {
      enabled: true,
      folder: this.options.paths.display(config.folder),
      fileName: autoBackupFileName(network, config.wallet_id),
      lastBackupAt: config.last_at,
      pending: config.pending || this.timers.has(network),
      problem: config.problem,
    };
  }

  private tell(network: Network): void {
    const listener = this.options.onStatus;
    if (listener === undefined || network !== this.options.network()) return;
    this.status(network).then(listener, (error: unknown) =>
      this.logger.warn('Could not read the automatic backup status', { error }),
    );
  }

  /**
   * The folder as chosen, checked: absolute, there, a folder, writable, and not inside the
   * app's own data folder. Returns its real path; refuses in words. Reads only.
   */
  async checkFolder(path: string): Promise<string> {
    if (!isAbsolute(path)) {
      throw new UserFacingError(`Choose a whole folder path for the backups, not ${path}.`);
    }
    let real: string;
    try {
      const info = await this.fs.stat(path);
      if (!info.isDirectory()) {
        throw new UserFacingError(`${path} is a file, not a folder: choose a folder.`);
      }
      real = await this.fs.realpath(path);
      await this.fs.access(real, fsConstants.W_OK);
    } catch (error) {
      if (error instanceof UserFacingError) throw error;
      if (isNotFound(error)) throw new UserFacingError(`There is no folder ${path}.`);
      throw new UserFacingError(
        `Backups cannot be written to ${path}: ${fileProblem(error)}. Choose another folder.`,
      );
    }
    const root = await this.fs
      .realpath(this.options.paths.root)
      .catch(() => resolve(this.options.paths.root));
    const inside = relative(root, real);
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
      throw new UserFacingError(
        "That folder is inside Obyte Light's own data folder, which a lost or broken disk takes with the wallet. Choose a folder on another disk, a USB stick or a synced folder.",
      );
    }
    return real.endsWith(sep) && real.length > 1 ? real.slice(0, -1) : real;
  }

  /**
   * Turns the automatic backup on: checks the password rule and the folder before anything
   * else, derives the key once, keeps it wrapped, and writes the first backup at once.
   */
  async turnOn(params: { folder: string; password: string }): Promise<AutoBackupStatus> {
    const problem = newPasswordProblem(params.password);
    if (problem !== null) {
      throw new UserFacingError(problem.replace(/a wallet password/gi, 'a backup password'));
    }
    const folder = await this.checkFolder(params.folder);
    const network = this.options.network();
    const walletId = await this.options.walletId(network);
    if (walletId === null) {
      throw new UserFacingError('There is no wallet to back up yet. Create or restore one first.');
    }
    const wrapping = this.options.atRestKey(AUTO_BACKUP_KEY_CONTEXT);
    if (wrapping === null) {
      throw new UserFacingError('Unlock the wallet to turn the automatic backup on.');
    }
    try {
      const derived = await this.options.backup.deriveKey(params.password);
      try {
        const nonce = drawRandom(this.random, WRAP_NONCE_BYTES);
        const sealed = gcm(wrapping, nonce, aad(network, walletId, folder)).encrypt(derived.key);
        const config: Config = {
          version: 1,
          folder,
          wallet_id: walletId,
          kdf: { ...derived.kdf, salt: toBase64(derived.salt) },
          wrapped_key: toBase64(concatBytes(nonce, sealed)),
          pending: true,
          last_at: null,
          problem: null,
        };
        await this.serial(() => this.save(network, config));
      } finally {
        derived.key.fill(0);
      }
    } finally {
      wrapping.fill(0);
    }
    this.logger.info('Automatic backup turned on', {
      network,
      folder: this.options.paths.display(folder),
    });
    return this.backUpNow();
  }

  /** Turns it off: the wrapped key is deleted (the backups already written stay in the folder). */
  turnOff(): Promise<AutoBackupStatus> {
    const network = this.options.network();
    return this.serial(async () => {
      this.timers.get(network)?.cancel();
      this.timers.delete(network);
      this.configs.set(network, null);
      try {
        await this.fs.unlink(join(this.options.paths.networkDir(network), AUTO_BACKUP_FILE));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      this.logger.info('Automatic backup turned off', { network });
      this.tell(network);
      return this.status(network);
    });
  }

  /** Something a backup holds changed on the network in use: write it after a short quiet. */
  noteChange(reason: string): void {
    if (this.closed) return;
    const network = this.options.network();
    this.track(
      this.config(network).then(async (config) => {
        if (config === null || this.closed) return;
        this.logger.debug('Backup data changed', { reason });
        this.timers.get(network)?.cancel();
        this.timers.set(
          network,
          this.options.timers.setTimeout(() => {
            this.timers.delete(network);
            this.track(this.write(network));
          }, this.delayMs),
        );
        if (!config.pending) {
          // Kept in the file too: a change the app quits on is written at the next unlock.
          await this.serial(async () => {
            const now = await this.config(network);
            if (now !== null && !now.pending) await this.save(network, { ...now, pending: true });
          }).catch((error: unknown) =>
            this.logger.warn('Could not note a pending automatic backup', { error }),
          );
        }
        this.tell(network);
      }),
    );
  }

  /**
   * The wallet was unlocked: a backup that is pending is written now. The settings are read
   * again from the file: the command line may have marked it pending since.
   */
  walletUnlocked(): void {
    const network = this.options.network();
    this.track(
      this.serial(async () => {
        this.configs.delete(network);
        return this.config(network);
      }).then(async (config) => {
        if (config?.pending === true && !this.timers.has(network)) await this.write(network);
      }),
    );
  }

  /**
   * Quitting: the changes noted so far are handled, and a backup waiting for its quiet is
   * written now (while locked it stays pending in the file, for the next unlock). Never longer
   * than `boundMs`: a folder that does not answer (a dead network drive) does not hold the quit,
   * and the change stays pending on disk.
   */
  async flush(boundMs: number = AUTO_BACKUP_FLUSH_MS): Promise<'done' | 'timed-out'> {
    const work = (async () => {
      await this.settled();
      const due = [...this.timers.entries()];
      for (const [, timer] of due) timer.cancel();
      this.timers.clear();
      for (const [network] of due) await this.write(network);
    })();
    let bound: TimerHandle | null = null;
    const outcome = await Promise.race([
      work.then(
        () => 'done' as const,
        (error: unknown) => {
          this.logger.warn('The automatic backup could not be flushed', { error });
          return 'done' as const;
        },
      ),
      new Promise<'timed-out'>((resolve) => {
        bound = this.options.timers.setTimeout(() => resolve('timed-out'), boundMs);
      }),
    ]);
    (bound as TimerHandle | null)?.cancel();
    if (outcome === 'timed-out') {
      this.logger.warn('Quitting before the automatic backup was written; it stays pending', {
        boundMs,
      });
    }
    return outcome;
  }

  private track(work: Promise<unknown>): void {
    this.handling = work.catch((error: unknown) =>
      this.logger.warn('The automatic backup could not handle a change', { error }),
    );
  }

  /** Resolves once the changes noted so far are handled and no write runs (tests, quitting). */
  async settled(): Promise<void> {
    await this.handling.catch(() => undefined);
    await this.queue.catch(() => undefined);
  }

  /** Writes the backup now (Settings' "Back up now"; the first one when turned on). */
  async backUpNow(): Promise<AutoBackupStatus> {
    const network = this.options.network();
    if ((await this.config(network)) === null) {
      throw new UserFacingError('The automatic backup is off. Turn it on first.');
    }
    this.timers.get(network)?.cancel();
    this.timers.delete(network);
    await this.write(network);
    return this.status(network);
  }

  /** One write, in the queue. A failure is kept as the status's problem, never thrown. */
  private write(network: Network): Promise<void> {
    return this.serial(async () => {
      const config = await this.config(network);
      if (config === null) return;
      const wrapping = this.options.atRestKey(AUTO_BACKUP_KEY_CONTEXT);
      if (wrapping === null) {
        // Locked: the change waits for the next unlock.
        if (!config.pending) await this.save(network, { ...config, pending: true });
        this.tell(network);
        return;
      }
      const key = this.unwrap(wrapping, network, config);
      if (key === null) {
        await this.fail(
          network,
          config,
          "The automatic backup's settings do not open with this wallet (the wallet or the settings were changed). Turn the automatic backup off, then on again.",
        );
        return;
      }
      try {
        const started = this.options.clock.now();
        const path = join(config.folder, autoBackupFileName(network, config.wallet_id));
        await this.checkStillThere(config.folder);
        const { text, payload } = await this.options.backup.sealWithKey(
          {
            key,
            salt: fromBase64(config.kdf.salt),
            kdf: { N: config.kdf.N, r: config.kdf.r, p: config.kdf.p },
          },
          network,
        );
        await this.writeRotating(path, text);
        await this.save(network, {
          ...config,
          pending: false,
          last_at: payload.createdAt,
          problem: null,
        });
        await this.options.record
          .note(network, { at: payload.createdAt, to: path })
          .catch((error: unknown) => this.logger.warn('Could not note the backup time', { error }));
        this.logger.info('Automatic backup written', {
          network,
          bytes: text.length,
          ms: this.options.clock.now() - started,
        });
      } catch (error) {
        this.logger.warn('The automatic backup could not be written', { error });
        await this.fail(network, config, this.problemOf(error, config.folder));
        return;
      } finally {
        key.fill(0);
      }
      this.tell(network);
    });
  }

  /** The backup key, or null when the wrapped key does not open (wipes the wrapping key). */
  private unwrap(wrapping: Uint8Array, network: Network, config: Config): Uint8Array | null {
    try {
      const bytes = fromBase64(config.wrapped_key);
      const key = gcm(
        wrapping,
        bytes.subarray(0, WRAP_NONCE_BYTES),
        aad(network, config.wallet_id, config.folder),
      ).decrypt(bytes.subarray(WRAP_NONCE_BYTES));
      return key.length === BACKUP_KEY_BYTES ? key : null;
    } catch {
      return null;
    } finally {
      wrapping.fill(0);
    }
  }

  private async fail(network: Network, config: Config, problem: string): Promise<void> {
    try {
      await this.save(network, { ...config, pending: true, problem: problem.slice(0, 600) });
    } catch (error) {
      this.configs.set(network, { ...config, pending: true, problem: problem.slice(0, 600) });
      this.logger.warn('Could not save the automatic backup status', { error });
    }
    this.tell(network);
  }

  private problemOf(error: unknown, folder: string): string {
    const shown = this.options.paths.display(folder);
    if (error instanceof UserFacingError) return error.message;
    switch (codeOf(error)) {
      case 'ENOSPC':
      case 'EDQUOT':
        return `The disk of the backup folder ${shown} is full: the last backup there was kept. Free some space, then press "Back up now".`;
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return `Obyte Light may not write in the backup folder ${shown} (permission or a read-only disk): the last backup there was kept. Allow it, or choose another folder.`;
      default:
        return `The automatic backup could not be written to ${shown}: ${fileProblem(error)}. The last backup there was kept.`;
    }
  }

  /** The folder must still be there (a removed drive): never created again in its place. */
  private async checkStillThere(folder: string): Promise<void> {
    const shown = this.options.paths.display(folder);
    try {
      const info = await this.fs.stat(folder);
      if (info.isDirectory()) return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    throw new UserFacingError(
      `The backup folder ${shown} is not there any more (a drive that was removed, or a folder that was moved?). Connect it, or turn the automatic backup off and choose another folder.`,
    );
  }

  /**
   * The previous backup becomes `.bak` (atomically), then the new one takes its name. The `.bak`
   * it replaces becomes `.bak2` when there is none, or when it is a day or more newer than the
   * `.bak2` there: `.bak2` changes at most once a day, so it still holds the wallet as it was
   * before a burst of changes (a mistake noticed the next morning).
   */
  private async writeRotating(path: string, text: string): Promise<void> {
    // An AtomicFile whose mkdir only checks: the folder is never made again where it was.
    const checkOnly = async (dir: string): Promise<undefined> => {
      await this.fs.stat(dir);
      return undefined;
    };
    const fs: AtomicFs = { ...this.fs, mkdir: checkOnly as AtomicFs['mkdir'] };
    const file = new AtomicFile(path, { fs });
    const bak = file.sibling(`${basename(path)}.bak`);
    const bak2 = file.sibling(`${basename(path)}.bak2`);
    // A failed try leaves no temp files behind (the next write or a crash's leftovers).
    const sweep = async (): Promise<void> => {
      await file.sweepTemps().catch(() => 0);
      await bak.sweepTemps().catch(() => 0);
      await bak2.sweepTemps().catch(() => 0);
    };
    await sweep();
    try {
      const previous = await file.read();
      if (previous !== null) {
        const outgoing = await bak.read();
        const outgoingAt = outgoing === null ? null : createdAtOf(outgoing);
        if (outgoing !== null && outgoingAt !== null) {
          const older = await bak2.read();
          const olderAt = older === null ? null : createdAtOf(older);
          if (olderAt === null || outgoingAt - olderAt >= OLDER_GENERATION_MS) {
            await bak2.write(outgoing);
          }
        }
        await bak.write(previous);
      }
      await file.write(text);
    } catch (error) {
      await sweep();
      throw error;
    }
  }

  /** Stops the timers (quitting): what is pending is written at the next unlock. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
}
