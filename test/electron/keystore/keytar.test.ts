/**
 * The real keytar adapter against a real Secret Service. Each run starts its own session bus
 * (`dbus-run-session`) and a gnome-keyring daemon unlocked with a throwaway password, with HOME
 * and XDG_DATA_HOME in a temp folder, so the user's own keyring is never touched. Needs the
 * Debian packages gnome-keyring and dbus-daemon, and keytar built (libsecret-1-dev,
 * pkg-config at `npm ci`). Missing pieces fail the test with what to install: never a skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obyte-keytar-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function missingPrerequisites(): string[] {
  const missing: string[] = [];
  for (const tool of ['dbus-run-session', 'gnome-keyring-daemon']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  }
  try {
    createRequire(import.meta.url)('keytar');
  } catch (error) {
    missing.push(
      `keytar native module (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return missing;
}

function runInSecretService(): Promise<{ code: number | null; out: string; err: string }> {
  const script = [
    'printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
    `exec "${process.execPath}" --import tsx "${join(here, 'keytar-child.ts')}" "${dir}"`,
  ].join(' && ');
  return new Promise((resolvePromise, reject) => {
    const child = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
      cwd: repoRoot,
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'share'), DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`keytar child timed out: ${out} ${err}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, out, err });
    });
  });
}

describe('KeytarKeychain against gnome-keyring (Secret Service)', () => {
  it('stores, reads and deletes; keychain-mode keystore round trip', async () => {
    const missing = missingPrerequisites();
    expect(
      missing,
      `install: apt-get install -y --no-install-recommends gnome-keyring dbus-daemon libsecret-1-dev pkg-config, then npm ci (builds keytar). Missing: ${missing.join(', ')}`,
    ).toEqual([]);

    const { code, out, err } = await runInSecretService();
    expect(code, `child failed:\n${out}\n${err}`).toBe(0);
    const observed = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(observed).toMatchObject({
      get: 'secret value',
      deleted: true,
      afterDelete: null,
      protection: 'keychain',
      entriesLeft: 0,
    });
    expect(observed['xpub']).toMatch(/^xpub/);
    expect(observed['reopenedXpub']).toBe(observed['xpub']);
    expect(observed['unlockWithPassword']).toBe(observed['xpub']);
  });
});
