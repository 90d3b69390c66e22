/**
 * HD keys of the official Obyte wallets (light-client.md §5, §6): BIP-32 over secp256k1 as
 * bitcore-lib 0.13 computes it, the wallet paths (device key m/1', accounts m/44'/0'/a',
 * payment addresses by public derivation), wallet ids and textcoin keys.
 *
 * Interop caveat: bitcore-lib 0.13 HDPrivateKey#derive feeds a hardened parent's private key
 * into the HMAC as a minimal-length big-endian number, not padded to 32 bytes. Strict BIP-32
 * (@scure/bip32 and others) pads, so the two disagree whenever a hardened step's parent key
 * starts with 0x00. Derivation defaults to bitcore's result because that is what opens the
 * wallets people already have; `strictBip32: true` gives the standard result for comparison.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { createBase58check } from '@scure/base';
import { concatBytes, toBase64, utf8 } from './bytes';
import { getAddressFromDefinition, getDeviceAddress } from './chash';
import { fail } from './errors';
import { sha256Base64 } from './hash';
import { mnemonicToSeed, parseMnemonic } from './mnemonic';
import { generatorTable } from './secp256k1-vartime';
import { getPublicKey } from './signature';

/** A BIP-32 node holding a private key (32 bytes, big-endian, left-padded). */
export interface HdPrivateKey {
  readonly depth: number;
  readonly parentFingerprint: number;
  readonly index: number;
  readonly chainCode: Uint8Array;
  readonly privateKey: Uint8Array;
}

/** A BIP-32 node holding only its compressed (33-byte) public key. */
export interface HdPublicKey {
  readonly depth: number;
  readonly parentFingerprint: number;
  readonly index: number;
  readonly chainCode: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface DerivationOptions {
  /** Pad hardened parents' keys as BIP-32 says, instead of bitcore-lib 0.13's unpadded form. */
  readonly strictBip32?: boolean;
}

export const HARDENED_OFFSET = 0x80000000;
export const DEVICE_KEY_PATH = "m/1'";
/** Textcoins use the first receiving address of account 0 of their own mnemonic. */
export const TEXTCOIN_PATH = "m/44'/0'/0'/0/0";

const XPRV_VERSION = 0x0488ade4;
const XPUB_VERSION = 0x0488b21e;
const N = secp256k1.Point.Fn.ORDER;
const base58check = createBase58check(sha256);

function isU32(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0 && n <= 0xffffffff;
}

function u32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] ?? 0) << 24) |
      ((bytes[offset + 1] ?? 0) << 16) |
      ((bytes[offset + 2] ?? 0) << 8) |
      (bytes[offset + 3] ?? 0)) >>>
    0
  );
}

function fingerprintOf(publicKey: Uint8Array): number {
  return readU32(ripemd160(sha256(publicKey)), 0);
}

function checkNode(key: HdPrivateKey | HdPublicKey): void {
  if (!Number.isSafeInteger(key.depth) || key.depth < 0 || key.depth > 255) {
    fail('key', 'An HD key depth must be between 0 and 255.');
  }
  if (!isU32(key.index) || !isU32(key.parentFingerprint)) {
    fail('key', 'An HD key index and parent fingerprint must be 32-bit numbers.');
  }
  if (!(key.chainCode instanceof Uint8Array) || key.chainCode.length !== 32) {
    fail('key', 'An HD key chain code must be 32 bytes.');
  }
}

/**
 * The scalar a child adds to its parent, from the HMAC's left half. BIP-32 skips an index whose
 * tweak is >= n; bitcore-lib reduces it mod n instead. Either way it happens with
 * probability ~2^-127, so strict mode reports it rather than silently moving to the next index.
 */
function tweakOf(left: Uint8Array, index: number, options: DerivationOptions): bigint {
  const tweak = bytesToNumberBE(left);
  if (tweak >= N && options.strictBip32 === true) {
    fail('key', `BIP-32 gives no key at child index ${index}; use the next index.`);
  }
  return tweak % N;
}

function pointOf(publicKey: Uint8Array): InstanceType<typeof secp256k1.Point> {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 33) {
    fail('key', 'An HD public key must be a 33-byte compressed point.');
  }
  try {
    return secp256k1.Point.fromBytes(publicKey);
  } catch {
    return fail('key', 'That HD public key is not a point on secp256k1.');
  }
}

function childDepth(parent: HdPrivateKey | HdPublicKey): number {
  if (parent.depth >= 255) fail('key', 'An HD key cannot be derived deeper than 255 levels.');
  return parent.depth + 1;
}

