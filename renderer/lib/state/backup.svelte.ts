/**
 * The full backup from the page: Settings → Backup exports (main's save dialog picks the file),
 * onboarding's "Restore from a backup file" imports (main's open dialog picks it, the header
 * is shown, then the backup's password). The page holds the typed passwords only until the
 * request is sent.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { BackupFile, BackupState } from '../../../shared/ipc/backup-schemas';
import { newPasswordProblem } from '../../../shared/ipc/password-rule';
import { sentence } from '../api';
import { AutoBackupStore } from './auto-backup.svelte';

/** "7 Dec 2026, 14:02" in the user's locale. */
export function backupTime(epochMs: number): string {
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(epochMs);
}

export class BackupStore {
  value = $state<BackupState | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** The export form. */
  password = $state('');
  passwordAgain = $state('');
  /** "Backup saved to …" after an export. */
  saved = $state<string | null>(null);
  /** The import: the chosen file (header read), its password. */
  file = $state<BackupFile | null>(null);
  importPassword = $state('');
  importError = $state<string | null>(null);
  imported = $state(false);
  /** Settings' automatic backup. */
  readonly auto: AutoBackupStore;
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
    this.auto = new AutoBackupStore(api);
  }

  async load(): Promise<void> {
    const reply = await this.api.backup.getState();
    if (reply.ok) this.value = reply.value;
    else this.error = sentence('The backup state could not be read', reply.error);
  }

  /** The export form's own check, before anything is asked of main. */
  exportProblem(): string | null {
    const problem = newPasswordProblem(this.password);
    if (problem !== null) return problem.replace(/a wallet password/gi, 'a backup password');
    if (this.password !== this.passwordAgain) return 'The two backup passwords differ.';
    return null;
  }

  async exportBackup(): Promise<void> {
    this.error = null;
    this.saved = null;
    const problem = this.exportProblem();
    if (problem !== null) {
      this.error = problem;
      return;
    }
    this.busy = true;
    try {
      const reply = await this.api.backup.export({ password: this.password });
      if (!reply.ok) {
        this.error = sentence('No backup was written', reply.error);
        return;
      }
      if (reply.value.savedTo === null) return;
      this.password = '';
      this.passwordAgain = '';
      this.saved = `Backup saved to ${reply.value.savedTo}. Keep it with its password: the wallet password is still needed to open the wallet in it.`;
      await this.load();
    } finally {
      this.busy = false;
    }
  }

  async chooseFile(): Promise<void> {
    this.importError = null;
    this.busy = true;
    try {
      const reply = await this.api.backup.chooseFile();
      if (!reply.ok) {
        this.file = null;
        this.importError = sentence('That file cannot be imported', reply.error);
        return;
      }
      if (reply.value.file !== null) this.file = reply.value.file;
    } finally {
      this.busy = false;
    }
  }

  async importFile(): Promise<void> {
    const file = this.file;
    if (file === null) return;
    this.importError = null;
    if (this.importPassword === '') {
      this.importError = 'Type the password of this backup.';
      return;
    }
    this.busy = true;
    try {
      const reply = await this.api.backup.import({ id: file.id, password: this.importPassword });
      if (!reply.ok) {
        this.importError = sentence('The backup was not imported', reply.error);
        return;
      }
      this.importPassword = '';
      this.file = null;
      this.imported = true;
    } finally {
      this.busy = false;
    }
  }

  cancelImport(): void {
    this.file = null;
    this.importPassword = '';
    this.importError = null;
  }
}
