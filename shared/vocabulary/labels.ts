/**
 * Labels, notes and contacts as the user types them and as the labels file carries them: the
 * rules every side checks (the store, the IPC handlers, the command line, the file import),
 * written once. Pure: no DOM, no Node.
 *
 * A label is one line (no control characters); a note may hold line breaks. Bidi controls are
 * removed from both (bidi.ts): a label is shown beside addresses and amounts, and an imported
 * file is untrusted text. A unit is a 44-character hash; an address or a contact's address is
 * checked with its checksum (chash.ts), a device address likewise.
 */
import { parseAddress, parseDeviceAddress } from '../protocol/chash';
import { isValidUnitHash } from '../protocol/amount';
import { ProtocolError } from '../protocol/errors';
import { neutralizeBidi } from './bidi';

export const LABEL_MAX = 100;
export const NOTE_MAX = 1000;
export const CONTACT_NAME_MAX = 100;
/** BIP-329's `origin` (where the record came from), kept as it was imported. */
export const ORIGIN_MAX = 200;

export type LabelType = 'unit' | 'addr';
export const LABEL_TYPES: readonly LabelType[] = ['unit', 'addr'];

/** A label and a note on one unit or one address. */
export interface LabelRecord {
  readonly type: LabelType;
  readonly ref: string;
  readonly label: string;
  readonly note: string;
  readonly origin: string | null;
}

/** A named address (and, for a chat correspondent, its device address). */
export interface ContactRecord {
  readonly name: string;
  readonly address: string;
  readonly deviceAddress: string | null;
  readonly note: string;
}

/** Input that breaks one of these rules; the message says which and how to fix it. */
export class LabelInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelInputError';
  }
}

function refuse(message: string): never {
  throw new LabelInputError(message);
}

/**
 * C0 and C1 controls and the Unicode line and paragraph separators; a note keeps its line
 * breaks and tabs.
 */
export function hasControlCharacters(text: string, allowBreaks = false): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (allowBreaks && (code === 0x0a || code === 0x09)) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      return true;
    }
  }
  return false;
}

/** One line of text: bidi controls removed, trimmed, no control characters, at most `max`. */
export function cleanLine(text: string, what: string, max: number): string {
  const clean = neutralizeBidi(text).trim();
  if (hasControlCharacters(clean))
    refuse(`${what} is one line of text, without control characters.`);
  if (clean.length > max)
    refuse(`${what} has at most ${max} characters (this one has ${clean.length}).`);
  return clean;
}

/** A note: bidi controls removed, line breaks kept (as \n), trimmed, at most NOTE_MAX. */
export function cleanNote(text: string): string {
  const clean = neutralizeBidi(text).replace(/\r\n?/g, '\n').trim();
  if (hasControlCharacters(clean, true))
    refuse('A note is text and line breaks, without control characters.');
  if (clean.length > NOTE_MAX) {
    refuse(`A note has at most ${NOTE_MAX} characters (this one has ${clean.length}).`);
  }
  return clean;
}

function reason(error: unknown): string {
  if (error instanceof ProtocolError) return error.message;
  throw error;
}

/** A unit hash, as typed (base64 is case-sensitive). */
export function checkUnitRef(ref: string): string {
  const unit = ref.trim();
  if (!isValidUnitHash(unit))
    refuse('A unit is a 44-character hash (letters, digits, + and /, ending in =).');
  return unit;
}

/** An address with a matching checksum. */
export function checkAddressRef(ref: string): string {
  try {
    return parseAddress(ref);
  } catch (error) {
    return refuse(reason(error));
  }
}

export function checkDeviceRef(ref: string): string {
  try {
    return parseDeviceAddress(ref);
  } catch (error) {
    return refuse(reason(error));
  }
}

/** What a 44-character hash or a 32-character address is labelled as; null when neither. */
export function labelTypeOf(ref: string): LabelType | null {
  const trimmed = ref.trim();
  if (trimmed.length === 32) return 'addr';
  return isValidUnitHash(trimmed) ? 'unit' : null;
}

export function checkRef(type: LabelType, ref: string): string {
  return type === 'unit' ? checkUnitRef(ref) : checkAddressRef(ref);
}

/** A label record checked and cleaned; an empty label and note mean "no label". */
export function checkLabel(input: {
  type: LabelType;
  ref: string;
  label: string;
  note?: string | undefined;
  origin?: string | null | undefined;
}): LabelRecord {
  const origin =
    input.origin === undefined || input.origin === null
      ? null
      : cleanLine(input.origin, 'An origin', ORIGIN_MAX) || null;
  return {
    type: input.type,
    ref: checkRef(input.type, input.ref),
    label: cleanLine(input.label, 'A label', LABEL_MAX),
    note: cleanNote(input.note ?? ''),
    origin,
  };
}

export function checkContact(input: {
  name: string;
  address: string;
  deviceAddress?: string | null | undefined;
  note?: string | undefined;
}): ContactRecord {
  const name = cleanLine(input.name, 'A contact’s name', CONTACT_NAME_MAX);
  if (name === '') refuse('A contact needs a name.');
  const device = input.deviceAddress?.trim() ?? '';
  return {
    name,
    address: checkAddressRef(input.address),
    deviceAddress: device === '' ? null : checkDeviceRef(device),
    note: cleanNote(input.note ?? ''),
  };
}