/** BIP-32 CKDpriv with bitcore-lib 0.13 HDPrivateKey#_deriveWithNumber semantics by default. */
export function deriveChild(
  parent: HdPrivateKey,
  index: number,
  options: DerivationOptions = {},
): HdPrivateKey {
  checkNode(parent);
  if (!isU32(index)) fail('key', 'A child index must be a 32-bit number.');
  const parentPublic = getPublicKey(parent.privateKey);
  let keyBytes: Uint8Array;
  if (index >= HARDENED_OFFSET) {
    const first = parent.privateKey.findIndex((b) => b !== 0);
    keyBytes = options.strictBip32 === true ? parent.privateKey : parent.privateKey.slice(first);
    keyBytes = concatBytes(Uint8Array.of(0), keyBytes);
  } else {
    keyBytes = parentPublic;
  }
  const I = hmac(sha512, parent.chainCode, concatBytes(keyBytes, u32(index)));
  const child = (tweakOf(I.slice(0, 32), index, options) + bytesToNumberBE(parent.privateKey)) % N;
  if (child === 0n) fail('key', `BIP-32 gives no key at child index ${index}; use the next index.`);
  return {
    depth: childDepth(parent),
    parentFingerprint: fingerprintOf(parentPublic),
    index,
    chainCode: I.slice(32),
    privateKey: numberToBytesBE(child, 32),
  };
}

/** BIP-32 CKDpub (bitcore-lib HDPublicKey#_deriveWithNumber): non-hardened children only. */
export function derivePublicChild(
  parent: HdPublicKey,
  index: number,
  options: DerivationOptions = {},
): HdPublicKey {
  checkNode(parent);
  if (!isU32(index) || index >= HARDENED_OFFSET) {
    fail('key', 'A public key can only derive non-hardened children (index below 2^31).');
  }
  const point = pointOf(parent.publicKey);
  const I = hmac(sha512, parent.chainCode, concatBytes(parent.publicKey, u32(index)));
  const tweak = tweakOf(I.slice(0, 32), index, options);
  // Public derivation: every value comes from the public parent, so variable time is fine.
  const child = tweak === 0n ? point : point.add(generatorTable().multiply(tweak));
  if (child.equals(secp256k1.Point.ZERO)) {
    fail('key', `BIP-32 gives no key at child index ${index}; use the next index.`);
  }
  return {
    depth: childDepth(parent),
    parentFingerprint: fingerprintOf(parent.publicKey),
    index,
    chainCode: I.slice(32),
    publicKey: child.toBytes(true),
  };
}

/** bitcore-lib HDPrivateKey.fromSeed: HMAC-SHA512 keyed with "Bitcoin seed". */
export function masterKeyFromSeed(seed: Uint8Array): HdPrivateKey {
  if (!(seed instanceof Uint8Array) || seed.length < 16 || seed.length > 64) {
    fail('key', 'A BIP-32 seed must be 16 to 64 bytes.');
  }
  const I = hmac(sha512, utf8('Bitcoin seed'), seed);
  const privateKey = I.slice(0, 32);
  const k = bytesToNumberBE(privateKey);
  if (k === 0n || k >= N) fail('key', 'This seed gives no valid BIP-32 master key.');
  return { depth: 0, parentFingerprint: 0, index: 0, chainCode: I.slice(32), privateKey };
}

/** bitcore-mnemonic Mnemonic#toHDPrivateKey(passphrase): the wallet root. */
export function masterKeyFromMnemonic(mnemonic: string, passphrase = ''): HdPrivateKey {
  return masterKeyFromSeed(mnemonicToSeed(mnemonic, passphrase));
}

