/**
 * Keystore file format v1: one JSON object, written atomically, mode 0600.
 *
 * ```json
 * {
 *   "format": "obyte-light-keystore",
 *   "version": 1,
 *   "protection": { "mode": "password",
 *                   "kdf": { "name": "scrypt", "N": 131072, "r": 8, "p": 1, "salt": "<base64, 32 bytes>" } }
 *              | { "mode": "keychain", "service": "Obyte Light", "account": "<entry name>" },
 *   "key_check": "<base64, 16 bytes: HMAC-SHA256(file key, KEY_CHECK_LABEL)[0..16]>",
 *   "cipher": "nacl-secretbox",
 *   "nonce": "<base64, 24 bytes>",
 *   "ciphertext": "<base64: secretbox(UTF-8 JSON {mnemonic, passphrase?, created_at})>",
 *   "public": { "network": "mainnet", "wallet_id": "<base64>",
 *               "accounts": [{ "account": 0, "xpub": "xpub…", "wallet_id": "<base64>" }],
 *               "device": { "pubkey": "<base64, 33 bytes>", "address": "0…" } }
 * }
 * ```
 *
 * The file key is scrypt(NFC-normalized UTF-8 password, salt, N, r, p, dkLen 32) or the 32
 * random bytes kept in the OS keychain (base64). `key_check` lets a wrong password be told
 * apart from a damaged ciphertext; it tests a password guess no faster than the secretbox MAC
 * already does. `public` is readable without the password so addresses can be shown while
 * locked; it is not authenticated by the file key, so every unlock re-derives it from the
 * mnemonic and refuses a file whose public part does not match.
 *
 * Everything read from disk is untrusted: `parseKeystoreFile` validates every field and bounds
 * the scrypt cost, so a hostile file cannot make an unlock allocate gigabytes.
 */
import { z } from 'zod';
import { NETWORK_NAMES, type Network } from '../../../../shared/protocol/wire';
import { isBase64 } from '../../../../shared/protocol/bytes';
import { getDeviceAddress } from '../../../../shared/protocol/chash';
import { getWalletId, parseXpub } from '../../../../shared/protocol/hd';
import { isValidPubkey } from '../../../../shared/protocol/signature';
import { KeystoreError } from './errors';

/** The network a file belongs to, by its protocol name. */
const NetworkSchema = z.enum(NETWORK_NAMES);

export const KEYSTORE_FORMAT = 'obyte-light-keystore';
export const KEYSTORE_VERSION = 1;
export const CIPHER = 'nacl-secretbox';
export const KEY_CHECK_LABEL = 'obyte-light keystore v1 key check';

export const SALT_BYTES = 32;
export const NONCE_BYTES = 24;
export const KEY_BYTES = 32;
export const KEY_CHECK_BYTES = 16;

/** A file larger than this is not a keystore (a v1 file is about 1.5 KB). */
export const MAX_FILE_CHARS = 64 * 1024;
const MAX_CIPHERTEXT_CHARS = 16 * 1024;
/** More accounts than discovery ever adds (20), so a file of a later version still opens. */
const MAX_ACCOUNTS_IN_FILE = 100;

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Production parameters, stored in every file written: 128 MiB and about 1 s per unlock in
 * pure JS on a 2-core machine (bench/keystore.bench.ts). 2^18 doubles both for every unlock;
 * 2^16 halves an attacker's cost per guess.
 */
export const PRODUCTION_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** Bounds accepted when reading: at most 256 MiB of memory and 4x the production work. */
export const SCRYPT_LIMITS = {
  maxMemoryBytes: 256 * 1024 * 1024,
  maxWork: 4 * PRODUCTION_SCRYPT.N * PRODUCTION_SCRYPT.r * PRODUCTION_SCRYPT.p,
  maxR: 32,
  maxP: 16,
} as const;

/** The weakest parameters the service writes unless a test asks for weaker ones explicitly. */
export const MIN_WRITE_SCRYPT_N = 2 ** 15;

