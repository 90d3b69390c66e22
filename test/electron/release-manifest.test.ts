/**
 * The update check believes only what the release key signed: a manifest (obyte-light-release
 * .json) and its detached Ed25519 signature, checked with tweetnacl against the pinned public key.
 * Good, forged, signed with another key, truncated, unsigned, naming another version, and older
 * (a downgrade) manifests — each through the pure check and through UpdateCheck, which reports the
 * refusal in words and announces nothing. Keys are made in the test; the project's secret key is
 * never in the repository. Release files are fetched from a real loopback HTTP server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nacl from 'tweetnacl';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures';
import {
  checkReleaseManifest,
  compareVersions,
  formatManifest,
  MANIFEST_FILE,
  RELEASE_PUBLIC_KEY,
  RELEASE_PUBLIC_KEY_BASE64,
  SIGNATURE_SUFFIX,
  verifyDetached,
} from '../../electron/main/release-manifest';
import {
  failureWords,
  releaseDownloader,
  releaseFileUrl,
  UpdateCheck,
  UpdatePreference,
  type ReleaseDownload,
  type UpdateNotice,
} from '../../electron/main/updates';
import { AtomicFile } from '../../electron/main/services/atomic-file';
import {
  servedReleases,
  signedRelease,
  testManifest,
  testReleaseKey,
} from '../support/release-signing';
import { fixedClock, recordingLogger } from './fakes';

const KEY = testReleaseKey();
const OTHER_KEY = testReleaseKey();
const GOOD = signedRelease(KEY, '0.2.0');

function check(
  release: { manifest: Uint8Array | null; signature: string | null },
  version = '0.2.0',
  currentVersion = '0.1.0',
) {
  return checkReleaseManifest({ ...release, version, currentVersion, publicKey: KEY.publicKey });
}

describe('checkReleaseManifest', () => {
  it('accepts a manifest signed with the release key that names a newer version', () => {
    const result = check(GOOD);
    expect(result).toEqual({ ok: true, manifest: testManifest('0.2.0') });
  });

  it('refuses a forged manifest: changed after it was signed', () => {
    const forged = new TextEncoder().encode(
      formatManifest({ ...testManifest('0.2.0'), sha256sums: 'f'.repeat(64) }),
    );
    expect(forged.length).toBe(GOOD.manifest.length);
    expect(check({ manifest: forged, signature: GOOD.signature })).toEqual({
      ok: false,
      reason: 'wrong-key',
      problem:
        'Release 0.2.0 is not signed with the Obyte Light release key, so it was ignored. Do not install it.',
    });
  });

  it('refuses a manifest signed with another key', () => {
    const other = signedRelease(OTHER_KEY, '0.2.0');
    expect(check(other)).toMatchObject({ ok: false, reason: 'wrong-key' });
    // The pinned key is not the test key either.
    expect(
      checkReleaseManifest({ ...GOOD, version: '0.2.0', currentVersion: '0.1.0' }),
    ).toMatchObject({ ok: false, reason: 'wrong-key' });
  });

  it('refuses a truncated manifest and a truncated signature', () => {
    expect(check({ manifest: GOOD.manifest.slice(0, -20), signature: GOOD.signature })).toEqual({
      ok: false,
      reason: 'damaged',
      problem: 'Release 0.2.0 came with an incomplete or damaged description, so it was ignored.',
    });
    expect(check({ manifest: GOOD.manifest, signature: GOOD.signature.slice(0, 40) })).toEqual({
      ok: false,
      reason: 'bad-signature',
      problem: 'The signature of release 0.2.0 is damaged, so it was ignored.',
    });
    expect(check({ manifest: new Uint8Array(), signature: GOOD.signature })).toMatchObject({
      ok: false,
      reason: 'damaged',
    });
  });

  it('refuses an unsigned release', () => {
    const unsigned = {
      ok: false,
      reason: 'unsigned',
      problem:
        'Release 0.2.0 has no signed description, so it was ignored. Check the release page before installing anything.',
    };
    expect(check({ manifest: GOOD.manifest, signature: null })).toEqual(unsigned);
    expect(check({ manifest: GOOD.manifest, signature: '  ' })).toEqual(unsigned);
    expect(check({ manifest: null, signature: GOOD.signature })).toEqual(unsigned);
  });

  it('refuses a downgrade: a signed release that is not newer than this copy', () => {
    expect(check(GOOD, '0.2.0', '0.3.0')).toEqual({
      ok: false,
      reason: 'downgrade',
      problem: 'Release 0.2.0 is not newer than this copy (0.3.0), so it was ignored.',
    });
    expect(check(GOOD, '0.2.0', '0.2.0')).toMatchObject({ ok: false, reason: 'downgrade' });
    expect(check(signedRelease(KEY, '0.2.0-rc.1'), '0.2.0-rc.1', '0.2.0')).toMatchObject({
      ok: false,
      reason: 'downgrade',
    });
  });

  it('refuses an older signed manifest served for the version the feed names', () => {
    const old = signedRelease(KEY, '0.1.5');
    expect(check(old, '0.2.0')).toEqual({
      ok: false,
      reason: 'other-version',
      problem: 'Release 0.2.0 came with the signed description of 0.1.5, so it was ignored.',
    });
  });

  it('refuses a signed manifest of another product or with unknown fields', () => {
    const extra = new TextEncoder().encode(
      JSON.stringify({ ...testManifest('0.2.0'), url: 'https://evil.example/' }),
    );
    const signed = {
      manifest: extra,
      signature: Buffer.from(nacl.sign.detached(extra, KEY.secretKey)).toString('base64'),
    };
    expect(check(signed)).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('keeps every refusal within what the page may show', () => {
    const long = `${'9'.repeat(6)}.${'9'.repeat(6)}.${'9'.repeat(6)}-${'x'.repeat(40)}`;
    const result = check({ manifest: GOOD.manifest, signature: null }, long, long);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.length).toBeLessThanOrEqual(300);
  });
});

describe('versions and the pinned key', () => {
  it('orders versions numerically, a pre-release before its release', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0', '1.0.0-rc.2')).toBe(1);
    expect(() => compareVersions('1.0', '1.0.0')).toThrow();
  });

  it('pins one Ed25519 public key, the one the README names', async () => {
    expect(RELEASE_PUBLIC_KEY).toHaveLength(32);
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(RELEASE_PUBLIC_KEY_BASE64);
  });

  it('verifies detached signatures of any file (SHA256SUMS.txt)', () => {
    const sums = new TextEncoder().encode(`${'a'.repeat(64)}  obyte-light.AppImage\n`);
    const signature = Buffer.from(nacl.sign.detached(sums, KEY.secretKey)).toString('base64');
    expect(verifyDetached(sums, signature, KEY.publicKey)).toBe(true);
    expect(verifyDetached(sums, signature, OTHER_KEY.publicKey)).toBe(false);
    expect(verifyDetached(sums.slice(1), signature, KEY.publicKey)).toBe(false);
    expect(verifyDetached(sums, 'not base64!', KEY.publicKey)).toBe(false);
  });
});

describe('UpdateCheck announces only a signed newer release', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'obyte-release-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(download: ReleaseDownload, feedVersion = '0.2.0', currentVersion = '0.1.0') {
    const shown: UpdateNotice[] = [];
    const opened: string[] = [];
    const { logger, lines } = recordingLogger();
    const updates = new UpdateCheck({
      updater: () => ({
        autoDownload: false,
        autoInstallOnAppQuit: false,
        allowPrerelease: false,
        allowDowngrade: false,
        logger: null,
        checkForUpdates: () =>
          Promise.resolve({ isUpdateAvailable: true, updateInfo: { version: feedVersion } }),
      }),
      currentVersion,
      preference: new UpdatePreference(new AtomicFile(join(dir, 'update-check.json'))),
      ui: {
        show: (notice) => {
          shown.push(notice);
          return Promise.resolve(true);
        },
        openReleasePage: (url) => {
          opened.push(url);
        },
      },
      logger,
      clock: fixedClock(),
      supported: true,
      download,
      releaseKey: KEY.publicKey,
    });
    const outcome = await updates.checkNow();
    return { outcome, shown, opened, lines, state: updates.state() };
  }

  it('good: the release is announced, and its signed manifest was fetched from the release', async () => {
    const download = servedReleases({ '0.2.0': GOOD });
    const result = await run(download);
    expect(result.outcome).toBe('available');
    expect(result.shown[0]?.message).toBe('Obyte Light 0.2.0 is available');
    expect(download.asked.sort()).toEqual(
      [
        releaseFileUrl('0.2.0', MANIFEST_FILE),
        releaseFileUrl('0.2.0', `${MANIFEST_FILE}${SIGNATURE_SUFFIX}`),
      ].sort(),
    );
  });

  const refused: [string, ReleaseDownload, string?, string?][] = [
    [
      'forged',
      servedReleases({
        '0.2.0': {
          manifest: formatManifest({ ...testManifest('0.2.0'), sha256sums: '0'.repeat(64) }),
          signature: GOOD.signature,
        },
      }),
    ],
    ['wrong key', servedReleases({ '0.2.0': signedRelease(OTHER_KEY, '0.2.0') })],
    ['truncated', servedReleases({ '0.2.0': { ...GOOD, manifest: GOOD.manifest.slice(0, 50) } })],
    ['unsigned', servedReleases({ '0.2.0': { manifest: GOOD.manifest } })],
    ['downgraded', servedReleases({ '0.2.0': GOOD }), '0.2.0', '0.3.0'],
    ['an older manifest', servedReleases({ '0.2.0': signedRelease(KEY, '0.1.5') })],
  ];

  for (const [name, download, feed, current] of refused) {
    it(`${name}: reported in words, nothing announced, no release page`, async () => {
      const result = await run(download, feed, current);
      expect(result.outcome).toBe('failed');
      expect(result.opened).toEqual([]);
      expect(result.shown).toHaveLength(1);
      expect(result.shown[0]?.message).toBe('Could not check for updates');
      expect(result.shown[0]?.detail).toMatch(
        /^(Release|The signature of release) 0\.2\.0 .*ignored/,
      );
      expect(result.state.lastCheck).toMatchObject({ outcome: 'failed' });
      expect(result.lines.some((line) => line.includes('was ignored'))).toBe(true);
    });
  }
});

describe('releaseDownloader over HTTP', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/manifest') response.end('{"signed":"bytes"}');
      else if (request.url === '/big') response.end('x'.repeat(5_000));
      else if (request.url === '/busy') {
        response.statusCode = 503;
        response.end('busy');
      } else {
        response.statusCode = 404;
        response.end('Not Found');
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  const download = releaseDownloader((url) => fetch(url));

  it('returns the bytes, null for a file the release lacks, and refuses too much', async () => {
    await expect(download(`${origin}/manifest`, 1_000)).resolves.toEqual(
      new TextEncoder().encode('{"signed":"bytes"}'),
    );
    await expect(download(`${origin}/missing`, 1_000)).resolves.toBeNull();
    await expect(download(`${origin}/big`, 1_000)).rejects.toThrow(/larger than 1000 bytes/);
  });

  it('rejects another status with its code, which the check puts in words', async () => {
    const error = await download(`${origin}/busy`, 1_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HTTP_ERROR_503' });
    expect(failureWords(error)).toBe('GitHub had a problem answering (HTTP 503). Try again later.');
  });
});
