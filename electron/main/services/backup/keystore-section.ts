/**
 * The `keystore` section: the wallet file exactly as it is on disk, still under its own
 * protection (a password wallet still needs its wallet password after the import). A wallet
 * whose file key is in the OS keychain carries that key too (inside the backup's encryption,
 * so the backup's password protects it), since the keychain of the machine the backup goes to
 * does not have it; the import puts it in that machine's keychain.
 *
 * ```json
 * { "file": { "format": "obyte-light-keystore", "version": 1, … }, "keychain_key": "<base64>" }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UserFacingError, type Network } from '../../../../shared/ipc';
import { fromBase64, isBase64 } from '../../../../shared/protocol/bytes';
import { AtomicFile, isNotFound } from '../atomic-file';
import { keyMatchesCheck } from '../keystore/cipher';
import { parseKeystoreFile, serializeKeystoreFile, type KeystoreFile } from '../keystore/format';
import { KeystoreError } from '../keystore/errors';
import type { Keychain } from '../keystore/keychain';
import { ATTEMPTS_FILE, DEFAULT_MAX_RETRY_DELAY_MS } from '../keystore/keystore-service';
import { PasswordThrottle } from '../keystore/throttle';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { type BackupSection, type JsonValue } from './section';

export const KEYSTORE_FILE = 'keystore.json';

const SectionSchema = z
  .object({
    file: z.record(z.string(), z.unknown()),
    keychain_key: z.string().optional(),
  })
  .strict();

/** The keystore in a backup's section, checked: the file, and the keychain key it needs. */
export function readKeystoreSection(
  data: JsonValue,
  network: Network,
): { file: KeystoreFile; text: string; keychainKey: string | null } | string {
  const parsed = SectionSchema.safeParse(data);
  if (!parsed.success) return 'keystore: not a keystore section';
  const text = `${JSON.stringify(parsed.data.file, null, 2)}\n`;
  let file: KeystoreFile;
  try {
    file = parseKeystoreFile(text, 'in the backup');
  } catch (error) {
    return error instanceof KeystoreError ? `keystore: ${error.message}` : 'keystore: unreadable';
  }
  if (file.public.network !== network) {
    return `keystore: the wallet inside is a ${file.public.network} wallet, not ${network}`;
  }
  const key = parsed.data.keychain_key ?? null;
  if (file.protection.mode === 'keychain') {
    if (key === null) return 'keystore: the key of this keychain wallet is missing';
    if (!isBase64(key, 32) || !keyMatchesCheck(fromBase64(key), file.keyCheck)) {
      return 'keystore: the key of this keychain wallet does not open it';
    }
  } else if (key !== null) {
    return 'keystore: a password wallet carries no keychain key';
  }
  return { file, text: serializeKeystoreFile(file), keychainKey: key };
}

/** The public part of the keystore in a network folder (no password needed), or null. */
export async function keystoreIn(networkDir: string): Promise<KeystoreFile | null> {
  let text: string;
  try {
    text = await readFile(join(networkDir, KEYSTORE_FILE), 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  return parseKeystoreFile(text, join(networkDir, KEYSTORE_FILE));
}

export function keystoreSection(deps: {
  readonly keychain: Keychain | null;
  readonly clock: Clock;
  readonly logger: Logger;
}): BackupSection {
  return {
    name: 'keystore',
    required: true,
    async export({ networkDir }): Promise<JsonValue> {
      const file = await keystoreIn(networkDir);
      if (file === null) {
        throw new UserFacingError('There is no wallet on this network to back up.', 'rejected');
      }
      const raw = JSON.parse(serializeKeystoreFile(file)) as JsonValue;
      if (file.protection.mode === 'password') return { file: raw };
      const { service, account } = file.protection;
      const key = deps.keychain === null ? null : await deps.keychain.get(service, account);
      if (key === null) {
        throw new UserFacingError(
          "The system keychain does not give this wallet's key, so no backup could be made. Unlock the wallet once (so the keychain is reached), or move the wallet to a password in Settings, then export again.",
          'rejected',
        );
      }
      return { file: raw, keychain_key: key };
    },
    validate(data, { network }) {
      const read = readKeystoreSection(data, network);
      return typeof read === 'string' ? read : null;
    },
    async import(data, { network, networkDir }) {
      const read = readKeystoreSection(data, network);
      if (typeof read === 'string') throw new UserFacingError(read, 'rejected');
      if (read.file.protection.mode === 'keychain' && read.keychainKey !== null) {
        if (deps.keychain === null) {
          throw new UserFacingError(
            'The wallet in this backup kept its key in the system keychain, and there is no keychain here (the command line has none). Nothing was changed. Import the backup in the desktop app.',
            'rejected',
          );
        }
        const { service, account } = read.file.protection;
        await deps.keychain.set(service, account, read.keychainKey);
      }
      const file = new AtomicFile(join(networkDir, KEYSTORE_FILE));
      if (read.file.protection.mode === 'password') {
        // A restored wallet starts with no wrong passwords on record, as one restored from its
        // phrase does (without a record the keystore would ask for the longest wait).
        await new PasswordThrottle({
          file: file.sibling(ATTEMPTS_FILE),
          clock: deps.clock,
          logger: deps.logger,
          maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS,
        }).start([{ protection: read.file.protection, keyCheck: read.file.keyCheck }]);
      }
      await file.write(read.text);
    },
  };
}
