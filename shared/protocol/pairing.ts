/**
 * Pairing codes `PUBKEY@HUB#SECRET` (device-messaging.md §8.1). The pattern and the `%23`
 * handling mirror ocore uri.js `parseUri` (pairing branch); on top of it we require what a wallet
 * must check before pairing: the pubkey is a real compressed secp256k1 point and the hub is a
 * plausible host[:port][/path]. The input is untrusted (pasted, scanned, or sent by a bot).
 */
import { toBase64 } from './bytes';
import { getDeviceAddress } from './chash';
import { fail } from './errors';
import { isValidPubkey } from './signature';

export interface PairingCode {
  pubkey: string;
  hub: string;
  pairing_secret: string;
  device_address: string;
}

// ocore: `^([\w\/+]{44})@([\w.:\/-]+)#(.+)$` (`\w` without the u flag is ASCII only).
const PAIRING_RE = /^([\w/+]{44})@([\w.:/-]+)#(.+)$/;
// URI schemes a code may be wrapped in (mainnet and testnet), matched case-insensitively.
const PREFIX_RE = /^(?:obyte|byteball|obyte-tn|byteball-tn):/i;
// host (name or IPv4) with an optional port, then an optional path; `wss://` + this is the URL.
const HUB_RE =
  /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9_-]+)*(?::(\d{1,5}))?(?:\/[\w.:/-]*)?$/;
/** ocore refuses a peer's `device_hub` longer than this. */
export const MAX_HUB_LENGTH = 200;

/**
 * A hub string `host[:port][/path]` (no scheme) that makes a valid `wss://` URL, at most 200
 * characters: what pairing codes and a peer's `device_hub` must hold.
 */
export function isValidHub(hub: unknown): hub is string {
  if (typeof hub !== 'string' || hub.length > MAX_HUB_LENGTH) return false;
  const match = HUB_RE.exec(hub);
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65535);
}

const SHAPE_REASON = 'does not match PUBKEY(44 base64 chars)@HUB#SECRET';

function invalid(reason: string): never {
  return fail('pairing_code', `That is not a valid pairing code: ${reason}.`);
}

/**
 * The three parts of a pairing code by shape alone (wrapper, `%23` and the ocore pattern), with
 * no validation of the pubkey or hub; null when the text does not have that shape.
 */
export function splitPairingCode(
  text: string,
): { pubkey: string; hub: string; pairing_secret: string } | null {
  if (typeof text !== 'string') return null;
  // Like ocore, only the first `%23` (a URI-escaped `#`) is unescaped.
  const value = text.trim().replace(PREFIX_RE, '').replace('%23', '#');
  const [, pubkey, hub, pairingSecret] = PAIRING_RE.exec(value) ?? [];
  if (pubkey === undefined || hub === undefined || pairingSecret === undefined) return null;
  return { pubkey, hub, pairing_secret: pairingSecret };
}

/** Parse a pairing code, bare or wrapped in `obyte:`/`byteball:` (and the `-tn` variants). */
export function parsePairingCode(text: string): PairingCode {
  if (typeof text !== 'string') invalid('it is not text');
  const parts = splitPairingCode(text);
  if (parts === null) return invalid(SHAPE_REASON);
  if (!isValidPubkey(parts.pubkey)) invalid('pubkey is not a valid compressed secp256k1 point');
  if (!isValidHub(parts.hub)) invalid('hub is not a valid host[:port][/path]');
  return { ...parts, device_address: getDeviceAddress(parts.pubkey) };
}

/**
 * The bare code (no `obyte:` prefix; add it yourself for a QR code or link). Refuses parts that
 * would not parse back to the same values, so a code we show is always one a peer can use.
 */
