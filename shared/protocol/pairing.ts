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
/** ocore refuses a peer's `device_hub` longer than this. */
export const MAX_HUB_LENGTH = 200;
/**
 * The longest pairing secret we accept in a code. ocore keeps secrets in a VARCHAR(40) column and
 * makes 12-character ones; anything much longer is not a secret a device issued.
 */
export const MAX_PAIRING_SECRET_LENGTH = 100;

const IPV4_RE =
  /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;
// RFC 1123 host name label: letters, digits and inner hyphens, 1 to 63 characters.
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// A last label that URL parsers read as a number turns the whole host into an IPv4 address.
const NUMERIC_LABEL_RE = /^(?:[0-9]+|0x[0-9a-f]*)$/i;
// Path segments of ocore's hub characters, none empty, none `.` or `..`.
const PATH_RE = /^(?:\/[\w-][\w.-]*)*\/?$/;

/**
 * Why `hub` (`host[:port][/path]`, no scheme: what pairing codes and a peer's `device_hub` hold)
 * cannot be used to reach a hub, as a clause for a sentence; null when it can. Stricter than
 * ocore's `[\w.:/-]+`: the host must be a DNS name (RFC 1123 labels) or a dotted IPv4 address,
 * the port 1 to 65535 without leading zeros, the path plain segments. Everything accepted here
 * makes a valid `wss://` URL whose host is the one written.
 */
export function hubProblem(hub: unknown): string | null {
  if (typeof hub !== 'string') return 'the hub is not text';
  if (hub === '') return 'the hub is empty';
  if (hub.length > MAX_HUB_LENGTH) return `the hub is longer than ${MAX_HUB_LENGTH} characters`;
  const slash = hub.indexOf('/');
  const hostPort = slash === -1 ? hub : hub.slice(0, slash);
  const path = slash === -1 ? '' : hub.slice(slash);
  const colon = hostPort.indexOf(':');
  const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
  const port = colon === -1 ? null : hostPort.slice(colon + 1);
  if (host === '') return 'the hub has no host name';
  if (!IPV4_RE.test(host)) {
    if (host.length > 253) return 'the hub’s host name is longer than 253 characters';
    const labels = host.split('.');
    if (!labels.every((label) => LABEL_RE.test(label))) {
      return `the hub’s host name "${host.slice(0, 60)}" is not valid (letters, digits and inner hyphens between dots)`;
    }
    if (NUMERIC_LABEL_RE.test(labels[labels.length - 1] ?? '')) {
      return `the hub’s host "${host.slice(0, 60)}" is neither a host name nor an IPv4 address`;
    }
  }
  if (port !== null && (!/^[1-9][0-9]{0,4}$/.test(port) || Number(port) > 65535)) {
    return `the hub’s port "${port.slice(0, 20)}" is not a number from 1 to 65535`;
  }
  if (!PATH_RE.test(path)) return `the hub’s path "${path.slice(0, 60)}" is not valid`;
  return null;
}

/** A hub string (`host[:port][/path]`) that `hubProblem` has nothing against. */
export function isValidHub(hub: unknown): hub is string {
  return hubProblem(hub) === null;
}

/** Why a pairing secret from a code cannot be one a device issued; null when it can be. */
function secretProblem(secret: string): string | null {
  if (secret.length > MAX_PAIRING_SECRET_LENGTH) {
    return `the pairing secret is longer than ${MAX_PAIRING_SECRET_LENGTH} characters`;
  }
  if (secret.includes('#')) return 'the code has more than one #';
  // Printable ASCII without spaces: a code broken across lines, or text run into it, shows here.
  if (!/^[\x21-\x7e]+$/.test(secret)) {
    return 'the pairing secret contains spaces, control characters or characters outside ASCII';
  }
  return null;
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

/** Which part of a code that does not match the pattern is wrong, as a clause. */
function shapeProblem(text: string): string {
  const value = text.trim().replace(PREFIX_RE, '').replace('%23', '#');
  const at = value.indexOf('@');
  if (at === -1) return 'it has no @ between the key and the hub';
  const key = value.slice(0, at);
  if (!/^[\w/+]{44}$/.test(key)) {
    return `the key before @ has to be 44 characters of base64, not ${key.length} ${/^[\w/+]*$/.test(key) ? '' : 'with other characters '}`.trimEnd();
  }
  const hash = value.indexOf('#', at);
  if (hash === -1) return 'it has no # between the hub and the pairing secret';
  if (hash === at + 1) return 'it names no hub between @ and #';
  if (hash === value.length - 1) return 'the pairing secret after # is empty';
  return 'the hub between @ and # may hold only letters, digits and . : / - _';
}

/** Longer than any code: a wrapper, the pubkey, the longest hub and secret, and some spaces. */
const MAX_CODE_TEXT = 500;

/**
 * Parse a pairing code, bare or wrapped in `obyte:`/`byteball:` (and the `-tn` variants). Pure
 * and offline: a code refused here never reaches the network.
 */
export function parsePairingCode(text: string): PairingCode {
  if (typeof text !== 'string') invalid('it is not text');
  if (text.trim() === '') invalid('it is empty');
  if (text.length > MAX_CODE_TEXT) invalid(`it is longer than ${MAX_CODE_TEXT} characters`);
  const parts = splitPairingCode(text);
  if (parts === null) return invalid(`${shapeProblem(text)}, so it ${SHAPE_REASON}`);
  if (!isValidPubkey(parts.pubkey)) invalid('pubkey is not a valid compressed secp256k1 point');
  const hub = hubProblem(parts.hub);
  if (hub !== null) invalid(hub);
  const secret = secretProblem(parts.pairing_secret);
  if (secret !== null) invalid(secret);
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
