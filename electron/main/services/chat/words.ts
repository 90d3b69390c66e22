/**
 * The device messenger's errors and the sentences it stores or shows: what is wrong with a
 * pairing code, why a message in doubt is not sent again, a message that could not be read; and
 * the checks of names and device addresses typed or received.
 */
import { isValidDeviceAddress } from '../../../../shared/protocol/chash';
import { ProtocolError } from '../../../../shared/protocol/errors';
import { HubRequestError, isHubError } from '../../../../shared/protocol/light/index';
import { MAX_DEVICE_NAME_LENGTH, splitPairingCode } from '../../../../shared/protocol/pairing';
import { isValidPubkey } from '../../../../shared/protocol/signature';

export class ChatError extends Error {
  readonly code:
    'invalid_input' | 'not_found' | 'own_code' | 'not_logged_in' | 'stopped' | 'hub_error';
  constructor(code: ChatError['code'], message: string) {
    super(message);
    this.name = 'ChatError';
    this.code = code;
  }
}

/** A device name from a peer or the user: tags stripped, trimmed, 1…100 characters. */
export function cleanDeviceName(name: string): string | null {
  const cleaned = name
    .replace(/<[^>]*>?/g, '')
    // eslint-disable-next-line no-control-regex -- control characters are what we remove
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .slice(0, MAX_DEVICE_NAME_LENGTH);
  return cleaned === '' ? null : cleaned;
}

/**
 * What is wrong with a pairing code, in the words of the person who pasted it. `reason` is the
 * protocol parser's clause (which part is wrong: "the hub’s port "0" is not a number…"), kept so
 * the user can see what to fix; the code's field names stay out of the first words.
 */
export function pairingCodeWords(code: string, reason?: string): string {
  const parts = splitPairingCode(code);
  if (parts === null) {
    const why = reason === undefined ? '' : ` (${reason})`;
    return `This is not a pairing code${why}: it should look like A2bX…@obyte.org/bb#Qm9i…, a long key, then @ and a hub, then # and a secret. Copy it again, whole, from the bot or the person who gave it.`;
  }
  if (!isValidPubkey(parts.pubkey)) {
    return 'This pairing code is damaged: the long key before the @ is not a device key. Copy it again, whole.';
  }
  const why = reason === undefined ? '' : `: ${reason}`;
  return `This pairing code names a hub that cannot be right, or a secret that cannot be used${why}. Copy it again, whole.`;
}

/** The clause of a pairing-code ProtocolError ("That is not a valid pairing code: X, so …."). */
export function pairingReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /^That is not a valid pairing code: (.*?)(?:, so it .*)?\.$/s.exec(error.message);
  return match?.[1];
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : 'unknown error';
}

export function isTransient(error: unknown): boolean {
  return isHubError(error) && error.retryable;
}

/** Why a message in doubt is not sent again on its own (fits the view's 300 characters). */
export const IN_DOUBT_REASON =
  'The hub did not answer an earlier try and the recipient’s key has changed since, so it may have arrived. It is not sent again on its own (it could arrive twice): use Retry if they did not get it.';

/** What the conversation says for a message of a correspondent that this wallet cannot read. */
export const UNREADABLE_NOTE =
  'A message from this contact could not be read: it was encrypted to a key this wallet no longer holds (an old backup restored, or the same keys used on another device). Ask them to send it again.';

export function isUnknownKey(error: unknown): boolean {
  return (
    error instanceof ProtocolError &&
    /encrypted to a key this device does not have/.test(error.message)
  );
}

export function isWrongEphemeralKey(error: unknown): boolean {
  return (
    error instanceof HubRequestError && /wrong recipient ephemeral pubkey/.test(error.hubMessage)
  );
}

/** Checks a device address typed by the user (CLI, IPC). */
export function assertDeviceAddress(value: string): string {
  if (!isValidDeviceAddress(value)) {
    throw new ChatError('invalid_input', 'That is not a device address.');
  }
  return value;
}
