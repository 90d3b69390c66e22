/**
 * The full backup as it crosses IPC. The page never names a file: main asks where to save
 * (its own save dialog) and which file to import (its own open dialog, answered with an id the
 * import then names). The backup password goes to main, which derives the key there.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { MAX_PASSWORD_UNITS } from '../vocabulary/password-rule';
import { NetworkSchema } from './schemas';

const epochMs = lazySchema(() => z.number().int().nonnegative());
const PathText = lazySchema(() => z.string().max(4096));
const BackupPassword = lazySchema(() =>
  z
    .string()
    .min(1, 'Type the backup password.')
    .max(MAX_PASSWORD_UNITS, 'That password is too long.'),
);

export const BackupStateSchema = lazySchema(() =>
  z.object({
    /** Main can show its file dialogs (the app; not a copy without them). */
    canChooseFiles: z.boolean(),
    /** The last backup written on this network (an export or an automatic one). */
    lastBackupAt: epochMs.nullable(),
    /** Where it went, with the home folder as `~`. */
    lastBackupTo: PathText.nullable(),
  }),
);
export type BackupState = z.infer<typeof BackupStateSchema>;

export const BackupExportParamsSchema = lazySchema(() =>
  z.strictObject({
    /** A new password for this backup (the password rule applies; main checks it). */
    password: BackupPassword,
  }),
);

export const BackupExportResultSchema = lazySchema(() =>
  z.object({
    /** Where it was written (home as `~`); null when the user cancelled the save dialog. */
    savedTo: PathText.nullable(),
    bytes: z.number().int().nonnegative(),
    createdAt: epochMs,
  }),
);

/** A file the user picked in main's open dialog, read up to its password. */
export const BackupFileSchema = lazySchema(() =>
  z.object({
    /** Names the file in `backup.import` (the page never sends a path). */
    id: z.string().min(1).max(64),
    /** The file's name (no folder). */
    name: z.string().max(300),
    network: NetworkSchema,
    createdAt: epochMs,
  }),
);
export type BackupFile = z.infer<typeof BackupFileSchema>;

export const BackupChooseResultSchema = lazySchema(() =>
  z.object({
    /** null when the user cancelled the dialog. */
    file: BackupFileSchema.nullable(),
  }),
);

export const BackupImportParamsSchema = lazySchema(() =>
  z.strictObject({
    id: z.string().min(1).max(64),
    password: BackupPassword,
  }),
);

export const BackupImportResultSchema = lazySchema(() =>
  z.object({
    network: NetworkSchema,
    createdAt: epochMs,
    /** The program that made the backup ("Obyte Light 0.1.0"). */
    app: z.string().max(200),
    sections: z.array(z.string().max(40)).max(100),
    /** Sections a newer version wrote that this one does not know: not imported. */
    skipped: z.array(z.string().max(40)).max(100),
  }),
);

/**
 * The automatic backup: after each change, the same file an export writes, into a folder the
 * user chose in main's folder dialog (main checks it; the page never sends a path).
 */
export const AutoBackupStateSchema = lazySchema(() =>
  z.object({
    /** Main can show its folder dialog (the app; not a copy without dialogs). */
    canChooseFolders: z.boolean(),
    enabled: z.boolean(),
    /** The folder (home as `~`); null when off. */
    folder: PathText.nullable(),
    /** The backup's file name in it (`obyte-light-<network>-<wallet>.obyte-backup`). */
    fileName: z.string().max(300).nullable(),
    /** When the last automatic backup was written. */
    lastBackupAt: epochMs.nullable(),
    /** A change is not in the folder yet (the wallet is locked, or it is about to be written). */
    pending: z.boolean(),
    /** Why the last try failed, in words; null after a good write. */
    problem: z.string().max(600).nullable(),
  }),
);
export type AutoBackupState = z.infer<typeof AutoBackupStateSchema>;

/** A folder the user picked in main's folder dialog, already checked by main. */
export const BackupFolderSchema = lazySchema(() =>
  z.object({
    /** Names the folder in `backup.autoOn` (the page never sends a path). */
    id: z.string().min(1).max(64),
    /** The folder (home as `~`), to show. */
    path: PathText,
  }),
);

export const AutoBackupChooseFolderResultSchema = lazySchema(() =>
  z.object({
    /** null when the user cancelled the dialog. */
    folder: BackupFolderSchema.nullable(),
  }),
);

export const AutoBackupOnParamsSchema = lazySchema(() =>
  z.strictObject({
    folderId: z.string().min(1).max(64),
    /** A new password for the automatic backups (the password rule applies; main checks it). */
    password: BackupPassword,
  }),
);