/** Child indexes of a path like "m/44'/0'/0'/1/5" (hardened indexes include 2^31). */
export function parseDerivationPath(path: string): number[] {
  if (typeof path !== 'string' || !/^m(\/\d+'?)*$/.test(path)) {
    fail('key', `"${String(path)}" is not a derivation path like m/44'/0'/0'.`);
  }
  return path
    .split('/')
    .slice(1)
    .map((part) => {
      const hardened = part.endsWith("'");
      const n = Number(hardened ? part.slice(0, -1) : part);
      if (!Number.isSafeInteger(n) || n >= HARDENED_OFFSET) {
        fail('key', `Path component ${part} is out of range.`);
      }
      return hardened ? n + HARDENED_OFFSET : n;
    });
}

export function derivePath(
  root: HdPrivateKey,
  path: string,
  options: DerivationOptions = {},
): HdPrivateKey {
  return parseDerivationPath(path).reduce((key, index) => deriveChild(key, index, options), root);
}

export function toHdPublicKey(key: HdPrivateKey): HdPublicKey {
  const { depth, parentFingerprint, index, chainCode } = key;
  return { depth, parentFingerprint, index, chainCode, publicKey: getPublicKey(key.privateKey) };
}

function serialize(version: number, key: HdPrivateKey | HdPublicKey, keyData: Uint8Array): string {
  checkNode(key);
  return base58check.encode(
    concatBytes(
      u32(version),
      Uint8Array.of(key.depth),
      u32(key.parentFingerprint),
      u32(key.index),
      key.chainCode,
      keyData,
    ),
  );
}

/** Standard BIP-32 serialization, livenet ("xprv…"). */
export function serializeXprv(key: HdPrivateKey): string {
  getPublicKey(key.privateKey);
  return serialize(XPRV_VERSION, key, concatBytes(Uint8Array.of(0), key.privateKey));
}

/** Standard BIP-32 serialization, livenet ("xpub…"): what a wallet stores and shares. */
export function serializeXpub(key: HdPublicKey): string {
  pointOf(key.publicKey);
  return serialize(XPUB_VERSION, key, key.publicKey);
}

function decodeExtended(text: unknown): {
  version: number;
  node: Omit<HdPublicKey, 'publicKey'>;
  keyData: Uint8Array;
} {
  if (typeof text !== 'string') fail('key', 'An extended key must be text.');
  let bytes: Uint8Array;
  try {
    bytes = base58check.decode(text.trim());
  } catch {
    return fail('key', 'That extended key has a typo: its checksum does not match.');
  }
  if (bytes.length !== 78) fail('key', 'An extended key encodes 78 bytes.');
  const node = {
    depth: bytes[4] ?? 0,
    parentFingerprint: readU32(bytes, 5),
    index: readU32(bytes, 9),
    chainCode: bytes.slice(13, 45),
  };
  if (node.depth === 0 && (node.parentFingerprint !== 0 || node.index !== 0)) {
    fail('key', 'A master extended key cannot have a parent or an index.');
  }
  return { version: readU32(bytes, 0), node, keyData: bytes.slice(45) };
}

export function parseXpub(text: unknown): HdPublicKey {
  const { version, node, keyData } = decodeExtended(text);
  if (version === XPRV_VERSION) {
    fail('key', 'That is an extended private key (xprv); keep it secret and use the xpub.');
  }
  if (version !== XPUB_VERSION) fail('key', 'That is not a livenet extended public key (xpub).');
  return { ...node, publicKey: pointOf(keyData).toBytes(true) };
}

export function parseXprv(text: unknown): HdPrivateKey {
  const { version, node, keyData } = decodeExtended(text);
  if (version !== XPRV_VERSION) fail('key', 'That is not a livenet extended private key (xprv).');
  const privateKey = keyData.slice(1);
  const k = bytesToNumberBE(privateKey);
  if (keyData[0] !== 0 || k === 0n || k >= N) {
    fail('key', 'That xprv does not hold a valid private key.');
  }
  return { ...node, privateKey };
}

// ---- Obyte wallet layout (official GUI and headless wallets) ----

function checkIndex(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0 || n >= HARDENED_OFFSET) {
    fail('key', `The ${what} must be a whole number from 0 to 2147483647.`);
  }
}

export function getAccountPath(account: number): string {
  checkIndex(account, 'account number');
  return `m/44'/0'/${account}'`;
}

export function getAddressPath(account: number, isChange: boolean, index: number): string {
  checkIndex(index, 'address index');
  return `${getAccountPath(account)}/${isChange ? 1 : 0}/${index}`;
}

export interface DeviceKey {
  readonly privateKey: Uint8Array;
  /** Compressed pubkey, base64 (44 chars). */
  readonly pubkey: string;
  readonly deviceAddress: string;
}

/** The permanent device key m/1' (device-messaging.md §2.1) and the device address. */
export function deriveDeviceKey(root: HdPrivateKey, options: DerivationOptions = {}): DeviceKey {
  const { privateKey } = derivePath(root, DEVICE_KEY_PATH, options);
  const pubkey = toBase64(getPublicKey(privateKey));
  return { privateKey, pubkey, deviceAddress: getDeviceAddress(pubkey) };
}

/** The account's xpub string (m/44'/0'/account'), as the wallets store and share it. */
export function deriveAccount(
  root: HdPrivateKey,
  account: number,
  options: DerivationOptions = {},
): string {
  return serializeXpub(toHdPublicKey(derivePath(root, getAccountPath(account), options)));
}

/** Wallet id = base64(sha256(UTF-8 of the xpub string)). */
export function getWalletId(xpub: string): string {
  return sha256Base64(xpub);
}

