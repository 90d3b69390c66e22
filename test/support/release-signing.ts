/**
 * Releases signed with a key made in the test (never the project's: its secret key is not in the
 * repository): manifests as the release workflow writes them, and a ReleaseDownload that serves
 * them by URL as GitHub's release download would.
 */
import { createHash } from 'node:crypto';
import nacl from 'tweetnacl';
import {
  formatManifest,
  MANIFEST_FILE,
  PRODUCT,
  SIGNATURE_SUFFIX,
  signDetached,
  type ReleaseManifest,
} from '../../electron/main/release-manifest';
import { releaseFileUrl, type ReleaseDownload } from '../../electron/main/updates';

export interface TestKey {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

export function testReleaseKey(): TestKey {
  const { publicKey, secretKey } = nacl.sign.keyPair();
  return { publicKey, secretKey };
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function testManifest(version: string): ReleaseManifest {
  const installer = `obyte-light-${version}-linux-x86_64.AppImage`;
  return {
    product: PRODUCT,
    version,
    tag: `v${version}`,
    sha256sums: sha256Hex(`${sha256Hex(installer)}  ${installer}\n`),
    files: { [installer]: sha256Hex(installer) },
  };
}

/** The files of one release: the manifest's bytes and its detached signature (base64 text). */
export function signedRelease(
  key: TestKey,
  version: string,
  manifest: ReleaseManifest = testManifest(version),
): { manifest: Uint8Array; signature: string } {
  const bytes = new TextEncoder().encode(formatManifest(manifest));
  return { manifest: bytes, signature: signDetached(bytes, key.secretKey) };
}

/** Serves release files by URL; a URL not given is a 404 (null). Records what was asked. */
export function servedReleases(
  files: Record<string, { manifest?: Uint8Array | string; signature?: string }>,
): ReleaseDownload & { readonly asked: string[] } {
  const byUrl = new Map<string, Uint8Array>();
  for (const [version, release] of Object.entries(files)) {
    const { manifest, signature } = release;
    if (manifest !== undefined) {
      byUrl.set(
        releaseFileUrl(version, MANIFEST_FILE),
        typeof manifest === 'string' ? new TextEncoder().encode(manifest) : manifest,
      );
    }
    if (signature !== undefined) {
      byUrl.set(
        releaseFileUrl(version, `${MANIFEST_FILE}${SIGNATURE_SUFFIX}`),
        new TextEncoder().encode(signature),
      );
    }
  }
  const asked: string[] = [];
  const download = (url: string): Promise<Uint8Array | null> => {
    asked.push(url);
    return Promise.resolve(byUrl.get(url) ?? null);
  };
  return Object.assign(download, { asked });
}
