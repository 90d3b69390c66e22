/**
 * The keystore file is untrusted input: a damaged, truncated or tampered file is a clear
 * error — never a crash, never deleted or overwritten — and the app can still say so.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isKeystoreError,
  type KeystoreError,
  type KeystoreErrorCode,
  type KeystoreService,
} from '../../../electron/main/services/keystore';
import { fromBase64, toBase64 } from '../../../shared/protocol/bytes';
import { getWalletId } from '../../../shared/protocol/hd';
import { getDeviceAddress } from '../../../shared/protocol/chash';
import { loadVectors } from '../../shared/vectors/load';
import { harness, PASSWORD, type Harness, type HdVectors } from './support';

const hd = loadVectors<HdVectors>('hd.json');

let h: Harness;
let original: string;

type Json = Record<string, unknown> & {
  protection: { mode: string; kdf: Record<string, unknown> };
  public: {
    wallet_id: string;
    accounts: { account: number; xpub: string; wallet_id: string }[];
    device: { pubkey: string; address: string };
  };
  nonce: string;
  ciphertext: string;
  key_check: string;
};

beforeEach(async () => {
  h = await harness();
  const keystore = h.service();
  await keystore.create({
    network: 'mainnet',
    protection: { mode: 'password', password: PASSWORD },
  });
  keystore.lock();
  original = await readFile(h.path, 'utf8');
});

afterEach(async () => {
  await h.cleanup();
});

function edited(change: (json: Json) => void): string {
  const json = JSON.parse(original) as Json;
  change(json);
  return JSON.stringify(json, null, 2);
}

function flipByte(b64: string, index: number): string {
  const bytes = fromBase64(b64);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return toBase64(bytes);
}

async function failure(promise: Promise<unknown>): Promise<KeystoreError> {
  const error: unknown = await promise.then(
    () => new Error('expected a KeystoreError, got success'),
    (e: unknown) => e,
  );
  if (!isKeystoreError(error)) throw error;
  return error;
}

/** Every way the app touches the file fails with `code`, and the folder is byte-for-byte kept. */
async function expectRefused(
  text: string,
  code: KeystoreErrorCode,
  message: RegExp,
  stage: 'read' | 'unlock' = 'read',
): Promise<void> {
  await writeFile(h.path, text);
  const before = await h.walletFiles();
  const keystore: KeystoreService = h.service();
  const error = await failure(keystore.unlock(PASSWORD));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(error.message).not.toContain(PASSWORD);
  expect(keystore.isUnlocked()).toBe(false);
  if (stage === 'read') {
    await expect(keystore.status()).resolves.toEqual({
      exists: true,
      readable: false,
      error: { code, message: error.message },
    });
    expect((await failure(keystore.readPublicInfo())).code).toBe(code);
  }
  // After a wrong password the next tries may also be held back by the retry delay.
  const later = code === 'wrong_password' ? [code, 'retry_later'] : [code];
  expect(later).toContain((await failure(keystore.revealMnemonicForBackup(PASSWORD))).code);
  expect(later).toContain(
    (await failure(keystore.changePassword(PASSWORD, 'another long password'))).code,
  );
  const create = await failure(
    keystore.create({ network: 'mainnet', protection: { mode: 'password', password: PASSWORD } }),
  );
  expect(create.code).toBe('exists');
  // The wallet's own files are byte-for-byte kept (a wrong key is counted beside them).
  expect(await h.walletFiles()).toEqual(before);
}

