/**
 * The installed command line's V8 code cache: the compiled code of out/cli/obyte-light-main.cjs
 * (the whole command line, about 2 MB of JavaScript), kept in the OS cache folder, so that a
 * later run deserializes what an earlier one compiled instead of parsing and compiling again.
 * Node 20 has no module compile cache (module.enableCompileCache is Node 22.1+), so the bundle is
 * CommonJS-shaped and compiled as a vm.Script with `cachedData`: the same on Node 20 and 22.
 *
 * Safe when stale, corrupt or foreign: the file's name carries a hash of the bundle's bytes and
 * of the Node, V8 and architecture that made it (another build or another Node never reads it);
 * its content carries a SHA-256 of the code it holds, checked before V8 sees a byte (V8 checks
 * only a header); V8 may still refuse it (other flags), and then it is written again. A run
 * that did much more than the one that wrote the cache (a restore or a sync after `--version`-
 * sized work) writes it again with the code it compiled: the commands that sync start from the
 * code they run (devnet restore, load 11.6: 1,160 -> 1,130 ms CPU). Every
 * failure to read or write the cache only costs the compile it would have saved. Nothing in it
 * is the user's: it lives in the OS cache folder, never the wallet's data folder.
 *
 *   OBYTE_LIGHT_CODE_CACHE=off       no cache (read or written)
 *   OBYTE_LIGHT_CODE_CACHE_DIR=DIR   the cache in DIR (tests)
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The first bytes of every cache file; then 32 bytes of SHA-256 of the rest, the CPU time of the
 * run that wrote it (4 bytes, milliseconds), and V8's data.
 */
const MAGIC = Buffer.from('obyte-light v8 code cache 2\n', 'latin1');
const DIGEST_BYTES = 32;
const WEIGHT_BYTES = 4;
/** A run this many times longer (CPU) than the one that wrote the cache writes it again. */
const REWRITE_RATIO = 2;
const PREFIX = 'cli-';
const SUFFIX = '.v8cache';

/** The whole command line, beside out/cli/obyte-light.mjs (scripts/build-cli.ts writes both). */
export const CLI_MAIN_FILE = 'obyte-light-main.cjs';

/** The variable the bundle reads `import.meta.url` from (scripts/build-cli.ts defines it). */
export const IMPORT_META_URL_NAME = '__obyteImportMetaUrl';

/** The folder of the cache: the OS cache folder's "obyte-light"; null when turned off. */
export function codeCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string | null {
  if (env['OBYTE_LIGHT_CODE_CACHE'] === 'off') return null;
  const override = env['OBYTE_LIGHT_CODE_CACHE_DIR'];
  if (override !== undefined && override !== '') return override;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'obyte-light');
  if (platform === 'win32') {
    return join(env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), 'obyte-light', 'Cache');
  }
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(home, '.cache'), 'obyte-light');
}

// Pure JavaScript, as all hashing in the app (the shipped Electron's BoringSSL is not relied on).
const sha256 = (data: Uint8Array): Buffer => Buffer.from(nobleSha256(data));

/** The cache file's name for these bundle bytes on this Node, V8 and architecture. */
export function codeCacheName(bundle: Uint8Array): string {
  const runtime = `${process.version} ${process.versions.v8} ${process.arch} ${process.platform}`;
  const key = bytesToHex(
    nobleSha256
      .create()
      .update(bundle)
      .update(utf8ToBytes(`\0${runtime}`))
      .digest(),
  );
  return `${PREFIX}${key.slice(0, 32)}${SUFFIX}`;
}

/** A cache file's content: V8's data and the CPU time (ms) of the run that wrote it. */
export interface CodeCache {
  readonly data: Buffer;
  readonly cpuMs: number;
}

/** A cache file's content, or undefined when there is none or it is not whole. */
export function readCodeCache(file: string): CodeCache | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const checked = MAGIC.length + DIGEST_BYTES;
  const start = checked + WEIGHT_BYTES;
  if (bytes.length <= start || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!sha256(bytes.subarray(checked)).equals(bytes.subarray(MAGIC.length, checked))) {
    return undefined;
  }
  return { data: bytes.subarray(start), cpuMs: bytes.readUInt32BE(checked) };
}

/**
 * Writes V8's data as a cache file (beside, then renamed into place: a reader never sees half a
 * file) and removes the cache files of other builds; false when it could not.
 */
export function writeCodeCache(dir: string, name: string, cache: CodeCache): boolean {
  const partial = join(dir, `${name}.${process.pid}.partial`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const weight = Buffer.alloc(WEIGHT_BYTES);
    weight.writeUInt32BE(Math.min(Math.max(Math.round(cache.cpuMs), 0), 0xffffffff));
    const checked = Buffer.concat([weight, cache.data]);
    writeFileSync(partial, Buffer.concat([MAGIC, sha256(checked), checked]), { mode: 0o600 });
    renameSync(partial, join(dir, name));
  } catch {
    try {
      unlinkSync(partial);
    } catch {
      // never written
    }
    return false;
  }
  try {
    for (const entry of readdirSync(dir)) {
      if (entry !== name && entry.startsWith(PREFIX) && entry.endsWith(SUFFIX)) {
        unlinkSync(join(dir, entry));
      }
    }
  } catch {
    // another run may be removing them too
  }
  return true;
}

/**
 * Runs the CommonJS-shaped bundle `file` (scripts/build-cli.ts: ASCII only, `import.meta.url`
 * read from IMPORT_META_URL_NAME) in this context, from the code cache when a whole one for
 * these bytes is there; when none was there (or V8 refused it), or this run took more than
 * REWRITE_RATIO times the CPU of the one that wrote it, the code compiled by the time the
 * process exits is written for the next run.
 */
export function runWithCodeCache(file: string): void {
  const bytes = readFileSync(file);
  // The build checks the bundle is ASCII, so latin1 is the text: no UTF-8 decoding at start.
  const source = bytes.toString('latin1');
  // One line before the source: the bundle's own line numbers stay one lower in stack traces.
  const wrapped = `(function (exports, require, module, __filename, __dirname, ${IMPORT_META_URL_NAME}) {\n${source}\n})`;
  const dir = codeCacheDir();
  const name = codeCacheName(bytes);
  const cached = dir === null ? undefined : readCodeCache(join(dir, name));
  const script = new Script(wrapped, {
    filename: file,
    ...(cached === undefined ? {} : { cachedData: cached.data }),
  });
  if (dir !== null) {
    const missing = cached === undefined || script.cachedDataRejected === true;
    process.once('exit', () => {
      const usage = process.cpuUsage();
      const cpuMs = (usage.user + usage.system) / 1000;
      if (!missing && cpuMs <= REWRITE_RATIO * (cached?.cpuMs ?? 0)) return;
      try {
        writeCodeCache(dir, name, { data: script.createCachedData(), cpuMs });
      } catch {
        // the next run compiles again
      }
    });
  }
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
    importMetaUrl: string,
  ) => void;
  const module = { exports: {} };
  run.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
    pathToFileURL(file).href,
  );
}
