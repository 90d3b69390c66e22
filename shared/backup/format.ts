/**
 * The full-backup file, format `obyte-light-backup` version 1: one JSON object, pure encoding
 * and decoding (no I/O, no clock, no randomness: the caller passes the key, salt and nonce).
 *
 * ```json
 * {
 *   "format": "obyte-light-backup",
 *   "version": 1,
 *   "network": "mainnet",
 *   "created_at": 1765000000000,
 *   "kdf": { "name": "scrypt", "N": 131072, "r": 8, "p": 1, "salt": "<base64, 32 bytes>" },
 *   "key_check": "<base64, 16 bytes: HMAC-SHA256(backup key, KEY_CHECK_LABEL)[0..16]>",
 *   "cipher": "nacl-secretbox",
 *   "nonce": "<base64, 24 bytes>",
 *   "ciphertext": "<base64: secretbox(UTF-8 JSON payload)>"
 * }
 * ```
 *
 * The payload (inside the box) repeats the header and holds one entry per section:
 *
 * ```json
 * { "format": "obyte-light-backup", "version": 1, "network": "mainnet",
 *   "created_at": 1765000000000, "app": "Obyte Light 0.1.0",
 *   "sections": { "keystore": {…}, "settings": {…}, "chat": {…}, … } }
 * ```
 *
 * The backup key is scrypt(NFC-normalized UTF-8 backup password, salt, N, r, p, dkLen 32), the
 * same construction as the keystore's, with the backup's own password. The header is readable
 * without the password, so a file of another network or a newer version is refused before a
 * password is asked; it is not authenticated by itself, so after decryption the payload's copy
 * must match it (a header edited to pass the network check is caught then). `key_check` tells a
 * wrong password apart from a damaged ciphertext.
 *
 * Sections are named JSON values; each section's owner (electron/main/services/backup) checks
 * its own data. A reader refuses a section it does not know only when the section is marked
 * required by a later version (it is not: unknown sections are reported and skipped).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { z } from 'zod';
import { NetworkSchema, type Network } from '../ipc/schemas';
import { equalBytes, fromBase64, fromUtf8, isBase64, toBase64, utf8 } from '../protocol/bytes';

export const BACKUP_FORMAT = 'obyte-light-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_CIPHER = 'nacl-secretbox';
export const BACKUP_KEY_CHECK_LABEL = 'obyte-light backup v1 key check';
/** The file name extension the app suggests. */
export const BACKUP_EXTENSION = 'obyte-backup';

export const BACKUP_SALT_BYTES = 32;
export const BACKUP_NONCE_BYTES = 24;
export const BACKUP_KEY_BYTES = 32;
const KEY_CHECK_BYTES = 16;

/** A backup larger than this is refused unread (1,000 labels and 50 chats are well under 1 MB). */
export const MAX_BACKUP_CHARS = 256 * 1024 * 1024;

/** Section names: lower-case words and dashes, so they read well in the file. */
export const SECTION_NAME_RE = /^[a-z][a-z0-9-]{0,39}$/;

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface BackupScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** What the app writes: the keystore's production cost (about 1 s, 128 MiB). */
export const BACKUP_SCRYPT: BackupScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** Bounds when reading, as the keystore's: a hostile file cannot ask for gigabytes. */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_WORK = 4 * BACKUP_SCRYPT.N * BACKUP_SCRYPT.r * BACKUP_SCRYPT.p;

export function backupScryptProblem(params: BackupScryptParams): string | null {
  const { N, r, p } = params;
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0) {
    return 'scrypt N must be a power of two';
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > 32) return 'scrypt r out of range';
  if (!Number.isSafeInteger(p) || p < 1 || p > 16) return 'scrypt p out of range';
  if (128 * N * r > MAX_MEMORY_BYTES) return 'scrypt parameters need too much memory';
  if (N * r * p > MAX_WORK) return 'scrypt parameters need too much work';
  return null;
}

