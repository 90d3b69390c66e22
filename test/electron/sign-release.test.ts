/**
 * scripts/sign-release.ts, as the release workflow runs it: SHA256SUMS.txt and the manifest
 * written and signed beside the installers, checked again before it ends, refused with a key
 * other than the pinned one; `--verify` finds a changed installer. The signatures are plain
 * Ed25519: OpenSSL verifies them with the public key as PEM (how the README tells users to).
 * Keys are made in the test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkReleaseManifest,
  RELEASE_PUBLIC_KEY_BASE64,
} from '../../electron/main/release-manifest';
import { parseSecretKey, sha256Hex, signRelease, verifyRelease } from '../../scripts/sign-release';
import { testReleaseKey } from '../support/release-signing';

const KEY = testReleaseKey();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obyte-sign-'));
  await writeFile(join(dir, 'obyte-light-0.2.0-win.exe'), 'windows installer');
  await writeFile(join(dir, 'obyte-light-0.2.0-linux-x86_64.AppImage'), 'appimage');
  await writeFile(join(dir, 'latest.yml'), 'version: 0.2.0\n');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The public key as OpenSSL reads it: the fixed SPKI prefix of Ed25519, then the 32 bytes. */
function pem(publicKey: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`;
}

describe('signing a release', () => {
  it('writes SHA256SUMS.txt, the manifest and their signatures, which verify', async () => {
    const written = await signRelease(dir, 'v0.2.0', KEY.secretKey, KEY.publicKey);
    expect(Object.keys(written).sort()).toEqual([
      'SHA256SUMS.txt',
      'SHA256SUMS.txt.sig',
      'obyte-light-release.json',
      'obyte-light-release.json.sig',
    ]);
    const sums = await readFile(join(dir, 'SHA256SUMS.txt'), 'utf8');
    expect(sums).toBe(
      `${sha256Hex(new TextEncoder().encode('appimage'))}  obyte-light-0.2.0-linux-x86_64.AppImage\n` +
        `${sha256Hex(new TextEncoder().encode('windows installer'))}  obyte-light-0.2.0-win.exe\n`,
    );
    await expect(verifyRelease(dir, KEY.publicKey)).resolves.toEqual([]);
    // What the app reads from the release: the manifest verifies and announces 0.2.0.
    const check = checkReleaseManifest({
      manifest: new Uint8Array(await readFile(join(dir, 'obyte-light-release.json'))),
      signature: await readFile(join(dir, 'obyte-light-release.json.sig'), 'utf8'),
      version: '0.2.0',
      currentVersion: '0.1.0',
      publicKey: KEY.publicKey,
    });
    expect(check).toMatchObject({ ok: true, manifest: { version: '0.2.0', tag: 'v0.2.0' } });
  });

  it('produces plain Ed25519 signatures that OpenSSL verifies', async () => {
    await signRelease(dir, 'v0.2.0', KEY.secretKey, KEY.publicKey);
    await writeFile(join(dir, 'key.pem'), pem(KEY.publicKey));
    const signature = await readFile(join(dir, 'SHA256SUMS.txt.sig'), 'utf8');
    await writeFile(join(dir, 'sums.sig'), Buffer.from(signature.trim(), 'base64'));
    const verify = (file: string): string =>
      execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          'key.pem',
          '-rawin',
          '-in',
          file,
          '-sigfile',
          'sums.sig',
        ],
        { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    expect(verify('SHA256SUMS.txt')).toContain('Signature Verified Successfully');
    await writeFile(
      join(dir, 'changed.txt'),
      `${await readFile(join(dir, 'SHA256SUMS.txt'), 'utf8')} `,
    );
    expect(() => verify('changed.txt')).toThrow();
  });

  it('--verify finds an installer that does not match, and a release signed with another key', async () => {
    await signRelease(dir, 'v0.2.0', KEY.secretKey, KEY.publicKey);
    await writeFile(join(dir, 'obyte-light-0.2.0-win.exe'), 'windows installer, changed');
    await expect(verifyRelease(dir, KEY.publicKey)).resolves.toEqual([
      'obyte-light-0.2.0-win.exe does not match SHA256SUMS.txt',
    ]);
    await expect(verifyRelease(dir, testReleaseKey().publicKey)).resolves.toEqual([
      'SHA256SUMS.txt is not signed with the Obyte Light release key',
    ]);
  });

  it('refuses a key that is not the pinned one, a missing key and a bad tag, in words', async () => {
    await expect(signRelease(dir, 'v0.2.0', KEY.secretKey)).rejects.toThrow(
      'OBYTE_RELEASE_SIGNING_KEY is not the key whose public half the app pins: the app would ignore this release.',
    );
    expect(() => parseSecretKey(undefined)).toThrow(/OBYTE_RELEASE_SIGNING_KEY is not set/);
    expect(() => parseSecretKey('c2hvcnQ=')).toThrow(/must be 64 bytes in base64/);
    await expect(signRelease(dir, '0.2.0', KEY.secretKey, KEY.publicKey)).rejects.toThrow(
      '0.2.0 is not a version tag',
    );
    expect(RELEASE_PUBLIC_KEY_BASE64).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
