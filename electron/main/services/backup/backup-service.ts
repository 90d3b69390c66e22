/**
 * Export and import of the full backup (shared/backup/format.ts) over the registry's sections.
 *
 * Export: every section's data from the live network folder, sealed under a key scrypt derives
 * from the backup's own password (in a worker thread, as the keystore's), written atomically.
 *
 * Import, so that a refused or interrupted import changes nothing:
 *  1. the whole file is read, its header checked (foreign, cut short, newer, other network),
 *     decrypted, and every section validated — before anything is written;
 *  2. the target must hold no wallet on that network (a backup never overwrites a wallet);
 *  3. the sections write into a staging folder `.<network>.restore-<id>` beside the network's
 *     folder, which is renamed `.<network>.restored-<id>` once complete (one atomic step);
 *  4. the network's folder (a fresh install's: caches only) is moved aside and the restored one
 *     renamed into its place; `finishInterrupted` completes that swap after a crash between
 *     the two renames, and removes staging folders that were never completed;
 *  5. the sections that live outside the network folder (settings) are committed.
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BackupFormatError,
  BACKUP_SALT_BYTES,
  BACKUP_NONCE_BYTES,
  BACKUP_SCRYPT,
  MAX_BACKUP_CHARS,
  openBackup,
  parseBackupEnvelope,
  sealBackup,
  type BackupEnvelope,
  type BackupPayload,
  type BackupScryptParams,
} from '../../../../shared/backup/format';
import type { Network } from '../../../../shared/protocol/wire';
import { newPasswordProblem } from '../../../../shared/vocabulary/password-rule';
import { toHex } from '../../../../shared/protocol/bytes';
import type { AppPaths } from '../app-paths';
import { AtomicFile, isNotFound } from '../atomic-file';
import type { Clock } from '../clock';
import { passwordKey } from '../keystore/cipher';
import type { Logger } from '../logger';
import { drawRandom, nodeRandomSource, type RandomSource } from '../random';
import { foreignWalletAddress } from './addresses-section';
import { BackupError } from './errors';
import { keystoreIn, readKeystoreSection } from './keystore-section';
import type { BackupRegistry, JsonValue } from './section';
import { fileProblem } from '../file-problem';

export interface BackupServiceOptions {
  readonly paths: AppPaths;
  readonly registry: BackupRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly program: { readonly name: string; readonly version: string };
  readonly random?: RandomSource;
  /** TEST ONLY: a cheaper scrypt for backups written here. */
  readonly testScrypt?: BackupScryptParams;
}

/** A backup key and what derived it (the file's header names the salt and parameters). */
export interface DerivedBackupKey {
  readonly key: Uint8Array;
  readonly salt: Uint8Array;
  readonly kdf: BackupScryptParams;
}

export interface ExportResult {
  readonly path: string;
  readonly bytes: number;
  readonly createdAt: number;
  readonly sections: readonly string[];
}

export interface ImportResult {
  readonly network: Network;
  /** When the backup was made. */
  readonly createdAt: number;
  /** The program that made it. */
  readonly app: string;
  readonly sections: readonly string[];
  /** Sections in the file this version does not know (a newer app's): not imported. */
  readonly skipped: readonly string[];
}

export interface SwapHooks {
  /** Just before the restored folder takes the network folder's place (close its databases). */
  readonly beforeSwap?: () => Promise<void>;
  /** Just after (open them again), also when the swap failed. */
  readonly afterSwap?: () => Promise<void>;
}

const RESTORE_MARK = '.restore-';
const RESTORED_MARK = '.restored-';
const REPLACED_MARK = '.replaced-';

/** A BackupFormatError as a refusal of the backup (its message is the format's words). */
function refused(error: unknown): never {
  if (error instanceof BackupFormatError)
    throw new BackupError({ kind: 'format', problem: error.message });
  throw error;
}

