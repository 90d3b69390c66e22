/**
 * The installed command line's V8 code cache (electron/cli-code-cache.ts): written by a run that
 * found none, read by the next; a corrupt, foreign or V8-refused file is ignored (the command
 * runs as without a cache) and written again whole; another build's file is removed. Runs the
 * built command line (out/cli/, built by the unit project's global setup) with the cache in a
 * temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  codeCacheDir,
  codeCacheName,
  readCodeCache,
  writeCodeCache,
} from '../../electron/cli-code-cache';
import { runCli, type CliResult } from '../support/cli';

const root = mkdtempSync(join(tmpdir(), 'obyte-cli-code-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The command line with its code cache in `cacheDir`, turned off with `cache` 'off'. */
function cli(cacheDir: string, args: readonly string[], cache = ''): Promise<CliResult> {
  return runCli(args, {
    env: { OBYTE_LIGHT_CODE_CACHE_DIR: cacheDir, OBYTE_LIGHT_CODE_CACHE: cache },
  });
}

const cacheFiles = (dir: string): string[] =>
  readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

describe('the code cache file', () => {
  it('reads back what was written, and nothing from a missing, foreign, cut or altered file', () => {
    const dir = join(root, 'unit');
    const data = randomBytes(4096);
    expect(writeCodeCache(dir, 'cli-a.v8cache', { data, cpuMs: 1234 })).toBe(true);
    const file = join(dir, 'cli-a.v8cache');
    expect(readCodeCache(file)).toEqual({ data, cpuMs: 1234 });
    expect(readCodeCache(join(dir, 'cli-none.v8cache'))).toBeUndefined();
    const whole = readFileSync(file);
    writeFileSync(file, randomBytes(whole.length));
    expect(readCodeCache(file)).toBeUndefined();
    writeFileSync(file, whole.subarray(0, whole.length - 1));
    expect(readCodeCache(file)).toBeUndefined();
    const altered = Buffer.from(whole);
    altered[altered.length - 100] = (altered[altered.length - 100] ?? 0) ^ 1;
    writeFileSync(file, altered);
    expect(readCodeCache(file)).toBeUndefined();
    writeFileSync(file, '');
    expect(readCodeCache(file)).toBeUndefined();
  });

  it("writing one removes other builds' files and leaves other files alone", () => {
    const dir = join(root, 'builds');
    expect(writeCodeCache(dir, 'cli-old.v8cache', { data: randomBytes(64), cpuMs: 1 })).toBe(true);
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    expect(writeCodeCache(dir, 'cli-new.v8cache', { data: randomBytes(64), cpuMs: 1 })).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['cli-new.v8cache', 'notes.txt']);
  });

  it('is named for the bundle bytes: another build never reads it', () => {
    const a = codeCacheName(Buffer.from('one build'));
    expect(codeCacheName(Buffer.from('one build'))).toBe(a);
    expect(codeCacheName(Buffer.from('one build.'))).not.toBe(a);
    expect(a).toMatch(/^cli-[0-9a-f]{32}\.v8cache$/);
  });

  it("lives in the OS cache folder (not the wallet's), or nowhere when turned off", () => {
    expect(codeCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/obyte-light');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u')).toBe(
      '/x/cache/obyte-light',
    );
    expect(codeCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/obyte-light');
    expect(
      codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
    ).toBe(join('C:\\Users\\u\\AppData\\Local', 'obyte-light', 'Cache'));
    expect(codeCacheDir({ OBYTE_LIGHT_CODE_CACHE_DIR: '/t' }, 'linux', '/home/u')).toBe('/t');
    expect(codeCacheDir({ OBYTE_LIGHT_CODE_CACHE: 'off' }, 'linux', '/home/u')).toBeNull();
  });
});

