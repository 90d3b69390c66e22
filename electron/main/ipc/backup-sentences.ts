/**
 * The backup service's refusals (services/backup/errors.ts) in the words of the person at the
 * keyboard: the dispatcher sends them to the page and the command line prints them.
 */
import type { BackupErrorFacts } from '../services/backup/errors';

/** The sentence for a refusal of the backup service. */
export function backupSentence(facts: BackupErrorFacts): string {
  switch (facts.kind) {
    case 'format':
      return facts.problem;
    case 'weak-password':
      return facts.problem.replace(/a wallet password/gi, 'a backup password');
    case 'target-is-folder':
      return `The path ${facts.path} is a folder: give a file name for the backup.`;
    case 'not-a-file':
      return `The path ${facts.path} is not a file.`;
    case 'no-file':
      return `There is no file ${facts.path}.`;
    case 'unreadable':
      return `The file ${facts.path} could not be read: ${facts.problem}. Check the file and choose it again.`;
    case 'too-large':
      return 'This file is not an Obyte Light backup: it is far too large to be one. Nothing was changed.';
    case 'missing-section':
      return `This backup has no ${facts.section} section, so it cannot bring the wallet back. Nothing was changed.`;
    case 'section-refused':
      return `This backup cannot be imported: ${facts.problem}. Nothing was changed.`;
    case 'wallet-exists':
      return `There is already a wallet on ${facts.network} in this data folder. Nothing was changed. A backup is imported into a fresh install (or a new data folder: --data-dir on the command line).`;
  }
}
