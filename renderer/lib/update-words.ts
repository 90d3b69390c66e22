/** The update check in words, as the Settings screen says it. */
import type { UpdateCheckResult } from '../../shared/ipc/update-schemas';

/** The result of a check in words: what the Settings screen says. */
export function checkWords(check: UpdateCheckResult): string {
  switch (check.outcome) {
    case 'latest':
      return `You have the latest version (${check.version}).`;
    case 'available':
      return `Version ${check.version} is available.`;
    case 'failed':
      return `The check failed: ${check.problem}`;
  }
}

/** "Checked on 1 Jan 2025 at 12:00": a check is kept for the app's run, which may span days. */
export function checkedAtWords(at: number): string {
  const when = new Date(at);
  const day = when.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `Checked on ${day} at ${time}.`;
}