/** Why a backup file was refused; `message` is the sentence for the user. */
export type BackupProblemCode =
  | 'not_backup'
  | 'truncated'
  | 'damaged'
  | 'newer_version'
  | 'wrong_network'
  | 'wrong_password'
  | 'bad_section';

export class BackupFormatError extends Error {
  readonly code: BackupProblemCode;
  constructor(code: BackupProblemCode, message: string) {
    super(message);
    this.name = 'BackupFormatError';
    this.code = code;
  }
}

/** The readable part of a backup file, validated. */
export interface BackupEnvelope {
  readonly version: number;
  readonly network: Network;
  readonly createdAt: number;
  readonly kdf: BackupScryptParams & { readonly salt: string };
  readonly keyCheck: string;
  readonly nonce: string;
  readonly ciphertext: string;
}

/** What a backup holds once opened. */
export interface BackupPayload {
  readonly network: Network;
  readonly createdAt: number;
  /** The program that wrote it ("Obyte Light 0.1.0"), for the user to read. */
  readonly app: string;
  readonly sections: Readonly<Record<string, JsonValue>>;
}

const b64 = (bytes: number) =>
  z.string().refine((text) => isBase64(text, bytes), `must be base64 of ${bytes} bytes`);

const KdfSchema = z
  .object({
    name: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    salt: b64(BACKUP_SALT_BYTES),
  })
  .strict()
  .superRefine((kdf, ctx) => {
    const problem = backupScryptProblem(kdf);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const EnvelopeSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    network: NetworkSchema,
    created_at: z.number().int().nonnegative(),
    kdf: KdfSchema,
    key_check: b64(KEY_CHECK_BYTES),
    cipher: z.literal(BACKUP_CIPHER),
    nonce: b64(BACKUP_NONCE_BYTES),
    ciphertext: z
      .string()
      .refine((text) => text.length >= 24 && isBase64(text), 'must be base64 of a secretbox'),
  })
  .strict();

const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

const PayloadSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    network: NetworkSchema,
    created_at: z.number().int().nonnegative(),
    app: z.string().max(200),
    sections: z.record(z.string().regex(SECTION_NAME_RE), JsonValueSchema),
  })
  .strict();

const NOT_BACKUP =
  'This file is not an Obyte Light backup. Choose the file the app wrote with "Export a backup" (its name ends in .obyte-backup).';

function damaged(detail: string): BackupFormatError {
  return new BackupFormatError(
    'damaged',
    `This backup file is damaged (${detail}). Nothing was changed. Use another copy of the backup.`,
  );
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid content';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'file';
  return `${where}: ${issue.message}`;
}

/**
 * Reads a backup file's text up to the password: refuses (BackupFormatError) a foreign file, a
 * cut-short one, a newer version, a damaged header, and, when `expectNetwork` is given, a
 * backup of another network.
 */
export function parseBackupEnvelope(text: string, expectNetwork?: Network): BackupEnvelope {
  if (text.length > MAX_BACKUP_CHARS) {
    throw new BackupFormatError('not_backup', `${NOT_BACKUP} (It is far too large to be one.)`);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new BackupFormatError('truncated', 'This backup file is empty.');
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    if (trimmed.startsWith('{') && trimmed.includes(`"${BACKUP_FORMAT}"`)) {
      throw new BackupFormatError(
        'truncated',
        'This backup file is incomplete: it was cut short (an interrupted copy or download?). Nothing was changed. Use another copy of the backup.',
      );
    }
    throw new BackupFormatError('not_backup', NOT_BACKUP);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BackupFormatError('not_backup', NOT_BACKUP);
  }
  const { format, version } = raw as Record<string, unknown>;
  if (format !== BACKUP_FORMAT) throw new BackupFormatError('not_backup', NOT_BACKUP);
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION) {
    throw new BackupFormatError(
      'newer_version',
      `This backup was written by a newer version of Obyte Light (backup format ${version}; this version reads format ${BACKUP_VERSION}). Update Obyte Light, then import it. Nothing was changed.`,
    );
  }
  const parsed = EnvelopeSchema.safeParse(raw);
  if (!parsed.success) throw damaged(describeIssue(parsed.error));
  const file = parsed.data;
  if (expectNetwork !== undefined && file.network !== expectNetwork) {
    throw new BackupFormatError('wrong_network', wrongNetworkSentence(file.network, expectNetwork));
  }
  return {
    version: file.version,
    network: file.network,
    createdAt: file.created_at,
    kdf: { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p, salt: file.kdf.salt },
    keyCheck: file.key_check,
    nonce: file.nonce,
    ciphertext: file.ciphertext,
  };
}