describe('the installed command line with its code cache', () => {
  // A command that loads the whole command line and needs no data folder: wrong usage, exit 2.
  const ARGS = ['no-such-command'];
  const expectSameAnswer = (run: CliResult): void => {
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "no-such-command"');
  };

  it('writes the cache on the first run and reads it, unchanged, on the next', async () => {
    const dir = join(root, 'warm');
    expectSameAnswer(await cli(dir, ARGS));
    const [name] = cacheFiles(dir);
    expect(name).toBeDefined();
    const file = join(dir, name ?? '');
    expect(readCodeCache(file)?.data.length).toBeGreaterThan(0);
    const before = readFileSync(file);
    const { mtimeMs } = statSync(file);
    expectSameAnswer(await cli(dir, ARGS));
    expect(cacheFiles(dir)).toEqual([name]);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtimeMs);
  });

  it('ignores a corrupt, foreign or V8-refused file, runs as without one and writes it again', async () => {
    const dir = join(root, 'bad');
    expectSameAnswer(await cli(dir, ARGS));
    const [name] = cacheFiles(dir);
    const file = join(dir, name ?? '');
    const good = readFileSync(file);
    const damaged = Buffer.from(good);
    damaged[damaged.length >> 1] = (damaged[damaged.length >> 1] ?? 0) ^ 0xff;
    // Altered in the middle (the checksum no longer matches), random bytes, V8-shaped garbage
    // under a valid checksum (V8 itself refuses it), and an empty file.
    const cases: [string, () => void][] = [
      ['altered', () => writeFileSync(file, damaged)],
      ['foreign', () => writeFileSync(file, randomBytes(good.length))],
      [
        'refused by V8',
        () => writeCodeCache(dir, name ?? '', { data: randomBytes(good.length), cpuMs: 1e6 }),
      ],
      ['empty', () => writeFileSync(file, '')],
    ];
    for (const [what, spoil] of cases) {
      spoil();
      const spoiled = readFileSync(file);
      const run = await cli(dir, ARGS);
      expect(run.code, what).toBe(2);
      expect(run.stderr, what).toContain('Unknown command "no-such-command"');
      // Written again, whole: what V8 made, not what was there.
      expect(readFileSync(file).equals(spoiled), what).toBe(false);
      expect(readCodeCache(file)?.data.length, what).toBeGreaterThan(0);
    }
  });

  it('is written again by a run that did much more than the one that wrote it, not by a smaller one', async () => {
    const dir = join(root, 'weight');
    expectSameAnswer(await cli(dir, ARGS));
    const [name] = cacheFiles(dir);
    const file = join(dir, name ?? '');
    const made = readCodeCache(file);
    expect(made?.cpuMs).toBeGreaterThan(0);
    const data = made?.data ?? Buffer.alloc(0);
    // Written by a run of 1 ms CPU: this run did much more, and writes it again.
    writeCodeCache(dir, name ?? '', { data, cpuMs: 1 });
    expectSameAnswer(await cli(dir, ARGS));
    expect(readCodeCache(file)?.cpuMs).toBeGreaterThan(1);
    // Written by a run of 1,000 s CPU: this run is smaller, and leaves it as it is.
    writeCodeCache(dir, name ?? '', { data, cpuMs: 1e6 });
    const big = readFileSync(file);
    expectSameAnswer(await cli(dir, ARGS));
    expect(readFileSync(file).equals(big)).toBe(true);
    expect(readCodeCache(file)?.cpuMs).toBe(1e6);
  });

  it("removes another build's cache file when it writes its own", async () => {
    const dir = join(root, 'stale');
    writeCodeCache(dir, 'cli-00000000000000000000000000000000.v8cache', {
      data: randomBytes(256),
      cpuMs: 1,
    });
    expectSameAnswer(await cli(dir, ARGS));
    const names = cacheFiles(dir);
    expect(names).toHaveLength(1);
    expect(names[0]).not.toBe('cli-00000000000000000000000000000000.v8cache');
  });

  it('answers --version and --help without loading the rest, so without a cache', async () => {
    const dir = join(root, 'help');
    const help = await cli(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: obyte-light /);
    expect((await cli(dir, ['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(() => readdirSync(dir)).toThrow();
  });

  it('runs without a cache when turned off', async () => {
    const dir = join(root, 'off');
    expectSameAnswer(await cli(dir, ARGS, 'off'));
    expect(() => readdirSync(dir)).toThrow();
  });
});
