/**
 * The device layer on the hub protocol (device-messaging.md §3–§6): the "hash to sign" of device
 * objects, hub login, temp pubkey packages, `hub/deliver` envelopes, message hashes, `hub/delete`
 * acks and the inner message, plus parsing of untrusted `hub/message` bodies.
 *
 * Ports ocore object_hash.js `getDeviceMessageHashToSign` and device.js `getLoginMessage`,
 * `createTempPubkeyPackage`, `sendPreparedMessageToConnectedHub` (temp pubkey checks, envelope),
 * `sendMessageToHub` (inner message) and the `hub/message` branch of `handleJustsaying`.
 *
 * The frame helpers return the `{subject, body}` / `{command, params}` contents; framing and
 * request tags belong to the wire module.
 */
import { getDeviceAddress, isValidDeviceAddress } from './chash';
import { isBase64 } from './bytes';
import {
  asSecretKey,
  decryptPackage,
  isTooDeeplyNestedOrHasTooManyNodes,
  parseEncryptedPackage,
  type DeviceKeys,
  type EncryptedPackage,
  type KeyOrBytes,
  type RecipientKeyKind,
} from './device-crypto';
import { fail, ProtocolError } from './errors';
import { getBase64Hash, sha256Utf8 } from './hash';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { isValidHub } from './pairing';
import { getSourceString } from './serialize';
import { isValidPubkey, verify } from './signature';

/** ocore hub limits for `hub/deliver` params (network.js). */
export const MAX_ENVELOPE_DEPTH = 5;
export const MAX_ENVELOPE_NODES = 100;
/** The hub's answer to an accepted `hub/temp_pubkey`. */
export const TEMP_PUBKEY_UPDATED = 'updated';
/** The hub's answer to an accepted `hub/deliver`. */
export const DELIVER_ACCEPTED = 'accepted';
/** obyte-hub/ocore refuse `max_message_count` above this. */
export const MAX_MESSAGE_COUNT = 100;

// ---------------------------------------------------------------------------------------------
// Hash to sign (§3)

/** A copy without null-valued object members, at any depth (ocore cleanNullsDeep). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null) out[key] = withoutNulls(child);
  }
  return out;
}

/**
 * The source string a device signature covers: the object without its top-level `signature`
 * and without null members at any depth. Nulls inside arrays stay and are refused by the
 * serializer, as in ocore (there they become holes that fail to serialise).
 */
export function getDeviceSourceString(object: object): string {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    fail('serialization', 'A device object to sign must be a JSON object.');
  }
  const naked: Record<string, unknown> = { ...object };
  delete naked['signature'];
  return getSourceString(withoutNulls(naked));
}

/** ocore objectHash.getDeviceMessageHashToSign: SHA-256 of the device source string. */
export function getDeviceHashToSign(object: object): Uint8Array {
  return sha256Utf8(getDeviceSourceString(object));
}

/** The object with `signature` appended (by the key whose pubkey the object names). */
export function signDeviceObject<T extends object>(
  object: T,
  key: KeyOrBytes,
): T & { signature: string } {
  return { ...object, signature: asSecretKey(key).sign(getDeviceHashToSign(object)) };
}

