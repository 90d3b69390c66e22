/**
 * Signs a release (the release workflow's last job, after the smoke tests):
 *
 *   OBYTE_RELEASE_SIGNING_KEY=… npx tsx scripts/sign-release.ts DIR vX.Y.Z
 *
 * writes into DIR, beside the installers: SHA256SUMS.txt (as `sha256sum` prints it), the release
 * manifest obyte-light-release.json (version, tag, the SHA-256 of SHA256SUMS.txt and of every
 * installer), and a detached Ed25519 signature of each (`.sig`, base64), made with the project's
 * release key. The key is the base64 tweetnacl secret key (64 bytes) in OBYTE_RELEASE_SIGNING_KEY
 * (a repository secret; nowhere else). The script checks its own signatures against the public key
 * pinned in the app before it ends, so a release signed with any other key never leaves CI.
 *
 *   npx tsx scripts/sign-release.ts --verify DIR
 *
 * checks SHA256SUMS.txt, its signature, the manifest and every installer in DIR against the pinned
 * key (what a user can do after downloading a release; see "Releases" in the README).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nacl from 'tweetnacl';
import {
  CHECKSUMS_FILE,
  formatManifest,
  isVersion,
  MANIFEST_FILE,
  PRODUCT,
  RELEASE_PUBLIC_KEY,
  SIGNATURE_SUFFIX,
  signDetached,
  verifyDetached,
  type ReleaseManifest,
} from '../electron/main/release-manifest';

/** What a release ships for users to download (electron-builder's installers). */
export const INSTALLER_RE = /\.(exe|dmg|AppImage|deb)$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function parseSecretKey(text: string | undefined): Uint8Array {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') {
    throw new Error(
      'OBYTE_RELEASE_SIGNING_KEY is not set: a release is signed with the project release key (a repository secret).',
    );
  }
  const bytes = Uint8Array.from(Buffer.from(trimmed, 'base64'));
  if (bytes.length !== nacl.sign.secretKeyLength) {
    throw new Error(
      `OBYTE_RELEASE_SIGNING_KEY must be ${nacl.sign.secretKeyLength} bytes in base64 (a tweetnacl secret key).`,
    );
  }
  return bytes;
}

export interface SignedFiles {
  readonly [name: string]: string;
}

/** The files to add to DIR: SHA256SUMS.txt, the manifest, and the two signatures. */
export async function signRelease(
  dir: string,
  tag: string,
  secretKey: Uint8Array,
  publicKey: Uint8Array = RELEASE_PUBLIC_KEY,
): Promise<SignedFiles> {
  const version = tag.replace(/^v/, '');
  if (!tag.startsWith('v') || !isVersion(version)) throw new Error(`${tag} is not a version tag`);
  const derived = nacl.sign.keyPair.fromSecretKey(secretKey).publicKey;
  if (Buffer.compare(Buffer.from(derived), Buffer.from(publicKey)) !== 0) {
    throw new Error(
      'OBYTE_RELEASE_SIGNING_KEY is not the key whose public half the app pins: the app would ignore this release.',
    );
  }
  const names = (await readdir(dir)).filter((name) => INSTALLER_RE.test(name)).sort();
  if (names.length === 0) throw new Error(`no installers in ${dir}`);
  const files: Record<string, string> = {};
  let sums = '';
  for (const name of names) {
    const hash = sha256Hex(await readFile(join(dir, name)));
    files[name] = hash;
    sums += `${hash}  ${name}\n`;
  }
  const sumsBytes = new TextEncoder().encode(sums);
  const manifest: ReleaseManifest = {
    product: PRODUCT,
    version,
    tag,
    sha256sums: sha256Hex(sumsBytes),
    files,
  };
  const manifestText = formatManifest(manifest);
  const manifestBytes = new TextEncoder().encode(manifestText);
  const out: Record<string, string> = {
    [CHECKSUMS_FILE]: sums,
    [`${CHECKSUMS_FILE}${SIGNATURE_SUFFIX}`]: `${signDetached(sumsBytes, secretKey)}\n`,
    [MANIFEST_FILE]: manifestText,
    [`${MANIFEST_FILE}${SIGNATURE_SUFFIX}`]: `${signDetached(manifestBytes, secretKey)}\n`,
  };
  for (const [name, text] of Object.entries(out)) await writeFile(join(dir, name), text);
  const problems = await verifyRelease(dir, publicKey);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return out;
}

/** Problems found in a downloaded release folder (none: all signatures and hashes hold). */
export async function verifyRelease(
  dir: string,
  publicKey: Uint8Array = RELEASE_PUBLIC_KEY,
): Promise<string[]> {
  const problems: string[] = [];
  const read = async (name: string): Promise<Uint8Array | null> =>
    readFile(join(dir, name)).then(
      (bytes) => new Uint8Array(bytes),
      () => null,
    );
  const sums = await read(CHECKSUMS_FILE);
  const sumsSig = await read(`${CHECKSUMS_FILE}${SIGNATURE_SUFFIX}`);
  if (sums === null || sumsSig === null) return [`${CHECKSUMS_FILE} or its signature is missing`];
  if (!verifyDetached(sums, new TextDecoder().decode(sumsSig), publicKey)) {
    return [`${CHECKSUMS_FILE} is not signed with the Obyte Light release key`];
  }
  const manifest = await read(MANIFEST_FILE);
  const manifestSig = await read(`${MANIFEST_FILE}${SIGNATURE_SUFFIX}`);
  if (manifest === null || manifestSig === null) {
    problems.push(`${MANIFEST_FILE} or its signature is missing`);
  } else if (!verifyDetached(manifest, new TextDecoder().decode(manifestSig), publicKey)) {
    problems.push(`${MANIFEST_FILE} is not signed with the Obyte Light release key`);
  } else {
    const parsed = JSON.parse(new TextDecoder().decode(manifest)) as ReleaseManifest;
    if (parsed.sha256sums !== sha256Hex(sums)) {
      problems.push(`${MANIFEST_FILE} names another ${CHECKSUMS_FILE}`);
    }
  }
  for (const line of new TextDecoder().decode(sums).split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match === null) {
      problems.push(`${CHECKSUMS_FILE}: a line that is not "hash  name"`);
      continue;
    }
    const [, hash, name] = match as unknown as [string, string, string];
    const bytes = await read(name);
    if (bytes === null) continue; // A user may download only the installer they need.
    if (sha256Hex(bytes) !== hash) problems.push(`${name} does not match ${CHECKSUMS_FILE}`);
  }
  return problems;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--verify') {
    const dir = resolve(argv[1] ?? '.');
    const problems = await verifyRelease(dir);
    for (const problem of problems) console.error(problem);
    if (problems.length === 0) {
      console.log(
        `${dir}: ${CHECKSUMS_FILE} and ${MANIFEST_FILE} are signed with the release key, and every installer here matches`,
      );
    }
    return problems.length === 0 ? 0 : 1;
  }
  const [dir, tag] = argv;
  if (dir === undefined || tag === undefined) {
    console.error('usage: sign-release.ts DIR vX.Y.Z | --verify DIR');
    return 2;
  }
  const written = await signRelease(
    resolve(dir),
    tag,
    parseSecretKey(process.env['OBYTE_RELEASE_SIGNING_KEY']),
  );
  console.log(`signed ${tag}: ${Object.keys(written).join(', ')}`);
  console.log(written[CHECKSUMS_FILE]);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
