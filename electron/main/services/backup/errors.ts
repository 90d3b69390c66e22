/**
 * Why the backup service refused an export or an import, as facts, not words: the IPC edge
 * (ipc/backup-sentences.ts) words them for the page and the command line; `message` is for the
 * log. `problem` is the words of what was checked underneath (the backup format's, a section's,
 * the password rule's or the file system's), already a sentence or a phrase of one. Facts never
 * hold a password.
 */
import type { Network } from '../../../../shared/protocol/wire';

export type BackupErrorFacts =
  /** The file is not a backup this app can read (the format's words). */
  | { readonly kind: 'format'; readonly problem: string }
  /** The backup password breaks the password rule (its words, said of a wallet password). */
  | { readonly kind: 'weak-password'; readonly problem: string }
  | { readonly kind: 'target-is-folder'; readonly path: string }
  | { readonly kind: 'not-a-file'; readonly path: string }
  | { readonly kind: 'no-file'; readonly path: string }
  /** The file could not be read: `problem` names the file system's reason in words. */
  | { readonly kind: 'unreadable'; readonly path: string; readonly problem: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'missing-section'; readonly section: string }
  /** A section, or the sections together, refused what the backup holds. */
  | { readonly kind: 'section-refused'; readonly problem: string }
  | { readonly kind: 'wallet-exists'; readonly network: Network };

export type BackupErrorKind = BackupErrorFacts['kind'];

export class BackupError extends Error {
  readonly facts: BackupErrorFacts;
  constructor(facts: BackupErrorFacts) {
    const { kind, ...rest } = facts;
    // The password rule's words name no password, but the log needs only the kind for them.
    super(`backup refused: ${kind} ${kind === 'weak-password' ? '' : JSON.stringify(rest)}`);
    this.name = 'BackupError';
    this.facts = facts;
  }
}