export function formatPairingCode(code: {
  pubkey: string;
  hub: string;
  pairing_secret: string;
}): string {
  const text = `${code.pubkey}@${code.hub}#${code.pairing_secret}`;
  const parsed = parsePairingCode(text);
  if (
    parsed.pubkey !== code.pubkey ||
    parsed.hub !== code.hub ||
    parsed.pairing_secret !== code.pairing_secret
  ) {
    invalid('its parts do not survive a round trip (check the hub and the secret)');
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// The `pairing` message body (device-messaging.md §8.2–§8.3; ocore device.js sendPairingMessage,
// handlePairingMessage). The body arrives inside a decrypted inner message from a peer that may
// be unknown to us: untrusted.

/** ocore refuses longer device names in pairing. */
export const MAX_DEVICE_NAME_LENGTH = 100;
/** Bytes of randomness in a wallet-made invitation secret (ocore: 9, i.e. 12 base64 chars). */
export const PAIRING_SECRET_BYTES = 9;

// Type aliases (not interfaces) so that they are JSON objects for the inner message body.
export type PairingBody = {
  pairing_secret: string;
  device_name: string;
  reverse_pairing_secret?: string;
};

export type PairingRequest = PairingBody & {
  /** The peer's hub from the inner message: where to reach it. */
  device_hub: string;
};

/** An invitation secret from caller-supplied random bytes (ocore startWaitingForPairing). */
export function createPairingSecret(random: Uint8Array): string {
  if (!(random instanceof Uint8Array) || random.length !== PAIRING_SECRET_BYTES) {
    fail('pairing_code', `A pairing secret is made of ${PAIRING_SECRET_BYTES} random bytes.`);
  }
  return toBase64(random);
}

/** ocore sendPairingMessage: key order pairing_secret, device_name, reverse_pairing_secret. */
export function createPairingBody(
  pairingSecret: string,
  deviceName: string,
  reversePairingSecret?: string,
): PairingBody {
  if (typeof pairingSecret !== 'string' || pairingSecret === '') {
    fail('pairing_code', 'The pairing secret is empty.');
  }
  if (typeof deviceName !== 'string' || deviceName === '') {
    fail('pairing_code', 'The device name is empty.');
  }
  if (deviceName.length > MAX_DEVICE_NAME_LENGTH) {
    fail('pairing_code', `The device name is longer than ${MAX_DEVICE_NAME_LENGTH} characters.`);
  }
  const body: PairingBody = { pairing_secret: pairingSecret, device_name: deviceName };
  if (reversePairingSecret) body.reverse_pairing_secret = reversePairingSecret;
  return body;
}

function refuse(reason: string): never {
  return fail('device_message', `Pairing refused: ${reason}.`);
}

/**
 * ocore handlePairingMessage's checks on a received `pairing` (body plus the inner message's
 * `device_hub`). The name comes back with anything tag-like (`<…>`) removed, as ocore stores it.
 * Whether the secret is one we issued is the caller's business.
 */
export function parsePairingRequest(body: unknown, deviceHub: unknown): PairingRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse('the body is not an object');
  }
  const { pairing_secret, device_name, reverse_pairing_secret } = body as Record<string, unknown>;
  if (typeof pairing_secret !== 'string' || pairing_secret === '') refuse('no pairing secret');
  if (typeof deviceHub !== 'string' || deviceHub === '') refuse('no device_hub when pairing');
  if (deviceHub.length > MAX_HUB_LENGTH) refuse('device_hub too long');
  if (!isValidHub(deviceHub)) refuse('invalid device_hub');
  if (typeof device_name !== 'string' || device_name === '') refuse('no device_name');
  if (device_name.length > MAX_DEVICE_NAME_LENGTH) refuse('device_name too long');
  if (
    'reverse_pairing_secret' in body &&
    (typeof reverse_pairing_secret !== 'string' || reverse_pairing_secret === '')
  ) {
    refuse('bad reverse pairing secret');
  }
  const request: PairingRequest = {
    pairing_secret,
    device_name: device_name.replace(/<[^>]*>?/g, ''),
    device_hub: deviceHub,
  };
  if (typeof reverse_pairing_secret === 'string') {
    request.reverse_pairing_secret = reverse_pairing_secret;
  }
  return request;
}
