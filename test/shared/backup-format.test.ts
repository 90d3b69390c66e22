/**
 * The full-backup file format (shared/backup/format.ts): a good file opens to what was sealed;
 * a wrong password, a cut-short file, a foreign file, another network's backup, a newer version
 * and an edited header are each refused with their own code and a sentence for the user.
 */
import { scrypt } from '@noble/hashes/scrypt.js';
import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupFormatError,
  openBackup,
  parseBackupEnvelope,
  sealBackup,
  type BackupPayload,
  type BackupScryptParams,
} from '../../shared/backup/format';
import { utf8 } from '../../shared/protocol/bytes';

const KDF: BackupScryptParams = { N: 2 ** 10, r: 8, p: 1 };
const SALT = new Uint8Array(32).fill(7);
const NONCE = new Uint8Array(24).fill(9);

function keyOf(password: string, salt = SALT, kdf = KDF): Uint8Array {
  return scrypt(utf8(password.normalize('NFC')), salt, { ...kdf, dkLen: 32 });
}

const PAYLOAD: BackupPayload = {
  network: 'testnet',
  createdAt: 1_765_000_000_000,
  app: 'Obyte Light 0.1.0',
  sections: {
    keystore: { file: { format: 'obyte-light-keystore' } },
    settings: { theme: 'dark', unit: 'MB' },
    chat: { correspondents: [{ name: 'Échо bot 🤖', device_address: '0ABC' }], messages: [] },
  },
};

function sealed(password = 'correct horse battery', payload = PAYLOAD): string {
  return sealBackup({ payload, key: keyOf(password), kdf: KDF, salt: SALT, nonce: NONCE });
}

function refusal(run: () => unknown): BackupFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BackupFormatError);
    return error as BackupFormatError;
  }
  throw new Error('expected a refusal');
}

describe('backup file format', () => {
  it('opens a good file to exactly what was sealed, with a readable header', () => {
    const text = sealed();
    const raw = JSON.parse(text) as Record<string, unknown>;
    expect(raw['format']).toBe(BACKUP_FORMAT);
    expect(raw['version']).toBe(BACKUP_VERSION);
    expect(raw['network']).toBe('testnet');
    expect(text).not.toContain('Échо');
    expect(text).not.toContain('dark');
    const envelope = parseBackupEnvelope(text, 'testnet');
    expect(envelope.kdf).toMatchObject(KDF);
    expect(openBackup(envelope, keyOf('correct horse battery'))).toEqual(PAYLOAD);
  });

  it('normalizes the password: the same visible characters open it', () => {
    const text = sealed('caf\u00e9 au lait!');
    expect(openBackup(parseBackupEnvelope(text), keyOf('cafe\u0301 au lait!'))).toEqual(PAYLOAD);
  });

  it('refuses a wrong password in words', () => {
    const error = refusal(() => openBackup(parseBackupEnvelope(sealed()), keyOf('wrong horse')));
    expect(error.code).toBe('wrong_password');
    expect(error.message).toMatch(/^That password does not open this backup\. Nothing was changed/);
  });

  it.each([0.5, 0.9, 0.99])('refuses a file cut short at %s of its length', (fraction) => {
    const text = sealed();
    const error = refusal(() =>
      parseBackupEnvelope(text.slice(0, Math.floor(text.length * fraction))),
    );
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/cut short/);
  });

  it('refuses an empty file', () => {
    expect(refusal(() => parseBackupEnvelope('  \n')).code).toBe('truncated');
  });

  it.each([
    ['a keystore file', JSON.stringify({ format: 'obyte-light-keystore', version: 1 })],
    ['a text file', 'hello, world\n'],
    ['a JSON array', '[1,2,3]'],
    ['a PNG header', '\u0089PNG\r\n\u001a\n'],
    ['JSON without a format', '{"version":1}'],
  ])('refuses a foreign file: %s', (_what, text) => {
    const error = refusal(() => parseBackupEnvelope(text));
    expect(error.code).toBe('not_backup');
    expect(error.message).toMatch(/^This file is not an Obyte Light backup/);
  });

  it('refuses a backup of another network before any password', () => {
    const error = refusal(() => parseBackupEnvelope(sealed(), 'mainnet'));
    expect(error.code).toBe('wrong_network');
    expect(error.message).toBe(
      'This backup is of a testnet wallet, and this app is on mainnet. Nothing was changed. Switch the network to testnet first (Settings, or --network testnet on the command line), then import it.',
    );
  });

  it('refuses a header edited to pass the network check once it is opened', () => {
    const raw = JSON.parse(sealed()) as Record<string, unknown>;
    const edited = JSON.stringify({ ...raw, network: 'mainnet' });
    const envelope = parseBackupEnvelope(edited, 'mainnet');
    const error = refusal(() => openBackup(envelope, keyOf('correct horse battery')));
    expect(error.code).toBe('damaged');
    expect(error.message).toMatch(/edited/);
  });

  it('refuses a backup of a future version, saying to update', () => {
    const raw = JSON.parse(sealed()) as Record<string, unknown>;
    const error = refusal(() => parseBackupEnvelope(JSON.stringify({ ...raw, version: 2 })));
    expect(error.code).toBe('newer_version');
    expect(error.message).toMatch(
      /newer version of Obyte Light \(backup format 2;.*Update Obyte Light/,
    );
  });

  it('refuses a damaged ciphertext as damaged, not as a wrong password', () => {
    const raw = JSON.parse(sealed()) as { ciphertext: string };
    const flipped = raw.ciphertext.startsWith('A')
      ? `B${raw.ciphertext.slice(1)}`
      : `A${raw.ciphertext.slice(1)}`;
    const envelope = parseBackupEnvelope(JSON.stringify({ ...raw, ciphertext: flipped }));
    const error = refusal(() => openBackup(envelope, keyOf('correct horse battery')));
    expect(error.code).toBe('damaged');
  });

  it('refuses a header asking for an absurd scrypt cost (a hostile file)', () => {
    const raw = JSON.parse(sealed()) as { kdf: Record<string, unknown> };
    const error = refusal(() =>
      parseBackupEnvelope(JSON.stringify({ ...raw, kdf: { ...raw.kdf, N: 2 ** 24 } })),
    );
    expect(error.code).toBe('damaged');
    expect(error.message).toMatch(/too much/);
  });

  it('refuses bad section names when sealing', () => {
    expect(() =>
      sealed('correct horse battery', { ...PAYLOAD, sections: { 'Bad Name': 1 } }),
    ).toThrow('Bad backup section name');
  });
});
