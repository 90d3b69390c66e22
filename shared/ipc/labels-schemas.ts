/**
 * Labels, notes and contacts as they cross IPC. The params are shapes and sizes only; the rules
 * (checksums, one-line labels, bidi controls) are checked in main with shared/ipc/labels.ts,
 * whose refusals come back as sentences.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { CONTACT_NAME_MAX, LABEL_MAX, NOTE_MAX, ORIGIN_MAX } from '../vocabulary/labels';
import { LABELS_FILE_MAX_CHARS } from '../vocabulary/labels-file';

const epochMs = lazySchema(() => z.number().int().nonnegative());
const count = lazySchema(() => z.number().int().nonnegative());
/** Room for spaces around what is typed; main trims and checks the length itself. */
const typed = (max: number, message: string) => z.string().max(max + 200, { message });

export const LabelTypeSchema = lazySchema(() => z.enum(['unit', 'addr']));

export const LabelViewSchema = lazySchema(() =>
  z.object({
    type: LabelTypeSchema,
    ref: z.string().max(44),
    label: z.string().max(LABEL_MAX),
    note: z.string().max(NOTE_MAX),
    origin: z.string().max(ORIGIN_MAX).nullable(),
    updatedAt: epochMs,
  }),
);
export type LabelView = z.infer<typeof LabelViewSchema>;

export const LabelListSchema = lazySchema(() => z.array(LabelViewSchema).max(200_000));

export const SetLabelParamsSchema = lazySchema(() =>
  z.strictObject({
    type: LabelTypeSchema,
    ref: z.string().max(100, { message: 'That is far too long for a unit or an address.' }),
    label: typed(LABEL_MAX, `A label has at most ${LABEL_MAX} characters.`),
    note: typed(NOTE_MAX, `A note has at most ${NOTE_MAX} characters.`).optional(),
  }),
);

/** The label now stored; null when the label and note were cleared. */
export const SetLabelResultSchema = lazySchema(() => LabelViewSchema.nullable());

export const ContactViewSchema = lazySchema(() =>
  z.object({
    id: count,
    name: z.string().max(CONTACT_NAME_MAX),
    address: z.string().max(32),
    deviceAddress: z.string().max(33).nullable(),
    note: z.string().max(NOTE_MAX),
    createdAt: epochMs,
    updatedAt: epochMs,
  }),
);
export type ContactView = z.infer<typeof ContactViewSchema>;

export const ContactListSchema = lazySchema(() => z.array(ContactViewSchema).max(100_000));

export const ContactParamsSchema = lazySchema(() =>
  z.strictObject({
    name: typed(CONTACT_NAME_MAX, `A name has at most ${CONTACT_NAME_MAX} characters.`),
    address: z.string().max(200, { message: 'That is far too long for an Obyte address.' }),
    deviceAddress: z
      .string()
      .max(200, { message: 'That is far too long for a device address.' })
      .nullable()
      .optional(),
    note: typed(NOTE_MAX, `A note has at most ${NOTE_MAX} characters.`).optional(),
  }),
);
export type ContactParams = z.infer<typeof ContactParamsSchema>;

export const UpdateContactParamsSchema = lazySchema(() =>
  ContactParamsSchema.extend({ id: count }),
);
export const ContactIdParamsSchema = lazySchema(() => z.strictObject({ id: count }));

export const LabelsExportParamsSchema = lazySchema(() =>
  z.strictObject({
    /** Ask where to save (a dialog in the app); otherwise the text comes back. */
    saveToFile: z.boolean().optional(),
  }),
);

export const LabelsExportResultSchema = lazySchema(() =>
  z.object({
    labels: count,
    contacts: count,
    /** The JSON lines, when they were not written to a file. */
    text: z
      .string()
      .max(LABELS_FILE_MAX_CHARS * 2)
      .nullable(),
    /** Where it was saved (home shortened to ~); null when not saved. */
    savedTo: z.string().max(1000).nullable(),
  }),
);
export type LabelsExportResult = z.infer<typeof LabelsExportResultSchema>;

export const LabelsImportParamsSchema = lazySchema(() =>
  z.strictObject({
    /** The file's text, as the page read it from the file the user picked. */
    text: z.string().max(LABELS_FILE_MAX_CHARS, {
      message: 'This file is too large for a labels file (more than 20 MB).',
    }),
  }),
);

export const LabelsImportResultSchema = lazySchema(() =>
  z.object({
    labelsAdded: count,
    labelsUpdated: count,
    contactsAdded: count,
    contactsUpdated: count,
    unchanged: count,
  }),
);
export type LabelsImportResult = z.infer<typeof LabelsImportResultSchema>;
