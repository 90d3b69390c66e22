/**
 * Files that must never be half-written (settings, window state, later the keystore): the new
 * content goes to a temp file beside the target, is fsynced, then renamed over the target, and
 * the folder is fsynced. A crash at any point leaves either the old file or the new one, plus at
 * most a stray temp file that the next write or `sweepTemps` removes.
 */
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { nodeRandomSource } from './random';

/** The part of `node:fs/promises` this needs; tests inject faults through it. */
export type AtomicFs = Pick<
  typeof nodeFs,
  'open' | 'rename' | 'readFile' | 'unlink' | 'readdir' | 'mkdir'
>;

const TEMP_MARK = '.tmp-';

export class AtomicFile {
  readonly path: string;
  private readonly fs: AtomicFs;
  private readonly fsyncDir: boolean;

  private readonly platform: NodeJS.Platform;

  constructor(path: string, options: { fs?: AtomicFs; platform?: NodeJS.Platform } = {}) {
    this.path = path;
    this.fs = options.fs ?? nodeFs;
    this.platform = options.platform ?? process.platform;
    // Windows cannot open a directory for fsync; NTFS rename is durable enough there.
    this.fsyncDir = this.platform !== 'win32';
  }

  /** Another file in the same folder, written the same way (and through the same fs). */
  sibling(name: string): AtomicFile {
    return new AtomicFile(join(dirname(this.path), name), {
      fs: this.fs,
      platform: this.platform,
    });
  }

  /** The file's text, or null when it does not exist. */
  async read(): Promise<string | null> {
    try {
      return await this.fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async write(text: string, mode = 0o600): Promise<void> {
    const dir = dirname(this.path);
    await this.fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = join(
      dir,
      `${basename(this.path)}${TEMP_MARK}${Buffer.from(nodeRandomSource.randomBytes(6)).toString('hex')}`,
    );
    const handle = await this.fs.open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.fs.rename(temp, this.path);
    if (this.fsyncDir) {
      const dirHandle = await this.fs.open(dir, 'r');
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    }
  }

  /** Removes temp files a crash left behind; returns how many. */
  async sweepTemps(): Promise<number> {
    const dir = dirname(this.path);
    const prefix = `${basename(this.path)}${TEMP_MARK}`;
    let names: string[];
    try {
      names = await this.fs.readdir(dir);
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
    const stray = names.filter((name) => name.startsWith(prefix));
    await Promise.all(stray.map((name) => this.fs.unlink(join(dir, name))));
    return stray.length;
  }

  /** Moves an unreadable file aside so it is kept for the user instead of overwritten. */
  async quarantine(now: number): Promise<string> {
    const aside = `${this.path}.corrupt-${now}`;
    await this.fs.rename(this.path, aside);
    return aside;
  }
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
