/**
 * hd.json (bitcore-lib 0.13.19 + bitcore-mnemonic 1.0.1, ocore getChash160): mnemonic → seed →
 * master xprv → device key, account xpub, wallet id, payment addresses with their private keys,
 * textcoin address; and a mnemonic where bitcore's hardened derivation differs from strict BIP-32.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../shared/protocol/bytes';
import {
  getAddressFromDefinition,
  getDeviceAddress,
  isValidAddress,
  isValidDeviceAddress,
} from '../../../shared/protocol/chash';
import {
  DEVICE_KEY_PATH,
  TEXTCOIN_PATH,
  deriveAccount,
  deriveAddressPrivateKey,
  deriveAddressPubkey,
  deriveDeviceKey,
  derivePath,
  deriveWalletAddress,
  expandTextcoin,
  getAccountPath,
  getAddressPath,
  getSingleSigDefinition,
  getSingleSigDefinitionTemplate,
  getTextcoinAddress,
  getWalletId,
  masterKeyFromMnemonic,
  masterKeyFromSeed,
  mnemonicToTextcoin,
  parseTextcoin,
  parseXprv,
  parseXpub,
  serializeXprv,
  serializeXpub,
  toHdPublicKey,
  type DerivationOptions,
  type HdPrivateKey,
} from '../../../shared/protocol/hd';
import {
  generateMnemonic,
  mnemonicToEntropy,
  mnemonicToSeed,
  parseMnemonic,
  validateMnemonic,
} from '../../../shared/protocol/mnemonic';
import { getPublicKeyB64 } from '../../../shared/protocol/signature';
import { expectFields, int, list, optionalStrings, str, type Json } from './fields';
import { loadVectors } from './load';

const STRICT: DerivationOptions = { strictBip32: true };

const VECTOR_REQUIRED = [
  'mnemonic',
  'passphrase',
  'bip39_seed_hex',
  'master_xprv',
  'device',
  'wallet',
  'addresses',
];
const VECTOR_OPTIONAL = [
  'name',
  'note',
  'bitcore_matches_strict_bip32',
  'as_textcoin',
  'strict_bip32_for_comparison',
  'parent_private_keys_on_path',
];

/** Mnemonic → seed → master key, each against the vector; returns the root. */
function checkRoot(v: Json): HdPrivateKey {
  const mnemonic = str(v, 'mnemonic');
  expect(parseMnemonic(mnemonic)).toBe(mnemonic);
  expect(validateMnemonic(mnemonic)).toBe(true);
  expect(generateMnemonic(mnemonicToEntropy(mnemonic))).toBe(mnemonic);

  const seedHex = str(v, 'bip39_seed_hex');
  expect(toHex(mnemonicToSeed(mnemonic, str(v, 'passphrase')))).toBe(seedHex);

  const xprv = str(v, 'master_xprv');
  const root = masterKeyFromSeed(fromHex(seedHex));
  expect(serializeXprv(root)).toBe(xprv);
  expect(serializeXprv(masterKeyFromMnemonic(mnemonic, str(v, 'passphrase')))).toBe(xprv);
  expect(parseXprv(xprv)).toEqual(root);
  return root;
}

function checkDevice(root: HdPrivateKey, device: Json): void {
  const path = str(device, 'path');
  expect(path).toBe(DEVICE_KEY_PATH);
  const privateKeyHex = str(device, 'private_key_hex');
  expect(toHex(derivePath(root, path).privateKey)).toBe(privateKeyHex);
  const pubkey = str(device, 'pubkey_base64');
  expect(getPublicKeyB64(fromHex(privateKeyHex))).toBe(pubkey);
  const deviceAddress = str(device, 'device_address');
  expect(getDeviceAddress(pubkey)).toBe(deviceAddress);
  expect(isValidDeviceAddress(deviceAddress)).toBe(true);
  const derived = deriveDeviceKey(root);
  expect({ ...derived, privateKey: toHex(derived.privateKey) }).toEqual({
    privateKey: privateKeyHex,
    pubkey,
    deviceAddress,
  });
}