/** Compressed pubkey (base64) of m/<is_change>/<index> below an account xpub. */
export function deriveAddressPubkey(xpub: string, isChange: boolean, index: number): string {
  return chainOf(xpub, isChange).pubkey(index);
}

/**
 * One chain (m/<is_change>) below an account xpub, parsed and derived once: the chain node's
 * point and its HMAC key are kept, so each address costs one HMAC, one base-point
 * multiplication and one point addition (the same arithmetic as derivePublicChild, without
 * re-parsing the xpub, re-deriving the chain node and decompressing its point every time).
 */
export interface ChainDeriver {
  readonly isChange: boolean;
  /** Compressed pubkey (base64) of address `index` on this chain. */
  pubkey(index: number): string;
  /** The single-sig wallet address `index` on this chain. */
  address(index: number): WalletAddress;
}

export function chainOf(xpub: string, isChange: boolean): ChainDeriver {
  const chain = derivePublicChild(parseXpub(xpub), isChange ? 1 : 0);
  const point = pointOf(chain.publicKey);
  const data = new Uint8Array(37);
  data.set(chain.publicKey, 0);
  const keyed = hmac.create(sha512, chain.chainCode);
  const pubkey = (index: number): string => {
    checkIndex(index, 'address index');
    data.set(u32(index), 33);
    const I = keyed.clone().update(data).digest();
    const tweak = tweakOf(I.subarray(0, 32), index, {});
    // Everything here follows from the xpub, which is public: no constant-time arithmetic needed.
    const child = tweak === 0n ? point : point.add(generatorTable().multiply(tweak));
    if (child.equals(secp256k1.Point.ZERO)) {
      fail('key', `BIP-32 gives no key at child index ${index}; use the next index.`);
    }
    return toBase64(child.toBytes(true));
  };
  return {
    isChange,
    pubkey,
    address: (index) => singleSigAddress(pubkey(index)),
  };
}

export type SingleSigDefinition = ['sig', { pubkey: string }];

export function getSingleSigDefinition(pubkey: string): SingleSigDefinition {
  return ['sig', { pubkey }];
}

/** The single-device wallet's definition template; "$pubkey@<device>" is filled per address. */
export function getSingleSigDefinitionTemplate(deviceAddress: string): SingleSigDefinition {
  return ['sig', { pubkey: `$pubkey@${deviceAddress}` }];
}

export interface WalletAddress {
  readonly pubkey: string;
  readonly definition: SingleSigDefinition;
  readonly address: string;
}

function singleSigAddress(pubkey: string): WalletAddress {
  const definition = getSingleSigDefinition(pubkey);
  return { pubkey, definition, address: getAddressFromDefinition(definition) };
}

/**
 * A single-sig wallet's payment address: derived pubkey → definition → chash160. For many
 * addresses of one chain, use chainOf (this parses the xpub every time).
 */
export function deriveWalletAddress(xpub: string, isChange: boolean, index: number): WalletAddress {
  return chainOf(xpub, isChange).address(index);
}

/** Signing key of a payment address: the private key at its full path. */
export function deriveAddressPrivateKey(
  root: HdPrivateKey,
  account: number,
  isChange: boolean,
  index: number,
  options: DerivationOptions = {},
): Uint8Array {
  return derivePath(root, getAddressPath(account, isChange, index), options).privateKey;
}

// ---- Textcoins (light-client.md §6) ----

/** The shareable secret of a textcoin: the phrase's words joined with "-". */
export function mnemonicToTextcoin(mnemonic: string): string {
  return parseMnemonic(mnemonic).split(' ').join('-');
}

/** The mnemonic a textcoin string stands for (words joined with "-", any case). */
export function parseTextcoin(textcoin: unknown): string {
  if (typeof textcoin !== 'string') fail('mnemonic', 'A textcoin must be text.');
  return parseMnemonic(textcoin.split('-').join(' '));
}

export interface TextcoinKey extends WalletAddress {
  readonly mnemonic: string;
  readonly privateKey: Uint8Array;
}

/** ocore wallet.expandMnemonic: key m/44'/0'/0'/0/0 of the textcoin's mnemonic, no passphrase. */
export function expandTextcoin(textcoin: string): TextcoinKey {
  const mnemonic = parseTextcoin(textcoin);
  const { privateKey } = derivePath(masterKeyFromMnemonic(mnemonic), TEXTCOIN_PATH);
  const pubkey = toBase64(getPublicKey(privateKey));
  const definition = getSingleSigDefinition(pubkey);
  return {
    mnemonic,
    privateKey,
    pubkey,
    definition,
    address: getAddressFromDefinition(definition),
  };
}

export function getTextcoinAddress(textcoin: string): string {
  return expandTextcoin(textcoin).address;
}
