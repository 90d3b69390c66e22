/**
 * End-to-end encryption of device messages (device-messaging.md §6.2, §6.4 steps 2–3).
 *
 * Ports ocore device.js `deriveSharedSecret`, `createEncryptedPackage` and `decryptPackage`:
 * ECDH on secp256k1 → x-coordinate → SHA-256 → first 16 bytes = AES-128-GCM key, 12-byte IV,
 * 16-byte tag, no AAD. The ephemeral key and the IV are parameters so this stays pure; callers
 * must pass fresh random values for every package.
 *
 * Trust: a package comes from a peer through a hub and is untrusted. It is parsed into typed
 * values before any crypto, and every failure is a ProtocolError('device_message').
 */
import { gcm } from '@noble/ciphers/aes.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { concatBytes, fromBase64, fromUtf8, isBase64, toBase64, utf8 } from './bytes';
import { fail } from './errors';
import { sha256 } from './hash';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { getPublicKeyB64, isValidPrivateKey, parsePubkey, sign } from './signature';

export const DEVICE_IV_LENGTH = 12;
export const DEVICE_AUTHTAG_LENGTH = 16;
/** ocore decryptPackage gives up beyond 3 layers (the outer one plus two nested). */
export const MAX_ENCRYPTION_LAYERS = 3;
/** ocore wallet.handleMessageFromHub limits for the decrypted JSON. */
export const MAX_INNER_JSON_DEPTH = 20;
export const MAX_INNER_JSON_NODES = 100_000;

export interface EncryptedPackage {
  encrypted_message: string;
  iv: string;
  authtag: string;
  dh: {
    sender_ephemeral_pubkey: string;
    recipient_ephemeral_pubkey: string;
  };
}

/**
 * A private key that signs and agrees keys without handing out its bytes. The keystore's device
 * signer is one, so logging in, signing a temp pubkey or an envelope and decrypting a message
 * never need the permanent key's bytes outside the keystore. Raw bytes (a temp key, a test key)
 * are accepted wherever a SecretKey is, through {@link asSecretKey}.
 */
export interface SecretKey {
  /** The compressed public key, base64. */
  readonly pubkey: string;
  /** ocore signature.sign of a 32-byte digest: base64 of the compact low-S signature. */
  sign(digest: Uint8Array): string;
  /** x-coordinate (32 bytes) of this key · peerPubkey (ECDH): see {@link getEcdhSharedX}. */
  ecdhSharedX(peerPubkeyB64: string): Uint8Array;
}

export type KeyOrBytes = SecretKey | Uint8Array;

/** The key itself, or raw private key bytes wrapped (read, never copied: the caller owns them). */
export function asSecretKey(key: KeyOrBytes): SecretKey {
  if (!(key instanceof Uint8Array)) return key;
  let pubkey: string | undefined;
  return {
    get pubkey(): string {
      pubkey ??= getPublicKeyB64(key);
      return pubkey;
    },
    sign: (digest) => sign(digest, key),
    ecdhSharedX: (peer) => getEcdhSharedX(key, peer),
  };
}

/** My three private keys; the package's `dh.recipient_ephemeral_pubkey` picks one. */
export interface DeviceKeys {
  permanent: KeyOrBytes;
  temp: KeyOrBytes;
  prev_temp?: KeyOrBytes | null | undefined;
}

export type RecipientKeyKind = 'temp' | 'prev_temp' | 'permanent';

export interface DecryptedPackage {
  /** The innermost decrypted JSON object (the inner message, for a well-behaved sender). */
  json: JsonObject;
  /** Its UTF-8 text as decrypted. */
  plaintext: string;
  /** Which of my keys opened each layer, outermost first. */
  keys_used: RecipientKeyKind[];
}