export class BackupService {
  private readonly options: BackupServiceOptions;
  private readonly random: RandomSource;
  private readonly logger: Logger;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: BackupServiceOptions) {
    this.options = options;
    this.random = options.random ?? nodeRandomSource;
    this.logger = options.logger.child('backup');
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Writes a backup of the network's wallet to `path` (atomically). */
  exportTo(params: { path: string; password: string; network: Network }): Promise<ExportResult> {
    const problem = newPasswordProblem(params.password);
    if (problem !== null) {
      return Promise.reject(new BackupError({ kind: 'weak-password', problem }));
    }
    return this.serial(() => this.write(params));
  }

  /** The payload of the live wallet, sealed to text under a key derived from `password`. */
  async seal(
    password: string,
    network: Network,
  ): Promise<{ text: string; payload: BackupPayload }> {
    const key = await this.deriveKey(password);
    try {
      return await this.sealWithKey(key, network);
    } finally {
      key.key.fill(0);
    }
  }

  /**
   * A backup key from a password, with a fresh salt and the parameters this app writes: what
   * `seal` does first, and what the automatic backup does once when it is turned on.
   */
  async deriveKey(password: string): Promise<DerivedBackupKey> {
    const kdf = this.options.testScrypt ?? BACKUP_SCRYPT;
    const salt = drawRandom(this.random, BACKUP_SALT_BYTES);
    return { key: await passwordKey(password, salt, kdf), salt, kdf };
  }

  /**
   * The payload of the live wallet sealed under an already derived key (the automatic backup:
   * no password, no scrypt). The same text an export writes, with a fresh nonce; the caller
   * zeroes the key.
   */
  async sealWithKey(
    derived: DerivedBackupKey,
    network: Network,
  ): Promise<{ text: string; payload: BackupPayload }> {
    const networkDir = this.options.paths.networkDir(network);
    const sections: Record<string, JsonValue> = {};
    for (const section of this.options.registry.sections) {
      sections[section.name] = await section.export({ network, networkDir });
    }
    const payload: BackupPayload = {
      network,
      createdAt: this.options.clock.now(),
      app: `${this.options.program.name} ${this.options.program.version}`,
      sections,
    };
    const nonce = drawRandom(this.random, BACKUP_NONCE_BYTES);
    const { key, kdf, salt } = derived;
    return { text: sealBackup({ payload, key, kdf, salt, nonce }), payload };
  }

  private async write(params: {
    path: string;
    password: string;
    network: Network;
  }): Promise<ExportResult> {
    await this.checkTarget(params.path);
    const { text, payload } = await this.seal(params.password, params.network);
    await new AtomicFile(params.path).write(text);
    this.logger.info('Backup written', {
      path: this.options.paths.display(params.path),
      bytes: text.length,
      sections: Object.keys(payload.sections),
    });
    return {
      path: params.path,
      bytes: Buffer.byteLength(text),
      createdAt: payload.createdAt,
      sections: Object.keys(payload.sections),
    };
  }

  private async checkTarget(path: string): Promise<void> {
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        throw new BackupError({ kind: 'target-is-folder', path });
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** The header of a backup file (no password): which network, when, which version. */
  async inspect(path: string, network?: Network): Promise<BackupEnvelope> {
    const text = await this.readText(path);
    try {
      return parseBackupEnvelope(text, network);
    } catch (error) {
      return refused(error);
    }
  }

  private async readText(path: string): Promise<string> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new BackupError({ kind: 'not-a-file', path });
      size = info.size;
    } catch (error) {
      if (error instanceof BackupError) throw error;
      if (isNotFound(error)) throw new BackupError({ kind: 'no-file', path });
      throw new BackupError({ kind: 'unreadable', path, problem: fileProblem(error) });
    }
    if (size > MAX_BACKUP_CHARS) {
      throw new BackupError({ kind: 'too-large' });
    }
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  }

  /**
   * Reads, decrypts and validates a backup completely; nothing is written. The sections'
   * data, ready for `importFrom`'s writing part.
   */
  async open(params: {
    path: string;
    password: string;
    network: Network;
  }): Promise<{ payload: BackupPayload; skipped: string[] }> {
    const text = await this.readText(params.path);
    let envelope: BackupEnvelope;
    try {
      envelope = parseBackupEnvelope(text, params.network);
    } catch (error) {
      return refused(error);
    }
    const key = await passwordKey(params.password, fromB64(envelope.kdf.salt), envelope.kdf);
    let payload: BackupPayload;
    try {
      payload = openBackup(envelope, key);
    } catch (error) {
      return refused(error);
    } finally {
      key.fill(0);
    }
    const registered = new Set(this.options.registry.sections.map((s) => s.name));
    for (const section of this.options.registry.sections) {
      const data = payload.sections[section.name];
      if (data === undefined) {
        if (section.required === true) {
          throw new BackupError({ kind: 'missing-section', section: section.name });
        }
        continue;
      }
      const problem = section.validate(data, { network: params.network });
      if (problem !== null) {
        throw new BackupError({ kind: 'section-refused', problem: problem.slice(0, 300) });
      }
    }
    const crossProblem = crossCheck(payload) ?? foreignAddresses(payload, params.network);
    if (crossProblem !== null) {
      throw new BackupError({ kind: 'section-refused', problem: crossProblem });
    }
    const skipped = Object.keys(payload.sections).filter((name) => !registered.has(name));
    if (skipped.length > 0) {
      this.logger.warn('The backup has sections this version does not know; skipped', {
        skipped,
      });
    }
    return { payload, skipped };
  }

  /** Imports a backup into a data folder that has no wallet on its network (see the top). */
  importFrom(
    params: { path: string; password: string; network: Network },
    hooks: SwapHooks = {},
  ): Promise<ImportResult> {
    return this.serial(async () => {
      const { payload, skipped } = await this.open(params);
      const { network } = params;
      const liveDir = this.options.paths.networkDir(network);
      await this.refuseExistingWallet(liveDir, network);
      const restored = await this.stage(payload, network);
      await this.swap(restored, liveDir, hooks);
      const sections: string[] = [];
      for (const section of this.options.registry.sections) {
        const data = payload.sections[section.name];
        if (data === undefined) continue;
        sections.push(section.name);
        if (section.commit === undefined) continue;
        try {
          await section.commit(data, { network, networkDir: liveDir });
        } catch (error) {
          // The wallet is in place; a setting that could not be saved is not worth undoing it.
          this.logger.warn('A backup section could not be committed', {
            section: section.name,
            error,
          });
        }
      }
      this.logger.info('Backup imported', { network, sections, skipped });
      return {
        network,
        createdAt: payload.createdAt,
        app: payload.app,
        sections,
        skipped,
      };
    });
  }

  private async refuseExistingWallet(liveDir: string, network: Network): Promise<void> {
    let exists: boolean;
    try {
      await stat(join(liveDir, 'keystore.json'));
      exists = true;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      exists = false;
    }
    if (exists) {
      throw new BackupError({ kind: 'wallet-exists', network });
    }
  }

  /** Writes every section into a new staging folder; returns the completed folder's path. */
  private async stage(payload: BackupPayload, network: Network): Promise<string> {
    const { root } = this.options.paths;
    const id = toHex(drawRandom(this.random, 6));
    const staging = join(root, `.${network}${RESTORE_MARK}${id}`);
    await mkdir(staging, { recursive: true, mode: 0o700 });
    try {
      for (const section of this.options.registry.sections) {
        const data = payload.sections[section.name];
        if (data === undefined) continue;
        await section.import(data, { network, networkDir: staging });
      }
      const restored = join(root, `.${network}${RESTORED_MARK}${id}`);
      await rename(staging, restored);
      await syncDir(root);
      return restored;
    } catch (error) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
  }

  private async swap(restored: string, liveDir: string, hooks: SwapHooks): Promise<void> {
    const { root } = this.options.paths;
    try {
      await hooks.beforeSwap?.();
    } catch (error) {
      await rm(restored, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    try {
      const aside = `${restored.replace(RESTORED_MARK, REPLACED_MARK)}`;
      let moved = false;
      try {
        await rename(liveDir, aside);
        moved = true;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      await rename(restored, liveDir);
      await syncDir(root);
      if (moved) await rm(aside, { recursive: true, force: true });
    } finally {
      await hooks.afterSwap?.();
    }
  }

  /**
   * At start: completes an import a crash interrupted between its two renames (a restored
   * folder and no wallet in the network's folder), and removes unfinished staging folders.
   */
  async finishInterrupted(network: Network): Promise<void> {
    const { root } = this.options.paths;
    let names: string[];
    try {
      names = await readdir(root);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    const liveDir = this.options.paths.networkDir(network);
    for (const name of names) {
      const path = join(root, name);
      if (name.startsWith(`.${network}${RESTORE_MARK}`)) {
        this.logger.warn('Removing an import that was interrupted before it was complete', {
          name,
        });
        await rm(path, { recursive: true, force: true });
      } else if (name.startsWith(`.${network}${REPLACED_MARK}`)) {
        await rm(path, { recursive: true, force: true });
      } else if (name.startsWith(`.${network}${RESTORED_MARK}`)) {
        if ((await keystoreIn(liveDir).catch(() => null)) !== null) {
          await rm(path, { recursive: true, force: true });
          continue;
        }
        this.logger.warn('Completing an import that was interrupted', { name });
        await this.swap(path, liveDir, {});
      }
    }
  }
}

function fromB64(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

/** Every wallet address in the addresses section must be the keystore's own (derived again). */
function foreignAddresses(payload: BackupPayload, network: Network): string | null {
  const addresses = payload.sections['addresses'];
  const keystore = payload.sections['keystore'];
  if (addresses === undefined || keystore === undefined) return null;
  const read = readKeystoreSection(keystore, network);
  if (typeof read === 'string') return read;
  return foreignWalletAddress(addresses, read.file.public.accounts);
}

/** The chat section must be of the keystore's device (its temp keys are sealed under it). */
function crossCheck(payload: BackupPayload): string | null {
  const keystore = payload.sections['keystore'];
  const chat = payload.sections['chat'];
  if (!isObject(keystore) || !isObject(chat)) return null;
  const file = keystore['file'];
  const pub = isObject(file) ? file['public'] : null;
  const device = isObject(pub) ? pub['device'] : null;
  const address = isObject(device) ? device['address'] : null;
  return chat['device_address'] === address
    ? null
    : "the chat in it is another device's than the wallet's";
}

function isObject(value: JsonValue | undefined): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { open } = await import('node:fs/promises');
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
