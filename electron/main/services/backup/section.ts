/**
 * The full backup is a registry of sections: each part of the app that keeps something the seed
 * cannot give back (the keystore, settings, chat, labels, contacts, textcoins, accounts…) adds
 * one section, named once and for good (the name is a key in the backup file).
 *
 * Export: every registered section's `export` is called on the live data folder, and its value
 * goes into the encrypted payload under its name.
 *
 * Import (BackupService.importFile): the file is decrypted and EVERY section's `validate` runs
 * before anything is written; then each section's `import` writes into a staging folder that
 * becomes the network's data folder by a rename (so a crash mid-import leaves no half wallet),
 * in registration order; then `commit` runs for what lives outside the network's folder
 * (settings at the data folder's root). A section missing from an older backup is skipped
 * unless it is `required`; a section this version does not know is reported and skipped.
 */
import type { JsonValue } from '../../../../shared/backup/format';
import type { Network } from '../../../../shared/protocol/wire';

export type { JsonValue } from '../../../../shared/backup/format';

export interface SectionExportContext {
  readonly network: Network;
  /** The live data folder of the network (keystore, wallet database, chat database). */
  readonly networkDir: string;
}

export interface SectionValidateContext {
  /** The network the backup is of (the app is on it: another network's backup is refused). */
  readonly network: Network;
}

export interface SectionImportContext {
  readonly network: Network;
  /**
   * The staging folder that becomes the network's data folder once every section is in: open
   * databases and write files HERE (WalletDatabase.open({ directory: networkDir }) etc.), never
   * in the live folder. Empty when the first section's import starts.
   */
  readonly networkDir: string;
}

export interface BackupSection {
  /** The section's key in the file: lower-case letters, digits, dashes (SECTION_NAME_RE). */
  readonly name: string;
  /** A backup without this section is refused (only the keystore is). */
  readonly required?: boolean;
  /** This section's data from the live folder, as plain JSON. */
  export(context: SectionExportContext): JsonValue | Promise<JsonValue>;
  /**
   * The data as read from a (decrypted, so authentic but possibly older or hand-made) backup:
   * null when it can be imported, else what is wrong, in words ("label 12: not an address").
   * Pure: no I/O. Everything import needs to succeed is checked here.
   */
  validate(data: JsonValue, context: SectionValidateContext): string | null;
  /** Writes validated data into the staging folder. */
  import(data: JsonValue, context: SectionImportContext): void | Promise<void>;
  /** After the staged folder is in place: what lives outside it (settings). Optional. */
  commit?(data: JsonValue, context: SectionExportContext): void | Promise<void>;
}

/** The sections a backup holds, in the order they are exported and imported. */
export class BackupRegistry {
  private readonly list: BackupSection[] = [];

  register(section: BackupSection): void {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(section.name)) {
      throw new TypeError(`Bad backup section name: ${section.name}`);
    }
    if (this.list.some((s) => s.name === section.name)) {
      throw new TypeError(`The backup section ${section.name} is registered twice.`);
    }
    this.list.push(section);
  }

  get sections(): readonly BackupSection[] {
    return this.list;
  }

  get(name: string): BackupSection | undefined {
    return this.list.find((s) => s.name === name);
  }
}

/** Helpers for `validate`: plain-JSON shape checks that say where the problem is. */
export function isJsonObject(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