/** x-coordinate (32 bytes) of privateKey · peerPubkey; ocore passes `hashfn: (x) => x` to ecdh. */
export function getEcdhSharedX(privateKey: Uint8Array, peerPubkeyB64: string): Uint8Array {
  if (!isValidPrivateKey(privateKey)) fail('key', 'That is not a valid secp256k1 private key.');
  const point = parsePubkey(peerPubkeyB64);
  return secp256k1.getSharedSecret(privateKey, point, true).slice(1);
}

/** ocore deriveSharedSecret: SHA-256 of the shared x, first 16 bytes. */
export function deriveAesKey(sharedX: Uint8Array): Uint8Array {
  return sha256(sharedX).slice(0, 16);
}

/**
 * ocore createEncryptedPackage, given the text to encrypt (ocore: `JSON.stringify(json)`).
 * The whole UTF-8 buffer is encrypted at once; ocore's 2003-code-unit slicing only differs when
 * a surrogate pair straddles a slice boundary, which is an ocore bug we do not imitate.
 */
export function encryptPackage(
  plaintext: string,
  recipientPubkeyB64: string,
  ephemeralPrivateKey: Uint8Array,
  iv: Uint8Array,
): EncryptedPackage {
  if (!(iv instanceof Uint8Array) || iv.length !== DEVICE_IV_LENGTH) {
    fail('device_message', `The IV must be ${DEVICE_IV_LENGTH} bytes.`);
  }
  const key = deriveAesKey(getEcdhSharedX(ephemeralPrivateKey, recipientPubkeyB64));
  const sealed = gcm(key, iv).encrypt(utf8(plaintext));
  const split = sealed.length - DEVICE_AUTHTAG_LENGTH;
  return {
    encrypted_message: toBase64(sealed.subarray(0, split)),
    iv: toBase64(iv),
    authtag: toBase64(sealed.subarray(split)),
    dh: {
      sender_ephemeral_pubkey: getPublicKeyB64(ephemeralPrivateKey),
      recipient_ephemeral_pubkey: recipientPubkeyB64,
    },
  };
}

/** ocore serialises the JSON to encrypt with plain JSON.stringify (key order as built). */
export function encryptJson(
  json: object,
  recipientPubkeyB64: string,
  ephemeralPrivateKey: Uint8Array,
  iv: Uint8Array,
): EncryptedPackage {
  return encryptPackage(JSON.stringify(json), recipientPubkeyB64, ephemeralPrivateKey, iv);
}

function bad(message: string): never {
  return fail('device_message', message);
}

/** Parse an untrusted encrypted package (strict: canonical base64, exact lengths, real points). */
export function parseEncryptedPackage(value: unknown): EncryptedPackage {
  if (!isJsonObject(value)) bad('The encrypted package is not an object.');
  const { encrypted_message, iv, authtag, dh } = value;
  if (!isBase64(encrypted_message) || encrypted_message === '') {
    bad('The encrypted message is missing or not base64.');
  }
  if (!isBase64(iv, DEVICE_IV_LENGTH)) bad(`The IV must be ${DEVICE_IV_LENGTH} bytes in base64.`);
  if (!isBase64(authtag, DEVICE_AUTHTAG_LENGTH)) {
    bad(`The authentication tag must be ${DEVICE_AUTHTAG_LENGTH} bytes in base64.`);
  }
  if (!isJsonObject(dh)) bad('The encrypted package has no "dh" keys.');
  const sender = dh['sender_ephemeral_pubkey'];
  const recipient = dh['recipient_ephemeral_pubkey'];
  if (typeof sender !== 'string' || typeof recipient !== 'string') {
    bad('The encrypted package lacks the sender or recipient ephemeral pubkey.');
  }
  try {
    parsePubkey(sender);
  } catch {
    bad('The sender ephemeral pubkey is not a valid compressed secp256k1 point.');
  }
  if (!isBase64(recipient, 33)) bad('The recipient ephemeral pubkey is not a 33-byte pubkey.');
  return {
    encrypted_message,
    iv,
    authtag,
    dh: { sender_ephemeral_pubkey: sender, recipient_ephemeral_pubkey: recipient },
  };
}

