/**
 * Creating or restoring a wallet. Create: main gives a new recovery phrase once, the page shows
 * it, asks the words at the positions main chose, then a password or the OS keychain; main
 * writes the wallet only after the check. Restore: the words (and an optional passphrase), the
 * protection, then address discovery with numbers.
 *
 * The mnemonic lives here only while the create or restore flow is open: `close()` (and
 * finishing) clears every field that held it.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import { checkPhrase } from '../mnemonic-check';
import type {
  BackupDraft,
  DiscoveryProgressView,
  NewProtectionParams,
  WalletStatus,
} from '../../../shared/ipc/keys-schemas';
import { newPasswordProblem } from '../../../shared/ipc/password-rule';

export type OnboardingStep =
  'choose' | 'show-words' | 'confirm-words' | 'protect' | 'restore-words' | 'restoring' | 'done';

/** "Checked 40 addresses, 12 used, 320 units verified". */
export function progressWords(progress: DiscoveryProgressView | null): string {
  if (progress === null) return 'Looking up the addresses of this wallet…';
  return `Checked ${progress.addressesChecked} of ${progress.addressesToCheck} addresses, ${progress.usedAddresses} used, ${progress.unitsVerified} ${progress.unitsVerified === 1 ? 'unit' : 'units'} verified`;
}

export class OnboardingFlow {
  step = $state<OnboardingStep>('choose');
  mode = $state<'create' | 'restore'>('create');
  /** The new phrase (create) — cleared by `close()` and when the flow ends. */
  draft = $state<BackupDraft | null>(null);
  answers = $state<Record<number, string>>({});
  wrongPositions = $state<number[]>([]);
  /** Restore input — cleared like the draft. */
  phrase = $state('');
  passphrase = $state('');
  protection = $state<'password' | 'keychain'>('password');
  password = $state('');
  passwordAgain = $state('');
  busy = $state(false);
  error = $state<string | null>(null);
  progress = $state<DiscoveryProgressView | null>(null);
  summary = $state<string | null>(null);
  problem = $state<string | null>(null);
  private readonly api: ObyteApi;
  private readonly onWallet: (state: WalletStatus) => void;

  constructor(api: ObyteApi, onWallet: (state: WalletStatus) => void) {
    this.api = api;
    this.onWallet = onWallet;
  }

  readonly words: string[] = $derived(this.draft ? this.draft.mnemonic.split(' ') : []);

  subscribe(): Array<() => void> {
    return [
      this.api.on('restoreProgress', (progress) => {
        if (this.step === 'restoring') this.progress = progress;
      }),
    ];
  }

  async startCreate(): Promise<void> {
    this.clearSecrets();
    this.mode = 'create';
    this.busy = true;
    const reply = await this.api.wallet.createWithMnemonicForBackup();
    this.busy = false;
    if (!reply.ok) {
      this.error = reply.error.message;
      return;
    }
    this.draft = reply.value;
    this.step = 'show-words';
  }

  startRestore(): void {
    this.clearSecrets();
    this.mode = 'restore';
    this.step = 'restore-words';
  }

  wordsWritten(): void {
    this.answers = {};
    this.wrongPositions = [];
    this.error = null;
    this.step = 'confirm-words';
  }

  async checkWords(): Promise<void> {
    const draft = this.draft;
    if (!draft) return;
    const missing = draft.askPositions.filter((p) => (this.answers[p] ?? '').trim() === '');
    if (missing.length > 0) {
      this.error = `Enter word ${missing.join(', ')}.`;
      return;
    }
    this.busy = true;
    const reply = await this.api.wallet.confirmBackup({
      draftId: draft.draftId,
      answers: draft.askPositions.map((position) => ({
        position,
        word: this.answers[position] ?? '',
      })),
    });
    this.busy = false;
    if (!reply.ok) {
      this.error = reply.error.message;
      return;
    }
    this.wrongPositions = reply.value.wrongPositions;
    if (!reply.value.confirmed) {
      const list = reply.value.wrongPositions.join(', ');
      this.error = `Word ${list} ${reply.value.wrongPositions.length === 1 ? 'does' : 'do'} not match the recovery phrase. Check what you wrote down, or go back to see the words again.`;
      return;
    }
    this.error = null;
    this.step = 'protect';
  }

  /** The phrase step: every word in the list, a valid count and the checksum, before the password. */
  restoreWordsEntered(): void {
    const problem = checkPhrase(this.phrase).problem;
    if (problem !== null) {
      this.error = problem;
      return;
    }
    this.error = null;
    this.step = 'protect';
  }

  /** The password step's own check; null when it is fine. */
  passwordProblem(): string | null {
    if (this.protection === 'keychain') return null;
    const problem = newPasswordProblem(this.password);
    if (problem !== null) return problem;
    if (this.password !== this.passwordAgain) return 'The two passwords are not the same.';
    return null;
  }

  private protectionParams(): NewProtectionParams {
    return this.protection === 'keychain'
      ? { mode: 'keychain' }
      : { mode: 'password', password: this.password };
  }

  async finish(): Promise<void> {
    const problem = this.passwordProblem();
    if (problem !== null) {
      this.error = problem;
      return;
    }
    this.error = null;
    if (this.mode === 'create') {
      const draft = this.draft;
      if (!draft) return;
      this.busy = true;
      const reply = await this.api.wallet.confirmBackup({
        draftId: draft.draftId,
        answers: draft.askPositions.map((position) => ({
          position,
          word: this.answers[position] ?? '',
        })),
        protection: this.protectionParams(),
      });
      this.busy = false;
      if (!reply.ok) {
        this.error = reply.error.message;
        return;
      }
      if (reply.value.wallet) {
        this.summary =
          'Your wallet is ready. Its recovery phrase is the only backup: keep it safe.';
        this.done(reply.value.wallet);
      }
      return;
    }
    this.busy = true;
    this.step = 'restoring';
    this.progress = null;
    const reply = await this.api.wallet.restoreFromMnemonic({
      mnemonic: this.phrase,
      ...(this.passphrase === '' ? {} : { passphrase: this.passphrase }),
      protection: this.protectionParams(),
    });
    this.busy = false;
    if (!reply.ok) {
      this.error = reply.error.message;
      this.step = 'restore-words';
      return;
    }
    const found = reply.value.discovery;
    this.summary = found
      ? `Restored. Checked ${found.addressesChecked} addresses, ${found.usedAddresses} used, ${found.unitsVerified} ${found.unitsVerified === 1 ? 'unit' : 'units'} verified.`
      : 'Restored.';
    this.problem = reply.value.problem;
    this.done(reply.value.wallet);
  }

  private done(wallet: WalletStatus): void {
    this.clearSecrets();
    this.step = 'done';
    this.onWallet(wallet);
  }

  back(): void {
    this.error = null;
    if (this.step === 'confirm-words') this.step = 'show-words';
    else if (this.step === 'protect') {
      this.step = this.mode === 'create' ? 'confirm-words' : 'restore-words';
    } else this.close();
  }

  /** Leaves the flow: nothing of the phrase stays in the page. */
  close(): void {
    this.clearSecrets();
    this.step = 'choose';
    this.error = null;
  }

  private clearSecrets(): void {
    this.draft = null;
    this.answers = {};
    this.wrongPositions = [];
    this.phrase = '';
    this.passphrase = '';
    this.password = '';
    this.passwordAgain = '';
  }
}