export function scryptParamsProblem(params: ScryptParams): string | null {
  const { N, r, p } = params;
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0) {
    return 'scrypt N must be a power of two';
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > SCRYPT_LIMITS.maxR) return 'scrypt r out of range';
  if (!Number.isSafeInteger(p) || p < 1 || p > SCRYPT_LIMITS.maxP) return 'scrypt p out of range';
  if (128 * N * r > SCRYPT_LIMITS.maxMemoryBytes) return 'scrypt parameters need too much memory';
  if (N * r * p > SCRYPT_LIMITS.maxWork) return 'scrypt parameters need too much work';
  return null;
}

export interface PasswordProtection {
  readonly mode: 'password';
  readonly kdf: { readonly name: 'scrypt'; readonly salt: string } & ScryptParams;
}

export interface KeychainProtection {
  readonly mode: 'keychain';
  readonly service: string;
  readonly account: string;
}

export type Protection = PasswordProtection | KeychainProtection;

export interface AccountInfo {
  readonly account: number;
  readonly xpub: string;
  readonly walletId: string;
}

/** What the app may show while the wallet is locked. Re-checked against the seed on unlock. */
export interface PublicInfo {
  readonly network: Network;
  /** Wallet id of account 0 (base64 sha256 of its xpub), as the official wallets compute it. */
  readonly walletId: string;
  readonly accounts: readonly AccountInfo[];
  readonly devicePubkey: string;
  readonly deviceAddress: string;
}

export interface KeystoreFile {
  readonly protection: Protection;
  readonly keyCheck: string;
  readonly nonce: string;
  readonly ciphertext: string;
  readonly public: PublicInfo;
}

/** The secret inside the box. */
export interface SecretPayload {
  readonly mnemonic: string;
  /** The BIP-39 passphrase ("25th word"); absent when empty. */
  readonly passphrase?: string;
  readonly createdAt: number;
}

const b64 = (bytes: number) =>
  z.string().refine((text) => isBase64(text, bytes), `must be base64 of ${bytes} bytes`);

const ScryptKdfSchema = z
  .object({
    name: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    salt: b64(SALT_BYTES),
  })
  .strict()
  .superRefine((kdf, ctx) => {
    const problem = scryptParamsProblem(kdf);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const ProtectionSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('password'), kdf: ScryptKdfSchema }).strict(),
  z
    .object({
      mode: z.literal('keychain'),
      service: z.string().min(1).max(200),
      account: z.string().min(1).max(200),
    })
    .strict(),
]);

function isXpub(text: string): boolean {
  try {
    parseXpub(text);
    return true;
  } catch {
    return false;
  }
}

const AccountSchema = z
  .object({
    account: z.number().int().min(0).max(0x7fffffff),
    xpub: z.string().max(200).refine(isXpub, 'must be an xpub'),
    wallet_id: z.string(),
  })
  .strict()
  .refine((a) => a.wallet_id === getWalletId(a.xpub), 'wallet_id must be the hash of the xpub');

const PublicSchema = z
  .object({
    network: NetworkSchema,
    wallet_id: z.string(),
    accounts: z.array(AccountSchema).min(1).max(MAX_ACCOUNTS_IN_FILE),
    device: z
      .object({
        pubkey: z.string().refine((k) => isValidPubkey(k), 'must be a compressed pubkey'),
        address: z.string(),
      })
      .strict()
      .refine((d) => d.address === getDeviceAddress(d.pubkey), 'address must match the pubkey'),
  })
  .strict()
  .superRefine((pub, ctx) => {
    const numbers = pub.accounts.map((a) => a.account);
    if (numbers[0] !== 0) ctx.addIssue({ code: 'custom', message: 'account 0 must come first' });
    if (numbers.some((n, i) => i > 0 && n <= (numbers[i - 1] ?? -1))) {
      ctx.addIssue({ code: 'custom', message: 'accounts must be in increasing order' });
    }
    if (pub.accounts[0]?.wallet_id !== pub.wallet_id) {
      ctx.addIssue({ code: 'custom', message: 'wallet_id must be account 0 wallet id' });
    }
  });