function checkWallet(root: HdPrivateKey, wallet: Json, deviceAddress: string): void {
  const account = int(wallet, 'account');
  const path = str(wallet, 'path');
  expect(getAccountPath(account)).toBe(path);
  const xpub = str(wallet, 'xpub');
  expect(serializeXpub(toHdPublicKey(derivePath(root, path)))).toBe(xpub);
  expect(deriveAccount(root, account)).toBe(xpub);
  expect(serializeXpub(parseXpub(xpub))).toBe(xpub);
  expect(getWalletId(xpub)).toBe(str(wallet, 'wallet_id'));
  expect(getSingleSigDefinitionTemplate(deviceAddress)).toEqual(wallet['definition_template']);
}

function checkAddress(root: HdPrivateKey, account: number, xpub: string, a: Json): void {
  const isChangeFlag = int(a, 'is_change');
  expect([0, 1]).toContain(isChangeFlag);
  const isChange = isChangeFlag === 1;
  const index = int(a, 'address_index');
  const path = str(a, 'path');
  expect(getAddressPath(account, isChange, index)).toBe(path);

  const privateKeyHex = str(a, 'private_key_hex');
  expect(toHex(derivePath(root, path).privateKey)).toBe(privateKeyHex);
  expect(toHex(deriveAddressPrivateKey(root, account, isChange, index))).toBe(privateKeyHex);

  const pubkey = str(a, 'pubkey_base64');
  expect(getPublicKeyB64(fromHex(privateKeyHex))).toBe(pubkey);
  expect(deriveAddressPubkey(xpub, isChange, index)).toBe(pubkey);

  const definition = a['definition'];
  expect(getSingleSigDefinition(pubkey)).toEqual(definition);
  const address = str(a, 'address');
  expect(getAddressFromDefinition(definition)).toBe(address);
  expect(isValidAddress(address)).toBe(true);
  expect(deriveWalletAddress(xpub, isChange, index)).toEqual({ pubkey, definition, address });
}

/** Whether strict BIP-32 gives the same device key, account and address keys as bitcore. */
function strictMatchesBitcore(root: HdPrivateKey, account: number, addresses: Json[]): boolean {
  const same = (path: string): boolean =>
    toHex(derivePath(root, path).privateKey) === toHex(derivePath(root, path, STRICT).privateKey);
  return (
    same(DEVICE_KEY_PATH) &&
    deriveAccount(root, account) === deriveAccount(root, account, STRICT) &&
    addresses.every((a) => same(str(a, 'path')))
  );
}

function checkTextcoin(v: Json): void {
  const t = expectFields(
    v['as_textcoin'],
    ['textcoin_string', 'pubkey_base64', 'address'],
    ['path'],
    'as_textcoin',
  );
  const mnemonic = str(v, 'mnemonic');
  const textcoin = str(t, 'textcoin_string');
  expect(mnemonicToTextcoin(mnemonic)).toBe(textcoin);
  expect(parseTextcoin(textcoin)).toBe(mnemonic);
  expect(parseTextcoin(textcoin.toUpperCase())).toBe(mnemonic);
  if ('path' in t) expect(str(t, 'path')).toBe(TEXTCOIN_PATH);

  const pubkey = str(t, 'pubkey_base64');
  const address = str(t, 'address');
  const key = expandTextcoin(textcoin);
  expect(key.mnemonic).toBe(mnemonic);
  expect(key.pubkey).toBe(pubkey);
  expect(getPublicKeyB64(key.privateKey)).toBe(pubkey);
  expect(key.definition).toEqual(getSingleSigDefinition(pubkey));
  expect(key.address).toBe(address);
  expect(getTextcoinAddress(textcoin)).toBe(address);
  // Textcoins never use a passphrase.
  const textcoinKey = derivePath(masterKeyFromMnemonic(mnemonic, ''), TEXTCOIN_PATH).privateKey;
  expect(getPublicKeyB64(textcoinKey)).toBe(pubkey);
}

