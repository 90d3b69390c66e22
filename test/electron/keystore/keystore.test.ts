/**
 * KeystoreService on real temp files: create, restore (same keys and addresses as the official
 * wallets, from ../shared/vectors/hd.json), unlock, lock, relock, the file format, and what
 * the mnemonic may and may not do.
 */
import * as fsp from 'node:fs/promises';
import { readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isKeystoreError,
  KeystoreError,
  PRODUCTION_SCRYPT,
  type KeystoreErrorCode,
  UnlockedWallet,
} from '../../../electron/main/services/keystore';
import { fromHex } from '../../../shared/protocol/bytes';
import { sign } from '../../../shared/protocol/signature';
import { parseMnemonic } from '../../../shared/protocol/mnemonic';
import { loadVectors } from '../../shared/vectors/load';
import { FAST_SCRYPT, harness, PASSWORD, type Harness, type HdVectors } from './support';

let h: Harness;
/** A unit digest to sign, and the wallet's first receiving address. */
const DIGEST = new Uint8Array(32).fill(7);
const FIRST = { account: 0, isChange: false, index: 0 };

beforeEach(async () => {
  h = await harness();
});

afterEach(async () => {
  await h.cleanup();
});

const hd = loadVectors<HdVectors>('hd.json');
const ALL_VECTORS = [...hd.vectors, hd.bitcore_noncompliant_example];

async function expectCode(
  promise: Promise<unknown>,
  code: KeystoreErrorCode,
): Promise<KeystoreError> {
  const error: unknown = await promise.then(
    () => new Error('expected a KeystoreError, got success'),
    (e: unknown) => e,
  );
  expect(isKeystoreError(error) ? error.code : error).toBe(code);
  return error as KeystoreError;
}