/** Decrypt one layer with a known private key, returning the UTF-8 text. */
export function decryptPackageWithKey(pkg: EncryptedPackage, privateKey: KeyOrBytes): string {
  const key = deriveAesKey(asSecretKey(privateKey).ecdhSharedX(pkg.dh.sender_ephemeral_pubkey));
  const sealed = concatBytes(
    fromBase64(pkg.encrypted_message, 'encrypted message'),
    fromBase64(pkg.authtag, 'authentication tag'),
  );
  let opened: Uint8Array;
  try {
    opened = gcm(key, fromBase64(pkg.iv, 'IV')).decrypt(sealed);
  } catch {
    return bad(
      'The message failed authentication (wrong key, or it was altered on the way): cannot decrypt.',
    );
  }
  try {
    return fromUtf8(opened);
  } catch {
    return bad('The decrypted message is not valid UTF-8 text.');
  }
}

function pickKey(
  recipientPubkey: string,
  keys: DeviceKeys,
): { kind: RecipientKeyKind; key: SecretKey } {
  const candidates: [RecipientKeyKind, KeyOrBytes | null | undefined][] = [
    ['temp', keys.temp],
    ['prev_temp', keys.prev_temp],
    ['permanent', keys.permanent],
  ];
  for (const [kind, candidate] of candidates) {
    if (!candidate) continue;
    const key = asSecretKey(candidate);
    if (key.pubkey === recipientPubkey) return { kind, key };
  }
  return bad(
    'The message was encrypted to a key this device does not have (an old backup, or the same ' +
      'keys used on another device).',
  );
}

/**
 * ocore string_utils.isTooDeeplyNestedOrHasTooManyNodes (same counting: every array element
 * and object member is a node; the root is depth 1).
 */
export function isTooDeeplyNestedOrHasTooManyNodes(
  value: unknown,
  depthLimit: number,
  nodesLimit: number,
): boolean {
  let nodes = 0;
  const check = (v: unknown, depth: number): boolean => {
    if (depth > depthLimit || nodes > nodesLimit) return true;
    if (v === null || typeof v !== 'object') return false;
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    nodes += children.length;
    return children.some((child) => check(child, depth + 1));
  };
  return check(value, 1);
}

function parseJsonObject(text: string): JsonObject {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad('The decrypted message is not valid JSON.');
  }
  if (!isJsonObject(json)) bad('The decrypted message is not a JSON object.');
  if (isTooDeeplyNestedOrHasTooManyNodes(json, MAX_INNER_JSON_DEPTH, MAX_INNER_JSON_NODES)) {
    bad('The decrypted message is too deeply nested or has too many nodes.');
  }
  return json;
}

/**
 * ocore decryptPackage: pick my key by `dh.recipient_ephemeral_pubkey` (current temp, previous
 * temp, permanent), decrypt, parse JSON; if the result carries an `encrypted_package` (a
 * re-sent outbox copy), decrypt that too, at most MAX_ENCRYPTION_LAYERS layers in all.
 */
export function decryptPackage(pkg: unknown, keys: DeviceKeys): DecryptedPackage {
  const keysUsed: RecipientKeyKind[] = [];
  let current: unknown = pkg;
  for (;;) {
    if (keysUsed.length === MAX_ENCRYPTION_LAYERS) {
      bad(`The message has more than ${MAX_ENCRYPTION_LAYERS} layers of encryption.`);
    }
    const parsed = parseEncryptedPackage(current);
    const { kind, key } = pickKey(parsed.dh.recipient_ephemeral_pubkey, keys);
    const plaintext = decryptPackageWithKey(parsed, key);
    keysUsed.push(kind);
    const json = parseJsonObject(plaintext);
    const nested: JsonValue | undefined = json['encrypted_package'];
    // ocore tests truthiness of json.encrypted_package.
    if (
      nested === undefined ||
      nested === null ||
      nested === false ||
      nested === 0 ||
      nested === ''
    ) {
      return { json, plaintext, keys_used: keysUsed };
    }
    current = nested;
  }
}