function checkStrictComparison(root: HdPrivateKey, account: number, value: unknown): void {
  const s = expectFields(
    value,
    ['account_xpub', 'first_address'],
    [],
    'strict_bip32_for_comparison',
  );
  const xpub = str(s, 'account_xpub');
  expect(deriveAccount(root, account, STRICT)).toBe(xpub);
  const first = expectFields(s['first_address'], ['pubkey_base64', 'address'], [], 'first_address');
  const derived = deriveWalletAddress(xpub, false, 0);
  expect(derived.pubkey).toBe(str(first, 'pubkey_base64'));
  expect(derived.address).toBe(str(first, 'address'));
  expect(deriveAddressPubkey(xpub, false, 0)).toBe(str(first, 'pubkey_base64'));
}

function checkVector(v: Json): void {
  const root = checkRoot(v);
  const device = expectFields(
    v['device'],
    ['path', 'private_key_hex', 'pubkey_base64', 'device_address'],
    [],
    'device',
  );
  checkDevice(root, device);

  const wallet = expectFields(
    v['wallet'],
    ['account', 'path', 'xpub', 'wallet_id', 'definition_template'],
    [],
    'wallet',
  );
  checkWallet(root, wallet, str(device, 'device_address'));

  const account = int(wallet, 'account');
  const xpub = str(wallet, 'xpub');
  const addresses = list(v, 'addresses').map((a, i) =>
    expectFields(
      a,
      [
        'is_change',
        'address_index',
        'path',
        'private_key_hex',
        'pubkey_base64',
        'definition',
        'address',
      ],
      [],
      `addresses[${i}]`,
    ),
  );
  for (const a of addresses) checkAddress(root, account, xpub, a);

  if ('bitcore_matches_strict_bip32' in v) {
    expect(v['bitcore_matches_strict_bip32']).toBeTypeOf('boolean');
    expect(strictMatchesBitcore(root, account, addresses)).toBe(v['bitcore_matches_strict_bip32']);
  }
  if ('as_textcoin' in v) checkTextcoin(v);
  if ('strict_bip32_for_comparison' in v) {
    checkStrictComparison(root, account, v['strict_bip32_for_comparison']);
  }
  if ('parent_private_keys_on_path' in v) {
    for (const [i, p] of list(v, 'parent_private_keys_on_path').entries()) {
      const parent = expectFields(p, ['path', 'private_key_hex'], [], `parent_private_keys[${i}]`);
      const key = derivePath(root, str(parent, 'path'));
      expect(toHex(key.privateKey)).toBe(str(parent, 'private_key_hex'));
    }
  }
  optionalStrings(v, ['name', 'note']);
}

interface HdFile {
  vectors: Json[];
  bitcore_noncompliant_example: Json;
}

const file = loadVectors<HdFile & Json>('hd.json');

describe('hd.json', () => {
  it('has only sections this suite checks', () => {
    expectFields(
      file,
      ['vectors', 'bitcore_noncompliant_example'],
      ['generated_with', 'notes'],
      'hd.json',
    );
    optionalStrings(file, ['generated_with', 'notes']);
    expect(Array.isArray(file.vectors)).toBe(true);
  });

  describe('vectors', () => {
    for (const [i, v] of file.vectors.entries()) {
      it(`${i}: ${String(v['mnemonic']).split(' ').slice(0, 3).join(' ')}…`, () => {
        expectFields(v, VECTOR_REQUIRED, VECTOR_OPTIONAL, `vectors[${i}]`);
        checkVector(v);
      });
    }
  });

  it('bitcore non-compliant example', () => {
    const v = expectFields(
      file.bitcore_noncompliant_example,
      [...VECTOR_REQUIRED, 'bitcore_matches_strict_bip32', 'strict_bip32_for_comparison'],
      VECTOR_OPTIONAL,
      'bitcore_noncompliant_example',
    );
    expect(v['bitcore_matches_strict_bip32']).toBe(false);
    checkVector(v);
  });
});
