/**
 * Signed release manifests. Every release carries `obyte-light-release.json` (the version, the tag,
 * the SHA-256 of every installer and of SHA256SUMS.txt) with a detached Ed25519 signature
 * (`….json.sig`, base64), and `SHA256SUMS.txt.sig` the same way; the release workflow signs them
 * with the project's release key (scripts/sign-release.ts; the secret key lives only in the
 * workflow's secrets). The app announces a new version only when its manifest verifies against
 * the public key pinned here (tweetnacl `sign.detached.verify`), names that version, and is
 * newer than the running copy. Pure: no I/O, no clock.
 */
import nacl from 'tweetnacl';

/** The project's release key (Ed25519 public key, base64). See "Releases" in the README. */
export const RELEASE_PUBLIC_KEY_BASE64 = 'TP619whIh/zPqqcziKzfE1fXr5bOJ75hjbuChQKS+UE=';
export const RELEASE_PUBLIC_KEY = fromBase64(RELEASE_PUBLIC_KEY_BASE64, nacl.sign.publicKeyLength);

export const PRODUCT = 'obyte-light';
export const MANIFEST_FILE = 'obyte-light-release.json';
export const SIGNATURE_SUFFIX = '.sig';
export const CHECKSUMS_FILE = 'SHA256SUMS.txt';
/** Larger files are not read: a manifest is a few hundred bytes, a signature 88 characters. */
export const MAX_MANIFEST_BYTES = 64 * 1024;
export const MAX_SIGNATURE_BYTES = 1024;

/** A version a release may name (no build metadata; a pre-release suffix is allowed). */
const VERSION_RE = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:-([0-9A-Za-z.-]{1,40}))?$/;
const SHA256_RE = /^[0-9a-f]{64}$/;
const FILE_NAME_RE = /^[\w][\w .+-]{0,199}$/;

export interface ReleaseManifest {
  readonly product: typeof PRODUCT;
  readonly version: string;
  readonly tag: string;
  /** SHA-256 (hex) of SHA256SUMS.txt as published beside it. */
  readonly sha256sums: string;
  /** Installer file name → SHA-256 (hex). */
  readonly files: Readonly<Record<string, string>>;
}

export type ManifestCheck =
  | { readonly ok: true; readonly manifest: ReleaseManifest }
  | {
      readonly ok: false;
      readonly reason:
        'unsigned' | 'bad-signature' | 'wrong-key' | 'damaged' | 'other-version' | 'downgrade';
      /** For the user, in words (at most 300 characters). */
      readonly problem: string;
    };

function fromBase64(text: string, length: number): Uint8Array {
  const bytes = Uint8Array.from(Buffer.from(text, 'base64'));
  if (bytes.length !== length || Buffer.from(bytes).toString('base64') !== text) {
    throw new Error(`not ${length} bytes of canonical base64`);
  }
  return bytes;
}

/** -1, 0 or 1; a pre-release comes before its release (1.0.0-rc.1 < 1.0.0). */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION_RE.exec(a);
  const pb = VERSION_RE.exec(b);
  if (pa === null || pb === null) throw new Error('not a version');
  for (const i of [1, 2, 3]) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const [ra, rb] = [pa[4], pb[4]];
  if (ra === rb) return 0;
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  return ra < rb ? -1 : 1;
}

export function isVersion(text: string): boolean {
  return VERSION_RE.test(text);
}

