/**
 * Pairing codes `PUBKEY@HUB#SECRET` (device-messaging.md §8.1). The pattern and the `%23`
 * handling mirror ocore uri.js `parseUri` (pairing branch); on top of it we require what a wallet
 * must check before pairing: the pubkey is a real compressed secp256k1 point and the hub is a
 * plausible host[:port][/path]. The input is untrusted (pasted, scanned, or sent by a bot).
 */
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
  /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9_-]+)*(?::\d{1,5})?(?:\/[\w.:/-]*)?$/;

const SHAPE_REASON = 'does not match PUBKEY(44 base64 chars)@HUB#SECRET';

function invalid(reason: string): never {
  return fail('pairing_code', `That is not a valid pairing code: ${reason}.`);
}

/** Parse a pairing code, bare or wrapped in `obyte:`/`byteball:` (and the `-tn` variants). */
export function parsePairingCode(text: string): PairingCode {
  if (typeof text !== 'string') invalid('it is not text');
  // Like ocore, only the first `%23` (a URI-escaped `#`) is unescaped.
  const value = text.trim().replace(PREFIX_RE, '').replace('%23', '#');
  const match = PAIRING_RE.exec(value);
  const [, pubkey, hub, pairingSecret] = match ?? [];
  if (pubkey === undefined || hub === undefined || pairingSecret === undefined) {
    return invalid(SHAPE_REASON);
  }
  if (!isValidPubkey(pubkey)) invalid('pubkey is not a valid compressed secp256k1 point');
  const port = /:(\d+)(?:\/|$)/.exec(hub)?.[1];
  if (!HUB_RE.test(hub) || (port !== undefined && Number(port) > 65535)) {
    invalid('hub is not a valid host[:port][/path]');
  }
  return { pubkey, hub, pairing_secret: pairingSecret, device_address: getDeviceAddress(pubkey) };
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
