/**
 * Settings of the wallet's keys: change the password, password or OS keychain, auto-lock, and
 * the recovery phrase for a backup (password required). The revealed phrase is cleared by
 * `hidePhrase()` and whenever the screen closes (`close()`).
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { WalletStatus } from '../../../shared/ipc/keys-schemas';
import { newPasswordProblem } from '../../../shared/ipc/password-rule';

export class WalletSettingsForm {
  currentPassword = $state('');
  newPassword = $state('');
  newPasswordAgain = $state('');
  passwordMessage = $state<{ tone: 'ok' | 'error'; text: string } | null>(null);
  protectionMessage = $state<{ tone: 'ok' | 'error'; text: string } | null>(null);
  autoLockMessage = $state<string | null>(null);
  revealPassword = $state('');
  revealed = $state<{ mnemonic: string; passphrase?: string } | null>(null);
  revealError = $state<string | null>(null);
  busy = $state(false);
  private readonly api: ObyteApi;
  private readonly onWallet: (state: WalletStatus) => void;

  constructor(api: ObyteApi, onWallet: (state: WalletStatus) => void) {
    this.api = api;
    this.onWallet = onWallet;
  }

  async changePassword(protection: 'password' | 'keychain'): Promise<void> {
    const problem = newPasswordProblem(this.newPassword);
    if (problem !== null) {
      this.passwordMessage = { tone: 'error', text: problem };
      return;
    }
    if (this.newPassword !== this.newPasswordAgain) {
      this.passwordMessage = { tone: 'error', text: 'The two new passwords are not the same.' };
      return;
    }
    this.busy = true;
    const reply =
      protection === 'password'
        ? await this.api.wallet.changePassword({
            currentPassword: this.currentPassword,
            newPassword: this.newPassword,
          })
        : await this.api.wallet.setProtection({
            protection: { mode: 'password', password: this.newPassword },
          });
    this.busy = false;
    this.currentPassword = '';
    this.newPassword = '';
    this.newPasswordAgain = '';
    if (reply.ok) {
      this.onWallet(reply.value);
      this.passwordMessage = {
        tone: 'ok',
        text:
          protection === 'password'
            ? 'The password was changed.'
            : 'The wallet is now protected by this password; its key was removed from the keychain.',
      };
    } else {
      this.passwordMessage = { tone: 'error', text: reply.error.message };
    }
  }

  async useKeychain(): Promise<void> {
    this.busy = true;
    const reply = await this.api.wallet.setProtection({
      ...(this.currentPassword === '' ? {} : { currentPassword: this.currentPassword }),
      protection: { mode: 'keychain' },
    });
    this.busy = false;
    this.currentPassword = '';
    if (reply.ok) {
      this.onWallet(reply.value);
      this.protectionMessage = {
        tone: 'ok',
        text: 'The wallet key is now kept in the system keychain.',
      };
    } else {
      this.protectionMessage = { tone: 'error', text: reply.error.message };
    }
  }

  async setAutoLock(minutes: number | null): Promise<void> {
    const reply = await this.api.wallet.setAutoLock({ minutes });
    if (reply.ok) {
      this.onWallet(reply.value);
      this.autoLockMessage =
        minutes === null
          ? 'The wallet no longer locks itself.'
          : `Locks after ${minutes} min idle.`;
    } else {
      this.autoLockMessage = reply.error.message;
    }
  }

  async reveal(protection: 'password' | 'keychain'): Promise<void> {
    if (protection === 'password' && this.revealPassword === '') {
      this.revealError = 'Enter the wallet password to see the recovery phrase.';
      return;
    }
    this.busy = true;
    const reply = await this.api.wallet.revealMnemonicForBackup(
      protection === 'password' ? { password: this.revealPassword } : {},
    );
    this.busy = false;
    this.revealPassword = '';
    if (reply.ok) {
      this.revealed = reply.value;
      this.revealError = null;
    } else {
      this.revealError = reply.error.message;
    }
  }

  hidePhrase(): void {
    this.revealed = null;
  }

  /** The screen closes: no phrase or password stays in the page. */
  close(): void {
    this.revealed = null;
    this.revealPassword = '';
    this.currentPassword = '';
    this.newPassword = '';
    this.newPasswordAgain = '';
  }
}