/** The manifest's text as signed: sorted files, two-space JSON, a final newline. */
export function formatManifest(manifest: ReleaseManifest): string {
  const files = Object.fromEntries(
    Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const ordered = {
    product: manifest.product,
    version: manifest.version,
    tag: manifest.tag,
    sha256sums: manifest.sha256sums,
    files,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** A detached signature (base64) of `bytes` with a tweetnacl secret key (64 bytes). */
export function signDetached(bytes: Uint8Array, secretKey: Uint8Array): string {
  return Buffer.from(nacl.sign.detached(bytes, secretKey)).toString('base64');
}

/** True when `signature` (base64 text) is a valid signature of `bytes` by `publicKey`. */
export function verifyDetached(
  bytes: Uint8Array,
  signature: string,
  publicKey: Uint8Array,
): boolean {
  let raw: Uint8Array;
  try {
    raw = fromBase64(signature.trim(), nacl.sign.signatureLength);
  } catch {
    return false;
  }
  return nacl.sign.detached.verify(bytes, raw, publicKey);
}

function parseManifest(text: string): ReleaseManifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { product, version, tag, sha256sums, files } = value as Record<string, unknown>;
  if (Object.keys(value).sort().join() !== 'files,product,sha256sums,tag,version') return null;
  if (product !== PRODUCT || typeof version !== 'string' || !isVersion(version)) return null;
  if (tag !== `v${version}` || typeof sha256sums !== 'string' || !SHA256_RE.test(sha256sums)) {
    return null;
  }
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return null;
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length === 0 || entries.length > 100) return null;
  for (const [name, hash] of entries) {
    if (!FILE_NAME_RE.test(name) || typeof hash !== 'string' || !SHA256_RE.test(hash)) return null;
  }
  return { product, version, tag, sha256sums, files: files as Record<string, string> };
}

/**
 * Whether release `version` (named by the release feed) may be announced to a copy running
 * `currentVersion`: its manifest is signed with `publicKey`, whole, names that very version, and
 * that version is newer. `signature` null: the release has no signature file.
 */
export function checkReleaseManifest(options: {
  /** null: the release has no manifest file. */
  readonly manifest: Uint8Array | null;
  readonly signature: string | null;
  readonly version: string;
  readonly currentVersion: string;
  readonly publicKey?: Uint8Array;
}): ManifestCheck {
  const { manifest, signature, version, currentVersion } = options;
  const publicKey = options.publicKey ?? RELEASE_PUBLIC_KEY;
  const named = `Release ${version.slice(0, 40)}`;
  const ignored = 'so it was ignored';
  if (manifest === null || signature === null || signature.trim() === '') {
    return {
      ok: false,
      reason: 'unsigned',
      problem: `${named} has no signed description, ${ignored}. Check the release page before installing anything.`,
    };
  }
  if (manifest.length === 0 || manifest.length > MAX_MANIFEST_BYTES) {
    return {
      ok: false,
      reason: 'damaged',
      problem: `${named} came with an empty or oversized description, ${ignored}.`,
    };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(manifest);
  const parsed = parseManifest(text);
  if (parsed === null) {
    return {
      ok: false,
      reason: 'damaged',
      problem: `${named} came with an incomplete or damaged description, ${ignored}.`,
    };
  }
  let raw: Uint8Array | null;
  try {
    raw = fromBase64(signature.trim(), nacl.sign.signatureLength);
  } catch {
    raw = null;
  }
  if (raw === null) {
    return {
      ok: false,
      reason: 'bad-signature',
      problem: `The signature of ${named.toLowerCase()} is damaged, ${ignored}.`,
    };
  }
  if (!nacl.sign.detached.verify(manifest, raw, publicKey)) {
    return {
      ok: false,
      reason: 'wrong-key',
      problem: `${named} is not signed with the Obyte Light release key, ${ignored}. Do not install it.`,
    };
  }
  if (parsed.version !== version) {
    return {
      ok: false,
      reason: 'other-version',
      problem: `${named} came with the signed description of ${parsed.version}, ${ignored}.`,
    };
  }
  if (compareVersions(parsed.version, currentVersion) <= 0) {
    return {
      ok: false,
      reason: 'downgrade',
      problem: `${named} is not newer than this copy (${currentVersion.slice(0, 40)}), ${ignored}.`,
    };
  }
  return { ok: true, manifest: parsed };
}
