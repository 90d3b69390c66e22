/**
 * The labels file: JSON lines modelled on BIP-329 (https://github.com/bitcoin/bips/blob/master/bip-0329.mediawiki),
 * one record per line, documented in docs/labels-format.md:
 *
 *   {"type":"unit","ref":"<unit hash>","label":"Rent, March","note":"paid late"}
 *   {"type":"addr","ref":"<ADDRESS>","label":"Exchange deposit"}
 *   {"type":"contact","ref":"<ADDRESS>","label":"Alice","device":"0<DEVICE ADDRESS>"}
 *
 * Reading checks every line before anything is written: the first bad line is named with its
 * number and what is wrong with it, and nothing is imported. Pure: no DOM, no Node.
 */
import {
  checkContact,
  checkLabel,
  LabelInputError,
  type ContactRecord,
  type LabelRecord,
} from './labels';

/** The largest file read (bytes of UTF-16 text, about the same in UTF-8 for these records). */
export const LABELS_FILE_MAX_CHARS = 20_000_000;
export const LABELS_FILE_MAX_LINES = 200_000;

export interface LabelsFile {
  readonly labels: readonly LabelRecord[];
  readonly contacts: readonly ContactRecord[];
}

/** A file that cannot be imported; `line` is 1-based, null for the file as a whole. */
export class LabelsFileError extends Error {
  readonly line: number | null;
  constructor(line: number | null, message: string) {
    super(line === null ? message : `Line ${line}: ${message}`);
    this.name = 'LabelsFileError';
    this.line = line;
  }
}

const KNOWN_KEYS = new Set(['type', 'ref', 'label', 'note', 'origin', 'device']);

function text(record: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) {
    if (required) throw new LabelInputError(`"${key}" is missing.`);
    return undefined;
  }
  if (typeof value !== 'string') throw new LabelInputError(`"${key}" must be text.`);
  return value;
}

function parseLine(line: string): LabelRecord | ContactRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new LabelInputError('this is not JSON (each line is one JSON object).');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LabelInputError('each line is one JSON object ({"type": …, "ref": …, "label": …}).');
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !KNOWN_KEYS.has(key));
  if (unknown !== undefined) {
    throw new LabelInputError(
      `"${unknown.slice(0, 40)}" is not a field of this format (type, ref, label, note, origin, device).`,
    );
  }
  const type = text(record, 'type', true) ?? '';
  const ref = text(record, 'ref', true) ?? '';
  const label = text(record, 'label', false) ?? '';
  const note = text(record, 'note', false);
  if (type === 'unit' || type === 'addr') {
    if (record['device'] !== undefined) {
      throw new LabelInputError('only a contact has a "device".');
    }
    return checkLabel({ type, ref, label, note, origin: text(record, 'origin', false) });
  }
  if (type === 'contact') {
    return checkContact({
      name: label,
      address: ref,
      deviceAddress: text(record, 'device', false),
      note,
    });
  }
  throw new LabelInputError(
    `the type "${type.slice(0, 20)}" is not one Obyte Light knows (unit, addr or contact).`,
  );
}

/** Every record of the file, or a LabelsFileError naming the first bad line. */
export function parseLabelsFile(content: string): LabelsFile {
  if (content.length > LABELS_FILE_MAX_CHARS) {
    throw new LabelsFileError(null, 'This file is too large for a labels file (more than 20 MB).');
  }
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > LABELS_FILE_MAX_LINES + 1) {
    throw new LabelsFileError(
      null,
      `This file has more than ${LABELS_FILE_MAX_LINES.toLocaleString('en')} lines; a labels file has at most that many.`,
    );
  }
  const labels: LabelRecord[] = [];
  const contacts: ContactRecord[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, index) => {
    const number = index + 1;
    if (line.trim() === '') return;
    let record: LabelRecord | ContactRecord;
    try {
      record = parseLine(line);
    } catch (error) {
      if (error instanceof LabelInputError) {
        const message = error.message;
        throw new LabelsFileError(number, /\.$/.test(message) ? message : `${message}.`);
      }
      throw error;
    }
    const key = 'type' in record ? `${record.type} ${record.ref}` : `contact ${record.address}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new LabelsFileError(
        number,
        `the same ${'type' in record ? (record.type === 'unit' ? 'unit' : 'address') : 'contact address'} as line ${earlier}; each appears once.`,
      );
    }
    seen.set(key, number);
    if ('type' in record) labels.push(record);
    else contacts.push(record);
  });
  return { labels, contacts };
}

/** The file's text: labels (units, then addresses) and contacts, one JSON object per line. */
export function formatLabelsFile(file: LabelsFile): string {
  const lines: string[] = [];
  for (const record of file.labels) {
    lines.push(
      JSON.stringify({
        type: record.type,
        ref: record.ref,
        label: record.label,
        ...(record.note ? { note: record.note } : {}),
        ...(record.origin ? { origin: record.origin } : {}),
      }),
    );
  }
  for (const contact of file.contacts) {
    lines.push(
      JSON.stringify({
        type: 'contact',
        ref: contact.address,
        label: contact.name,
        ...(contact.deviceAddress ? { device: contact.deviceAddress } : {}),
        ...(contact.note ? { note: contact.note } : {}),
      }),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
