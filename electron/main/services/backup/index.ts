/** The full backup (issue 16): one encrypted file that brings a wallet back whole. */
export {
  BackupRegistry,
  isJsonObject,
  type BackupSection,
  type JsonValue,
  type SectionExportContext,
  type SectionImportContext,
} from './section';