/** False (never a throw) for a missing, malformed or wrong signature. */
export function verifyDeviceObject(object: object, pubkeyB64: string): boolean {
  const signature: unknown = (object as { signature?: unknown }).signature;
  try {
    return verify(getDeviceHashToSign(object), signature, pubkeyB64);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Hub login (§4)

export interface LoginLimits {
  max_message_length?: number;
  max_message_count?: number;
}

export interface LoginObject extends LoginLimits {
  challenge: string;
  pubkey: string;
}

export interface HubLogin extends LoginObject {
  signature: string;
}

/** The signed part of `hub/login`; limits, when given, are signed too (`n` tag). */
export function getLoginObject(
  challenge: string,
  pubkey: string,
  limits?: LoginLimits,
): LoginObject {
  if (typeof challenge !== 'string' || challenge === '') {
    fail('device_message', 'The hub challenge must be a non-empty string.');
  }
  if (!isValidPubkey(pubkey)) fail('key', 'The device pubkey is not a valid compressed point.');
  const login: LoginObject = { challenge, pubkey };
  const length = limits?.max_message_length;
  const count = limits?.max_message_count;
  if (length !== undefined) {
    if (!Number.isSafeInteger(length) || length <= 0) {
      fail('device_message', 'max_message_length must be a positive integer.');
    }
    login.max_message_length = length;
  }
  if (count !== undefined) {
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_MESSAGE_COUNT) {
      fail(
        'device_message',
        `max_message_count must be an integer from 1 to ${MAX_MESSAGE_COUNT}.`,
      );
    }
    login.max_message_count = count;
  }
  return login;
}

/** ocore getLoginMessage: the `hub/login` body, signed by the permanent device key. */
export function createHubLogin(
  challenge: string,
  permanentKey: KeyOrBytes,
  limits?: LoginLimits,
): HubLogin {
  const key = asSecretKey(permanentKey);
  const login = getLoginObject(challenge, key.pubkey, limits);
  return signDeviceObject(login, key);
}

export function hubLoginJustsaying(login: HubLogin): { subject: 'hub/login'; body: HubLogin } {
  return { subject: 'hub/login', body: login };
}

// ---------------------------------------------------------------------------------------------
// Temp pubkey package (§5)

export interface TempPubkeyPackage {
  temp_pubkey: string;
  pubkey: string;
  signature: string;
}

/** ocore createTempPubkeyPackage: `{temp_pubkey, pubkey}` signed by the permanent key. */
export function createTempPubkeyPackage(
  tempPubkeyB64: string,
  permanentKey: KeyOrBytes,
): TempPubkeyPackage {
  if (!isValidPubkey(tempPubkeyB64))
    fail('key', 'The temp pubkey is not a valid compressed point.');
  const key = asSecretKey(permanentKey);
  const object = { temp_pubkey: tempPubkeyB64, pubkey: key.pubkey };
  return signDeviceObject(object, key);
}

/**
 * Sender-side checks of a `hub/get_temp_pubkey` response (ocore
 * sendPreparedMessageToConnectedHub): the package must be signed by the permanent pubkey we
 * expect and name a real curve point. Only then may we encrypt to it.
 */
export function parseTempPubkeyPackage(
  response: unknown,
  expectedPermanentPubkey: string,
): TempPubkeyPackage {
  if (isJsonObject(response) && typeof response['error'] === 'string') {
    fail('device_message', `The recipient's hub refused: ${response['error']}`);
  }
  if (!isJsonObject(response))
    fail('device_message', "The hub's temp pubkey answer is not an object.");
  const { temp_pubkey, pubkey, signature } = response;
  if (
    typeof temp_pubkey !== 'string' ||
    typeof pubkey !== 'string' ||
    typeof signature !== 'string'
  ) {
    fail('device_message', 'The temp pubkey package lacks temp_pubkey, pubkey or signature.');
  }
  if (pubkey !== expectedPermanentPubkey) {
    fail('device_message', 'The temp pubkey is signed by another permanent pubkey.');
  }
  const pkg: TempPubkeyPackage = { temp_pubkey, pubkey, signature };
  if (!verifyDeviceObject(pkg, pubkey)) {
    fail('signature', 'The temp pubkey package signature does not verify.');
  }
  if (!isValidPubkey(temp_pubkey)) {
    fail('key', 'The temp pubkey is not a valid compressed secp256k1 point.');
  }
  return pkg;
}

export function tempPubkeyRequest(pkg: TempPubkeyPackage): {
  command: 'hub/temp_pubkey';
  params: TempPubkeyPackage;
} {
  return { command: 'hub/temp_pubkey', params: pkg };
}

/** Params are the recipient's permanent pubkey as a bare string. */
export function getTempPubkeyRequest(permanentPubkey: string): {
  command: 'hub/get_temp_pubkey';
  params: string;
} {
  if (!isValidPubkey(permanentPubkey)) fail('key', 'The recipient pubkey is not a valid point.');
  return { command: 'hub/get_temp_pubkey', params: permanentPubkey };
}

// ---------------------------------------------------------------------------------------------
// Inner message (§6.1)

export interface InnerMessage {
  from: string;
  /** The sender's hub; ocore omits it when unset. */
  device_hub?: string;
  subject: string;
  /** Any JSON; absent when the sender had none. */
  body?: JsonValue;
}

/** ocore sendMessageToHub: key order from, device_hub, subject, body (JSON.stringify order). */
export function createInnerMessage(
  from: string,
  deviceHub: string,
  subject: string,
  body: JsonValue,
): InnerMessage {
  if (!isValidDeviceAddress(from)) fail('device_address', 'The sender device address is invalid.');
  if (!isValidHub(deviceHub)) fail('device_message', 'My hub is not a valid host[:port][/path].');
  if (typeof subject !== 'string' || subject === '') {
    fail('device_message', 'A device message needs a subject.');
  }
  return { from, device_hub: deviceHub, subject, body };
}

/** The text that gets encrypted (ocore: JSON.stringify). */
export function serializeInnerMessage(message: InnerMessage): string {
  return JSON.stringify(message);
}

/** Parse a decrypted JSON object into an inner message (from and subject are required). */
export function parseInnerMessage(json: JsonObject): InnerMessage {
  const { from, device_hub, subject, body } = json;
  if (!isValidDeviceAddress(from)) {
    fail('device_message', 'The decrypted message has no valid "from" device address.');
  }
  if (typeof subject !== 'string' || subject === '') {
    fail('device_message', 'The decrypted message has no subject.');
  }
  // Built in ocore's key order so that re-serialising gives the sender's text back.
  return {
    from,
    ...(typeof device_hub === 'string' ? { device_hub } : {}),
    subject,
    ...(body !== undefined ? { body } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Envelope, deliver, message hash (§6.3)

export interface DeviceEnvelope {
  encrypted_package: EncryptedPackage;
  to: string;
  pubkey: string;
  signature: string;
}

/** The envelope for `hub/deliver`, signed by my permanent key; `to` = the recipient address. */
export function createDeviceEnvelope(
  encryptedPackage: EncryptedPackage,
  recipientDeviceAddress: string,
  senderKey: KeyOrBytes,
): DeviceEnvelope {
  if (!isValidDeviceAddress(recipientDeviceAddress)) {
    fail('device_address', 'The recipient device address is invalid.');
  }
  const key = asSecretKey(senderKey);
  const unsigned = {
    encrypted_package: encryptedPackage,
    to: recipientDeviceAddress,
    pubkey: key.pubkey,
  };
  return signDeviceObject(unsigned, key);
}

export function deliverRequest(envelope: DeviceEnvelope): {
  command: 'hub/deliver';
  params: DeviceEnvelope;
} {
  return { command: 'hub/deliver', params: envelope };
}

/** The hub's message hash: b64 SHA-256 of the source string of the whole (signed) object. */
export function getDeviceMessageHash(message: object): string {
  return getBase64Hash(message, false);
}

/** The second hash variant ocore recipients accept (sorted-key JSON serialisation). */
export function getDeviceMessageHashJsonVariant(message: object): string {
  return getBase64Hash(message, true);
}

/** ocore's outbox copy: a package to the permanent key, kept for re-sending inside a new one. */
export function createOutboxMessage(encryptedPackage: EncryptedPackage): {
  encrypted_package: EncryptedPackage;
} {
  return { encrypted_package: encryptedPackage };
}

// ---------------------------------------------------------------------------------------------
// Receiving (§6.4)

export interface HubMessage {
  message_hash: string;
  message: DeviceEnvelope;
}

export interface ReceivedDeviceMessage {
  message_hash: string;
  envelope: DeviceEnvelope;
  /** The sender's device address, derived from the envelope pubkey and equal to `message.from`. */
  from: string;
  sender_pubkey: string;
  message: InnerMessage;
  keys_used: RecipientKeyKind[];
}

function bad(message: string): never {
  return fail('device_message', message);
}

/**
 * The `message_hash` of a `hub/message` body, if it looks like one, so that a message that fails
 * later checks can still be acknowledged with `hub/delete`.
 */
export function getHubMessageHash(body: unknown): string | null {
  return isJsonObject(body) && isBase64(body['message_hash'], 32) ? body['message_hash'] : null;
}

/**
 * Check the open part of an untrusted `hub/message` body (ocore handleJustsaying 'hub/message'):
 * all fields present and well-formed, addressed to me, hash matching (either variant),
 * signature valid under the envelope pubkey. Extra fields are tolerated like ocore does (the hash
 * and signature cover them) within the hub's size limits, then dropped from the typed result;
 * keep using `message_hash` to identify the message.
 */
export function parseHubMessage(body: unknown, myDeviceAddress: string): HubMessage {
  if (!isJsonObject(body)) bad('The hub message body is not an object.');
  const { message_hash: messageHash, message } = body;
  if (!isBase64(messageHash, 32)) bad('The hub message has no valid message_hash.');
  if (!isJsonObject(message)) bad('The hub message carries no envelope.');
  if (isTooDeeplyNestedOrHasTooManyNodes(message, MAX_ENVELOPE_DEPTH, MAX_ENVELOPE_NODES)) {
    bad('The device message is too deeply nested or has too many nodes.');
  }
  const { to, pubkey, signature } = message;
  const encryptedPackage = parseEncryptedPackage(message['encrypted_package']);
  if (!isValidDeviceAddress(to)) bad('The envelope has no valid "to" device address.');
  if (to !== myDeviceAddress) bad('The message is addressed to another device.');
  if (!isValidPubkey(pubkey)) bad('The envelope pubkey is not a valid compressed point.');
  if (!isBase64(signature, 64)) bad('The envelope signature is not 64 bytes in base64.');
  let hashes: string[];
  try {
    hashes = [getDeviceMessageHash(message), getDeviceMessageHashJsonVariant(message)];
  } catch (error) {
    if (error instanceof ProtocolError) bad(`The envelope cannot be hashed: ${error.message}`);
    throw error;
  }
  if (!hashes.includes(messageHash)) bad('The message hash does not match the envelope.');
  if (!verifyDeviceObject(message, pubkey)) bad('The envelope signature does not verify.');
  return {
    message_hash: messageHash,
    message: { encrypted_package: encryptedPackage, to, pubkey, signature },
  };
}

/**
 * Decrypt a checked hub message with my keys and bind it to its sender: the device address of
 * the envelope pubkey must equal the encrypted `from` (else a hub re-signed someone's message).
 */
export function openHubMessage(hubMessage: HubMessage, keys: DeviceKeys): ReceivedDeviceMessage {
  const envelope = hubMessage.message;
  const decrypted = decryptPackage(envelope.encrypted_package, keys);
  const inner = parseInnerMessage(decrypted.json);
  const from = getDeviceAddress(envelope.pubkey);
  if (inner.from !== from) bad('The message signer is not its sender ("from" does not match).');
  return {
    message_hash: hubMessage.message_hash,
    envelope,
    from,
    sender_pubkey: envelope.pubkey,
    message: inner,
    keys_used: decrypted.keys_used,
  };
}

/** The ack sent after handling (or refusing) a stored message. */
export function hubDeleteJustsaying(messageHash: string): { subject: 'hub/delete'; body: string } {
  if (!isBase64(messageHash, 32)) bad('A message hash is 32 bytes in base64.');
  return { subject: 'hub/delete', body: messageHash };
}
