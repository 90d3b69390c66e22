/**
 * `npm run test:packaged` (test/packaged) finds the unpacked build of this system that
 * `npm run dist` made, and where there is none it fails with one sentence saying so: it never
 * passes without an app. This machine has no Electron, so the failing path is real here: the
 * suite itself is run once and must fail with that sentence.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackagedApp, noPackagedAppSentence, REPO_ROOT } from '../packaged/app';

const run = promisify(execFile);
let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'obyte-dist-'));
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe('finding the packaged app', () => {
  it('says in one sentence that there is none, where it looked and what to do', () => {
    const result = findPackagedApp({ distDir: dist, platform: 'linux', arch: 'x64', env: {} });
    const executable = join(dist, 'linux-unpacked', 'obyte-light');
    expect(result).toEqual({ problem: noPackagedAppSentence([executable]) });
    expect(noPackagedAppSentence([join(REPO_ROOT, 'dist', 'linux-unpacked', 'obyte-light')])).toBe(
      'No packaged Obyte Light to launch (none of dist/linux-unpacked/obyte-light exists): run ' +
        '`npm run dist` on a machine that can download Electron, or set OBYTE_PACKAGED_APP to ' +
        'the executable of an unpacked build; this suite never passes without one.',
    );
  });

  it('looks where electron-builder unpacks on each system, this machine’s architecture first', () => {
    const problem = (platform: NodeJS.Platform, arch: string): string => {
      const result = findPackagedApp({ distDir: dist, platform, arch, env: {} });
      return 'problem' in result ? result.problem : 'found';
    };
    expect(problem('win32', 'x64')).toContain(join(dist, 'win-unpacked', 'Obyte Light.exe'));
    expect(problem('win32', 'arm64')).toContain(
      join(dist, 'win-arm64-unpacked', 'Obyte Light.exe'),
    );
    expect(problem('darwin', 'arm64')).toContain(
      `${join(dist, 'mac-arm64', 'Obyte Light.app', 'Contents', 'MacOS', 'Obyte Light')}, ${join(dist, 'mac-universal')}`,
    );
    expect(problem('freebsd', 'x64')).toContain('electron-builder makes no unpacked build');
  });

  it('finds an unpacked build, and an OBYTE_PACKAGED_APP that exists', async () => {
    const dir = join(dist, 'linux-unpacked');
    await mkdir(join(dir, 'resources'), { recursive: true });
    await writeFile(join(dir, 'obyte-light'), '');
    const found = findPackagedApp({ distDir: dist, platform: 'linux', arch: 'x64', env: {} });
    expect(found).toEqual({
      app: {
        executable: join(dir, 'obyte-light'),
        fuseTarget: join(dir, 'obyte-light'),
        resources: join(dir, 'resources'),
        platform: 'linux',
        builderArch: 1,
      },
    });
    const missing = join(dist, 'elsewhere', 'obyte-light');
    expect(
      findPackagedApp({
        distDir: dist,
        platform: 'linux',
        arch: 'x64',
        env: { OBYTE_PACKAGED_APP: missing },
      }),
    ).toEqual({ problem: noPackagedAppSentence([missing]) });
  });
});

describe('npm run test:packaged without an app', () => {
  it('fails, with the sentence', async () => {
    const missing = join(dist, 'no-such-build', 'obyte-light');
    const outcome = await run(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'test/packaged/vitest.config.ts',
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          OBYTE_PACKAGED_APP: missing,
          CI: 'true',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        },
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    ).then(
      () => ({ code: 0, output: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? 1,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.output.replace(/\s+/g, ' ')).toContain(
      noPackagedAppSentence([missing]).replace(/\s+/g, ' '),
    );
    expect(outcome.output).toMatch(/Tests: 0 passed, [1-9]\d* failed/);
  }, 300_000);
});