const FileSchema = z
  .object({
    format: z.literal(KEYSTORE_FORMAT),
    version: z.literal(KEYSTORE_VERSION),
    protection: ProtectionSchema,
    key_check: b64(KEY_CHECK_BYTES),
    cipher: z.literal(CIPHER),
    nonce: b64(NONCE_BYTES),
    ciphertext: z
      .string()
      .max(MAX_CIPHERTEXT_CHARS)
      .refine((text) => isBase64(text) && text.length >= 24, 'must be base64 of a secretbox'),
    public: PublicSchema,
  })
  .strict();

const PayloadSchema = z
  .object({
    mnemonic: z.string().min(1).max(1000),
    passphrase: z.string().max(1000).optional(),
    created_at: z.number().int().nonnegative(),
  })
  .strict();

function corrupt(path: string, detail: string): KeystoreError {
  return new KeystoreError(
    'corrupt',
    `The wallet file ${path} is damaged (${detail}). It was left as it is. Put back a copy of the file from a backup, or restore the wallet from its recovery phrase.`,
  );
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid content';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'file';
  return `${where}: ${issue.message}`;
}

/** Validates untrusted file text. Throws KeystoreError `corrupt` or `unsupported_version`. */
export function parseKeystoreFile(text: string, path: string): KeystoreFile {
  if (text.length > MAX_FILE_CHARS) throw corrupt(path, 'far too large to be a keystore');
  if (text.trim() === '') throw corrupt(path, 'it is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw corrupt(path, 'it is not complete JSON: it may have been cut short');
  }
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const { format, version } = raw as { format?: unknown; version?: unknown };
    if (
      format === KEYSTORE_FORMAT &&
      typeof version === 'number' &&
      Number.isInteger(version) &&
      version > KEYSTORE_VERSION
    ) {
      throw new KeystoreError(
        'unsupported_version',
        `The wallet file ${path} was written by a newer version of Obyte Light (format ${version}). Update Obyte Light to open it; the file was left as it is.`,
      );
    }
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) throw corrupt(path, describeIssue(parsed.error));
  const file = parsed.data;
  const protection: Protection =
    file.protection.mode === 'password'
      ? { mode: 'password', kdf: { ...file.protection.kdf } }
      : { ...file.protection };
  return {
    protection,
    keyCheck: file.key_check,
    nonce: file.nonce,
    ciphertext: file.ciphertext,
    public: {
      network: file.public.network,
      walletId: file.public.wallet_id,
      accounts: file.public.accounts.map((a) => ({
        account: a.account,
        xpub: a.xpub,
        walletId: a.wallet_id,
      })),
      devicePubkey: file.public.device.pubkey,
      deviceAddress: file.public.device.address,
    },
  };
}

export function serializeKeystoreFile(file: KeystoreFile): string {
  const protection =
    file.protection.mode === 'password'
      ? {
          mode: 'password',
          kdf: {
            name: 'scrypt',
            N: file.protection.kdf.N,
            r: file.protection.kdf.r,
            p: file.protection.kdf.p,
            salt: file.protection.kdf.salt,
          },
        }
      : { mode: 'keychain', service: file.protection.service, account: file.protection.account };
  const body = {
    format: KEYSTORE_FORMAT,
    version: KEYSTORE_VERSION,
    protection,
    key_check: file.keyCheck,
    cipher: CIPHER,
    nonce: file.nonce,
    ciphertext: file.ciphertext,
    public: {
      network: file.public.network,
      wallet_id: file.public.walletId,
      accounts: file.public.accounts.map((a) => ({
        account: a.account,
        xpub: a.xpub,
        wallet_id: a.walletId,
      })),
      device: { pubkey: file.public.devicePubkey, address: file.public.deviceAddress },
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The decrypted payload, validated; `null` when it is not a well-formed payload. */
export function parseSecretPayload(text: string): SecretPayload | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = PayloadSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { mnemonic, passphrase, created_at } = parsed.data;
  return passphrase === undefined || passphrase === ''
    ? { mnemonic, createdAt: created_at }
    : { mnemonic, passphrase, createdAt: created_at };
}

export function serializeSecretPayload(payload: SecretPayload): string {
  return JSON.stringify({
    mnemonic: payload.mnemonic,
    ...(payload.passphrase === undefined || payload.passphrase === ''
      ? {}
      : { passphrase: payload.passphrase }),
    created_at: payload.createdAt,
  });
}