describe('create', () => {
  it('makes a 12-word wallet, returns the mnemonic once, and leaves it unlocked', async () => {
    const keystore = h.service();
    const { mnemonic, wallet } = await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    expect(mnemonic.split(' ')).toHaveLength(12);
    expect(parseMnemonic(mnemonic)).toBe(mnemonic);
    expect(keystore.isUnlocked()).toBe(true);
    expect(wallet.accountXpub(0)).toMatch(/^xpub/);
    expect(wallet.address(0, false, 0).address).toMatch(/^[A-Z2-7]{32}$/);

    const text = await readFile(h.path, 'utf8');
    for (const word of new Set(mnemonic.split(' '))) {
      expect(text).not.toMatch(new RegExp(`\\b${word}\\b`));
    }
    expect(text).not.toContain(PASSWORD);
    expect(h.lines.join('\n')).not.toContain(mnemonic.split(' ').slice(0, 3).join(' '));
  });

  it('draws the mnemonic entropy from the injected random source', async () => {
    const a = await h.service().create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const other = await harness();
    try {
      const b = await other.service().create({
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
      });
      expect(b.mnemonic).toBe(a.mnemonic);
    } finally {
      await other.cleanup();
    }
  });

  it('writes format v1 with the scrypt parameters, mode 0600, and a readable public part', async () => {
    const keystore = h.service();
    const { wallet } = await keystore.create({
      network: 'testnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const raw = JSON.parse(await readFile(h.path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(raw).sort()).toEqual(
      [
        'cipher',
        'ciphertext',
        'format',
        'key_check',
        'nonce',
        'protection',
        'public',
        'version',
      ].sort(),
    );
    expect(raw).toMatchObject({
      format: 'obyte-light-keystore',
      version: 1,
      cipher: 'nacl-secretbox',
      protection: { mode: 'password', kdf: { name: 'scrypt', ...FAST_SCRYPT } },
      public: {
        network: 'testnet',
        wallet_id: wallet.walletId,
        accounts: [{ account: 0, xpub: wallet.accountXpub(0), wallet_id: wallet.walletId }],
        device: { pubkey: wallet.devicePubkey, address: wallet.deviceAddress },
      },
    });
    if (process.platform !== 'win32') expect((await stat(h.path)).mode & 0o777).toBe(0o600);

    keystore.lock();
    const status = await h.service().status();
    expect(status).toMatchObject({
      exists: true,
      readable: true,
      unlocked: false,
      protection: 'password',
      public: { network: 'testnet', walletId: wallet.walletId },
    });
  });

  it('never overwrites an existing wallet', async () => {
    const keystore = h.service();
    await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const before = await h.snapshot();
    await expectCode(
      keystore.create({
        network: 'mainnet',
        protection: { mode: 'password', password: 'another long password' },
      }),
      'exists',
    );
    await expectCode(
      keystore.restore({
        mnemonic: hd.vectors[0]?.mnemonic ?? '',
        network: 'mainnet',
        protection: { mode: 'password', password: 'another long password' },
      }),
      'exists',
    );
    expect(await h.snapshot()).toEqual(before);
  });

  it('refuses an empty password before writing anything', async () => {
    await expectCode(
      h.service().create({ network: 'mainnet', protection: { mode: 'password', password: '' } }),
      'weak_password',
    );
    expect(await h.snapshot()).toEqual({});
  });

  it('uses the production scrypt parameters unless a test passes its own', async () => {
    expect(PRODUCTION_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(() => h.service({ testScrypt: { N: 3, r: 1, p: 1 } })).toThrow('power of two');
  });
});

describe('restore: the same keys and addresses as the official wallets (hd.json)', () => {
  for (const vector of ALL_VECTORS) {
    it(`${vector.mnemonic.split(' ').slice(0, 3).join(' ')}… passphrase "${vector.passphrase}" account ${vector.wallet.account}`, async () => {
      const keystore = h.service();
      const restored = await keystore.restore({
        mnemonic: vector.mnemonic,
        passphrase: vector.passphrase,
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
      });
      const account = vector.wallet.account;
      if (account === 0) expect(restored.walletId).toBe(vector.wallet.wallet_id);
      else await keystore.addAccounts([account]);
      keystore.lock();
      expect(restored.isLocked).toBe(true);

      // Locked: the public part alone gives the addresses.
      const info = await h.service().readPublicInfo();
      const recorded = info.accounts.find((a) => a.account === account);
      expect(recorded).toEqual({
        account,
        xpub: vector.wallet.xpub,
        walletId: vector.wallet.wallet_id,
      });
      expect(info.devicePubkey).toBe(vector.device.pubkey_base64);
      expect(info.deviceAddress).toBe(vector.device.device_address);

      // Unlocked with a fresh service, as after a restart.
      const wallet = await h.service().unlock(PASSWORD);
      expect(wallet.accountXpub(account)).toBe(vector.wallet.xpub);
      // Signatures are deterministic (RFC 6979): the same signature means the same key.
      const device = wallet.deviceSigner();
      expect(device.sign(DIGEST)).toBe(sign(DIGEST, fromHex(vector.device.private_key_hex)));
      expect(device.pubkey).toBe(vector.device.pubkey_base64);
      expect(device.deviceAddress).toBe(vector.device.device_address);
      for (const a of vector.addresses) {
        const isChange = a.is_change === 1;
        const address = wallet.address(account, isChange, a.address_index);
        expect(address.address).toBe(a.address);
        expect(address.pubkey).toBe(a.pubkey_base64);
        const place = { account, isChange, index: a.address_index };
        expect(wallet.signWithAddressKey(place, DIGEST)).toBe(
          sign(DIGEST, fromHex(a.private_key_hex)),
        );
      }
    });
  }

  it('accepts a phrase typed with odd spacing and capitals', async () => {
    const vector = hd.vectors[0];
    if (vector === undefined) throw new Error('hd.json has no vectors');
    const typed = `  ${vector.mnemonic.toUpperCase().split(' ').join('   ')} `;
    const wallet = await h.service().restore({
      mnemonic: typed,
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    expect(wallet.walletId).toBe(vector.wallet.wallet_id);
  });

  it('hands out the unlocked keys before the file is written, and resolves once it is', async () => {
    const keystore = h.service();
    const seen: { xpub: string; unlocked: boolean }[] = [];
    let snapshot: Promise<Record<string, string>> = Promise.resolve({});
    const wallet = await keystore.restore({
      mnemonic: hd.vectors[0]?.mnemonic ?? '',
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
      onUnlocked: (early) => {
        seen.push({ xpub: early.accountXpub(0), unlocked: keystore.isUnlocked() });
        snapshot = h.snapshot();
      },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.unlocked).toBe(true);
    expect(seen[0]?.xpub).toBe(hd.vectors[0]?.wallet.xpub);
    expect(await snapshot).toEqual({});
    expect(wallet.accountXpub(0)).toBe(hd.vectors[0]?.wallet.xpub);
    expect(Object.keys(await h.snapshot())).toEqual(['keystore.attempts.json', 'keystore.json']);
    await expect(h.service().unlock(PASSWORD)).resolves.toBeDefined();
  });

  it('locks the early keys again when the file cannot be written', async () => {
    const failingRename = {
      ...fsp,
      rename: () => Promise.reject(new Error('simulated: disk gone')),
    };
    const keystore = h.service({ fs: failingRename });
    const locks: string[] = [];
    keystore.onLock((reason) => locks.push(reason));
    let early: UnlockedWallet | null = null;
    await expectCode(
      keystore.restore({
        mnemonic: hd.vectors[0]?.mnemonic ?? '',
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
        onUnlocked: (wallet) => (early = wallet),
      }),
      'io',
    );
    expect(early).not.toBeNull();
    expect(keystore.isUnlocked()).toBe(false);
    expect(locks).toEqual(['user']);
    expect(() => early?.accountXpub(0)).toThrow();
    await expect(h.service().status()).resolves.toEqual({ exists: false });
  });

  it('names an unknown word and writes nothing', async () => {
    const error = await expectCode(
      h.service().restore({
        mnemonic:
          'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonn about',
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
      }),
      'mnemonic',
    );
    expect(error.message).toBe('Word 11, "abandonn", is not in the BIP-39 English word list.');
    expect(await h.snapshot()).toEqual({});
  });

  it('reports a bad checksum', async () => {
    const error = await expectCode(
      h.service().restore({
        mnemonic: Array(12).fill('abandon').join(' '),
        network: 'mainnet',
        protection: { mode: 'password', password: PASSWORD },
      }),
      'mnemonic',
    );
    expect(error.message).toContain('checksum');
  });
});

describe('unlock, lock, relock', () => {
  it('locks, refuses key access while locked, and unlocks again', async () => {
    const keystore = h.service();
    const { wallet } = await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const xpub = wallet.accountXpub(0);
    const signature = wallet.signWithAddressKey(FIRST, DIGEST);
    const locks: string[] = [];
    keystore.onLock((reason) => locks.push(reason));

    keystore.lock();
    expect(locks).toEqual(['user']);
    expect(keystore.isUnlocked()).toBe(false);
    expect(wallet.isLocked).toBe(true);
    expect(() => wallet.signWithAddressKey(FIRST, DIGEST)).toThrow(KeystoreError);
    expect(() => wallet.deviceSigner()).toThrow('locked');
    expect(() => keystore.wallet()).toThrow('locked');
    keystore.lock();
    expect(locks).toEqual(['user']);

    const again = await keystore.unlock(PASSWORD);
    expect(again).not.toBe(wallet);
    expect(again.accountXpub(0)).toBe(xpub);
    expect(again.signWithAddressKey(FIRST, DIGEST)).toBe(signature);
    expect(keystore.wallet()).toBe(again);

    keystore.lock();
    const third = await h.service().unlock(PASSWORD);
    expect(third.accountXpub(0)).toBe(xpub);
  });

  it('hands out no key bytes: it signs, and a wiped device signer does not damage the wallet', async () => {
    const keystore = h.service();
    const { wallet } = await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const names = Object.getOwnPropertyNames(UnlockedWallet.prototype);
    expect(names.filter((name) => /private|secret/i.test(name))).toEqual([]);
    expect(names).not.toContain('deviceKey');
    const change = { account: 0, isChange: true, index: 3 };
    const signature = wallet.signWithAddressKey(change, DIGEST);
    const device = wallet.deviceSigner();
    const deviceSignature = device.sign(DIGEST);
    device.wipe();
    expect(() => device.sign(DIGEST)).toThrow('wiped');
    expect(() => device.atRestKey('context')).toThrow('wiped');
    expect(wallet.deviceSigner().sign(DIGEST)).toBe(deviceSignature);
    expect(wallet.signWithAddressKey(change, DIGEST)).toBe(signature);
  });

  it('unlocking an unlocked wallet checks the password and keeps the same wallet', async () => {
    const keystore = h.service();
    const { wallet } = await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    await expect(keystore.unlock(PASSWORD)).resolves.toBe(wallet);
    await expectCode(keystore.unlock('nope'), 'wrong_password');
    expect(keystore.isUnlocked()).toBe(true);
  });

  it('says there is no wallet, and asks for the password', async () => {
    await expect(h.service().status()).resolves.toEqual({ exists: false });
    await expectCode(h.service().unlock(PASSWORD), 'not_found');
    await h
      .service()
      .create({ network: 'mainnet', protection: { mode: 'password', password: PASSWORD } });
    await expectCode(h.service().unlock(), 'password_required');
    await expectCode(h.service().unlock(''), 'password_required');
  });

  it('records more accounts in the public part without touching the secret', async () => {
    const keystore = h.service();
    const { wallet } = await keystore.create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const before = JSON.parse(await readFile(h.path, 'utf8')) as { ciphertext: string };
    const info = await keystore.addAccounts([2, 1, 1]);
    expect(info.accounts.map((a) => a.account)).toEqual([0, 1, 2]);
    expect(info.accounts[2]?.xpub).toBe(wallet.accountXpub(2));
    const after = JSON.parse(await readFile(h.path, 'utf8')) as { ciphertext: string };
    expect(after.ciphertext).toBe(before.ciphertext);
    keystore.lock();
    await expectCode(keystore.addAccounts([3]), 'locked');
    const reopened = await h.service().unlock(PASSWORD);
    expect(reopened.accountXpub(1)).toBe(info.accounts[1]?.xpub);
  });
});

describe('revealMnemonicForBackup', () => {
  it('needs the password, and gives back the phrase and passphrase', async () => {
    const vector = hd.vectors[1];
    if (vector === undefined) throw new Error('hd.json has a second vector');
    const keystore = h.service();
    await keystore.restore({
      mnemonic: vector.mnemonic,
      passphrase: vector.passphrase,
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    await expectCode(keystore.revealMnemonicForBackup(), 'password_required');
    await expectCode(keystore.revealMnemonicForBackup('wrong'), 'wrong_password');
    await expect(keystore.revealMnemonicForBackup(PASSWORD)).resolves.toEqual({
      mnemonic: vector.mnemonic,
      passphrase: vector.passphrase,
    });
    expect(h.lines.join('\n')).not.toContain(vector.mnemonic.split(' ').slice(0, 3).join(' '));
  });

  it('never hands the mnemonic out through the unlocked wallet', async () => {
    const { wallet } = await h.service().create({
      network: 'mainnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    const visible = JSON.stringify(Object.getOwnPropertyNames(Object.getPrototypeOf(wallet)));
    expect(visible).not.toMatch(/mnemonic|seed/i);
    expect(JSON.stringify(wallet)).toBe('{}');
  });
});
