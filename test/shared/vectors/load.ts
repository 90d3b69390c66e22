/**
 * The one place that says where the vectors are: $OBYTE_VECTORS_DIR, else ../shared/vectors
 * beside the repository. A missing directory or file is an error that fails the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const VECTORS_DIR = resolve(
  process.env['OBYTE_VECTORS_DIR'] ?? join(repoRoot, '..', 'shared', 'vectors'),
);

/** Every vector file this suite knows how to check. */
export const KNOWN_VECTOR_FILES = [
  'addresses.json',
  'chat-links.json',
  'device.json',
  'encrypted-message.json',
  'hd.json',
  'signing.json',
  'units.json',
  'wire.json',
] as const;

export type VectorFile = (typeof KNOWN_VECTOR_FILES)[number];

/** Read and parse one vector file; throws (failing the test file) when it is missing or broken. */
export function loadVectors<T = unknown>(file: VectorFile): T {
  const path = join(VECTORS_DIR, file);
  if (!existsSync(path)) throw new Error(`vector file missing: ${path} (set OBYTE_VECTORS_DIR)`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