describe('damaged files', () => {
  it('empty', async () => {
    await expectRefused('', 'corrupt', /is damaged \(it is empty\)\. It was left as it is/);
  });

  it('truncated in the middle', async () => {
    await expectRefused(original.slice(0, original.length / 2), 'corrupt', /cut short/);
  });

  it('truncated by one character', async () => {
    await expectRefused(original.trimEnd().slice(0, -1), 'corrupt', /cut short/);
  });

  it('binary garbage', async () => {
    await expectRefused('\u0000\u0001\u00ff garbage', 'corrupt', /not complete JSON/);
  });

  it('valid JSON that is not a keystore', async () => {
    await expectRefused('[1,2,3]', 'corrupt', /is damaged/);
    await expectRefused('{"hello":"world"}', 'corrupt', /is damaged/);
  });

  it('a field missing or of the wrong type names the field', async () => {
    await expectRefused(
      edited((j) => Reflect.deleteProperty(j, 'nonce')),
      'corrupt',
      /nonce/,
    );
    await expectRefused(
      edited((j) => (j.protection.kdf['salt'] = 'not base64!')),
      'corrupt',
      /protection\.kdf\.salt/,
    );
    await expectRefused(
      edited((j) => (j['cipher'] = 'aes')),
      'corrupt',
      /cipher/,
    );
    await expectRefused(
      edited((j) => (j['extra'] = 1)),
      'corrupt',
      /is damaged/,
    );
  });

  it('a newer format version says to update, not that the file is damaged', async () => {
    await expectRefused(
      edited((j) => (j['version'] = 2)),
      'unsupported_version',
      /newer version/,
    );
  });

  it('hostile scrypt parameters are refused before any work', async () => {
    const started = performance.now();
    await expectRefused(
      edited((j) => (j.protection.kdf['N'] = 2 ** 30)),
      'corrupt',
      /memory/,
    );
    await expectRefused(
      edited((j) => (j.protection.kdf['N'] = 1000)),
      'corrupt',
      /power of two/,
    );
    await expectRefused(
      edited((j) => (j.protection.kdf['p'] = 1000)),
      'corrupt',
      /scrypt p/,
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('far too large', async () => {
    await expectRefused(' '.repeat(70_000) + original, 'corrupt', /too large/);
  });

  it('public part inconsistent with itself (wallet id, device address)', async () => {
    await expectRefused(
      edited((j) => (j.public.wallet_id = getWalletId('something else'))),
      'corrupt',
      /wallet_id/,
    );
    await expectRefused(
      edited((j) => (j.public.device.address = '0BQHH2EQ754G2WF4O5IQACV7KEOWHT3YY')),
      'corrupt',
      /device/,
    );
  });
});

describe('tampered files', () => {
  it('ciphertext changed: the password is right but the MAC fails', async () => {
    await expectRefused(
      edited((j) => (j.ciphertext = flipByte(j.ciphertext, 20))),
      'corrupt',
      /the key is right but the encrypted part fails its integrity check/,
      'unlock',
    );
  });

  it('MAC tag changed', async () => {
    await expectRefused(
      edited((j) => (j.ciphertext = flipByte(j.ciphertext, 0))),
      'corrupt',
      /integrity check/,
      'unlock',
    );
  });

  it('nonce changed', async () => {
    await expectRefused(
      edited((j) => (j.nonce = flipByte(j.nonce, 3))),
      'corrupt',
      /integrity check/,
      'unlock',
    );
  });

  it('another wallet’s xpub put in the public part (to show someone else’s addresses)', async () => {
    const other = hd.vectors[1]?.wallet.xpub ?? '';
    await expectRefused(
      edited((j) => {
        j.public.accounts[0] = { account: 0, xpub: other, wallet_id: getWalletId(other) };
        j.public.wallet_id = getWalletId(other);
      }),
      'tampered',
      /changed outside Obyte Light: its account 0 xpub does not match/,
      'unlock',
    );
  });

  it('another device key put in the public part', async () => {
    const pubkey = hd.vectors[1]?.device.pubkey_base64 ?? '';
    await expectRefused(
      edited((j) => (j.public.device = { pubkey, address: getDeviceAddress(pubkey) })),
      'tampered',
      /device key does not match/,
      'unlock',
    );
  });

  it('a lowered scrypt cost does not open it (it only yields a wrong key)', async () => {
    await expectRefused(
      edited((j) => (j.protection.kdf['N'] = 2)),
      'wrong_password',
      /That password does not open this wallet/,
      'unlock',
    );
  });
});

describe('after a damaged file', () => {
  it('restore keeps the damaged file aside only when asked, and never deletes it', async () => {
    const damaged = original.slice(0, 100);
    await writeFile(h.path, damaged);
    const vector = hd.vectors[0];
    if (vector === undefined) throw new Error('hd.json has vectors');
    const keystore = h.service();
    const refused = await failure(
      keystore.restore({
        mnemonic: vector.mnemonic,
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
      }),
    );
    expect(refused.code).toBe('exists');
    expect(refused.message).toMatch(/damaged.*kept aside/);

    const wallet = await keystore.restore({
      mnemonic: vector.mnemonic,
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
      replaceDamaged: true,
    });
    expect(wallet.walletId).toBe(vector.wallet.wallet_id);
    const files = await h.snapshot();
    expect(Object.keys(files)).toEqual([
      'keystore.attempts.json',
      'keystore.json',
      `keystore.json.corrupt-${h.clock.now()}`,
    ]);
    expect(files[`keystore.json.corrupt-${h.clock.now()}`]).toBe(damaged);
  });

  it('an unreadable path is an io error, not a crash', async () => {
    // A folder where the file should be.
    await rm(h.path);
    await mkdir(h.path);
    const error = await failure(h.service().unlock(PASSWORD));
    expect(error.code).toBe('io');
    expect(error.message).toMatch(/could not be read: it is a folder\./);
  });
});
