/**
 * The automatic backup from the page: on/off, the folder main's dialog picked (main checks it
 * and answers with an id; the page never sends a path), "Back up now", and what main last said
 * (written at…, pending, or the problem in words). The typed password is held only until the
 * request is sent.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { AutoBackupState } from '../../../shared/ipc/backup-schemas';
import type { IpcReply } from '../../../shared/ipc/errors';
import { newPasswordProblem } from '../../../shared/ipc/password-rule';
import { sentence } from '../api';

export class AutoBackupStore {
  value = $state<AutoBackupState | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** The folder chosen for turning it on (checked by main), before the password is given. */
  folder = $state<{ id: string; path: string } | null>(null);
  password = $state('');
  passwordAgain = $state('');
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  /** Follows main's word (written, failed, pending); returns the unsubscriber. */
  subscribe(): () => void {
    return this.api.on('autoBackupChanged', (state) => {
      this.value = state;
    });
  }

  async load(): Promise<void> {
    const reply = await this.api.backup.autoState();
    if (reply.ok) this.value = reply.value;
    else this.error = sentence('The automatic backup state could not be read', reply.error);
  }

  private async run(
    what: string,
    call: () => Promise<IpcReply<AutoBackupState>>,
  ): Promise<boolean> {
    this.error = null;
    this.busy = true;
    try {
      const reply = await call();
      if (!reply.ok) {
        this.error = sentence(what, reply.error);
        return false;
      }
      this.value = reply.value;
      return true;
    } finally {
      this.busy = false;
    }
  }

  async chooseFolder(): Promise<void> {
    this.error = null;
    this.busy = true;
    try {
      const reply = await this.api.backup.autoChooseFolder();
      if (!reply.ok) {
        this.folder = null;
        this.error = sentence('That folder cannot be used', reply.error);
        return;
      }
      if (reply.value.folder !== null) this.folder = reply.value.folder;
    } finally {
      this.busy = false;
    }
  }

  /** The form's own check, before anything is asked of main. */
  turnOnProblem(): string | null {
    if (this.folder === null) return 'Choose a folder for the backups first.';
    const problem = newPasswordProblem(this.password);
    if (problem !== null) return problem.replace(/a wallet password/gi, 'a backup password');
    if (this.password !== this.passwordAgain) return 'The two backup passwords differ.';
    return null;
  }

  async turnOn(): Promise<void> {
    const problem = this.turnOnProblem();
    const folder = this.folder;
    if (problem !== null || folder === null) {
      this.error = problem;
      return;
    }
    const done = await this.run('The automatic backup was not turned on', () =>
      this.api.backup.autoOn({ folderId: folder.id, password: this.password }),
    );
    if (done) {
      this.password = '';
      this.passwordAgain = '';
      this.folder = null;
    }
  }

  async turnOff(): Promise<void> {
    await this.run('The automatic backup was not turned off', () => this.api.backup.autoOff());
  }

  async backUpNow(): Promise<void> {
    await this.run('No backup was written', () => this.api.backup.autoNow());
  }
}
