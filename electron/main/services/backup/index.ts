/** The full backup (issue 16): one encrypted file that brings a wallet back whole. */
export {
  BackupRegistry,
  isJsonObject,
  type BackupSection,
  type JsonValue,
  type SectionExportContext,
  type SectionImportContext,
  type SectionValidateContext,
} from './section';
export {
  BackupService,
  type BackupServiceOptions,
  type ExportResult,
  type ImportResult,
  type SwapHooks,
} from './backup-service';
export { createBackupRegistry, type BackupSectionDeps } from './registry';
export {
  AutoBackupService,
  AUTO_BACKUP_KEY_CONTEXT,
  autoBackupFileName,
  type AutoBackupOptions,
  type AutoBackupStatus,
} from './auto-backup';
export { keystoreIn } from './keystore-section';