export function wrongNetworkSentence(backup: Network, here: Network): string {
  return `This backup is of a ${backup} wallet, and this app is on ${here}. Nothing was changed. Switch the network to ${backup} first (Settings, or --network ${backup} on the command line), then import it.`;
}

export function backupKeyCheck(key: Uint8Array): string {
  return toBase64(hmac(sha256, key, utf8(BACKUP_KEY_CHECK_LABEL)).slice(0, KEY_CHECK_BYTES));
}

export interface SealInput {
  readonly payload: BackupPayload;
  /** scrypt(password) with these parameters and this salt (kdf in the caller: it is slow). */
  readonly key: Uint8Array;
  readonly kdf: BackupScryptParams;
  readonly salt: Uint8Array;
  readonly nonce: Uint8Array;
}

/** The backup file's text. Section names are checked here; their data is the sections' own. */
export function sealBackup(input: SealInput): string {
  const { payload, key, kdf, salt, nonce } = input;
  if (key.length !== BACKUP_KEY_BYTES) throw new TypeError('The backup key must be 32 bytes.');
  if (salt.length !== BACKUP_SALT_BYTES) throw new TypeError('The salt must be 32 bytes.');
  if (nonce.length !== BACKUP_NONCE_BYTES) throw new TypeError('The nonce must be 24 bytes.');
  const problem = backupScryptProblem(kdf);
  if (problem !== null) throw new TypeError(problem);
  for (const name of Object.keys(payload.sections)) {
    if (!SECTION_NAME_RE.test(name)) throw new TypeError(`Bad backup section name: ${name}`);
  }
  const inner = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    network: payload.network,
    created_at: payload.createdAt,
    app: payload.app,
    sections: payload.sections,
  };
  const plaintext = utf8(JSON.stringify(inner));
  const box = nacl.secretbox(plaintext, nonce, key);
  plaintext.fill(0);
  const file = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    network: payload.network,
    created_at: payload.createdAt,
    kdf: { name: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: toBase64(salt) },
    key_check: backupKeyCheck(key),
    cipher: BACKUP_CIPHER,
    nonce: toBase64(nonce),
    ciphertext: toBase64(box),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The payload of a backup, with the key derived from its password. Throws BackupFormatError
 * `wrong_password` when the key check fails, `damaged` when the box or its content is bad.
 */
export function openBackup(envelope: BackupEnvelope, key: Uint8Array): BackupPayload {
  if (!equalBytes(fromBase64(backupKeyCheck(key)), fromBase64(envelope.keyCheck))) {
    throw new BackupFormatError(
      'wrong_password',
      'That password does not open this backup. Nothing was changed. Type the password chosen when the backup was made (it is not the wallet password unless you chose the same).',
    );
  }
  const opened = nacl.secretbox.open(
    fromBase64(envelope.ciphertext),
    fromBase64(envelope.nonce),
    key,
  );
  if (opened === null) throw damaged('its content does not match its checksum');
  let raw: unknown;
  try {
    raw = JSON.parse(fromUtf8(opened));
  } catch {
    throw damaged('its content is not JSON');
  } finally {
    opened.fill(0);
  }
  const parsed = PayloadSchema.safeParse(raw);
  if (!parsed.success) throw damaged(describeIssue(parsed.error));
  const inner = parsed.data;
  if (inner.network !== envelope.network || inner.created_at !== envelope.createdAt) {
    throw damaged('its header does not match its content: it was edited');
  }
  return {
    network: inner.network,
    createdAt: inner.created_at,
    app: inner.app,
    sections: inner.sections,
  };
}
